"""SARIF 2.1.0 output validated against the official schema (vendored in
tests/cli/schemas/, see its LICENSE file), plus what the schema cannot say:
levels of non-failures, relative percent-encoded URIs, a run for spec errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = Draft4Validator(SCHEMA)


def sarif(*args, code: int | None = None) -> dict:
    result = CliRunner().invoke(app, [str(a) for a in args])
    if code is not None:
        assert result.exit_code == code, result.output
    log = json.loads(result.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


@pytest.mark.parametrize(("args", "code"), [
    (["check", EXAMPLES / "covc_bug.vcspec", "--const", "K=2"], 1),
    (["check", EXAMPLES / "covc.vcspec", "--const", "K=2"], 0),
    (["check", EXAMPLES / "covc.vcspec", "--max-states", "50"], 4),
    (["check", EXAMPLES / "dining_philosophers.vcspec", "--engine", "bmc", "--depth", "3"], None),
    (["simulate", EXAMPLES / "covc_bug.vcspec", "--runs", "5"], None),
    (["check", ROOT / "tests" / "golden" / "cases" / "diag_VCS201.vcspec"], 3),
    (["lint", EXAMPLES / "covc.vcspec", ROOT / "tests" / "golden" / "cases" /
      "diag_VCS401.vcspec"], 0),
    (["lint", ROOT / "tests" / "golden" / "cases" / "diag_VCS401.vcspec",
      ROOT / "tests" / "golden" / "cases" / "diag_VCS201.vcspec"], 3),
])
def test_output_is_valid_sarif(args, code):
    fmt = ["--format", "sarif"]
    log = sarif(*args, *fmt, code=code)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://") and "invalid" not in \
        driver["informationUri"]


def test_open_results_have_level_none():
    log = sarif("check", EXAMPLES / "covc.vcspec", "--max-states", "50", "--format", "sarif",
                code=4)
    results = log["runs"][0]["results"]
    assert {r["kind"] for r in results} == {"open"}
    assert {r["level"] for r in results} == {"none"}


def test_uris_are_relative_and_percent_encoded(tmp_path, monkeypatch):
    folder = tmp_path / "my specs"
    folder.mkdir()
    spec = folder / "a b#1.vcspec"
    shutil.copy(EXAMPLES / "covc_bug.vcspec", spec)
    shutil.copy(EXAMPLES / "covc.vcspec", folder)
    monkeypatch.chdir(tmp_path)
    log = sarif("check", spec, "--const", "K=2", "--format", "sarif", code=1)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    failing = [r for r in run["results"] if r["level"] == "error"][0]
    artifact = failing["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "my%20specs/a%20b%231.vcspec", "uriBaseId": "%SRCROOT%"}


def test_a_file_outside_the_root_gets_an_absolute_file_uri(tmp_path, monkeypatch):
    spec = tmp_path / "x.vcspec"
    shutil.copy(EXAMPLES / "covc_bug.vcspec", spec)
    shutil.copy(EXAMPLES / "covc.vcspec", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    log = sarif("check", spec, "--const", "K=2", "--format", "sarif", code=1)
    failing = [r for r in log["runs"][0]["results"] if r["level"] == "error"][0]
    artifact = failing["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": spec.as_uri()}


def test_spec_errors_are_a_run_with_the_diagnostics():
    log = sarif("check", ROOT / "tests" / "golden" / "cases" / "diag_VCS201.vcspec",
                "--format", "sarif", code=3)
    run = log["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [("VCS201", "error")]
    assert run["invocations"] == [{"executionSuccessful": False, "exitCode": 3}]


def test_lint_json_lists_the_diagnostics():
    result = CliRunner().invoke(app, ["lint", str(ROOT / "tests" / "golden" / "cases" /
                                                  "diag_VCS201.vcspec"), "--format", "json"])
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (1, 0)
    assert [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]] == [
        ("VCS201", 5, 42)]


def test_a_client_violation_is_at_the_clients_action(tmp_path, monkeypatch):
    """The property is the library's; the result points at the user's action
    that broke it, the library's files by absolute URI (not under %SRCROOT%)."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["init", "client", "my"]).exit_code == 0
    spec = Path("my/client.vcspec")
    spec.write_text(spec.read_text().replace("IncomingClose and Ndis.sends[v] == 0 and",
                                             "IncomingClose and"))
    log = sarif("check", spec, "--const", "NVC=1", "--safety-only", "--format", "sarif",
                code=1)
    run = log["runs"][0]
    (failed,) = [r for r in run["results"] if r["level"] == "error"]
    assert failed["ruleId"] == "NoCloseWithSendsOutstanding"
    (where,) = failed["locations"]
    assert where["physicalLocation"]["artifactLocation"] == {"uri": "my/client.vcspec",
                                                             "uriBaseId": "%SRCROOT%"}
    line = spec.read_text().splitlines()[where["physicalLocation"]["region"]["startLine"] - 1]
    assert "action NdisClCloseCall(" in line
    (declared,) = failed["relatedLocations"]
    uri = declared["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/condis/environment.vcspec")
    library = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               for r in run["results"] if r["level"] == "none" and "locations" in r}
    assert library
    assert all(u.startswith("file:///") for u in library)

"""`vcspec check` / `vcspec simulate`: exit codes, formats, --out files."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from vcspec.cli import app

runner = CliRunner()
COVC = str(ROOT / "specs" / "examples" / "covc.vcspec")
COVC_BUG = str(ROOT / "specs" / "examples" / "covc_bug.vcspec")


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_exit_0_when_every_property_holds():
    result = invoke("check", COVC, "--const", "K=2")
    assert result.exit_code == 0, result.output
    assert "HOLDS" in result.stdout and "289 distinct states" in result.stdout


def test_exit_1_on_a_violation_with_trace_and_reproduce_line():
    result = invoke("check", COVC_BUG, "--const", "K=2")
    assert result.exit_code == 1
    out = result.stdout
    assert "VIOLATED" in out and "Vc.DeleteVc(0)" in out
    assert f"reproduce: vcspec check {COVC_BUG} --const K=2 --property Vc0NeverDeleted" in out


@pytest.mark.parametrize("args", [
    ["--property", "Nope"], ["--max-memory", "lots"], ["--engine", "quantum"],
    ["--const", "K"],
])
def test_exit_2_on_usage_errors(args):
    result = invoke("check", COVC, *args)
    assert result.exit_code == 2, result.output


def test_exit_2_on_a_missing_file():
    assert invoke("check", "no/such.vcspec").exit_code == 2


def test_exit_3_on_spec_errors(tmp_path):
    bad = tmp_path / "bad.vcspec"
    bad.write_text("process P { var x : 0..2 = y }\n")
    result = invoke("check", str(bad))
    assert result.exit_code == 3
    assert "VCS201" in result.stderr


def test_exit_4_when_a_limit_stops_the_search():
    result = invoke("check", COVC, "--max-states", "100", "--format", "json")
    assert result.exit_code == 4
    report = json.loads(result.stdout)
    assert report["stats"]["complete"] is False
    assert report["stats"]["stop_reason"] == "max-states"
    assert {p["verdict"] for p in report["properties"]} == {"BOUNDED"}


def test_json_report_has_the_stable_keys():
    result = invoke("check", COVC_BUG, "--const", "K=2", "--format", "json")
    report = json.loads(result.stdout)
    assert {"spec", "engine", "consts", "stats", "properties"} <= set(report)
    assert {"initial_states", "distinct_states", "transitions", "depth", "seconds",
            "states_per_second", "peak_memory_bytes"} <= set(report["stats"])
    assert report["consts"] == {"K": 2}
    assert report["engine"] == "explicit"
    for prop in report["properties"]:
        assert {"name", "kind", "verdict", "rules", "trace_length", "message"} <= set(prop)
    bug = next(p for p in report["properties"] if p["name"] == "Vc0NeverDeleted")
    assert bug["verdict"] == "VIOLATED" and bug["trace_length"] == 4
    assert [s["call"] for s in bug["trace"]["steps"]] == [
        "(initial state)", "Vc.CmCreate(0)", "Vc.Activate(0)", "Vc.CloseCall(0)",
        "Vc.DeleteVc(0)"]


def test_sarif_output_has_a_code_flow_for_the_violation():
    result = invoke("check", COVC_BUG, "--const", "K=2", "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    failing = [r for r in run["results"] if r["level"] == "error"]
    assert [r["ruleId"] for r in failing] == ["Vc0NeverDeleted"]
    flow = failing[0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert len(flow) == 5
    region = flow[1]["location"]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert run["invocations"][0]["exitCode"] == 1


def test_out_writes_the_report_and_itf_traces(tmp_path):
    result = invoke("check", str(ROOT / "specs" / "examples" / "two_phase_commit.vcspec"),
                    "--out", str(tmp_path), "--property", "Consistent", "--format", "json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "report.json").read_text())["properties"][0]["name"] == \
        "Consistent"
    result = invoke("check", COVC_BUG, "--const", "K=2", "--out", str(tmp_path))
    itf = json.loads((tmp_path / "Vc0NeverDeleted.itf.json").read_text())
    assert itf["#meta"]["property"] == "Vc0NeverDeleted"
    assert itf["#meta"]["spec"] == COVC_BUG
    assert itf["vars"] == ["Vc.st", "Vc.owner", "Vc.pend"]
    assert [s["#meta"]["mbt::actionTaken"] for s in itf["states"]] == [
        "init", "Vc.CmCreate", "Vc.Activate", "Vc.CloseCall", "Vc.DeleteVc"]
    assert itf["states"][1]["Vc.st"] == {"#map": [[{"#bigint": "0"}, "Created"],
                                                  [{"#bigint": "1"}, "Idle"]]}
    assert "loop" not in itf


def test_simulate_finds_and_shortens_a_violation():
    result = invoke("simulate", COVC_BUG, "--const", "K=2", "--seed", "7", "--runs", "20",
                    "--steps", "200", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    bug = next(p for p in report["properties"] if p["name"] == "Vc0NeverDeleted")
    assert bug["verdict"] == "VIOLATED" and bug["trace_length"] == 4
    assert report["engine"] == "simulate"
    holds = [p for p in report["properties"] if p["name"] != "Vc0NeverDeleted"]
    assert {p["verdict"] for p in holds} == {"UNKNOWN"}
    again = json.loads(invoke("simulate", COVC_BUG, "--const", "K=2", "--seed", "7", "--runs",
                              "20", "--steps", "200", "--format", "json").stdout)
    assert again["properties"] == report["properties"]


def test_depth_is_for_symbolic_engines_only():
    assert invoke("check", COVC, "--depth", "3").exit_code == 2


def test_check_dispatches_symbolic_engines():
    pytest.importorskip("vcspec.symbolic.api")
    result = invoke("check", COVC_BUG, "--const", "K=2", "--engine", "bmc", "--depth", "5",
                    "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["engine"] == "bmc"
    bug = next(p for p in report["properties"] if p["name"] == "Vc0NeverDeleted")
    assert bug["verdict"] == "VIOLATED" and bug["trace_length"] == 4

"""Files the CLI writes: --out keeps no stale trace of the same spec, a bad
--certificate or trace --out path is a message (the verdicts stand)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
COVC = ROOT / "specs" / "examples" / "covc.vcspec"
COVC_BUG = ROOT / "specs" / "examples" / "covc_bug.vcspec"

DEADLOCKS = """spec Stuck
process P {
  var x: 0..2 = 0
  action Step when x < 2 { x := x + 1 }
}
"""


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_second_out_run_removes_the_first_runs_traces(tmp_path):
    spec = tmp_path / "stuck.vcspec"
    spec.write_text(DEADLOCKS)
    out = tmp_path / "out"
    other = out / "Other.itf.json"
    assert invoke("check", spec, "--out", out).exit_code == 1
    assert (out / "deadlock.itf.json").is_file()
    out.mkdir(exist_ok=True)
    other.write_text(json.dumps({"#meta": {"source": "elsewhere.vcspec"}, "states": []}))
    spec.write_text(DEADLOCKS.replace("action Step when x < 2 { x := x + 1 }",
                                      "action Step { x := (x + 1) % 3 }"))
    result = invoke("check", spec, "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Other.itf.json", "report.json"]


def test_a_certificate_that_cannot_be_written_keeps_the_verdicts(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = invoke("check", COVC, "--const", "K=2", "--engine", "pdr", "--format", "json",
                    "--certificate", blocker / "cert.smt2")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {p["verdict"] for p in report["properties"] if p["kind"] != "temporal"} == {"HOLDS"}
    assert any(w.startswith("cannot write the certificate") for w in report["warnings"])


def test_trace_text_to_a_missing_directory_is_a_usage_error(tmp_path):
    out = tmp_path / "out"
    assert invoke("check", COVC_BUG, "--const", "K=2", "--out", out).exit_code == 1
    trace = next(out.glob("*.itf.json"))
    result = invoke("trace", trace, "--format", "text", "--out", tmp_path / "no" / "x.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("vcspec: error: cannot write")


LASSO = ROOT / "tests" / "golden" / "cases" / "check_lasso.vcspec"


def test_a_violated_check_writes_its_traces_and_prints_the_chart_command(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    spec = work / "stuck.vcspec"
    spec.write_text(DEADLOCKS)
    monkeypatch.chdir(work)
    result = invoke("check", "stuck.vcspec")
    assert result.exit_code == 1, result.output
    trace = Path("vcspec-out") / "deadlock.itf.json"
    assert trace.is_file()
    assert not (Path("vcspec-out") / "report.json").exists()  # the report only with --out
    assert ("chart: vcspec trace vcspec-out/deadlock.itf.json --chart --out "
            "vcspec-out/deadlock.svg") in result.stdout
    meta = json.loads(trace.read_text())["#meta"]
    assert meta["source"] == "../stuck.vcspec"  # relative to the ITF file
    monkeypatch.chdir(tmp_path)  # elsewhere: the trace still finds its spec
    shown = invoke("trace", work / trace, "--format", "text")
    assert shown.exit_code == 0, shown.output
    assert "spec was not found" not in shown.output
    assert "step 2: P.Step()" in shown.stdout


def test_a_clean_check_writes_nothing(tmp_path, monkeypatch):
    (tmp_path / "ok.vcspec").write_text(DEADLOCKS.replace(
        "action Step when x < 2 { x := x + 1 }", "action Step { x := (x + 1) % 3 }"))
    monkeypatch.chdir(tmp_path)
    assert invoke("check", "ok.vcspec").exit_code == 0
    assert not Path("vcspec-out").exists()


def test_the_loop_of_a_lasso_is_numbered_alike_in_the_report_and_the_trace_table(tmp_path):
    out = tmp_path / "out"
    report = invoke("check", LASSO, "--out", out)
    assert report.exit_code == 1, report.output
    rows = [line for line in report.stdout.splitlines() if "(loop starts)" in line
            or "(back to step" in line]
    assert [r.split()[0] for r in rows] == ["1", "3"]
    assert "(back to step 1)" in rows[1]
    table = invoke("trace", out / "PoliteEats.itf.json", "--format", "text")
    assert table.exit_code == 0, table.output
    marked = [line for line in table.stdout.splitlines() if line.endswith(("starts)", "1)"))
              and line.startswith("step ")]
    assert marked == ["step 1: Polite.Hunger()  (loop starts)",
                      "step 3: Greedy.Put()  (back to step 1)"]


LONG = "a" * 300 + ".vcspec"  # longer than a file name may be (ENAMETOOLONG, not ENOENT)


def test_a_file_name_too_long_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["lint"], ["simulate"], ["graph"], ["fmt"], ["trace"]):
        result = invoke(*command, LONG)
        assert result.exit_code == 2, (command, result.output)
        assert "no such file" in result.output


def test_an_import_too_long_is_a_diagnostic(tmp_path):
    spec = tmp_path / "main.vcspec"
    spec.write_text(f'spec Main\nimport "{LONG}"\n' + DEADLOCKS.split("\n", 1)[1])
    result = invoke("lint", spec)
    assert result.exit_code == 3
    assert "VCS203" in result.output and "File name too long" in result.output

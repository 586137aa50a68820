"""The text report for people and for CI: no wrapping off a terminal, a final
summary line, violations first, -q, --safety-only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
LASSO = ROOT / "tests" / "golden" / "cases" / "check_lasso.vcspec"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_the_last_line_sums_up_and_violations_come_first():
    result = invoke("check", EXAMPLES / "covc_bug.vcspec", "--const", "K=2")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "4 properties: 3 hold, 1 violated: Vc0NeverDeleted"
    table = lines[lines.index(next(x for x in lines if x.startswith("property"))) + 2:][:4]
    assert [row.split()[0] for row in table] == ["Vc0NeverDeleted", "NoDataOnDeadVc",
                                                 "deadlock", "runtime"]


def test_no_line_is_wrapped_off_a_terminal():
    result = invoke("check", LASSO)
    row = next(x for x in result.stdout.splitlines() if x.startswith("PoliteEats"))
    assert row.rstrip().endswith("fair loop from step 1 to step 3 (trace: 3 steps)")


def test_quiet_prints_only_the_summary():
    result = invoke("check", EXAMPLES / "covc.vcspec", "--max-states", "100", "-q")
    assert result.exit_code == 4
    assert result.stdout == ("3 properties: 3 bounded: NoDataOnDeadVc, deadlock, runtime "
                             "(search stopped: max-states)\n")
    assert result.stderr == ""


def test_safety_only_leaves_out_the_temporal_properties():
    result = invoke("check", EXAMPLES / "readers_writers.vcspec", "--safety-only",
                    "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [p["name"] for p in report["properties"]] == [
        "Exclusion", "LockMatches", "QueueMatches", "deadlock", "runtime"]
    assert report["command"][-1] == "--safety-only"
    assert "--property" not in report["command"]


def test_safety_only_refuses_a_temporal_property():
    result = invoke("check", EXAMPLES / "readers_writers.vcspec", "--safety-only",
                    "--property", "NoStarvation")
    assert result.exit_code == 2
    assert "NoStarvation" in result.stderr

"""`vcspec check --engine bmc|kind|pdr`: exit codes, the JSON report's shape,
the certificate file; z3 stays out of the explicit-only import path."""

from __future__ import annotations

import json
import subprocess
import sys

from symhelp import ROOT
from typer.testing import CliRunner

from vcspec.cli import app

COVC = str(ROOT / "specs" / "examples" / "covc.vcspec")
BUG = str(ROOT / "specs" / "examples" / "covc_bug.vcspec")


def run(*args: str):
    return CliRunner().invoke(app, ["check", *args])


def test_pdr_json_and_certificate(tmp_path):
    cert = tmp_path / "out.smt2"
    result = run(COVC, "--const", "K=2", "--engine", "pdr", "--certificate", str(cert),
                 "--format", "json", "--no-progress")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["engine"] == "pdr"
    assert set(report["stats"]) >= {"depth", "seconds", "complete"}
    assert [p["verdict"] for p in report["properties"]] == ["HOLDS"] * 3
    from vcspec.symbolic.certificate import recheck

    assert recheck(cert.read_text()).ok


def test_flagship_pdr_certificate(tmp_path):
    """The flagship as configured (2 VCs), its safety properties: every one
    proved, the certificate written (into a new directory) and re-checkable.
    (Its temporal properties: bench/symbolic_scaling.py measures them.)"""
    from symhelp import load

    from vcspec.symbolic.certificate import recheck

    model = load("specs/condis/condis.vcspec")
    safety = [p.name for p in model.properties if p.kind != "temporal"]
    cert = tmp_path / "new" / "out.smt2"
    picks = [a for name in safety for a in ("--property", name)]
    result = run(str(ROOT / "specs" / "condis" / "condis.vcspec"), "--engine", "pdr",
                 "--certificate", str(cert), "--format", "json", "--no-progress", *picks)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stats"]["solver_seconds"] > 0
    kinds = {p["name"]: (p["kind"], p["verdict"]) for p in report["properties"]}
    assert {n for n, (k, _) in kinds.items() if k != "temporal"} >= set(safety)
    assert {v for k, v in kinds.values()} == {"HOLDS"}
    assert report["notes"][-1].startswith(f"certificate written to {cert}")
    assert recheck(cert.read_text()).ok


def test_certificate_needs_pdr():
    result = run(COVC, "--engine", "bmc", "--certificate", "x.smt2")
    assert result.exit_code == 2
    assert "--certificate applies to --engine pdr" in result.output


def test_bmc_violation_exit_code():
    result = run(BUG, "--const", "K=2", "--engine", "bmc", "--depth", "5", "--format", "json",
                 "--no-progress")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    verdicts = {p["name"]: (p["verdict"], p["trace_length"]) for p in report["properties"]}
    assert verdicts["Vc0NeverDeleted"] == ("VIOLATED", 4)
    assert verdicts["NoDataOnDeadVc"] == ("BOUNDED", None)
    assert report["stats"]["depth"] == 5


def test_kind_inconclusive_exit_code():
    result = run(COVC, "--const", "K=2", "--engine", "kind", "--depth", "3", "--no-progress")
    assert result.exit_code == 4  # deadlock freedom is not 3-inductive: BOUNDED
    assert "counterexample to induction" in result.stdout


def test_z3_is_imported_lazily():
    code = ("import sys, vcspec.cli, vcspec.cli.check, vcspec.api, vcspec.symbolic.api; "
            "print('z3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"

"""Swarm search (vcspec/explicit/swarm.py, --swarm N): randomized bounded
depth-first searches find a seeded bug, their trace replays on the reference
semantics, the report does not depend on the number of worker processes,
and a swarm never says HOLDS."""

from __future__ import annotations

from conftest import ROOT
from test_checkpoint import timeless

from vcspec.api import swarm
from vcspec.engine.result import Verdict
from vcspec.model import load
from vcspec.report.json_report import report_dict

EXAMPLES = ROOT / "specs" / "examples"


def covc(name: str, k: int):
    return load(EXAMPLES / f"{name}.vcspec", {"K": str(k)})


def test_swarm_finds_the_seeded_bug_and_its_trace_replays():
    report = swarm(covc("covc_bug", 3), searches=4, depth=60, budget=5_000)
    found = report.find("Vc0NeverDeleted")
    assert found.verdict is Verdict.VIOLATED  # VIOLATED only after the replay
    assert found.trace is not None and found.trace.steps


def test_swarm_report_is_the_same_on_two_workers():
    model = covc("covc_bug", 3)
    alone = timeless(report_dict(swarm(model, searches=4, depth=60, budget=5_000)))
    assert timeless(report_dict(swarm(model, searches=4, depth=60, budget=5_000,
                                      workers=2))) == alone


def test_swarm_never_holds():
    report = swarm(covc("covc", 3), searches=3, depth=30, budget=500, workers=2)
    assert {p.verdict for p in report.properties} == {Verdict.UNKNOWN}
    assert "not exhaustive" in report.find("NoDataOnDeadVc").message
    assert 0 < report.stats.distinct_states <= 3 * 500
    assert not report.stats.complete


def test_command_line_swarm_and_its_usage(tmp_path):
    import subprocess
    import sys

    spec = str(EXAMPLES / "covc_bug.vcspec")
    run = subprocess.run([sys.executable, "-m", "vcspec", "check", spec, "--const", "K=3",
                          "--swarm", "2", "--depth", "40", "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    assert '"VIOLATED"' in run.stdout and '"HOLDS"' not in run.stdout
    bad = subprocess.run([sys.executable, "-m", "vcspec", "check", spec, "--swarm", "0"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2

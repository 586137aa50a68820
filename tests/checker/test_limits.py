"""Limits and interrupts stop cleanly with partial results: BOUNDED/UNKNOWN,
never HOLDS; progress goes through the reporter."""

from __future__ import annotations

from conftest import ROOT

import vcspec.explicit.bfs as bfs
from vcspec.api import check
from vcspec.engine.progress import RecordingReporter
from vcspec.engine.result import Verdict
from vcspec.model import load

COVC = ROOT / "specs" / "examples" / "covc.vcspec"


def test_max_states_gives_bounded_verdicts():
    report = check(load(COVC), max_states=1000)
    s = report.stats
    assert not s.complete and s.stop_reason == "max-states"
    assert 1000 <= s.distinct_states <= 1000 + 32
    assert {p.verdict for p in report.properties} == {Verdict.BOUNDED}
    assert "max-states" in report.properties[0].message
    assert report.exit_code == 4


def test_max_seconds():
    report = check(load(COVC), max_seconds=0.0)
    assert report.stats.stop_reason == "max-seconds"
    assert Verdict.HOLDS not in {p.verdict for p in report.properties}


def test_max_memory():
    report = check(load(COVC), max_memory=1)
    assert report.stats.stop_reason == "max-memory"


def test_progress_is_reported_and_ctrl_c_stops_cleanly(monkeypatch):
    monkeypatch.setattr(bfs, "PROGRESS_EVERY", 0.0)

    class Interrupting(RecordingReporter):
        def progress(self, progress):
            super().progress(progress)
            if len(self.updates) == 3:
                raise KeyboardInterrupt

    reporter = Interrupting()
    report = check(load(COVC), reporter=reporter)
    assert report.stats.stop_reason == "interrupted"
    assert {p.verdict for p in report.properties} == {Verdict.BOUNDED}
    first = reporter.updates[0]
    assert first.phase == "explore" and first.distinct > 0 and first.depth >= 1

"""Limits and interrupts stop cleanly with partial results: BOUNDED/UNKNOWN,
never HOLDS; progress goes through the reporter."""

from __future__ import annotations

from conftest import ROOT

import vcspec.explicit.bfs as bfs
from vcspec.api import check
from vcspec.compile.build import build
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



def test_a_batch_is_bounded_by_states_times_instances(monkeypatch):
    """Limits are checked between batches; a batch expands at most WORK
    candidates (states x action instances), so many instances mean small batches."""
    monkeypatch.setattr(bfs, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(bfs, "WORK", 2000)
    model = load(COVC)
    per_batch = 2000 // len(build(model).instances)
    reporter = RecordingReporter()
    report = check(model, reporter=reporter)
    expanded = [u.states for u in reporter.updates if u.phase == "explore"]
    steps = [b - a for a, b in zip(expanded, expanded[1:])]
    assert 1 < per_batch < bfs.BATCH and max(steps) == per_batch
    assert report.stats.complete and report.stats.distinct_states == 17 ** 4

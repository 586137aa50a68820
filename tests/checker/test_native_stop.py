"""The native backend's batch in C stops within one state when the watchdog
asks (a limit or Ctrl-C: vcspec/engine/watchdog.py calls the expander's stop
hook from its thread); what was expanded before the stop is the Python
reference's prefix (same states, same parents)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from vcspec.compile.build import build
from vcspec.engine import watchdog
from vcspec.engine.limits import Limits
from vcspec.explicit.bfs import Search, Selection
from vcspec.model import load
from vcspec.native.expander import NativeExpander

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None,
                                reason="no C compiler")


def selection(ts) -> Selection:
    return Selection(tuple(range(len(ts.state_checks))), tuple(range(len(ts.step_checks))),
                     True)


def test_a_stop_ends_the_native_batch_after_the_state_being_expanded():
    """alternating_bit has instances called back from C: the 15th call asks
    for a stop, as the watchdog's thread would; C returns after that state."""
    ts = build(load(ROOT / "specs" / "examples" / "alternating_bit.vcspec"))
    reference = Search(ts, selection(ts), Limits()).run()
    expander = NativeExpander(ts, False)
    k = expander.called_back[0]
    step, seen = ts.steps[k], []

    def stopping(s, viol):
        seen.append(s)
        if len(seen) == 15:
            watchdog.request_stop(watchdog.TIME)
        return step(s, viol)

    expander.steps = list(ts.steps)
    expander.steps[k] = stopping
    try:
        fast = Search(ts, selection(ts), Limits(), expander=expander).run()
    finally:
        watchdog.reset()
    assert len(seen) == 15  # nothing was expanded after the stop
    assert fast.stop_reason == "max-seconds"
    assert fast.expanded == reference.states.index(seen[-1]) + 1
    assert fast.expanded not in reference.level_ends  # inside a batch (a batch ends a level)
    n = len(fast.states)
    assert fast.states == reference.states[:n]
    assert fast.parents == reference.parents[:n]


def test_a_stop_before_a_batch_expands_nothing():
    ts = build(load(ROOT / "specs" / "examples" / "covc.vcspec", {"K": "2"}))
    expander = NativeExpander(ts, False)
    expander.start(list(ts.initial))
    try:
        watchdog.request_stop(watchdog.INTERRUPTED)  # the hook registered at creation runs
        batch = expander.expand(0, len(ts.initial))
    finally:
        watchdog.reset()
    assert batch.end == 0 and batch.states == [] and batch.dead == []

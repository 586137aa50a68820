"""Traces: decoded steps, replay on the reference semantics, ITF for lassos."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ROOT, spec

from vcspec.api import check
from vcspec.engine.trace import Replayer, ReplayError
from vcspec.model import load
from vcspec.report import itf


def covc_bug_trace():
    report = check(load(ROOT / "specs" / "examples" / "covc_bug.vcspec", {"K": "2"}))
    return report, report.find("Vc0NeverDeleted").trace


def test_steps_carry_the_call_the_full_state_and_the_changes():
    _, trace = covc_bug_trace()
    first, second = trace.steps[0], trace.steps[1]
    assert first.action is None and first.changed == ()
    assert second.action == "Vc.CmCreate" and second.args == (("i", 0),)
    assert second.state == {"Vc.st": ("Created", "Idle"), "Vc.owner": ("CM", "NoOwner"),
                            "Vc.pend": (0, 0)}
    assert second.changed == ("Vc.st", "Vc.owner")


def test_replay_rejects_a_tampered_trace():
    report, trace = covc_bug_trace()
    model = load(ROOT / "specs" / "examples" / "covc_bug.vcspec", {"K": "2"})
    replayer = Replayer(model)
    replayer.replay(trace)
    steps = list(trace.steps)
    steps[2] = dataclasses.replace(steps[2], state={**steps[2].state, "Vc.pend": (1, 0)})
    with pytest.raises(ReplayError):
        replayer.replay(dataclasses.replace(trace, steps=steps))
    skipped = dataclasses.replace(trace, steps=[trace.steps[0]] + trace.steps[2:])
    with pytest.raises(ReplayError):
        replayer.replay(skipped)


def test_itf_of_a_lasso_marks_the_loop():
    model = spec("""
    process P { var x: 0..1 = 0  action Flip { x := 1 - x } }
    temporal Stops: eventually always P.x == 0
    """)
    report = check(model)
    prop = report.find("Stops")
    data = itf.trace_itf(report, prop)
    assert prop.trace.loop_start is not None
    assert data["loop"] == prop.trace.loop_start
    assert len(data["states"]) == len(prop.trace.steps) - 1
    assert data["#meta"]["loopBack"] == prop.trace.steps[-1].label

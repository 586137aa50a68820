"""`semantics stuttering` (TLA+) against `semantics progress` (the default) in
the explicit liveness checker: a run may stutter forever where no fair action
is enabled, and a step that changes nothing neither takes nor enables a
fairness group. Counterexamples are replayed on the reference semantics
(vcspec/engine/verify.py), so a VIOLATED here is a lasso that checks."""

from __future__ import annotations

import pytest
from conftest import spec

from vcspec.api import check

SPEC = """
spec Sem
SEMANTICS
process P {
  var x: 0..1
  action Set when x == 0 { x := 1 }
  action Idle { ; }
}
temporal Reaches: eventually P.x == 1
FAIRNESS
"""


def verdict(semantics: str, fairness: str = "", engine: str = "explicit"):
    text = SPEC.replace("SEMANTICS", semantics).replace("FAIRNESS", fairness)
    report = check(spec(text), properties=["Reaches"])
    return report.find("Reaches")


def test_default_is_progress():
    assert spec(SPEC.replace("SEMANTICS", "").replace("FAIRNESS", "")).semantics == "progress"


def test_without_fairness_both_fail_but_only_stuttering_stops_at_once():
    progress = verdict("semantics progress")
    stuttering = verdict("semantics stuttering")
    assert progress.verdict.name == stuttering.verdict.name == "VIOLATED"
    # progress: the run loops on Idle; stuttering: it stays in the initial state
    assert "; loop from step 0 to step 1" in progress.message  # no fairness: not a "fair loop"
    assert not progress.trace.stutters
    assert stuttering.trace.stutters and stuttering.trace.length == 0
    assert "stutters at step 0 forever" in stuttering.message


def test_a_step_that_changes_nothing_does_not_satisfy_weak_fairness_under_stuttering():
    # progress: looping on Idle is a step of P, so `weak P` holds on that run
    assert verdict("semantics progress", "fairness weak P").verdict.name == "VIOLATED"
    # stuttering: Idle is a stutter; P has Set enabled (a changing step) forever
    assert verdict("semantics stuttering", "fairness weak P").verdict.name == "HOLDS"


def test_eventually_holds_under_progress_without_an_idle_action():
    text = SPEC.replace("  action Idle { ; }\n", "").replace("FAIRNESS", "terminal: true")
    progress = check(spec(text.replace("SEMANTICS", "")), properties=["Reaches"])
    stuttering = check(spec(text.replace("SEMANTICS", "semantics stuttering")),
                       properties=["Reaches"])
    assert progress.find("Reaches").verdict.name == "HOLDS"  # runs never stop while enabled
    assert stuttering.find("Reaches").verdict.name == "VIOLATED"  # TLA+: stuttering is allowed


def test_symbolic_engines_refuse_stuttering_temporal_properties():
    pytest.importorskip("z3")
    from vcspec.symbolic.api import check_symbolic

    text = SPEC.replace("SEMANTICS", "semantics stuttering").replace("FAIRNESS", "")
    found = check_symbolic(spec(text), "bmc", properties=["Reaches"]).find("Reaches")
    assert found.verdict.name == "UNKNOWN"
    assert "explicit engine only" in found.message

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


# ------------------------------------------------------------ fairness over all parameters
ANY = """
spec AnyFair
process P {
  var x: 0..1
  var taken: bool
  action Take(j: 0..1) when x == j and not taken { taken := true }
  action Toggle when not taken { x := 1 - x }
}
temporal Taken: eventually P.taken
terminal: true
FAIR
"""


@pytest.mark.parametrize(("fairness", "expected"), [
    # some Take(j) is enabled in every state: WF(\E j: Take(j)) forces one
    ("fairness weak any P.Take", "HOLDS"),
    # each Take(j) alone is disabled every other step: toggling forever is fair
    ("fairness weak P.Take", "VIOLATED"),
])
def test_fairness_over_all_parameters_or_per_valuation(fairness, expected):
    model = spec(ANY.replace("FAIR", fairness))
    assert check(model).find("Taken").verdict.name == expected
    pytest.importorskip("z3")
    from vcspec.symbolic.api import check_symbolic

    symbolic = check_symbolic(model, "pdr", properties=["Taken"]).find("Taken")
    assert symbolic.verdict.name == expected


def test_any_fairness_is_one_group_and_formats_back():
    from vcspec.compile.build import build
    from vcspec.explicit.fairness import fairness_groups
    from vcspec.model.diagnostics import Diagnostics
    from vcspec.model.format import format_source
    from vcspec.model.parse import parse_source
    from vcspec.model.source import SourceFile

    text = ANY.replace("FAIR", "fairness weak any P.Take, strong any P.Take")
    groups, _ = fairness_groups(build(spec(text)))
    assert [g.description for g in groups] == ["weak any P.Take", "strong any P.Take"]
    tree = parse_source(SourceFile("t.vcspec", text), Diagnostics())
    assert "fairness weak any P.Take, strong any P.Take" in format_source(tree)

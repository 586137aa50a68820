"""Temporal properties under weak and strong fairness; lasso counterexamples."""

from __future__ import annotations

import pytest
from conftest import ROOT, spec

from vcspec.api import check
from vcspec.engine.result import Verdict
from vcspec.model import load

TOGGLE = """
process T { var on: bool = false  action Toggle { on := not on } }
process W { var done: bool = false  action Do when T.on and not done { done := true } }
temporal Done: eventually W.done
"""


@pytest.mark.parametrize("fairness, verdict", [
    ("", Verdict.VIOLATED),
    ("fairness weak T, weak W", Verdict.VIOLATED),  # Do is only enabled now and then
    ("fairness weak T, strong W", Verdict.HOLDS),
    # no stuttering while an action is enabled: T toggles forever, so Do is
    # enabled infinitely often and strong fairness forces it
    ("fairness strong W", Verdict.HOLDS),
])
def test_weak_and_strong_fairness(fairness, verdict):
    prop = check(spec(TOGGLE + fairness)).find("Done")
    assert prop.verdict is verdict


def test_lasso_shows_prefix_loop_and_the_fairness_it_satisfies():
    prop = check(spec(TOGGLE + "fairness weak T, weak W")).find("Done")
    trace = prop.trace
    assert trace.loop_start == 0 and not trace.stutters
    assert [s.label for s in trace.steps] == ["(initial state)", "T.Toggle()", "T.Toggle()"]
    assert trace.steps[-1].state == trace.steps[trace.loop_start].state
    notes = {n.constraint: n.how for n in trace.fairness}
    assert notes == {"weak T.Toggle": "taken at step 1", "weak W.Do": "disabled at step 0"}


def test_a_run_that_ends_stutters_in_its_last_state():
    model = spec("""
    process P { var x: 0..2 = 0  action Step when x < 2 { x := x + 1 } }
    temporal Reaches: eventually P.x == 3
    fairness weak P
    """)
    prop = check(model).find("Reaches")
    assert prop.verdict is Verdict.VIOLATED
    assert prop.trace.stutters and prop.trace.loop_start == 2 and prop.trace.length == 2
    assert "no action enabled" in prop.message


SHAPES = """
process P {
  var x: 0..3 = 0
  action Up when x < 3 { x := x + 1 }
  action Idle when x == 0 { x := 0 }
}
"""


@pytest.mark.parametrize("formula, fairness, verdict", [
    ("eventually P.x == 3", "", Verdict.VIOLATED),  # Idle forever
    ("eventually P.x == 3", "fairness weak P.Up", Verdict.HOLDS),
    ("eventually P.x == 3", "fairness weak P", Verdict.VIOLATED),  # Idle satisfies P's
    ("always eventually P.x == 0", "fairness weak P.Up", Verdict.VIOLATED),  # ends at 3
    ("eventually always P.x == 3", "", Verdict.VIOLATED),
    ("eventually always P.x == 3", "fairness strong P.Up", Verdict.HOLDS),
    ("P.x == 1 leadsto P.x == 3", "", Verdict.HOLDS),
    ("P.x == 0 leadsto P.x == 3", "", Verdict.VIOLATED),
    ("always (P.x == 0 leadsto P.x == 3)", "fairness weak P.Up", Verdict.HOLDS),
    ("always P.x <= 3", "", Verdict.HOLDS),
    ("always P.x <= 2", "", Verdict.VIOLATED),
])
def test_shapes(formula, fairness, verdict):
    prop = check(spec(SHAPES + f"temporal T: {formula}\n" + fairness)).find("T")
    assert prop.verdict is verdict, prop.message


def test_forall_prefix_reports_the_failing_binding():
    model = spec("""
    enum Id { a, b }
    process P[i: Id] {
      var busy: bool = false
      action Start when not busy { busy := true }
      action Stop when busy and i == a { busy := false }
    }
    temporal Finishes: forall i in Id: P[i].busy leadsto not P[i].busy
    fairness weak P
    """)
    prop = check(model).find("Finishes")
    assert prop.verdict is Verdict.VIOLATED
    assert prop.binding == {"i": "b"}
    assert prop.message.startswith("for i = b: ")


def test_examples_need_their_strong_fairness():
    path = ROOT / "specs" / "examples" / "dining_philosophers.vcspec"
    text = path.read_text().replace(
        "fairness weak Phil, strong Phil.TakeFirst, strong Phil.TakeSecond", "fairness weak Phil")
    assert check(spec(text, N=3)).find("NoStarvation").verdict is Verdict.VIOLATED
    assert check(load(path, {"N": "3"})).find("NoStarvation").verdict is Verdict.HOLDS


def test_temporal_verdict_is_unknown_when_the_search_is_cut():
    model = load(ROOT / "specs" / "examples" / "dining_philosophers.vcspec", {"N": "3"})
    prop = check(model, max_states=10).find("NoStarvation")
    assert prop.verdict is Verdict.UNKNOWN
    assert "max-states" in prop.message


def test_liveness_respects_the_time_limit(monkeypatch):
    import vcspec.explicit.liveness as liveness

    monkeypatch.setattr(liveness, "now", lambda: float("inf"))
    model = load(ROOT / "specs" / "examples" / "dining_philosophers.vcspec", {"N": "3"})
    report = check(model, max_seconds=3600)
    prop = report.find("NoStarvation")
    assert prop.verdict is Verdict.UNKNOWN and "max-seconds" in prop.message
    assert report.find("HeldCount").verdict is Verdict.HOLDS
    assert report.exit_code == 4

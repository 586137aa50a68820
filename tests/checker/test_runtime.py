"""Runtime errors in actions are violations of `runtime`, with a trace to the
state where the action fails and the reference semantics' message."""

from __future__ import annotations

import pytest
from conftest import spec

from vcspec.api import check
from vcspec.engine.result import Verdict

CASES = [
    ("var x : 0..2 = 0  action A { x := x + 1 }", 2, "value 3 is out of range 0..2"),
    ("var x : 0..2 = 2  action A { x := x * 2 - 1 }", 0, "value 3 is out of range 0..2"),
    ("var q : queue of 0..1 max 2  action A { push(q, 1) }", 2,
     "push to a full queue (max 2)"),
    ("var q : queue of 0..1 max 2  var n : 0..1 = 0  action A { pop(q) }", 0,
     "pop from an empty queue"),
    ("var q : queue of 0..1 max 2  action A when head(q) == 0 { pop(q) }", 0,
     "head of an empty queue"),
    ("var x : 0..2 = 0  action A { x := 2 / x }", 0, "division by zero"),
    ("var m : [0..1] -> bool  var i : 0..2 = 0  action A { m[i] := true  i := i + 1 }", 2,
     "key 2 is not in 0..1"),
    ("var q : queue of 0..1 max 1  action A { push(q, len(q) + 2) }", 0,
     "value 2 is out of range 0..1"),
    ("var o : 0..2?  var n : 0..3 = 0  action A { n := o + 1 }", 0,
     "none where a value is needed"),
    ("var r : Rec?  var n : 0..3 = 0  action A { n := r.f }", 0,
     "none where a value is needed"),
]


@pytest.mark.parametrize("body, length, message", CASES, ids=[c[2] for c in CASES])
def test_runtime_errors(body, length, message):
    report = check(spec(f"type Rec = record {{ f: 0..2 }}\nprocess P {{ {body} }}\n"))
    prop = report.find("runtime")
    assert prop.verdict is Verdict.VIOLATED
    assert prop.trace_length == length
    assert message in prop.message
    assert prop.message.startswith("P.A() fails: ")


def test_a_failing_action_does_not_stop_the_others():
    report = check(spec("""
    process P {
      var x : 0..3 = 0
      action Up when x < 3 { x := x + 1 }
      action Boom when x == 1 { x := x - 2 }
    }
    invariant Small: P.x <= 3
    """))
    assert report.stats.distinct_states == 4
    assert report.find("runtime").verdict is Verdict.VIOLATED
    assert report.find("runtime").trace_length == 1
    assert report.find("Small").verdict is Verdict.HOLDS


def test_error_in_an_invariant_is_a_violation_of_it():
    report = check(spec("""
    process P { var q : queue of 0..1 max 1  action A when len(q) == 0 { push(q, 1) } }
    invariant HeadIsOne: head(P.q) == 1
    """))
    prop = report.find("HeadIsOne")
    assert prop.verdict is Verdict.VIOLATED and prop.trace_length == 0
    assert "head of an empty queue" in prop.message

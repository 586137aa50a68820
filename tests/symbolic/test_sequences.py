"""Queue (sequence) operations: q[i], last, remove_at, slice, `[x in q where p]`,
`in`, forall/exists/count over a queue, queues as map values. The reference
semantics on literals, the checker's refusals, and every engine on one spec:
explicit (python and native backends), BMC, k-induction and PDR agree."""

from __future__ import annotations

import pytest
from symhelp import loads
from test_agreement import assert_agree

from vcspec.api import check
from vcspec.engine.result import Verdict
from vcspec.model import SpecError

SEQS = """
spec Seqs
process P {
  var q: queue of 0..3 max 3 = []
  action put(x: 0..3) when len(q) < 3 { push(q, x) }
  action drop(i: 0..2) when i < len(q) { q := remove_at(q, i) }
  action cut(a: 0..3, b: 0..3) when a <= b and b <= len(q) and b - a < len(q) {
    q := slice(q, a, b)
  }
  action keep when exists x in q: x == 1 { q := [x in q where x != 1] }
  // q[i] outside the queue is a runtime error (i = 3 of a queue of 3)
  action peek(i: 0..3) when len(q) == 3 and head(q) == 0 { q := [q[i]] }
}
invariant NoThreeThree: not (len(P.q) >= 2 and last(P.q) == 3 and P.q[len(P.q) - 2] == 3)
invariant FilterCount: len([x in P.q where x >= 2]) == (count x in P.q: x >= 2)
invariant AllSmall: forall x in P.q: x <= 3
invariant NoTwoAfterOne: not (len(P.q) > 0 and P.q[0] == 1 and exists x in P.q: x == 2)
"""

INBOX = """
spec Inbox
enum Peer { A, B }
process Net {
  var inbox: [Peer] -> queue of 0..2 max 2
  action Send(p: Peer, m: 0..2) when len(inbox[p]) < 2 { push(inbox[p], m) }
  // a lossy channel: any element may be dropped, not only the head
  action Lose(p: Peer, i: 0..1) when i < len(inbox[p]) { inbox[p] := remove_at(inbox[p], i) }
}
invariant NoTwoTwos: forall p in Peer: (count m in Net.inbox[p]: m == 2) < 2
"""


def value(expr: str):
    """The reference semantics of a closed expression (an invariant's value)."""
    from vcspec.model.evaluate import Env, evaluate

    model = loads(f"spec E\nprocess P {{ var x: bool }}\ninvariant I: {expr}")
    return evaluate(model.find_property("I").expr, Env((False,)))


@pytest.mark.parametrize("expr, want", [
    ("[5, 6, 7][0] == 5 and [5, 6, 7][2] == 7", True),
    ("last([5, 6, 7]) == 7", True),
    ("remove_at([5, 6, 7], 1) == [5, 7]", True),
    ("slice([5, 6, 7], 1, 3) == [6, 7] and slice([5, 6, 7], 2, 2) == []", True),
    ("[x in [3, 1, 2, 1] where x < 3] == [1, 2, 1]", True),
    ("6 in [5, 6, 7] and 8 not in [5, 6, 7]", True),
    ("(count x in [1, 2, 1]: x == 1) == 2", True),
    ("forall x in [1, 2]: x > 0", True),
    ("exists x in [1, 2]: x > 1", True),
    ("{x in [1, 2, 1] where x == 1} == {1}", True),
])
def test_reference_semantics(expr, want):
    assert value(expr) is want


@pytest.mark.parametrize("expr, message", [
    ("[5, 6][2] == 0", "position 2 of a queue of 2 elements"),
    ("remove_at([5], -1) == []", "position -1 of a queue of 1 elements"),
    ("slice([5, 6], 1, 3) == []", "slice(1, 3) of a queue of 2 elements"),
    ("slice([5, 6], 2, 1) == []", "slice(2, 1) of a queue of 2 elements"),
])
def test_positions_outside_the_queue_are_runtime_errors(expr, message):
    from vcspec.model.evaluate import EvalError

    with pytest.raises(EvalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        value(expr)


@pytest.mark.parametrize("expr, message", [
    ("[1, 2][true] == 1", "a queue position is an integer, found bool"),
    ("slice([1, 2], true, 1) == []", "slice() needs integer positions"),
    ("forall x in 3: x > 0", "'x in ...' needs a set or a queue, found 3..3"),
    ("len([x in {1, 2} where x > 0]) == 1", "needs a queue, found set of 1..2"),
    ("last({1}) == 1", "last() needs a queue"),
])
def test_the_checker_refuses(expr, message):
    with pytest.raises(SpecError) as info:
        loads(f"spec E\nprocess P {{ var x: bool }}\ninvariant I: {expr}")
    assert message in str(info.value)


def verdicts(report) -> dict:
    return {p.name: (p.verdict, p.trace_length) for p in report.properties}


def test_explicit_counts_and_verdicts_are_pinned():
    report = check(loads(SEQS))
    s = report.stats
    assert (s.initial_states, s.distinct_states, s.transitions, s.depth) == (1, 85, 1069, 4)
    V = Verdict
    assert verdicts(report) == {
        "NoThreeThree": (V.VIOLATED, 2), "FilterCount": (V.HOLDS, None),
        "AllSmall": (V.HOLDS, None), "NoTwoAfterOne": (V.VIOLATED, 2),
        "deadlock": (V.HOLDS, None), "runtime": (V.VIOLATED, 3)}


@pytest.mark.parametrize("engine", ["bmc", "kind", "pdr"])
def test_symbolic_engines_agree_with_explicit(engine):
    assert_agree(loads(SEQS), engine, depth=4 if engine == "kind" else None)
    assert_agree(loads(INBOX), engine, depth=4 if engine == "kind" else None)


def test_map_of_queues_counts():
    s = check(loads(INBOX)).stats
    assert (s.distinct_states, s.depth) == (169, 5)


def test_native_backend_explores_the_same_graph():
    """The C backend either translates the queue operations or falls back to the
    python one for the actions it cannot translate: the same report either way."""
    for text in (SEQS, INBOX):
        model = loads(text)
        reference, fast = check(model), check(model, backend="native")
        assert fast.notes and fast.notes[0].startswith("backend:"), fast.notes
        assert verdicts(fast) == verdicts(reference)
        assert fast.stats.distinct_states == reference.stats.distinct_states
        assert fast.stats.transitions == reference.stats.transitions

"""`/` and `%` are floor division and its remainder (TLA+, Python) in the
reference semantics, the explicit engine and the z3 encoding
(tests/symbolic/test_encode.py holds the encoding state by state)."""

from __future__ import annotations

import pytest
from conftest import spec
from naive import explore

from vcspec.api import check
from vcspec.compile import runtime
from vcspec.engine.result import Verdict
from vcspec.model.evaluate import Env, evaluate
from vcspec.model.ir import Binary, Lit
from vcspec.model.types import IntT

CASES = [(-7, 2, -4, 1), (7, -2, -4, -1), (-7, -2, 3, -1), (7, 2, 3, 1), (-6, 3, -2, 0),
         (0, -3, 0, 0), (-1, 4, -1, 3)]


@pytest.mark.parametrize(("a", "b", "q", "r"), CASES)
def test_reference_and_compiled_runtime_floor(a, b, q, r):
    t = IntT()

    def ev(op):
        return evaluate(Binary(t, None, op, Lit(t, None, a), Lit(t, None, b)), Env(()))

    assert (ev("div"), ev("mod")) == (q, r)
    assert (runtime.div(a, b), runtime.mod(a, b)) == (q, r)


# Going left from node 0 reaches node N-1 only with the floor meaning; with C's
# (x - 1) % N is -1 at node 0, out of the type's range: a runtime error.
RING = """
spec Ring
const N = 5
process R {
  var at: 0..N-1 = 0
  action Left { at := (at - 1) % N }
}
invariant NotLast: R.at != N - 1
"""


def test_ring_goes_left_through_zero():
    model = spec(RING)
    report = check(model)
    verdicts = {p.name: p.verdict for p in report.properties}
    assert verdicts["runtime"] is Verdict.HOLDS
    assert verdicts["NotLast"] is Verdict.VIOLATED
    assert len(report.find("NotLast").trace.steps) == 2  # the initial state and one Left
    full = check(model, properties=["runtime"]).stats
    naive = explore(model)
    assert (full.distinct_states, full.transitions, full.depth) == \
        (len(naive.states), naive.transitions, naive.depth) == (5, 5, 5)

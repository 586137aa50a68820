"""Initial states tied to each other (vcspec/model/initial.py): `init:`
predicates and initial values reading other variables, in the explicit engine,
the naive declarative explorer and the z3 encoding. The syntax is not there
yet: the models are built from checked specs with the IR's `inits` field and
a tied initial value set by hand."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import spec
from naive import explore

from vcspec.api import check
from vcspec.model import initial, ir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "symbolic"))

TEXT = """
spec Tied
process S {
  var a: 0..2 in 0..2
  var b: 0..2 in 0..2
  var c: 0..2 = 0
  action Inc when a < 2 { a := a + 1 }
  action Copy { c := b }
}
invariant Equal: S.a == S.b
invariant CopyOfA: S.c == S.a
"""


def tied_model():
    """init: S.a == S.b, and c's initial value is a."""
    model = spec(TEXT)
    equal = model.find_property("Equal").expr
    copy = model.find_property("CopyOfA").expr
    c = model.vars[2]
    tied = replace(c, init=copy.right)  # the VarRef S.a
    return replace(model, inits=(equal,), vars=(model.vars[0], model.vars[1], tied))


def test_enumeration_ties_the_variables():
    found = initial.initial_states(tied_model())
    assert found.errors == []
    assert [s for s, _ in found.states] == [(0, 0, 0), (1, 1, 1), (2, 2, 2)]


def test_c_is_evaluated_after_a():
    model = tied_model()
    assert initial.order(model) == [0, 1, 2]
    swapped = replace(model, vars=(model.vars[2], *model.vars[:2]))
    # c (now first) reads variable 0, itself: a cycle is refused, not evaluated
    assert initial.order(swapped) is None


def test_explicit_engine_agrees_with_the_naive_explorer():
    model = tied_model()
    stats = check(model, properties=["runtime"]).stats
    naive = explore(model)
    assert stats.initial_states == 3
    assert (stats.distinct_states, stats.transitions, stats.depth) == \
        (len(naive.states), naive.transitions, naive.depth) == (6, 9, 3)  # a 0..2 | 1..2 | 2


def test_z3_encoding_agrees_state_by_state():
    pytest.importorskip("z3")
    from agree import compare

    assert compare(tied_model(), max_states=40) == 6


def test_untied_models_are_not_dependent():
    assert not initial.dependent(spec(TEXT))
    assert initial.dependent(tied_model())
    assert isinstance(tied_model().vars[2].init, ir.VarRef)

"""`init:` predicates, initial values reading other variables, and state
constraints (TLC's CONSTRAINT) from the syntax on: the checker, the explicit
engine (both backends), the naive explorer on the reference semantics, the
simulator and the z3 encoding agree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import spec
from naive import explore

from vcspec.api import check, simulate
from vcspec.model import analyse_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "symbolic"))

TIED = """
spec Tied
process Link {
  var rdy: 0..1 in 0..1
  var ack: 0..1 = rdy
  action Flip when ack == rdy { rdy := 1 - rdy }
  action Ack  when ack != rdy { ack := rdy }
}
process Three {
  var a: 0..2
  var b: 0..2
  var c: 0..2
  var d: 0..2
  action Step when a < 2 { a := a + 1  b := b + 1  c := c + 1 }
}
init: Three.a == Three.b and Three.b == Three.c
invariant InStep: Three.a == Three.c
terminal: true
"""

BOUNDED = """
spec Bounded
process Counter {
  var n: 0..100
  var up: bool
  action Inc when n < 100 { n := n + 1 }
  action Turn { up := not up }
}
constraint Small: Counter.n <= 3
invariant Below: Counter.n <= 3
"""


def errors(text: str) -> list[str]:
    checked = analyse_text(text, name="t.vcspec")
    return [f"{d.code} {d.message}" for d in checked.diagnostics if d.is_error]


def counts(report) -> tuple:
    s = report.stats
    return s.initial_states, s.distinct_states, s.transitions, s.depth


# ------------------------------------------------------------ initial states
def test_an_initial_value_may_read_another_variable():
    assert errors(TIED) == []
    model = spec(TIED)
    link_ack = model.vars[model.var_index("Link.ack")]
    assert link_ack.choice is False and "VarRef" in type(link_ack.init).__name__


def test_init_predicate_ranges_the_variables_it_reads_over_their_types():
    model = spec(TIED)
    # a, b, c range over 0..2 (d, read by no predicate, keeps its default 0);
    # Link has 2 initial states: 2 x 3 = 6
    report = check(model)
    assert counts(report) == (6, 12, 20, 2)
    naive = explore(model)
    assert (len(naive.states), naive.transitions, naive.depth) == (12, 20, 2)
    assert all(p.verdict.name == "HOLDS" for p in report.properties)


def test_a_cycle_of_initial_values_is_an_error():
    text = TIED.replace("var rdy: 0..1 in 0..1", "var rdy: 0..1 = ack")
    assert errors(text) == ["VCS207 initial values read each other in a cycle "
                            "(Link.rdy, Link.ack)"]


def test_init_predicate_must_be_a_boolean():
    text = TIED.replace("init: Three.a == Three.b and Three.b == Three.c", "init: Three.a + 1")
    assert errors(text) == ["VCS301 an init predicate must be bool, found int"]


def test_tied_initial_states_agree_with_z3():
    pytest.importorskip("z3")
    from agree import compare

    assert compare(spec(TIED), max_states=40) == 12


# ------------------------------------------------------------ constraints
def test_a_state_outside_the_constraint_is_counted_not_stored():
    model = spec(BOUNDED)
    report = check(model)
    # n = 0..3 x up: 8 states, each with 2 successors (the one with n = 4 included)
    assert counts(report) == (1, 8, 16, 5)
    assert report.stats.generated == 1 + 16
    naive = explore(model)
    assert (len(naive.states), naive.transitions, naive.depth) == (8, 16, 5)


def test_a_state_whose_successors_are_all_outside_is_no_deadlock():
    text = BOUNDED.replace("action Turn { up := not up }", "")
    report = check(spec(text), properties=["deadlock"])
    assert counts(report) == (1, 4, 4, 4)
    assert report.find("deadlock").verdict.name == "HOLDS"


def test_initial_states_outside_the_constraint_are_not_stored():
    text = BOUNDED.replace("var n: 0..100", "var n: 0..100 in 2..5")
    report = check(spec(text))
    assert counts(report)[:2] == (2, 4)  # n = 2, 3 (and up = false, true)
    assert report.stats.generated == 4 + 8  # 4 initial computed + 8 transitions


def test_native_backend_falls_back_with_a_note():
    report = check(spec(BOUNDED), backend="native")
    assert counts(report) == (1, 8, 16, 5)
    assert any("does not test state constraints" in n for n in report.notes)


def test_simulation_never_enters_a_state_outside():
    report = simulate(spec(BOUNDED), seed=1, runs=20, steps=30)
    assert report.stats.distinct_states <= 8
    assert all(p.verdict.name != "VIOLATED" for p in report.properties)


def test_symbolic_engines_agree_with_the_reference():
    pytest.importorskip("z3")
    from agree import compare

    from vcspec.symbolic.api import check_symbolic

    assert compare(spec(BOUNDED), max_states=20) == 8
    for engine in ("kind", "pdr"):
        found = check_symbolic(spec(BOUNDED), engine, properties=["Below"]).find("Below")
        assert found.verdict.name == "HOLDS", engine
    wrong = BOUNDED.replace("invariant Below: Counter.n <= 3", "invariant Below: Counter.n <= 2")
    explicit = check(spec(wrong), properties=["Below"]).find("Below")
    bmc = check_symbolic(spec(wrong), "bmc", properties=["Below"]).find("Below")
    assert explicit.verdict.name == bmc.verdict.name == "VIOLATED"
    assert len(explicit.trace.steps) == len(bmc.trace.steps)


def test_too_many_initial_combinations_is_an_error(monkeypatch):
    from vcspec.model import initial

    monkeypatch.setattr(initial, "CANDIDATE_LIMIT", 20)
    found = initial.initial_states(spec(TIED))  # 2 x 27 combinations
    assert found.states == []
    assert found.errors == ["more than 20 combinations of initial values: give the variables "
                            "initial values or narrower `in` sets"]

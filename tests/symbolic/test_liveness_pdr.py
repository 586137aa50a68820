"""PDR on temporal properties (liveness to safety, vcspec/symbolic/l2s.py):
the verdicts are the explicit engine's, the certificates re-check, and a
tampered reduction does not re-check.

Each small spec below makes one part of the semantics decide the verdict:
weak against strong fairness, a state without successor (the run stays
there), the loop's condition of each shape, forall bindings."""

from __future__ import annotations

import pytest
from symhelp import loads

from vcspec.api import check
from vcspec.engine.result import Verdict
from vcspec.symbolic.api import check_symbolic
from vcspec.symbolic.certificate import recheck

# A sets its flag only while B.n == 0; B toggles n forever.
STARVE = """
spec Starve
process A {
  var a: bool = false
  action Set when not a and B.n == 0 { a := true }
}
process B {
  var n: 0..1 = 0
  action Toggle { n := 1 - n }
}
temporal SetsA: eventually A.a
temporal SetsAOften: always eventually A.a
temporal NSettles: eventually always B.n == 0
temporal AfterZero: B.n == 0 leadsto A.a
"""

# x counts to 2 and stops (a state without successor).
STOP = """
spec Stop
process S {
  var x: 0..2 = 0
  var y: bool in {false, true}
  action Inc when x < 2 { x := x + 1 }
  action Flip when y and x == 1 { y := false }
}
temporal ReachesTwo: eventually S.x == 2
temporal OftenOne: always eventually S.x == 1
temporal SettlesTwo: eventually always S.x == 2
temporal OneThenTwo: S.x == 1 leadsto S.x == 2
temporal YFalse: eventually not S.y
temporal NeverOne: always S.x != 1
"""

# Two clients request and a server grants one at a time (forall bindings).
GRANT = """
spec Grant
enum C { C1, C2 }
process Client[c: C] {
  var st: 0..2 = 0  // idle, waiting, granted
  action Request when st == 0 { st := 1 }
  action Release when st == 2 { st := 0; Server.busy := false }
}
process Server {
  var busy: bool = false
  action Grant(c: C) when not busy and Client[c].st == 1 {
    busy := true
    Client[c].st := 2
  }
}
temporal Served: forall c in C: Client[c].st == 1 leadsto Client[c].st == 2
temporal Returns: forall c in C: always eventually Client[c].st == 0
"""

FAIRNESS = {
    "none": "",
    "weak": "fairness weak A, weak B\n",
    "strong": "fairness strong A.Set, weak B\n",
}


def verdicts(model, names, **options):
    explicit = check(model, properties=names)
    pdr = check_symbolic(model, "pdr", properties=names, timeout_s=120, **options)
    return ({p.name: p.verdict for p in explicit.properties if p.kind == "temporal"},
            {p.name: p for p in pdr.properties if p.kind == "temporal"}, pdr)


def agree(model):
    """Every temporal verdict of PDR is the explicit engine's (pinned: these
    specs are small enough for PDR to decide all of them)."""
    names = [p.name for p in model.temporals]
    explicit, pdr, report = verdicts(model, names)
    assert set(explicit) == set(names)
    for name in names:
        assert pdr[name].verdict is explicit[name], (name, pdr[name].message)
    if any(v is Verdict.HOLDS for v in explicit.values()):
        assert report.certificate is not None and recheck(report.certificate).ok
    return explicit


@pytest.mark.parametrize("fair", sorted(FAIRNESS))
def test_starvation_under_each_fairness(fair):
    explicit = agree(loads(STARVE + FAIRNESS[fair]))
    held = sorted(n for n, v in explicit.items() if v is Verdict.HOLDS)
    # B toggles forever unless fairness makes A set its flag: weak fairness
    # does not (Set is disabled every other state), strong fairness does.
    expected = {"none": [], "weak": [], "strong": ["AfterZero", "SetsA", "SetsAOften"]}
    assert held == expected[fair]


def test_runs_stay_in_states_without_successor():
    explicit = agree(loads(STOP))
    assert {n for n, v in explicit.items() if v is Verdict.HOLDS} == \
        {"ReachesTwo", "SettlesTwo", "OneThenTwo"}


def test_forall_bindings_under_fairness():
    plain = agree(loads(GRANT))
    fair = agree(loads(GRANT + "fairness weak Client, strong Server.Grant\n"))
    assert set(plain.values()) == {Verdict.VIOLATED}
    assert set(fair.values()) == {Verdict.HOLDS}


def test_temporal_certificate_is_bundled_and_tampering_fails():
    model = loads(STARVE + FAIRNESS["strong"])
    report = check_symbolic(model, "pdr", timeout_s=120)
    text = report.certificate
    assert text.count("(check-sat)") == 3 * (1 + 3)  # safety, then one per temporal proof
    assert recheck(text).ok
    # Dropping the saved copy's update from one reduced transition relation
    # (the loop could then close anywhere) must not re-check.
    marker = "(define-fun trans () Bool"
    last = text.rindex(marker)
    tampered = text[:last] + marker + " true)\n(define-fun unused () Bool" + \
        text[last + len(marker):]
    assert not recheck(tampered).ok


@pytest.mark.parametrize("engine", ["bmc", "pdr"])
def test_forall_over_an_empty_domain_holds_as_for_explicit(engine):
    model = loads("""
spec Empty
const N = 0
process S {
  var x: 0..2 = 0
  action Inc when x < 2 { x := x + 1 }
}
temporal T: forall i in 1..N: S.x == i leadsto S.x == 2
""")
    explicit = check(model, properties=["T"]).find("T")
    symbolic = check_symbolic(model, engine, depth=3, properties=["T"], timeout_s=60).find("T")
    assert explicit.verdict is Verdict.HOLDS
    assert symbolic.verdict is Verdict.HOLDS, symbolic.message

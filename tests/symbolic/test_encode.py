"""The z3 encoding (vcspec/symbolic/encode.py) agrees with the reference
semantics (vcspec/model/evaluate.py): same initial states, and from every state
explored, the same successors (the models of T(s, .)) and the same bad
properties (invariants, monitors, runtime errors, deadlock)."""

from __future__ import annotations

import pytest
from agree import compare
from symhelp import load, loads

FEATURES = """
spec Features
enum E { A, B, C }
type R = record { f: bool, g: 0..2 }
process S {
  var q : queue of R max 2 = []
  var s : set of E = {A}
  var o : E? = none
  var m : [E] -> 0..3 = 0
  var n : 0..3 in {0, 2}
  action Push(x: 0..2) when len(q) < 2 or x == 2 { push(q, {f: x > 0, g: x}) }
  action Pop when len(q) > 0 {
    let h = head(q)
    pop(q)
    if h.f { m[A] := m[A] + h.g } else { m[B] := (m[B] + 1) % 4 }
  }
  action Opt(e: E) when o == none or o == e {
    o := if e in s then e else none
    s := s union {e}
  }
  action Sub { s := s - {B}  n := if n > 0 then n - 1 else 3 }
  action Div(d: 0..1) when n == 3 { n := (n + 1) / (d + d) }
}
invariant Inv: (S.o != none implies S.o in S.s) and (count x in E: S.m[x] > 0) <= 2
monitor Mon {
  var c : 0..3 = 0
  on S.Opt(e) when c < 3 require e != C or c > 0 else "C first" { c := c + 1 }
  on S.Pop() ensure len(S.q) < 2 else "pop leaves room"
  on S.Sub() { c := 0 }
  always c <= 2 else "at most two offers"
}
"""

QUANTIFIERS = """
spec Quantifiers
const N = 3
type Id = 0..N-1
process P[p: Id] {
  var v : 0..3 = 0
  var on : bool in {false, true}
  action Up when v < 3 and (forall x in Id: x == p or P[x].v <= v) { v := v + 1 }
  action Flip when exists x in Id: P[x].on and x != p { on := not on }
  action Share(t: Id) when t != p and v > 0 { v := v - 1  P[t].v := P[t].v + 1 }
}
invariant Total: (count x in Id: P[x].v > 0) <= 3
invariant Set: {x in Id where P[x].on} subseteq 0..2
terminal: forall x in Id: P[x].v == 3
"""

SHORT_CIRCUIT = """
spec ShortCircuit
process S {
  var q : queue of 0..3 max 2 = [1]
  var k : 0..4 = 0
  var d : [0..1] -> 0..2 = 0
  action A when len(q) > 0 and head(q) > 0 { pop(q) }
  action B when k < 4 { k := k + 1  push(q, k % 4) }
  action C when (len(q) == 0 or head(q) == 3) and k > 0 { d[k % 3] := 1 }
}
invariant NoErr: len(S.q) == 0 or head(S.q) < 4
"""

# Floor division with negative operands: by constants of both signs and by a
# variable divisor that can be negative (split over its values).
SIGNED_DIVISION = """
spec SignedDivision
process S {
  var x : -5..5 = -5
  var d : -2..2 = -2
  var r : -5..5 = 0
  action Inc when x < 5 { x := x + 1 }
  action Mod3 { r := x % 3 }
  action ModNeg { r := x % -3 }
  action Div2 { r := x / 2 }
  action DivNeg { r := x / -2 }
  action ByVar when d != 0 { r := x / d + x % d }
  action Turn when d < 2 { d := d + 1 }
}
invariant Identity: S.d == 0 or S.x == S.d * (S.x / S.d) + S.x % S.d
invariant Sign: S.x % 3 >= 0 and S.x % -3 <= 0
"""


@pytest.mark.parametrize("text, consts", [
    (FEATURES, {}), (QUANTIFIERS, {}), (SHORT_CIRCUIT, {}), (SIGNED_DIVISION, {}),
], ids=["features", "quantifiers", "short-circuit", "signed-division"])
def test_hand_specs(text, consts):
    assert compare(loads(text, **consts), max_states=80) > 5


@pytest.mark.parametrize("name, consts", [
    ("covc", {"K": 2}), ("alternating_bit", {}), ("two_phase_commit", {"NRM": 2}),
    ("dining_philosophers", {"N": 3, "ORDERED": False}), ("readers_writers", {"N": 2}),
    ("tcp_connection", {}),
], ids=lambda x: str(x))
def test_examples(example, name, consts):
    assert compare(example(name, **consts), max_states=40) > 5


def test_condis_flagship():
    model = load("specs/condis/condis.vcspec", NVC=1)
    assert compare(model, max_states=25) == 25


def test_seeded_bug_with_runtime_error():
    model = loads("""
spec Overflow
process C {
  var n : 0..2 = 0
  action Inc { n := n + 1 }
}
""")
    assert compare(model, max_states=5) == 3

"""What PDR searches: bad states sliced by symmetry, a system projected onto a
cone of influence; and the certificate that checks both against the whole
model, so that a wrong reduction gives UNKNOWN, not a wrong proof."""

from __future__ import annotations

import pytest
import z3
from symhelp import load, loads
from test_symmetry import VCS as SYMMETRY_VCS

from vcspec.engine.result import Verdict
from vcspec.explicit.symmetry import rename
from vcspec.symbolic import prove, symmetry
from vcspec.symbolic.api import check_symbolic
from vcspec.symbolic.coi import ConeBuilder
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.symmetry import permuted_leaves, slice_property, swaps

# tests/checker/test_symmetry.py's VCs (a map, a set, an option and a queue of
# VCs) with three of them and a monitor
VCS = SYMMETRY_VCS.replace("const NVC = 2", "const NVC = 3") + """
monitor SendOnOpen { on Client.Send(v) require Ndis.st[v] == Open }
"""


def _value_at(enc, terms, state):
    """The z3 values of `terms` in the (semantic) state."""
    system, monitors = state
    pairs = list(zip(enc.x, enc.layout.encode(system, monitors)))
    return [z3.simplify(z3.substitute(t, pairs)) for t in terms]


def test_permuted_leaves_are_the_renamed_state():
    """pi(x) built on leaves is vcspec/model/evaluate's state renamed member by member."""
    model = loads(VCS)
    enc = Encoding(model)
    system = (("Open", "Idle", "Closing"), frozenset({"Vc1", "Vc3"}), "Vc3", ("Vc3", "Vc1"))
    monitors = {"SendOnOpen": ()}
    for pi in swaps(enc, ("Vc",)):
        renamed = tuple(rename(v, var.type, pi) for v, var in zip(system, model.vars))
        got = _value_at(enc, permuted_leaves(enc, pi), (system, monitors))
        want = [z3.simplify(t) for t in enc.layout.encode(renamed, monitors)]
        assert [str(g) for g in got] == [str(w) for w in want], pi
        assert pi["Vc"]["Vc1"] == "Vc1" or renamed != system


def test_swaps_carry_the_first_member_everywhere():
    enc = Encoding(loads(VCS))
    images = {pi["Vc"]["Vc1"] for pi in swaps(enc, ("Vc",))}
    assert images == {"Vc1", "Vc2", "Vc3"}
    assert swaps(enc, ())[0] == {}


def test_slices_pin_the_first_member():
    enc = Encoding(loads(VCS))
    for name in ("NoSendWhenIdle", "SendOnOpen"):
        sliced = slice_property(enc, enc.property(name))
        assert sliced.fixed == ("Vc",)
        cone = ConeBuilder(enc).cone(sliced.bad)
        names = {enc.layout.leaf_names[j] for j in cone.leaves}
        assert "Ndis.st[Vc1]" in names and "Ndis.st[Vc2]" not in names, names
        assert "Ndis.sending{Vc2}" not in names
    deadlock = slice_property(enc, enc.property("deadlock"))
    assert deadlock.fixed == ()


def test_cone_is_closed_under_the_steps():
    """Every instance writing a cone leaf reads only cone leaves."""
    enc = Encoding(load("specs/condis/condis.vcspec", NVC=2))
    builder = ConeBuilder(enc)
    for prop in enc.properties:
        cone = builder.cone(slice_property(enc, prop).bad)
        inside = set(cone.leaves)
        for i in range(len(enc.instances)):
            if builder.writes[i] & inside:
                assert builder.reads[i] <= inside
                for j in builder.writes[i] & inside:
                    assert builder.next_reads(i, j) <= inside


@pytest.mark.parametrize("nvc", [2, 3])
def test_condis_beyond_explicit_reach(nvc):
    """The flagship's safety properties for 2 and 3 VCs (explicit search needs
    minutes for 2 and does not finish for 3), with a certificate that
    re-checks on its own. Without crossings: with them PDR needs about 10 times the CPU
    (tests/symbolic/test_agreement.py, PDR_HARD)."""
    from vcspec.symbolic.certificate import recheck

    model = load("specs/condis/condis.vcspec", NVC=nvc, CROSSINGS=False)
    safety = [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]
    report = check_symbolic(model, "pdr", properties=safety, timeout_s=300)
    assert {p.name: p.verdict for p in report.properties} == {
        name: Verdict.HOLDS for name in safety + ["runtime"]}
    by_pdr = [p for p in report.properties if "by PDR" in p.message]
    assert {p.name for p in by_pdr} >= {"ConnectedImpliesActive", "NoUseAfterDelete",
                                        "DataOnlyOnActiveVc"}
    assert all("copied over" in p.message for p in by_pdr)
    assert recheck(report.certificate).answers == ["unsat"] * 3


def test_a_missing_copy_is_caught_by_the_recheck(monkeypatch):
    """Without the invariant's copies for the other VCs the certificate does not
    exclude their bad states: no proof is reported for those properties."""
    monkeypatch.setattr(prove, "orbit", lambda enc, inv, fixed: [inv])
    model = load("specs/condis/condis.vcspec", NVC=2)
    report = check_symbolic(model, "pdr", properties=["ConnectedImpliesActive",
                                                      "ClientUsesClientApi"], timeout_s=120)
    broken = report.find("ConnectedImpliesActive")
    assert broken.verdict is Verdict.UNKNOWN and "does not re-check" in broken.message
    assert "safety" in broken.message
    assert report.find("ClientUsesClientApi").verdict is Verdict.HOLDS


def test_orbit_copies_are_the_invariant_on_swapped_states():
    enc = Encoding(loads(VCS))
    st1 = enc.x[enc.layout.leaf_names.index("Ndis.st[Vc1]")]
    copies = symmetry.orbit(enc, st1 == 0, ("Vc",))
    names = [str(c) for c in copies]
    assert names == ["Ndis.st[Vc1] == 0", "Ndis.st[Vc2] == 0", "Ndis.st[Vc3] == 0"]


def test_two_enums_pin_both():
    text = """
    const N = 2
    symmetric enum Vc[N]
    symmetric enum Party[N]
    process P {
      var on : [Vc] -> [Party] -> bool = false
      action Add(v: Vc, p: Party) when not on[v][p] { on[v][p] := true }
    }
    monitor NotTwice { on P.Add(v, p) require not P.on[v][p] }
    """
    enc = Encoding(loads(text))
    sliced = slice_property(enc, enc.property("NotTwice"))
    assert sliced.fixed == ("Party", "Vc")
    assert len(swaps(enc, sliced.fixed)) == 4

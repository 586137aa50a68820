"""Pinned state-space numbers: (distinct states, transitions, BFS levels).

`transitions` counts successor states generated from explored states,
duplicates included; SPIN's `transitions` (= stored + matched) is one more,
because SPIN counts the initial state as a transition. `depth` is the number
of BFS levels, the initial states being level 1 (SPIN's "depth reached" is
one less).
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from vcspec.api import check
from vcspec.model import load

PINNED = {
    ("covc", ()): (83_521, 510_952, 21),
    ("covc", (("K", "3"),)): (4_913, 22_542, 16),
    ("covc_bug", ()): None,  # stops early: its only other property is violated below
    ("alternating_bit", ()): (49, 146, 12),
    ("asynch_interface", ()): (12, 24, 2),
    ("inner_fifo", ()): (344, 776, 9),
    ("inner_fifo", (("N", "3"),)): (728, 1_672, 11),
    ("alternating_bit", (("NMSG", "3"), ("CAP", "2"))): (78, 239, 15),
    ("dining_philosophers", ()): (534, 2_195, 11),
    ("dining_philosophers", (("ORDERED", "false"),)): (573, 2_365, 11),
    ("readers_writers", ()): (167, 354, 7),
    ("readers_writers", (("N", "4"),)): (1_356, 2_992, 9),
    ("tcp_connection", ()): (170, 322, 16),
    ("two_phase_commit", ()): (288, 761, 11),
    ("two_phase_commit", (("NRM", "4"),)): (1_568, 5_377, 14),
}


# CoNDIS (specs/condis): the flagship at one VC, both call manager variants, and
# the user-client example. client.vcspec is imported by condis.vcspec; both import
# the library (vcspec/library/condis/).
CONDIS = {
    # an add-party completes with SUCCESS only while the remote has the call up (48 states
    # fewer than 960/876/808/748, where a party became active after the remote's release)
    # synchronous returns (SYNC_RETURNS, on by default) add transitions and no state: a
    # call set up or closed in line reaches states the pended call reaches too
    ("condis/condis", (("NVC", "1"),)): (912, 3_681, 13),
    ("condis/condis", (("NVC", "1"), ("VARIANT", "MCM"))): (828, 3_370, 13),
    ("condis/condis", (("NVC", "1"), ("SYNC_RETURNS", "false"))): (912, 3_621, 16),
    ("condis/condis", (("NVC", "1"), ("VARIANT", "MCM"), ("SYNC_RETURNS", "false"))):
        (828, 3_310, 16),
    # without crossings: the environment of before (the client's own close record adds 16/12)
    ("condis/condis", (("NVC", "1"), ("CROSSINGS", "false"))): (760, 3_075, 13),
    ("condis/condis", (("NVC", "1"), ("VARIANT", "MCM"), ("CROSSINGS", "false"))):
        (700, 2_848, 13),
    ("condis/examples/my_client", (("NVC", "1"),)): (100, 313, 12),
    ("condis/examples/my_client", (("NVC", "1"), ("SYNC_RETURNS", "false"))): (100, 308, 12),
}


def numbers(name: str, consts: dict, symmetry: bool = False) -> tuple[int, int, int]:
    folder = "" if "/" in name else "examples/"
    model = load(ROOT / "specs" / f"{folder}{name}.vcspec", consts)
    names = [p.name for p in model.invariants] or None
    stats = check(model, properties=names, symmetry=symmetry).stats
    assert stats.complete
    return stats.distinct_states, stats.transitions, stats.depth


@pytest.mark.parametrize("key", [k for k, v in {**PINNED, **CONDIS}.items() if v], ids=str)
def test_pinned_counts(key):
    name, consts = key
    assert numbers(name, dict(consts)) == {**PINNED, **CONDIS}[key]


def test_covc_bug_has_the_state_graph_of_covc():
    model = load(ROOT / "specs" / "examples" / "covc_bug.vcspec", {"K": "3"})
    stats = check(model, properties=["NoDataOnDeadVc"]).stats
    assert (stats.distinct_states, stats.transitions, stats.depth) == (4_913, 22_542, 16)


def test_condis_with_symmetry_reduction():
    model = load(ROOT / "specs" / "condis" / "condis.vcspec", {"NVC": "2", "NPARTY": "1",
                                                                "INCOMING": "false"})
    stats = check(model, properties=[p.name for p in model.invariants]).stats
    assert stats.distinct_states_unreduced == check(
        model, properties=[p.name for p in model.invariants], symmetry=False).stats.distinct_states
    assert stats.distinct_states < stats.distinct_states_unreduced


def test_every_spec_is_pinned():
    specs = ROOT / "specs"
    names = {p.relative_to(specs).with_suffix("").as_posix().removeprefix("examples/")
             for p in specs.rglob("*.vcspec")}
    modules = {"condis/environment", "condis/client", "condis/properties"}
    pinned = {name for name, _ in {**PINNED, **CONDIS}}
    assert names - modules <= pinned, names - modules - pinned

"""The TLA+ classics translated into specs/examples/ with the new constructs
(tied initial values, `init:` predicates, `constraint`) against TLC's counts
as computed by an independent enumeration of their TLA+ definitions
(tlc_oracle.py: TLC could not be run here). vcspec's `transitions` are the
successors generated from stored states; TLC's "generated" adds the initial
states (those the constraint leaves out too)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import tlc_oracle
from conftest import ROOT

from vcspec.api import check
from vcspec.model import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "symbolic"))


def tlc_numbers(name: str, consts: dict) -> dict[str, int]:
    model = load(ROOT / "specs" / "examples" / f"{name}.vcspec", consts)
    report = check(model)
    assert all(p.verdict.name == "HOLDS" for p in report.properties), name
    s = report.stats
    generated = s.generated if s.generated is not None else s.initial_states + s.transitions
    return {"distinct": s.distinct_states, "generated": generated, "depth": s.depth,
            "initial": s.initial_states}


@pytest.mark.parametrize(("name", "consts", "oracle", "pinned"), [
    ("asynch_interface", {}, tlc_oracle.asynch_interface, (12, 30, 2)),
    ("inner_fifo", {}, tlc_oracle.inner_fifo, (344, 792, 9)),
    ("inner_fifo", {"N": "3"}, lambda: tlc_oracle.inner_fifo(n=3), (728, 1_688, 11)),
])
def test_counts_are_tlcs(name, consts, oracle, pinned):
    mine = tlc_numbers(name, consts)
    assert mine == oracle()
    assert (mine["distinct"], mine["generated"], mine["depth"]) == pinned


def test_symbolic_engines_agree_on_the_fifo():
    pytest.importorskip("z3")
    from agree import compare

    model = load(ROOT / "specs" / "examples" / "inner_fifo.vcspec", {})
    assert compare(model, max_states=30) == 30

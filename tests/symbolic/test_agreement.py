"""Every spec in the repository through explicit search and the symbolic
engines: the same verdicts, and the same shortest counterexample lengths
from BFS and BMC (seeded CoNDIS bugs included)."""

from __future__ import annotations

import pytest
from symhelp import load

from checker.api import check
from checker.result import Verdict
from checker.symbolic.api import check_symbolic

V = Verdict

# (spec, consts): small configurations of every spec under specs/
SAFETY = [
    ("specs/examples/covc.vcspec", {"K": 2}),
    ("specs/examples/covc_bug.vcspec", {"K": 2}),
    ("specs/examples/alternating_bit.vcspec", {}),
    ("specs/examples/two_phase_commit.vcspec", {"NRM": 2}),
    ("specs/examples/dining_philosophers.vcspec", {"N": 3}),
    ("specs/examples/dining_philosophers.vcspec", {"N": 3, "ORDERED": False}),
    ("specs/examples/readers_writers.vcspec", {"N": 2}),
    ("specs/examples/tcp_connection.vcspec", {}),
    ("specs/condis/condis.vcspec", {"NVC": 1}),
    ("specs/condis/condis.vcspec", {"NVC": 1, "VARIANT": "MCM"}),
    ("specs/condis/examples/my_client.vcspec", {"NVC": 1}),
]
# seeded CoNDIS bugs (environment.vcspec, enum Bug), each violating a safety property
BUGS = ["ClientDeletesCmVc", "SendAfterIncomingClose", "ClientClosesWithSendsOutstanding",
        "CmDeletesClientVc", "CmCompletesMakeCallBeforeActivation", "ClientActivatesVc",
        "MiniportIndicatesWhileDeactivating", "ClientMakesCallOnDeletedVc"]


def safety_names(model) -> list[str]:
    return [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]


def explicit(model):
    report = check(model, properties=safety_names(model))
    assert report.stats.complete
    return report, {p.name: (p.verdict, p.trace_length) for p in report.properties}


def assert_agree(model, engine: str, depth: int | None = None, timeout: float = 120,
                 unknown: bool = False) -> dict:
    """`unknown`: a solver limit may leave properties UNKNOWN (never wrong)."""
    ex_report, expected = explicit(model)
    depth = ex_report.stats.depth if depth is None else depth
    report = check_symbolic(model, engine, depth=depth, properties=safety_names(model),
                            timeout_s=timeout)
    got = {p.name: (p.verdict, p.trace_length) for p in report.properties}
    assert got.keys() == expected.keys()
    for name, (verdict, length) in got.items():
        want, want_length = expected[name]
        if unknown and verdict is V.UNKNOWN:
            assert "timeout" in report.find(name).message
        elif want is V.VIOLATED:
            assert (verdict, length) == (V.VIOLATED, want_length), (engine, name, got[name])
        elif engine == "pdr" or verdict is V.HOLDS:
            assert verdict is V.HOLDS, (engine, name, got[name])
        else:
            assert verdict is V.BOUNDED, (engine, name, got[name])
    return got


# Spacer does not find tcp_connection's invariant (queues of segments) in minutes
PDR_HARD = {"specs/examples/tcp_connection.vcspec"}


@pytest.mark.parametrize("path, consts", SAFETY, ids=lambda x: str(x))
def test_bmc_and_pdr_agree_with_explicit(path, consts):
    model = load(path, **consts)
    assert_agree(model, "bmc")
    hard = path in PDR_HARD
    assert_agree(model, "pdr", timeout=10 if hard else 120, unknown=hard)


@pytest.mark.parametrize("path, consts", SAFETY[:4] + SAFETY[8:9], ids=lambda x: str(x))
def test_kind_agrees_with_explicit(path, consts):
    assert_agree(load(path, **consts), "kind", depth=4)


@pytest.mark.parametrize("bug", BUGS)
def test_seeded_condis_bugs(bug):
    model = load("specs/condis/condis.vcspec", NVC=1, BUG=bug)
    got = assert_agree(model, "bmc")
    assert any(v is V.VIOLATED for v, _ in got.values()), f"{bug} violates nothing"


def test_seeded_bug_with_pdr():
    model = load("specs/condis/condis.vcspec", NVC=1, BUG="ClientDeletesCmVc")
    got = assert_agree(model, "pdr")
    assert got["OnlyCreatorDeletes"][0] is V.VIOLATED

"""The engine against the naive reference explorer (tests/checker/naive.py):
same states, transitions, depth, verdicts and shortest-trace lengths, on the
examples and on random specs (hypothesis)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, assume, given, settings
from naive import TooBig, explore, temporal_violated
from specgen import specs

from vcspec.api import check
from vcspec.compile.build import build
from vcspec.engine.limits import Limits
from vcspec.engine.result import Verdict
from vcspec.explicit.bfs import Search, Selection
from vcspec.model import analyse_text, load

EXAMPLES = [
    ("covc", {"K": "2"}), ("covc_bug", {"K": "2"}), ("alternating_bit", {}),
    ("dining_philosophers", {"N": "3"}), ("dining_philosophers", {"N": "3", "ORDERED": "false"}),
    ("readers_writers", {}), ("tcp_connection", {"CAP": "2"}), ("two_phase_commit", {}),
]


def engine_states(model):
    ts = build(model)
    ex = Search(ts, Selection((), (), False), Limits()).run()
    decoded = {(ts.decode(s), tuple(ts.decode_monitors(s).values())) for s in ex.states}
    assert len(decoded) == len(ex.states)
    return decoded, ex


def agree(model) -> None:
    naive = explore(model, keep_edges=True, limit=3000)
    states, ex = engine_states(model)
    assert states == naive.states
    assert ex.transitions == naive.transitions
    assert ex.depth == naive.depth
    report = check(model)
    for prop in report.properties:
        if prop.kind == "temporal":
            if not model.fairness:
                expected = temporal_violated(model, naive, model.find_property(prop.name))
                assert prop.verdict is (Verdict.VIOLATED if expected else Verdict.HOLDS), prop
            continue
        assert_safety_verdict(prop, report, naive)


@pytest.mark.parametrize("name, consts", EXAMPLES, ids=lambda x: str(x))
def test_examples_agree_with_naive_explorer(name, consts):
    agree(load(ROOT / "specs" / "examples" / f"{name}.vcspec", consts))


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(specs())
def test_random_specs_agree_with_naive_explorer(text):
    checked = analyse_text(text, "random.vcspec")
    assume(checked.ok)
    try:
        agree(checked.model)
    except TooBig:
        assume(False)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(specs(symmetric=True))
def test_random_symmetric_specs_agree_with_naive_explorer(text):
    """Symmetry reduction: the states it stands for are the naive explorer's,
    and verdicts and shortest-trace lengths are the same."""
    checked = analyse_text(text, "random.vcspec")
    assume(checked.ok)
    model = checked.model
    assert model.symmetry == ("E",), text
    try:
        naive = explore(model, keep_edges=True, limit=3000)
    except TooBig:
        assume(False)
    report = check(model)
    if report.symmetry:
        assert report.stats.distinct_states_unreduced == len(naive.states)
    for prop in report.properties:
        if prop.kind == "temporal":
            continue
        assert_safety_verdict(prop, report, naive)


def assert_safety_verdict(prop, report, naive) -> None:
    """The naive explorer's shortest violation, or HOLDS after a complete search."""
    if prop.name in naive.violations:
        assert prop.verdict is Verdict.VIOLATED, prop
        assert prop.trace_length == naive.violations[prop.name], prop
    elif report.stats.complete:
        assert prop.verdict is Verdict.HOLDS, prop
    else:  # stopped early: every selected property is violated
        assert report.stats.stop_reason == "all properties violated"
        assert prop.verdict is Verdict.BOUNDED, prop

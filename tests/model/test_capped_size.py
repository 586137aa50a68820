"""Type sizes with saturation: exact below the cap, `cap + 1` above it, and
never a huge integer (a huge type is a VCS311 diagnostic, not a hang)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vcspec.model import analyse_text
from vcspec.model.types import (
    BOOL,
    MAX_DOMAIN,
    EnumT,
    IntT,
    MapT,
    OptionT,
    QueueT,
    RecordT,
    SetT,
    capped_size,
)

leaves = st.one_of(
    st.just(BOOL),
    st.builds(lambda lo, n: IntT(lo, lo + n), st.integers(-3, 3), st.integers(0, 4)),
    st.builds(lambda n: EnumT("E", tuple(f"M{i}" for i in range(n))), st.integers(1, 4)))


def compound(inner):
    return st.one_of(
        st.builds(OptionT, inner),
        st.builds(lambda ts: RecordT(tuple((f"f{i}", t) for i, t in enumerate(ts))),
                  st.lists(inner, min_size=1, max_size=3)),
        st.builds(MapT, leaves, inner),
        st.builds(SetT, leaves),
        st.builds(QueueT, leaves, st.integers(1, 3)))


types = st.recursive(leaves, compound, max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(types, st.integers(1, 5000))
def test_capped_size_is_the_exact_size_saturated(t, cap):
    assert capped_size(t, cap) == min(t.size(), cap + 1)


def test_huge_types_saturate_without_computing_them():
    huge_map = MapT(IntT(0, 1_000_000), MapT(IntT(0, 1_000_000), BOOL))
    assert capped_size(huge_map) == MAX_DOMAIN + 1
    assert capped_size(SetT(IntT(0, 10**9))) == MAX_DOMAIN + 1
    assert capped_size(QueueT(IntT(0, 10**9), 8)) == MAX_DOMAIN + 1
    assert capped_size(IntT(0, 10**18)) == MAX_DOMAIN + 1


def test_a_huge_map_variable_is_vcs311():
    checked = analyse_text("spec S\nprocess P {\n  var m: [0..1000000] -> [0..1000000] -> bool\n"
                    "  action A { m[0][0] := true }\n}\n", "s.vcspec")
    assert [d.code for d in checked.diagnostics if d.is_error] == ["VCS311"]


def test_a_huge_type_read_by_an_init_predicate_is_vcs311():
    """A variable without an initial value that an `init:` predicate reads
    ranges over its type: 4 x 10^9 records were enumerated (a fuzzed
    inner_fifo took 23 GB in lint); now VCS311 at the variable."""
    checked = analyse_text(
        "spec S\ntype Chan = record { rdy: 0..1, ack: 0..1000000000 }\n"
        "process P {\n  var c: Chan\n  action A when c.rdy == 0 { c.rdy := 1 }\n}\n"
        "init: P.c.ack == P.c.rdy\n", "s.vcspec")
    errors = [d for d in checked.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["VCS311"]
    assert "init predicate" in errors[0].message and errors[0].span.line == 4


def test_a_small_type_read_by_an_init_predicate_is_enumerated():
    checked = analyse_text(
        "spec S\ntype Chan = record { rdy: 0..1, ack: 0..1 }\n"
        "process P {\n  var c: Chan\n  action A when c.rdy == 0 { c.rdy := 1 }\n}\n"
        "init: P.c.ack == P.c.rdy\n", "s.vcspec")
    assert checked.ok, [d.message for d in checked.diagnostics]

"""A simulation walk keeps its trail with cycles cut as they close: the kept
steps are those of the walk with each state followed by the step taken after
its last visit (what shortening would cut), and their number never exceeds
the states visited, however long the walk."""

from hypothesis import given
from hypothesis import strategies as st

from vcspec.explicit.simulate import _Trail


def last_visit_path(start: int, walk: list[tuple[int, int]]) -> list[int]:
    """The reference: from each state, jump to its last visit and take the
    step made there."""
    states = [start] + [state for _, state in walk]
    last = {state: i for i, state in enumerate(states)}
    kept, i = [], 0
    while i < len(walk):
        i = last[states[i]]
        if i < len(walk):
            kept.append(walk[i][0])
            i += 1
    return kept


walks = st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 5)), max_size=60)


@given(st.integers(0, 5), walks)
def test_trail_is_the_walk_from_each_last_visit(start, walk):
    trail = _Trail(start)
    for instance, state in walk:
        trail.step(instance, state)
    assert trail.instances == last_visit_path(start, walk)
    assert trail.taken == len(walk)
    assert len(trail.instances) == len(trail.states) - 1 <= 5


def test_a_long_walk_in_a_small_space_keeps_a_short_trail():
    trail = _Trail(0)
    for step in range(200_000):
        trail.step(step, step % 7)
    assert trail.taken == 200_000
    assert len(trail.instances) <= 6
    assert trail.states == [0, 1, 2, 3, 4, 5, 6][:len(trail.states)]

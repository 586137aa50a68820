"""Fair components on arrays (vcspec/explicit/fairness.py, scipy SCCs and
vectorised group-bys) against the per-state Python reference (tarjan.py), on
random graphs with random weak and strong groups, and on explored specs."""

from __future__ import annotations

import random
from array import array

import numpy as np
import pytest
import tarjan
from conftest import ROOT

from vcspec.compile.build import build
from vcspec.engine.limits import Limits
from vcspec.explicit.bfs import NO_PARENT, Exploration, Search, Selection
from vcspec.explicit.fairness import FairnessTest, Group, fairness_groups
from vcspec.explicit.graph import Graph
from vcspec.model import load


def random_graph(rng: random.Random, n: int, labels: int) -> Graph:
    targets, edge_labels, offsets = array("I"), array("I"), array("Q", [0])
    for _ in range(n):
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            targets.append(rng.randrange(n))
            edge_labels.append(rng.randrange(labels))
        offsets.append(len(targets))
    ex = Exploration(list(range(n)), array("I", [NO_PARENT] * n), [n], [0] * labels)
    ex.targets, ex.labels, ex.offsets = targets, edge_labels, offsets
    return Graph(ex)


def random_groups(rng: random.Random, labels: int, count: int):
    """Groups of one or two action labels; a group of one is often left untaken."""
    groups = [Group(i, rng.choice(["weak", "strong"]), f"g{i}",
                    frozenset(rng.sample(range(labels), rng.randint(1, min(2, labels)))))
              for i in range(count)]
    of_instance = [tuple(g.index for g in groups if k in g.instances) for k in range(labels)]
    return groups, of_instance


def as_lists(components) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for u in np.flatnonzero(components.mask).tolist():
        out.setdefault(int(components.label[u]), []).append(u)
    return sorted(out.values())


@pytest.mark.parametrize("seed", range(60))
def test_random_graphs_agree_with_the_reference(seed):
    rng = random.Random(seed)
    n, labels = rng.randint(1, 40), rng.randint(1, 9)
    g = random_graph(rng, n, labels)
    groups, of_instance = random_groups(rng, labels, rng.randint(0, 4 if seed % 7 else 70))
    fair = FairnessTest(g, groups, of_instance)
    for _ in range(3):
        inside = bytearray(rng.random() < 0.8 for _ in range(n))
        expected = tarjan.fair_components(g, groups, of_instance, inside)
        assert as_lists(fair.fair_components(inside)) == expected
        assert all(fair.enabled(u) == tarjan.enabled(g, of_instance, u) for u in range(n))


def test_some_random_graph_has_a_fair_and_an_unfair_component():
    """The random cases are not all trivial: strong refinement happens."""
    refined = fair = 0
    for seed in range(60):
        rng = random.Random(seed)
        n, labels = rng.randint(1, 40), rng.randint(1, 9)
        g = random_graph(rng, n, labels)
        groups, of_instance = random_groups(rng, labels, rng.randint(0, 4 if seed % 7 else 70))
        everything = bytearray(b"\x01") * n
        found = tarjan.fair_components(g, groups, of_instance, everything)
        fair += any(len(c) > 1 for c in found)
        whole = {tuple(c) for c in tarjan.sccs(g, range(n), everything)}
        refined += any(tuple(c) not in whole for c in found)
    assert fair > 10 and refined > 0


@pytest.mark.parametrize("name, consts", [
    ("dining_philosophers", {}), ("covc", {"K": "2"}), ("alternating_bit", {}),
    ("readers_writers", {}), ("tcp_connection", {}), ("two_phase_commit", {}),
])
def test_explored_specs_agree_with_the_reference(name, consts):
    path = ROOT / "specs" / "examples" / f"{name}.vcspec"
    ts = build(load(path, consts))
    ex = Search(ts, Selection((), (), False), Limits(), graph=True).run()
    g = Graph(ex)
    groups, of_instance = fairness_groups(ts)
    fair = FairnessTest(g, groups, of_instance)
    rng = random.Random(1)
    masks = [bytearray(b"\x01") * g.n] + [bytearray(rng.random() < 0.9 for _ in range(g.n))
                                          for _ in range(2)]
    for inside in masks:
        assert as_lists(fair.fair_components(inside)) == \
            tarjan.fair_components(g, groups, of_instance, inside)

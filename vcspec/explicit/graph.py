"""The explored state graph (CSR arrays from a graph-mode search) and the
graph algorithms liveness needs, over subgraphs given as membership masks
(bytearray, 1 = member): forward and backward reachability (whole sets, in
numpy: vcspec/explicit/csr.py) and shortest paths (here, in Python: which
path is chosen is part of the answer)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np

from vcspec.explicit.bfs import Exploration
from vcspec.explicit.csr import CSR, as_mask


class Graph:
    def __init__(self, ex: Exploration):
        self.n = len(ex.states)
        self.targets = ex.targets
        self.labels = ex.labels
        self.offsets = ex.offsets
        self.exploration = ex
        self.csr = CSR(self.n, ex.targets, ex.labels, ex.offsets)

    def edges(self, u: int) -> range:
        """Positions of u's outgoing edges in targets/labels."""
        return range(self.offsets[u], self.offsets[u + 1])

    def is_dead_end(self, u: int) -> bool:
        return self.offsets[u] == self.offsets[u + 1]

    def mask(self, members: Iterable[int] = ()) -> bytearray:
        out = bytearray(self.n)
        for u in members:
            out[u] = 1
        return out

    # ------------------------------------------------------------ reachability
    def reach(self, sources: Iterable[int], inside: bytearray) -> bytearray:
        """Members of `inside` reachable from the sources inside it."""
        return _bytes(self.csr.reach(list(sources), as_mask(inside)))

    def backward(self, goals: Iterable[int], inside: bytearray) -> bytearray:
        """The goals and the members of `inside` from which a goal is reachable
        inside it."""
        return _bytes(self.csr.backward(list(goals), as_mask(inside)))

    # ------------------------------------------------------------ paths
    def shortest_path(self, sources: Iterable[int], goal: bytearray,
                      inside: bytearray) -> list[tuple[int, int | None]] | None:
        """BFS inside the subgraph from the sources (in order) to the first
        goal state: [(state, edge position that led to it)]."""
        parent: dict[int, tuple[int | None, int | None]] = {}
        queue: deque[int] = deque()
        for s in sources:
            if inside[s] and s not in parent:
                parent[s] = (None, None)
                queue.append(s)
        while queue:
            u = queue.popleft()
            if goal[u]:
                return _unwind(parent, u)
            for p in self.edges(u):
                v = self.targets[p]
                if inside[v] and v not in parent:
                    parent[v] = (u, p)
                    queue.append(v)
        return None

    def path_to(self, start: int, goal: int, inside: bytearray) -> list[tuple[int, int | None]]:
        target = bytearray(self.n)
        target[goal] = 1
        return self.shortest_path([start], target, inside)

    def tree_path(self, index: int) -> list[tuple[int, int | None]]:
        """The search's shortest path to a state, with the edge of each step."""
        states = self.exploration.path(index)
        out: list[tuple[int, int | None]] = [(states[0], None)]
        for u, v in zip(states, states[1:]):
            edge = next(p for p in self.edges(u) if self.targets[p] == v)
            out.append((v, edge))
        return out


def _unwind(parent: dict, u: int) -> list[tuple[int, int | None]]:
    out = []
    node: int | None = u
    while node is not None:
        previous, edge = parent[node]
        out.append((node, edge))
        node = previous
    out.reverse()
    return out


def _bytes(mask: np.ndarray) -> bytearray:
    return bytearray(mask.astype(np.uint8).tobytes())

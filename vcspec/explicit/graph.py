"""The explored state graph (CSR arrays from a graph-mode search) and the
graph algorithms liveness needs, over subgraphs given as membership masks
(bytearray, 1 = member): SCCs (iterative Tarjan), forward and backward
reachability, shortest paths."""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable

from vcspec.explicit.bfs import Exploration


class Graph:
    def __init__(self, ex: Exploration):
        self.n = len(ex.states)
        self.targets = ex.targets
        self.labels = ex.labels
        self.offsets = ex.offsets
        self.exploration = ex
        self._reverse: tuple[array, array] | None = None

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

    # ------------------------------------------------------------ SCCs
    def sccs(self, roots: Iterable[int], inside: bytearray) -> list[list[int]]:
        """Strongly connected components of the subgraph `inside`, reached from
        `roots` (iterative Tarjan). Each component is sorted."""
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack = bytearray(self.n)
        stack: list[int] = []
        out: list[list[int]] = []
        targets, offsets = self.targets, self.offsets
        counter = 0
        for root in roots:
            if root in index or not inside[root]:
                continue
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack[root] = 1
            work = [(root, offsets[root])]
            while work:
                u, pos = work[-1]
                end = offsets[u + 1]
                low_u = low[u]
                while pos < end:
                    v = targets[pos]
                    pos += 1
                    if not inside[v]:
                        continue
                    if v not in index:
                        break
                    if on_stack[v] and index[v] < low_u:
                        low_u = index[v]
                else:
                    v = -1
                low[u] = low_u
                if v >= 0 and v not in index:
                    work[-1] = (u, pos)
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack[v] = 1
                    work.append((v, offsets[v]))
                    continue
                work.pop()
                if low_u == index[u]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack[w] = 0
                        component.append(w)
                        if w == u:
                            break
                    component.sort()
                    out.append(component)
                if work:
                    parent = work[-1][0]
                    if low_u < low[parent]:
                        low[parent] = low_u
        return out

    def is_cyclic(self, component: list[int]) -> bool:
        if len(component) > 1:
            return True
        u = component[0]
        return any(self.targets[p] == u for p in self.edges(u))

    # ------------------------------------------------------------ reachability
    def reach(self, sources: Iterable[int], inside: bytearray) -> bytearray:
        """Members of `inside` reachable from the sources inside it."""
        seen = bytearray(self.n)
        queue = deque()
        for s in sources:
            if inside[s] and not seen[s]:
                seen[s] = 1
                queue.append(s)
        targets, offsets = self.targets, self.offsets
        while queue:
            u = queue.popleft()
            for p in range(offsets[u], offsets[u + 1]):
                v = targets[p]
                if inside[v] and not seen[v]:
                    seen[v] = 1
                    queue.append(v)
        return seen

    def reverse(self) -> tuple[array, array]:
        """Predecessor lists in CSR form (built once)."""
        if self._reverse is None:
            counts = array("Q", bytes(8 * (self.n + 1)))
            for v in self.targets:
                counts[v + 1] += 1
            for i in range(self.n):
                counts[i + 1] += counts[i]
            place = array("Q", counts)
            sources = array("I", bytes(4 * len(self.targets)))
            offsets, targets = self.offsets, self.targets
            for u in range(self.n):
                for p in range(offsets[u], offsets[u + 1]):
                    v = targets[p]
                    sources[place[v]] = u
                    place[v] += 1
            self._reverse = (counts, sources)
        return self._reverse

    def backward(self, goals: Iterable[int], inside: bytearray) -> bytearray:
        """Members of `inside` from which a goal is reachable inside it."""
        starts, sources = self.reverse()
        seen = bytearray(self.n)
        queue = deque()
        for g in goals:
            if not seen[g]:
                seen[g] = 1
                queue.append(g)
        while queue:
            v = queue.popleft()
            for p in range(starts[v], starts[v + 1]):
                u = sources[p]
                if inside[u] and not seen[u]:
                    seen[u] = 1
                    queue.append(u)
        return seen

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

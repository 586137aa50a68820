"""The explored transition graph as numpy CSR arrays, and the whole-graph
algorithms liveness needs over subgraphs given as masks (uint8, 1 = member):
strongly connected components and forward/backward reachability, done by
scipy.sparse.csgraph in C. A subgraph is the full graph with the edges that
leave the mask dropped (one vectorised filter, no sort).

Every answer here is a set (labels or a membership mask), so it does not
depend on the order in which C visits the graph; paths and lassos, whose
choice matters, stay in vcspec/explicit/graph.py.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components


def as_mask(values) -> np.ndarray:
    """A 0/1 bytearray (or array) as a bool array, without copying bytes."""
    if isinstance(values, np.ndarray):
        return values.astype(bool, copy=False)
    return np.frombuffer(values, dtype=np.uint8).astype(bool)


class CSR:
    """Edges of state u are targets[offsets[u]:offsets[u + 1]] (labels alike).

    scipy's graph routines need canonical CSR (each row's targets sorted, no
    duplicates: with unsorted rows its strong components are wrong), so the
    structure they see is a second, canonical edge list `pairs` (each (u, v)
    once, sorted), and its reverse `back` for backward search."""

    def __init__(self, n: int, targets, labels, offsets):
        self.n = n
        self.targets = _ints(targets, np.int32)
        self.labels = _ints(labels, np.int64)
        self.offsets = np.frombuffer(offsets, dtype=np.uint64).astype(np.int64)
        self.degree = np.diff(self.offsets)
        self.sources = np.repeat(np.arange(n, dtype=np.int32), self.degree)
        self.pairs = _canonical(self.sources, self.targets, n)
        self.back = _canonical(self.pairs[1], self.pairs[0], n)
        self._cyclic: tuple | None = None

    # ------------------------------------------------------------ subgraphs
    def inner_edges(self, mask: np.ndarray, among: np.ndarray | None = None,
                    edges: tuple | None = None) -> np.ndarray:
        """Positions of the edges (labelled ones, or the canonical `edges`
        pairs; only those of `among` if given) with both ends in the mask."""
        sources, targets = edges if edges is not None else (self.sources, self.targets)
        if among is None:
            return np.flatnonzero(mask[sources] & mask[targets])
        return among[mask[sources[among]] & mask[targets[among]]]

    def _matrix(self, pairs: tuple, keep: np.ndarray, extra: np.ndarray | None = None):
        """The canonical subgraph of the kept pairs (positions, ascending);
        with `extra`, one more node (index n) with an edge to each of them."""
        sources, targets = pairs
        counts = np.bincount(sources[keep], minlength=self.n)
        indices = targets[keep]
        size = self.n
        if extra is not None:
            extra = np.flatnonzero(np.bincount(extra, minlength=self.n)).astype(np.int32)
            counts = np.append(counts, len(extra))
            indices = np.concatenate([indices, extra])
            size += 1
        indptr = np.zeros(size + 1, dtype=np.int32)
        np.cumsum(counts, out=indptr[1:])
        graph = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(size, size))
        graph.has_sorted_indices = True  # true by construction: no sort, no copy
        graph.has_canonical_format = True
        return graph

    def scc_labels(self, keep: np.ndarray) -> np.ndarray:
        """A component label per state of the subgraph made of the kept pairs
        (a state without a kept pair is a component of its own)."""
        _, labels = connected_components(self._matrix(self.pairs, keep), directed=True,
                                         connection="strong")
        return labels

    def cyclic(self) -> tuple:
        """(states on a cycle, pairs and labelled edges inside a strongly
        connected component) of the whole graph, computed once: every cycle
        of a subgraph lies in there (None: every edge is)."""
        if self._cyclic is None:
            labels = self.scc_labels(np.arange(len(self.pairs[0])))
            pairs = np.flatnonzero(labels[self.pairs[0]] == labels[self.pairs[1]])
            edges = np.flatnonzero(labels[self.sources] == labels[self.targets])
            on_cycle = np.zeros(self.n, dtype=bool)
            on_cycle[self.pairs[0][pairs]] = True
            if len(pairs) == len(self.pairs[0]):  # one component: no restriction
                pairs = edges = None
            self._cyclic = (on_cycle, pairs, edges)
        return self._cyclic

    # ------------------------------------------------------------ reachability
    def reach(self, sources, mask: np.ndarray) -> np.ndarray:
        """Members of the mask reachable inside it from the sources inside it."""
        return self._search(self.pairs, np.asarray(sources, dtype=np.int64), mask, mask)

    def backward(self, goals, mask: np.ndarray) -> np.ndarray:
        """The goals, and the members of the mask from which a goal is reachable
        inside it."""
        goals = np.asarray(goals, dtype=np.int64)
        inside = mask.copy()
        inside[goals] = True
        return self._search(self.back, goals, inside, inside)

    def _search(self, pairs: tuple, starts: np.ndarray, mask: np.ndarray,
                admit: np.ndarray) -> np.ndarray:
        starts = starts[admit[starts]] if len(starts) else starts
        out = np.zeros(self.n, dtype=bool)
        if not len(starts):
            return out
        graph = self._matrix(pairs, self.inner_edges(mask, edges=pairs), starts)
        found = breadth_first_order(graph, self.n, directed=True, return_predecessors=False)
        out[found[found < self.n]] = True
        return out


def _ints(values, dtype) -> np.ndarray:
    if not len(values):
        return np.zeros(0, dtype)
    return np.frombuffer(values, dtype=np.uint32).astype(dtype)


def _canonical(sources: np.ndarray, targets: np.ndarray, n: int) -> tuple:
    """The distinct (source, target) pairs, sorted by source then target."""
    keys = sources.astype(np.int64) * max(n, 1) + targets
    keys.sort()
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    return (keys // max(n, 1)).astype(np.int32), (keys % max(n, 1)).astype(np.int32)


def group_reduce(ufunc, keys: np.ndarray, rows: np.ndarray, count: int) -> np.ndarray:
    """rows (uint64 words) reduced with ufunc (bitwise or/and) per key in
    0..count-1; keys that never occur get the ufunc's identity."""
    fill = np.uint64(0xFFFFFFFFFFFFFFFF) if ufunc is np.bitwise_and else np.uint64(0)
    columns = []
    for word in range(rows.shape[1]):
        column = np.full(count, fill, dtype=np.uint64)
        ufunc.at(column, keys, rows[:, word])  # unbuffered, in C: no sort
        columns.append(column)
    return np.stack(columns, axis=1)

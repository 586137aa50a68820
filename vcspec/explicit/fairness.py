"""Fairness constraints as groups of action instances, and the test of an SCC.

A declaration `fairness weak P` becomes one group per fair instance
(vcspec/model/ir.Fairness.per_instance leading arguments identify it): a family's
process gives one group per family instance; `strong P.A` gives one group
per parameter valuation. A group is enabled in a state when one of its
instances has a successor there (a guard that holds but fails at run time is
a runtime violation, reported separately), and taken on a transition labelled
with one of its instances.

On a loop that visits every state and transition of a strongly connected
set C:
  weak g    is satisfied iff g is taken in C or disabled in some state of C
  strong g  is satisfied iff g is taken in C or disabled in every state of C

Under `semantics stuttering` (TLA+) a step that leaves the state as it is
is a stutter: it neither enables nor takes a group (TLA+'s WF_v(A) is about
<A>_v, a step of A that changes v), and every state may stutter forever, which
is a fair run there when no fair group is enabled in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vcspec.compile.ts import TransitionSystem
from vcspec.explicit.csr import as_mask, group_reduce
from vcspec.explicit.graph import Graph
from vcspec.model.evaluate import format_value


@dataclass(frozen=True)
class Group:
    index: int
    kind: str  # weak | strong
    description: str  # "weak Phil (p = 2)"
    instances: frozenset[int]


def fairness_groups(ts: TransitionSystem) -> tuple[list[Group], list[tuple[int, ...]]]:
    """The groups, and for every action instance the groups it belongs to."""
    groups: list[Group] = []
    for fair in ts.model.fairness:
        keyed: dict[tuple, list[int]] = {}
        for inst in ts.instances:
            if inst.name in fair.actions:
                keyed.setdefault(inst.args[:fair.per_instance], []).append(inst.index)
        for key, members in keyed.items():
            sample = ts.instances[members[0]]
            groups.append(Group(len(groups), fair.kind, _describe(fair, sample, key),
                                frozenset(members)))
    of_instance: list[list[int]] = [[] for _ in ts.instances]
    for group in groups:
        for k in group.instances:
            of_instance[k].append(group.index)
    return groups, [tuple(g) for g in of_instance]


def _describe(fair, inst, key: tuple) -> str:
    target = fair.actions[0] if len(fair.actions) == 1 else fair.process
    if fair.any:
        target = f"any {target}"
    if not key:
        return f"{fair.kind} {target}"
    params = inst.action.params[:len(key)]
    inner = ", ".join(f"{n} = {format_value(v, t)}" for (n, t), v in zip(params, key))
    return f"{fair.kind} {target} ({inner})"


class FairnessTest:
    """Fairness of strongly connected sets of the explored graph, judged for
    all components of a subgraph at once.

    Groups are bits (W 64-bit words per row): every action instance has the
    bits of its groups, every state the bits of the groups enabled there (the
    union over its outgoing edges), computed once. Per component, vectorised
    group-bys give the groups taken inside it and those enabled in all or in
    some of its states."""

    def __init__(self, graph: Graph, groups: list[Group], of_instance: list[tuple[int, ...]],
                 stuttering: bool = False):
        self.graph = graph
        self.stuttering = stuttering
        self.csr = graph.csr
        self.groups = groups
        self.of_instance = of_instance
        width = max(1, (len(groups) + 63) // 64)
        self.instance_bits = np.zeros((len(of_instance), width), dtype=np.uint64)
        for k, members in enumerate(of_instance):
            for x in members:
                self.instance_bits[k, x // 64] |= np.uint64(1 << (x % 64))
        self.weak_bits = self._bits(g.index for g in groups if g.kind == "weak")
        self.strong_bits = self._bits(g.index for g in groups if g.kind == "strong")
        csr = self.csr
        # the edges that count for fairness: every one, or under stuttering the changing ones
        self.counts = csr.sources != csr.targets if stuttering else np.ones(len(csr.targets),
                                                                              dtype=bool)
        self.state_bits = group_reduce(np.bitwise_or, csr.sources[self.counts],
                                       self.instance_bits[csr.labels[self.counts]], csr.n)
        fair_bits = self.weak_bits | self.strong_bits
        # states where stuttering forever is a fair run (none under progress)
        self.stutter_fair = ~(self.state_bits & fair_bits).any(axis=1) if stuttering \
            else np.zeros(csr.n, dtype=bool)
        self._cache: dict[bytes, Components] = {}

    def _bits(self, indices) -> np.ndarray:
        out = np.zeros(self.instance_bits.shape[1], dtype=np.uint64)
        for x in indices:
            out[x // 64] |= np.uint64(1 << (x % 64))
        return out

    def enabled(self, u: int) -> frozenset:
        row = self.state_bits[u]
        return frozenset(g.index for g in self.groups
                         if int(row[g.index // 64]) >> (g.index % 64) & 1)

    def taken(self, component: list[int], inside: bytearray) -> set[int]:
        """Groups taken on a transition inside the component."""
        g = self.graph
        targets, labels, offsets = g.targets, g.labels, g.offsets
        taken_labels = set()
        for u in component:
            for p in range(offsets[u], offsets[u + 1]):
                if inside[targets[p]] and not (self.stuttering and targets[p] == u):
                    taken_labels.add(labels[p])
        return {x for k in taken_labels for x in self.of_instance[k]}

    def fair_components(self, inside) -> Components:
        """Maximal strongly connected sets inside the subgraph on which a loop
        can satisfy every constraint (dead ends count: the run stutters there).
        A component unfair for a strong group loses the states enabling it and
        what is left is split again, until nothing changes."""
        key = bytes(inside) if not isinstance(inside, np.ndarray) else inside.tobytes()
        if key not in self._cache:
            if len(self._cache) > 8:
                self._cache.clear()
            self._cache[key] = self._fair(as_mask(inside))
        return self._cache[key]

    def _fair(self, current: np.ndarray) -> Components:
        csr = self.csr
        label = np.full(csr.n, -1, dtype=np.int64)
        dead = np.flatnonzero(current & ((csr.degree == 0) | self.stutter_fair))
        label[dead] = dead  # the run stutters there: fair
        on_cycle, cycle_pairs, cycle_edges = csr.cyclic()
        current = current & on_cycle
        while current.any():
            pairs = csr.inner_edges(current, cycle_pairs, csr.pairs)
            edges = csr.inner_edges(current, cycle_edges)
            members = np.flatnonzero(current)
            _, first, index = np.unique(csr.scc_labels(pairs)[members], return_index=True,
                                        return_inverse=True)
            count, least = len(first), members[first]  # members ascend: least = first seen
            where = np.full(csr.n, -1, dtype=np.int64)
            where[members] = index
            inner = edges[where[csr.sources[edges]] == where[csr.targets[edges]]]
            owner = where[csr.sources[inner]]
            cyclic = np.zeros(count, dtype=bool)
            cyclic[owner] = True  # more than one state, or a self-loop
            moving = inner[self.counts[inner]]
            taken = group_reduce(np.bitwise_or, where[csr.sources[moving]],
                                 self.instance_bits[csr.labels[moving]], count)
            bits = self.state_bits[members]
            everywhere = group_reduce(np.bitwise_and, index, bits, count)
            somewhere = group_reduce(np.bitwise_or, index, bits, count)
            unfair_weak = (self.weak_bits & ~taken & everywhere).any(axis=1)
            bad = self.strong_bits & ~taken & somewhere
            candidate = cyclic & ~unfair_weak
            refine = candidate & bad.any(axis=1)
            good = (candidate & ~refine)[index]
            label[members[good]] = least[index[good]]
            keep = refine[index] & ~(bits & bad[index]).any(axis=1)
            current = np.zeros(csr.n, dtype=bool)
            current[members[keep]] = True
        return Components(label)


class Components:
    """Disjoint sets of states (fair components): label[u] is the least state
    of u's component, -1 outside every component."""

    def __init__(self, label: np.ndarray):
        self.label = label
        self.mask = label >= 0

    def __bool__(self) -> bool:
        return bool(self.mask.any())

    def union(self) -> bytearray:
        return bytearray(self.mask.astype(np.uint8).tobytes())

    def first(self) -> int:
        """The least state in any component."""
        return int(np.argmax(self.mask))

    def members(self, u: int) -> list[int]:
        """The component holding state u, sorted."""
        return np.flatnonzero(self.label == self.label[u]).tolist()

    def touching(self, states: np.ndarray) -> Components:
        """Only the components holding one of the states (a bool mask)."""
        chosen = np.zeros(len(self.label), dtype=bool)
        chosen[self.label[states & self.mask]] = True
        return Components(np.where(self.mask & chosen[self.label], self.label, -1))

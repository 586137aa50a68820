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
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass

from vcspec.compile.ts import TransitionSystem
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
    if not key:
        return f"{fair.kind} {target}"
    params = inst.action.params[:len(key)]
    inner = ", ".join(f"{n} = {format_value(v, t)}" for (n, t), v in zip(params, key))
    return f"{fair.kind} {target} ({inner})"


class FairnessTest:
    """Fairness of strongly connected sets of the explored graph.

    Every state gets an enabled-signature: the index of its set of enabled
    groups in a table (few distinct sets occur), computed once."""

    def __init__(self, graph: Graph, groups: list[Group], of_instance: list[tuple[int, ...]]):
        self.graph = graph
        self.groups = groups
        self.of_instance = of_instance
        self.weak = frozenset(g.index for g in groups if g.kind == "weak")
        self.strong = frozenset(g.index for g in groups if g.kind == "strong")
        self.signature, self.sets = self._signatures() if groups else (None, [frozenset()])

    def _signatures(self):
        g = self.graph
        labels, offsets = g.labels, g.offsets
        table: dict[tuple, int] = {}
        sets: list[frozenset] = []
        signature = array("I", bytes(4 * g.n))
        for u in range(g.n):
            key = tuple(sorted(set(labels[offsets[u]:offsets[u + 1]])))
            sig = table.get(key)
            if sig is None:
                sig = table[key] = len(sets)
                sets.append(frozenset(x for k in key for x in self.of_instance[k]))
            signature[u] = sig
        return signature, sets

    def enabled(self, u: int) -> frozenset:
        return self.sets[self.signature[u]] if self.groups else frozenset()

    def taken(self, component: list[int], inside: bytearray) -> set[int]:
        """Groups taken on a transition inside the component."""
        g = self.graph
        targets, labels, offsets = g.targets, g.labels, g.offsets
        taken_labels = set()
        for u in component:
            for p in range(offsets[u], offsets[u + 1]):
                if inside[targets[p]]:
                    taken_labels.add(labels[p])
        return {x for k in taken_labels for x in self.of_instance[k]}

    def judge(self, component: list[int], inside: bytearray) -> tuple[bool, list[int]]:
        """(weak constraints can hold, states to remove for strong ones)."""
        if not self.groups:
            return True, []
        taken = self.taken(component, inside)
        counts = Counter(self.signature[u] for u in component)
        enabled_in: Counter = Counter()
        for sig, n in counts.items():
            for group in self.sets[sig]:
                enabled_in[group] += n
        for group in self.weak - taken:
            if enabled_in[group] == len(component):
                return False, []
        bad_groups = {x for x in self.strong - taken if enabled_in[x]}
        if not bad_groups:
            return True, []
        bad_sigs = {sig for sig in counts if self.sets[sig] & bad_groups}
        return True, [u for u in component if self.signature[u] in bad_sigs]

    def fair_components(self, inside: bytearray, roots=None) -> list[list[int]]:
        """Maximal strongly connected sets inside the subgraph on which a loop
        can satisfy every constraint (dead ends count: the run stutters there)."""
        g = self.graph
        out: list[list[int]] = []
        scratch = bytearray(g.n)
        work = [(range(g.n) if roots is None else roots, inside)]
        while work:
            roots_, mask = work.pop()
            for component in g.sccs(roots_, mask):
                if len(component) == 1 and g.is_dead_end(component[0]):
                    out.append(component)
                    continue
                if not g.is_cyclic(component):
                    continue
                for u in component:
                    scratch[u] = 1
                ok, bad = self.judge(component, scratch)
                if ok and not bad:
                    out.append(component)
                elif ok:
                    member = bytearray(scratch)
                    for u in bad:
                        member[u] = 0
                    rest = [u for u in component if member[u]]
                    if rest:
                        work.append((rest, member))
                for u in component:
                    scratch[u] = 0
        out.sort()
        return out

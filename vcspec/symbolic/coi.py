"""Cone of influence: the part of the state a predicate depends on.

The cone of a predicate is the smallest set of leaves that holds the leaves it
reads and is closed under the transition relation: for every action instance
that writes a leaf of the cone, the leaves read by its guard, by its error
condition and by the new values of the cone's leaves are in the cone; and
leaves tied together by the initial condition or by the ranges (an option's
presence and value, a queue's length and slots) are in or out together.

Projected onto its cone the system is exact: an instance that writes no leaf
of the cone is a stutter there, the others are enabled and update the cone
from the cone alone, and the initial condition is a product of the cone's part
and the rest's. So a projected state is reachable exactly when it is the
projection of a reachable state, and PDR may search the (often much smaller)
projected system. The invariant it finds mentions the cone's leaves only and
is inductive for the whole system too; the certificate re-checks it there.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from vcspec.symbolic.encode import Encoding, Instance
from vcspec.symbolic.solver import make_solver
from vcspec.symbolic.zterm import FALSE, conj, neg, subterms


@dataclass
class Step:
    """One action instance on the cone's leaves."""

    instance: Instance
    enabled: z3.BoolRef  # guard and no error
    next: list  # the new values of the cone's leaves


@dataclass
class Cone:
    leaves: list[int]  # positions in Encoding.x
    x: list
    xn: list
    init: z3.BoolRef
    domain: z3.BoolRef
    domain_next: z3.BoolRef
    steps: list[Step]


class ConeBuilder:
    """Reads and writes of every instance, computed once per encoding."""

    def __init__(self, enc: Encoding):
        self.enc = enc
        self.position = {v.get_id(): i for i, v in enumerate(enc.x)}
        self.init_parts = _parts(enc.init, self.leaves_of)
        self.domain_parts = _parts(enc.domain, self.leaves_of)
        self.groups = _groups(len(enc.x), [ls for _, ls in self.init_parts + self.domain_parts])
        self.errors = [_possible(inst.error, enc.domain) for inst in enc.instances]
        self.writes = []
        self.reads = []
        for inst, error in zip(enc.instances, self.errors):
            self.writes.append({j for j, (x, nxt) in enumerate(zip(enc.x, inst.next))
                                if not nxt.eq(x)})
            self.reads.append(self.leaves_of(inst.guard) | self.leaves_of(error)
                              | self.leaves_of(inst.admit))
        self._next_reads: dict[tuple[int, int], set[int]] = {}

    def leaves_of(self, formula: z3.ExprRef) -> set[int]:
        return {self.position[e.get_id()] for e in subterms(formula)
                if e.get_id() in self.position}

    def next_reads(self, i: int, j: int) -> set[int]:
        if (i, j) not in self._next_reads:
            self._next_reads[i, j] = self.leaves_of(self.enc.instances[i].next[j])
        return self._next_reads[i, j]

    def cone(self, formula: z3.BoolRef) -> Cone:
        leaves = self.close(self.leaves_of(formula))
        enc = self.enc
        x = [enc.x[j] for j in leaves]
        xn = [enc.xn[j] for j in leaves]
        inside = set(leaves)
        domain = conj(*(p for p, ls in self.domain_parts if ls <= inside))
        to_next = list(zip(enc.x, enc.xn))
        steps = []
        for i, inst in enumerate(enc.instances):
            if self.writes[i] & inside:
                steps.append(Step(inst, conj(inst.guard, neg(self.errors[i]), inst.admit),
                                  [inst.next[j] for j in leaves]))
        return Cone(leaves, x, xn, conj(*(p for p, ls in self.init_parts if ls <= inside)),
                    domain, z3.substitute(domain, to_next), steps)

    def close(self, start: set[int]) -> list[int]:
        cone = self.grouped(start)
        changed = True
        while changed:
            changed = False
            for i in range(len(self.enc.instances)):
                written = self.writes[i] & cone
                if not written:
                    continue
                needed = set(self.reads[i])
                for j in written:
                    needed |= self.next_reads(i, j)
                if not needed <= cone:
                    cone |= self.grouped(needed)
                    changed = True
        return sorted(cone)

    def grouped(self, leaves: set[int]) -> set[int]:
        return {k for j in leaves for k in self.groups[j]}


def _possible(error: z3.BoolRef, domain: z3.BoolRef) -> z3.BoolRef:
    """The error condition, or false when no state in the ranges raises (an
    error guarded by its own negation, such as a push under `len(q) < max`):
    it then reads no leaves."""
    if z3.is_false(error):
        return error
    solver = make_solver()
    solver.add(domain, error)
    return FALSE if solver.check() == z3.unsat else error


def _parts(formula: z3.BoolRef, leaves_of) -> list[tuple[z3.BoolRef, set[int]]]:
    parts = formula.children() if z3.is_and(formula) else [formula]
    return [(p, leaves_of(p)) for p in parts]


def _groups(n: int, sets: list[set[int]]) -> list[frozenset[int]]:
    """For each leaf, the leaves tied to it (union-find over `sets`)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for s in sets:
        items = sorted(s)
        for b in items[1:]:
            parent[find(b)] = find(items[0])
    members: dict[int, set[int]] = {}
    for j in range(n):
        members.setdefault(find(j), set()).add(j)
    return [frozenset(members[find(j)]) for j in range(n)]

"""Queue (sequence) operations on symbolic queues, agreeing with
vcspec/model/evaluate.py's `sequence_op` and `_queue_filter`.

A symbolic queue is a length term and slots, head first (values.SQueue); an
operation that moves elements builds each result slot as a choice over the
source slots it may come from. Each function returns the condition under
which the reference raises (a position outside the queue) with the value.
"""

from __future__ import annotations

import z3

from vcspec.symbolic.values import SV, SQueue, choose, default
from vcspec.symbolic.zterm import cmp, conj, count, disj, same

Result = tuple[SV, z3.BoolRef]


def _outside(q: SQueue, i: z3.ArithRef) -> z3.BoolRef:
    return disj(cmp("lt", i, z3.IntVal(0)), cmp("ge", i, q.length))


def _at_position(q: SQueue, i: z3.ArithRef, fallback: SV) -> SV:
    return choose([(same(i, z3.IntVal(k)), s) for k, s in enumerate(q.slots)], fallback)


def at(q: SQueue, i: z3.ArithRef, elem) -> Result:
    fallback = q.slots[0] if q.slots else default(elem)
    return _at_position(q, i, fallback), _outside(q, i)


def last(q: SQueue, elem) -> Result:
    empty = cmp("le", q.length, z3.IntVal(0))
    fallback = q.slots[0] if q.slots else default(elem)
    return _at_position(q, q.length - 1, fallback), empty


def remove_at(q: SQueue, i: z3.ArithRef) -> Result:
    slots = tuple(ite_slot(cmp("lt", z3.IntVal(j), i), q.slots[j], q.slots[j + 1])
                  for j in range(len(q.slots) - 1))
    return SQueue(q.length - 1, slots), _outside(q, i)


def ite_slot(c: z3.BoolRef, a: SV, b: SV) -> SV:
    return choose([(c, a)], b)


def slice_(q: SQueue, a: z3.ArithRef, b: z3.ArithRef) -> Result:
    bad = disj(cmp("lt", a, z3.IntVal(0)), cmp("gt", a, b), cmp("gt", b, q.length))
    slots = tuple(_at_position(q, a + j, q.slots[j]) for j in range(len(q.slots)))
    return SQueue(b - a, slots), bad


def compact(q: SQueue, keep: list[z3.BoolRef]) -> SQueue:
    """The elements of q whose `keep` holds (and that are in q), in order."""
    kept = [conj(cmp("lt", z3.IntVal(k), q.length), c) for k, c in enumerate(keep)]
    slots = []
    for j in range(len(q.slots)):
        # slot j is element k when k is kept and exactly j elements before it are
        options = [(conj(kept[k], same(count(kept[:k]), z3.IntVal(j))), q.slots[k])
                   for k in range(j, len(q.slots))]
        slots.append(choose(options, q.slots[j]))
    return SQueue(count(kept) if kept else z3.IntVal(0), tuple(slots))


def apply(name: str, args: list, t) -> Result:
    """The builtin `name` (evaluate.SEQUENCE_OPS) on symbolic arguments."""
    if name == "at":
        return at(args[0], args[1].t, t)
    if name == "last":
        return last(args[0], t)
    if name == "remove_at":
        return remove_at(args[0], args[1].t)
    return slice_(args[0], args[1].t, args[2].t)

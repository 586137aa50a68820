"""Symbolic values over an uninterpreted sort: one per `--for-all` enum.

A member of a for-all enum is a term of its sort (`USym`); a map keyed by it
is a `UMap` whose template is a value of the map's value type with every z3
leaf replaced by an array from the sort (so `m[k]` selects every leaf at k and
`m[k] := w` stores every leaf of w at k: the frame condition for every other
key); a set of members is a `USet` (an array to Bool). Everything else keeps
the shapes of vcspec/symbolic/values.py, and values without a for-all enum in
them are handled there.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import z3

from vcspec.model.types import BoolT, EnumT, IntT, MapT, OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic import values as V
from vcspec.symbolic.values import SV, Unsupported
from vcspec.symbolic.zterm import FALSE, TRUE, cmp, conj, implies, ite, neg, same

_fresh = itertools.count()


@dataclass(frozen=True, eq=False)
class USym(SV):
    enum: EnumT
    t: z3.ExprRef


@dataclass(frozen=True, eq=False)
class UMap(SV):
    key: EnumT
    template: SV  # the value type's shape; every leaf an array indexed by the key sort


@dataclass(frozen=True, eq=False)
class USet(SV):
    enum: EnumT
    t: z3.ArrayRef


class Sorts:
    """The uninterpreted sort of each for-all enum."""

    def __init__(self, names: tuple[str, ...]):
        self.names = tuple(sorted(names))
        self.sorts = {n: z3.DeclareSort(n) for n in self.names}

    def of(self, t: Type) -> z3.SortRef | None:
        return self.sorts.get(t.name) if isinstance(t, EnumT) else None

    def touches(self, t: Type) -> bool:
        if isinstance(t, EnumT):
            return t.name in self.sorts
        if isinstance(t, OptionT):
            return self.touches(t.inner)
        if isinstance(t, RecordT):
            return any(self.touches(ft) for _, ft in t.fields)
        if isinstance(t, MapT):
            return self.touches(t.key) or self.touches(t.value)
        if isinstance(t, SetT):
            return self.touches(t.elem)
        if isinstance(t, QueueT):
            return self.touches(t.elem)
        return False

    def bound(self, enum: EnumT, hint: str = "w") -> z3.ExprRef:
        return z3.Const(f"{hint}!{next(_fresh)}", self.sorts[enum.name])


def has_u(v: SV) -> bool:
    if isinstance(v, (USym, UMap, USet)):
        return True
    if isinstance(v, V.SOpt):
        return has_u(v.val)
    if isinstance(v, V.SRec):
        return any(has_u(f) for f in v.fields)
    if isinstance(v, V.SMap):
        return any(has_u(e) for e in v.entries)
    if isinstance(v, V.SQueue):
        return any(has_u(s) for s in v.slots)
    return False


# ------------------------------------------------------------------ leaves
def uleaves(v: SV) -> list:
    """Every z3 term of a value, in a fixed structural order."""
    if isinstance(v, (V.SBool, V.SInt, V.SEnum, USym, USet)):
        return [v.t]
    if isinstance(v, UMap):
        return uleaves(v.template)
    if isinstance(v, V.SOpt):
        return [v.some] + uleaves(v.val)
    if isinstance(v, V.SRec):
        return [t for x in v.fields for t in uleaves(x)]
    if isinstance(v, V.SMap):
        return [t for x in v.entries for t in uleaves(x)]
    if isinstance(v, V.SSet):
        return list(v.bits)
    if isinstance(v, V.SQueue):
        return [v.length] + [t for x in v.slots for t in uleaves(x)]
    raise Unsupported(f"the leaves of {type(v).__name__}")


def rebuild(v: SV, it) -> SV:
    """A value of v's shape over the next terms of `it`."""
    if isinstance(v, V.SBool):
        return V.SBool(next(it))
    if isinstance(v, V.SInt):
        return V.SInt(next(it), v.lo, v.hi)
    if isinstance(v, V.SEnum):
        return V.SEnum(v.enum, next(it))
    if isinstance(v, USym):
        return USym(v.enum, next(it))
    if isinstance(v, USet):
        return USet(v.enum, next(it))
    if isinstance(v, UMap):
        return UMap(v.key, rebuild(v.template, it))
    if isinstance(v, V.SOpt):
        some = next(it)
        return V.SOpt(some, rebuild(v.val, it))
    if isinstance(v, V.SRec):
        return V.SRec(tuple(rebuild(x, it) for x in v.fields))
    if isinstance(v, V.SMap):
        return V.SMap(v.keys, tuple(rebuild(x, it) for x in v.entries))
    if isinstance(v, V.SSet):
        return V.SSet(v.universe, tuple(next(it) for _ in v.bits))
    if isinstance(v, V.SQueue):
        length = next(it)
        return V.SQueue(length, tuple(rebuild(x, it) for x in v.slots))
    raise Unsupported(f"the shape of {type(v).__name__}")


def lift(v: SV, f) -> SV:
    return rebuild(v, iter([f(t) for t in uleaves(v)]))


def sel(a: z3.ExprRef, key: z3.ExprRef) -> z3.ExprRef:
    """a[key], beta-reduced when a is a lambda or a constant array."""
    if z3.is_quantifier(a) and a.is_lambda() and a.num_vars() == 1:
        return z3.substitute_vars(a.body(), key)
    if z3.is_K(a):
        return a.arg(0)
    return z3.Select(a, key)


def index(m: UMap, key: z3.ExprRef) -> SV:
    return lift(m.template, lambda a: sel(a, key))


def put(m: UMap, key: z3.ExprRef, value: SV) -> UMap:
    """m with `value` (in the value type's canonical shape) at key."""
    new = uleaves(value)
    old = uleaves(m.template)
    if len(new) != len(old):
        raise Unsupported("a map entry of a different shape")
    return UMap(m.key, rebuild(m.template, iter([z3.Store(a, key, b) for a, b in zip(old, new)])))


# ------------------------------------------------------------------ select, equality
def uselect(c: z3.BoolRef, a: SV, b: SV) -> SV:
    if not (has_u(a) or has_u(b)):
        return V.select(c, a, b)
    if z3.is_true(c) or a is b:
        return a
    if z3.is_false(c):
        return b
    if isinstance(a, V.SNone) or isinstance(b, V.SNone):
        other = b if isinstance(a, V.SNone) else a
        some = V._some(other)
        return V.SOpt(conj(neg(c), some) if isinstance(a, V.SNone) else conj(c, some),
                      V._inner(other))
    if isinstance(a, V.SOpt) or isinstance(b, V.SOpt):
        return V.SOpt(ite(c, V._some(a), V._some(b)), uselect(c, V._inner(a), V._inner(b)))
    if isinstance(a, V.SRec):
        return V.SRec(tuple(uselect(c, x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, V.SMap):
        return V.SMap(a.keys, tuple(uselect(c, x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, V.SQueue):
        if len(a.slots) != len(b.slots):
            raise Unsupported("if-then-else of queues of members of different lengths")
        return V.SQueue(ite(c, a.length, b.length),
                        tuple(uselect(c, x, y) for x, y in zip(a.slots, b.slots)))
    xs, ys = uleaves(a), uleaves(b)
    if len(xs) != len(ys):
        raise Unsupported("if-then-else of values of different shapes")
    return rebuild(a, iter([ite(c, x, y) for x, y in zip(xs, ys)]))


def ueq(a: SV, b: SV) -> z3.BoolRef:
    if not (has_u(a) or has_u(b)):
        return V.eq(a, b)
    if isinstance(a, V.SNone) or isinstance(b, V.SNone):
        other = b if isinstance(a, V.SNone) else a
        return neg(other.some) if isinstance(other, V.SOpt) else FALSE
    if isinstance(a, V.SOpt) and isinstance(b, V.SOpt):
        return conj(same(a.some, b.some), implies(a.some, ueq(a.val, b.val)))
    if isinstance(a, V.SOpt):
        return conj(a.some, ueq(a.val, b))
    if isinstance(b, V.SOpt):
        return conj(b.some, ueq(a, b.val))
    if isinstance(a, V.SRec):
        return conj(*(ueq(x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, V.SMap):
        return conj(*(ueq(x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, V.SQueue):
        if len(a.slots) != len(b.slots):
            raise Unsupported("equality of queues of members of different lengths")
        parts = [same(a.length, b.length)]
        for i, (x, y) in enumerate(zip(a.slots, b.slots)):
            parts.append(implies(cmp("lt", z3.IntVal(i), a.length), ueq(x, y)))
        return conj(*parts)
    xs, ys = uleaves(a), uleaves(b)
    if len(xs) != len(ys):
        raise Unsupported("equality of values of different shapes")
    return conj(*(same(x, y) for x, y in zip(xs, ys)))


# ------------------------------------------------------------------ state values
class Shapes:
    """Fresh state values and their ranges, for the types of a model."""

    def __init__(self, sorts: Sorts):
        self.sorts = sorts
        self.absent: dict[str, z3.ExprRef] = {}

    def fresh(self, t: Type, name: str, index: tuple = ()) -> SV:
        """A value of type t whose leaves are fresh constants (arrays over
        `index`, the key sorts of the enclosing for-all maps)."""
        def leaf(sort, suffix=""):
            for s in reversed(index):
                sort = z3.ArraySort(s, sort)
            return z3.Const(name + suffix, sort)

        if isinstance(t, BoolT):
            return V.SBool(leaf(z3.BoolSort()))
        if isinstance(t, IntT):
            if not t.finite:
                raise Unsupported(f"{name}: an unbounded integer variable")
            return V.SInt(leaf(z3.IntSort()), t.lo, t.hi)
        if isinstance(t, EnumT):
            sort = self.sorts.of(t)
            return USym(t, leaf(sort)) if sort is not None else V.SEnum(t, leaf(z3.IntSort()))
        if isinstance(t, OptionT):
            return V.SOpt(leaf(z3.BoolSort(), "?"), self.fresh(t.inner, name, index))
        if isinstance(t, RecordT):
            return V.SRec(tuple(self.fresh(ft, f"{name}.{n}", index) for n, ft in t.fields))
        if isinstance(t, MapT):
            sort = self.sorts.of(t.key)
            if sort is not None:
                return UMap(t.key, self.fresh(t.value, f"{name}[*]", index + (sort,)))
            return V.SMap(t.key.domain(), tuple(
                self.fresh(t.value, f"{name}[{k}]", index) for k in t.key.domain()))
        if isinstance(t, SetT):
            sort = self.sorts.of(t.elem)
            if sort is not None:
                return USet(t.elem, leaf(z3.ArraySort(sort, z3.BoolSort()), "{*}"))
            if self.sorts.touches(t.elem):
                raise Unsupported(f"{name}: a set of values holding members of a for-all enum")
            dom = t.elem.domain()
            return V.SSet(dom, tuple(self.fresh(BoolT(), f"{name}{{{u}}}", index).t
                                     for u in dom))
        if isinstance(t, QueueT):
            return V.SQueue(leaf(z3.IntSort(), ".len"), tuple(
                self.fresh(t.elem, f"{name}[{i}]", index) for i in range(t.max)))
        raise Unsupported(f"{name}: a variable of type {t}")

    def domain(self, v: SV, t: Type) -> z3.BoolRef:
        """The ranges of v's leaves (not canonical form: an absent option's
        payload and slots past a queue's length are left free)."""
        if isinstance(t, IntT):
            return conj(cmp("ge", v.t, z3.IntVal(t.lo)), cmp("le", v.t, z3.IntVal(t.hi)))
        if isinstance(t, EnumT):
            if isinstance(v, USym):
                return TRUE
            return conj(cmp("ge", v.t, z3.IntVal(0)), cmp("lt", v.t, z3.IntVal(len(t.members))))
        if isinstance(t, OptionT):
            return self.domain(v.val, t.inner)
        if isinstance(t, RecordT):
            return conj(*(self.domain(x, ft) for x, (_, ft) in zip(v.fields, t.fields)))
        if isinstance(v, UMap):
            k = self.sorts.bound(t.key, "k")
            body = self.domain(index(v, k), t.value)
            return TRUE if z3.is_true(body) else z3.ForAll([k], body)
        if isinstance(t, MapT):
            return conj(*(self.domain(x, t.value) for x in v.entries))
        if isinstance(t, QueueT):
            parts = [cmp("ge", v.length, z3.IntVal(0)), cmp("le", v.length, z3.IntVal(t.max))]
            return conj(*parts, *(self.domain(s, t.elem) for s in v.slots))
        return TRUE

    def absent_member(self, enum: EnumT) -> USym:
        """The payload of an absent optional member (any member does)."""
        if enum.name not in self.absent:
            self.absent[enum.name] = z3.Const(f"{enum.name}!none", self.sorts.sorts[enum.name])
        return USym(enum, self.absent[enum.name])

    def const(self, value, t: Type) -> SV:
        """A literal of a type holding a for-all enum: only values that do
        not name a member (the whole enum, the empty set, none, a map with
        one value for every key)."""
        if not self.sorts.touches(t):
            return V.const(value, t)
        if isinstance(t, SetT) and self.sorts.of(t.elem) is not None:
            sort = self.sorts.of(t.elem)
            if value == frozenset(t.elem.members):
                return USet(t.elem, z3.K(sort, TRUE))
            if not value:
                return USet(t.elem, z3.K(sort, FALSE))
        if isinstance(t, OptionT):
            if value is None:
                inner = self.default_shape(t.inner)
                return V.SOpt(FALSE, inner)
            return V.SOpt(TRUE, self.const(value, t.inner))
        if isinstance(t, MapT) and self.sorts.of(t.key) is not None:
            entries = set(value)
            if len(entries) == 1:
                entry = self.const(value[0], t.value)
                sort = self.sorts.of(t.key)
                return UMap(t.key, lift(entry, lambda leaf: z3.K(sort, leaf)))
        if isinstance(t, RecordT):
            return V.SRec(tuple(self.const(x, ft) for x, (_, ft) in zip(value, t.fields)))
        if isinstance(t, MapT):
            return V.SMap(t.key.domain(), tuple(self.const(x, t.value) for x in value))
        raise Unsupported(f"a literal of type {t} that names members of a for-all enum")

    def default_shape(self, t: Type) -> SV:
        if isinstance(t, EnumT) and self.sorts.of(t) is not None:
            return self.absent_member(t)
        return self.const(t.default(), t)

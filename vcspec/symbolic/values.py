"""Symbolic values: z3 terms shaped like the semantic values of vcspec/model/types.py.

  SBool   a Bool term                    SInt   an Int term and static bounds
  SEnum   the member's index (Int)       SNone  the literal none
  SOpt    presence (Bool) and a value    SRec   one value per field
  SMap    one value per key (key domain order)
  SSet    one Bool per element of a finite universe of semantic values
  SQueue  a length (Int) and slots, head first

Here: constants, equality, if-then-else and finite supports. The canonical
(state) shape of values, storing into it and decoding from it: canon.py.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import z3

from vcspec.model.evaluate import value_sort_key
from vcspec.model.types import (
    BoolT,
    EnumT,
    IntT,
    MapT,
    NoneT,
    OptionT,
    QueueT,
    RecordT,
    SetT,
    Type,
)
from vcspec.symbolic import zterm as zt

SUPPORT_LIMIT = 1 << 12


class Unsupported(Exception):
    """A construct the symbolic encoding does not handle (reported as UNKNOWN)."""


class SV:
    """A symbolic value."""


@dataclass(frozen=True, eq=False)
class SBool(SV):
    t: z3.BoolRef


@dataclass(frozen=True, eq=False)
class SInt(SV):
    t: z3.ArithRef
    lo: int | None = None
    hi: int | None = None


@dataclass(frozen=True, eq=False)
class SEnum(SV):
    enum: EnumT
    t: z3.ArithRef


@dataclass(frozen=True, eq=False)
class SNone(SV):
    pass


@dataclass(frozen=True, eq=False)
class SOpt(SV):
    some: z3.BoolRef
    val: SV


@dataclass(frozen=True, eq=False)
class SRec(SV):
    fields: tuple[SV, ...]


@dataclass(frozen=True, eq=False)
class SMap(SV):
    keys: tuple
    entries: tuple[SV, ...]


@dataclass(frozen=True, eq=False)
class SSet(SV):
    universe: tuple  # semantic values, sorted by value_sort_key
    bits: tuple[z3.BoolRef, ...]

    def bit(self, value) -> z3.BoolRef:
        for u, b in zip(self.universe, self.bits):
            if same_value(u, value):
                return b
        return zt.FALSE


@dataclass(frozen=True, eq=False)
class SQueue(SV):
    length: z3.ArithRef
    slots: tuple[SV, ...]


def same_value(a, b) -> bool:
    """Semantic equality that does not confuse True with 1."""
    return type(a) is type(b) and a == b


def sint(value: int) -> SInt:
    return SInt(z3.IntVal(value), value, value)


# ------------------------------------------------------------------ constants
def const(value, t: Type) -> SV:
    """The symbolic value of a semantic value of type t."""
    if isinstance(t, BoolT):
        return SBool(z3.BoolVal(bool(value)))
    if isinstance(t, IntT):
        return sint(value)
    if isinstance(t, EnumT):
        return SEnum(t, z3.IntVal(t.members.index(value)))
    if isinstance(t, NoneT):
        return SNone()
    if isinstance(t, OptionT):
        if value is None:
            return SOpt(zt.FALSE, default(t.inner))
        return SOpt(zt.TRUE, const(value, t.inner))
    if isinstance(t, RecordT):
        return SRec(tuple(const(v, ft) for v, (_, ft) in zip(value, t.fields)))
    if isinstance(t, MapT):
        return SMap(t.key.domain(), tuple(const(v, t.value) for v in value))
    if isinstance(t, SetT):
        universe = tuple(sorted(value, key=value_sort_key))
        return SSet(universe, (zt.TRUE,) * len(universe))
    if isinstance(t, QueueT):
        return SQueue(z3.IntVal(len(value)), tuple(const(v, t.elem) for v in value))
    raise Unsupported(f"a constant of type {t}")


def default(t: Type) -> SV:
    return const(t.default(), t)


# ------------------------------------------------------------------ equality
def eq(a: SV, b: SV) -> z3.BoolRef:
    if isinstance(a, SNone) or isinstance(b, SNone):
        other = b if isinstance(a, SNone) else a
        if isinstance(other, SNone):
            return zt.TRUE
        return zt.neg(other.some) if isinstance(other, SOpt) else zt.FALSE
    if isinstance(a, SOpt) and isinstance(b, SOpt):
        return zt.conj(zt.same(a.some, b.some), zt.implies(a.some, eq(a.val, b.val)))
    if isinstance(a, SOpt):
        return zt.conj(a.some, eq(a.val, b))
    if isinstance(b, SOpt):
        return zt.conj(b.some, eq(a, b.val))
    if isinstance(a, (SBool, SInt, SEnum)):
        return zt.same(a.t, b.t)
    if isinstance(a, SRec):
        return zt.conj(*(eq(x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, SMap):
        return zt.conj(*(eq(x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, SSet):
        universe = merge_universe(a.universe, b.universe)
        return zt.conj(*(zt.same(a.bit(u), b.bit(u)) for u in universe))
    if isinstance(a, SQueue):
        parts = [zt.same(a.length, b.length)]
        for i in range(max(len(a.slots), len(b.slots))):
            inside = zt.cmp("lt", z3.IntVal(i), a.length)
            if i < len(a.slots) and i < len(b.slots):
                parts.append(zt.implies(inside, eq(a.slots[i], b.slots[i])))
            else:
                parts.append(zt.neg(inside))
        return zt.conj(*parts)
    raise Unsupported(f"equality of {type(a).__name__}")


def merge_universe(a: tuple, b: tuple) -> tuple:
    if a == b and all(type(x) is type(y) for x, y in zip(a, b)):
        return a
    out = list(a)
    for v in b:
        if not any(same_value(v, u) for u in out):
            out.append(v)
    return tuple(sorted(out, key=value_sort_key))


# ------------------------------------------------------------------ if-then-else
def select(c: z3.BoolRef, a: SV, b: SV) -> SV:
    """if c then a else b, for two values of compatible shapes."""
    if z3.is_true(c) or a is b:
        return a
    if z3.is_false(c):
        return b
    if isinstance(a, SNone) and isinstance(b, SNone):
        return a
    if isinstance(a, SNone):
        return SOpt(zt.conj(zt.neg(c), _some(b)), _inner(b))
    if isinstance(b, SNone):
        return SOpt(zt.conj(c, _some(a)), _inner(a))
    if isinstance(a, SOpt) or isinstance(b, SOpt):
        return SOpt(zt.ite(c, _some(a), _some(b)), select(c, _inner(a), _inner(b)))
    if isinstance(a, SBool):
        return SBool(zt.ite(c, a.t, b.t))
    if isinstance(a, SInt):
        lo = None if a.lo is None or b.lo is None else min(a.lo, b.lo)
        hi = None if a.hi is None or b.hi is None else max(a.hi, b.hi)
        return SInt(zt.ite(c, a.t, b.t), lo, hi)
    if isinstance(a, SEnum):
        return SEnum(a.enum, zt.ite(c, a.t, b.t))
    if isinstance(a, SRec):
        return SRec(tuple(select(c, x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, SMap):
        return SMap(a.keys, tuple(select(c, x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, SSet):
        universe = merge_universe(a.universe, b.universe)
        return SSet(universe, tuple(zt.ite(c, a.bit(u), b.bit(u)) for u in universe))
    if isinstance(a, SQueue):
        n = max(len(a.slots), len(b.slots))
        slots = []
        for i in range(n):
            x = a.slots[i] if i < len(a.slots) else b.slots[i]
            y = b.slots[i] if i < len(b.slots) else a.slots[i]
            slots.append(select(c, x, y))
        return SQueue(zt.ite(c, a.length, b.length), tuple(slots))
    raise Unsupported(f"if-then-else of {type(a).__name__}")


def _some(v: SV) -> z3.BoolRef:
    return v.some if isinstance(v, SOpt) else zt.TRUE


def _inner(v: SV) -> SV:
    return v.val if isinstance(v, SOpt) else v


def choose(options: list[tuple[z3.BoolRef, SV]], fallback: SV) -> SV:
    """The value of the first option whose condition holds (else `fallback`)."""
    out = fallback
    for c, v in reversed(options):
        out = select(c, v, out)
    return out


# ------------------------------------------------------------------ finite supports
def support(v: SV) -> list:
    """Every semantic value `v` may denote (a finite over-approximation)."""
    if isinstance(v, SBool):
        if z3.is_true(v.t) or z3.is_false(v.t):
            return [z3.is_true(v.t)]
        return [False, True]
    if isinstance(v, SInt):
        if zt.int_value(v.t) is not None:
            return [zt.int_value(v.t)]
        if v.lo is None or v.hi is None or v.hi - v.lo >= SUPPORT_LIMIT:
            raise Unsupported("a set of integers without known bounds")
        return list(range(v.lo, v.hi + 1))
    if isinstance(v, SEnum):
        index = zt.int_value(v.t)
        return [v.enum.members[index]] if index is not None else list(v.enum.members)
    if isinstance(v, SNone):
        return [None]
    if isinstance(v, SOpt):
        inner = support(v.val)
        return inner if z3.is_true(v.some) else [None] + inner
    if isinstance(v, (SRec, SMap)):
        parts = [support(x) for x in (v.fields if isinstance(v, SRec) else v.entries)]
        return _limited(tuple(p) for p in itertools.product(*parts))
    if isinstance(v, SSet):
        return _limited(frozenset(c) for n in range(len(v.universe) + 1)
                        for c in itertools.combinations(v.universe, n))
    if isinstance(v, SQueue):
        parts = [support(x) for x in v.slots]
        return _limited(tuple(q) for n in range(len(parts) + 1)
                        for q in itertools.product(*parts[:n]))
    raise Unsupported(f"the values of {type(v).__name__}")


def _limited(values) -> list:
    out = []
    for v in values:
        out.append(v)
        if len(out) > SUPPORT_LIMIT:
            raise Unsupported("a set over too many possible values")
    return out


def set_of(items: list[tuple[z3.BoolRef, SV]]) -> SSet:
    """The set holding each item whose condition holds."""
    universe: tuple = ()
    for _, item in items:
        universe = merge_universe(universe, tuple(sorted(support(item), key=value_sort_key)))
    bits = []
    for u in universe:
        bits.append(zt.disj(*(zt.conj(c, eq_const(item, u)) for c, item in items)))
    return SSet(universe, tuple(bits))


def eq_const(v: SV, value) -> z3.BoolRef:
    """v == a semantic value (no type needed)."""
    if value is None:
        if isinstance(v, SOpt):
            return zt.neg(v.some)
        return zt.TRUE if isinstance(v, SNone) else zt.FALSE
    if isinstance(v, SNone):
        return zt.FALSE
    if isinstance(v, SOpt):
        return zt.conj(v.some, eq_const(v.val, value))
    if isinstance(v, SBool):
        return zt.same(v.t, z3.BoolVal(value)) if isinstance(value, bool) else zt.FALSE
    if isinstance(v, SInt):
        if isinstance(value, bool) or not isinstance(value, int):
            return zt.FALSE
        if (v.lo is not None and value < v.lo) or (v.hi is not None and value > v.hi):
            return zt.FALSE
        return zt.same(v.t, z3.IntVal(value))
    if isinstance(v, SEnum):
        if value not in v.enum.members:
            return zt.FALSE
        return zt.same(v.t, z3.IntVal(v.enum.members.index(value)))
    if isinstance(v, SRec):
        return zt.conj(*(eq_const(x, y) for x, y in zip(v.fields, value)))
    if isinstance(v, SMap):
        return zt.conj(*(eq_const(x, y) for x, y in zip(v.entries, value)))
    if isinstance(v, SSet):
        members = list(value)
        parts = [v.bit(u) if any(same_value(u, m) for m in members) else zt.neg(v.bit(u))
                 for u in v.universe]
        parts += [zt.FALSE for m in members if not any(same_value(u, m) for u in v.universe)]
        return zt.conj(*parts)
    if isinstance(v, SQueue):
        if len(value) > len(v.slots):
            return zt.FALSE
        return zt.conj(zt.same(v.length, z3.IntVal(len(value))),
                    *(eq_const(s, x) for s, x in zip(v.slots, value)))
    raise Unsupported(f"comparison of {type(v).__name__}")


def count_bits(v: SSet) -> z3.ArithRef:
    return zt.count(v.bits)

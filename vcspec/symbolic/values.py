"""Symbolic values: z3 terms shaped like the semantic values of vcspec/model/types.py.

  SBool   a Bool term                    SInt   an Int term and static bounds
  SEnum   the member's index (Int)       SNone  the literal none
  SOpt    presence (Bool) and a value    SRec   one value per field
  SMap    one value per key (key domain order)
  SSet    one Bool per element of a finite universe of semantic values
  SQueue  a length (Int) and slots, head first

A value read from the state is canonical (an absent option holds its inner
type's default, queue slots past the length hold defaults, a set's universe is
its element type's domain); `store` makes any value canonical for a type and
says when it fits (vcspec/model/evaluate.check_fits).
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
from vcspec.symbolic.zterm import (
    FALSE,
    TRUE,
    cmp,
    conj,
    count,
    disj,
    implies,
    int_value,
    ite,
    neg,
    same,
)

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
            if _same_value(u, value):
                return b
        return FALSE


@dataclass(frozen=True, eq=False)
class SQueue(SV):
    length: z3.ArithRef
    slots: tuple[SV, ...]


def _same_value(a, b) -> bool:
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
            return SOpt(FALSE, default(t.inner))
        return SOpt(TRUE, const(value, t.inner))
    if isinstance(t, RecordT):
        return SRec(tuple(const(v, ft) for v, (_, ft) in zip(value, t.fields)))
    if isinstance(t, MapT):
        return SMap(t.key.domain(), tuple(const(v, t.value) for v in value))
    if isinstance(t, SetT):
        universe = tuple(sorted(value, key=value_sort_key))
        return SSet(universe, (TRUE,) * len(universe))
    if isinstance(t, QueueT):
        return SQueue(z3.IntVal(len(value)), tuple(const(v, t.elem) for v in value))
    raise Unsupported(f"a constant of type {t}")


def default(t: Type) -> SV:
    return const(t.default(), t)


def canonical(value, t: Type) -> SV:
    """A semantic value of type t in the canonical (state) shape of t."""
    return store(const(value, t), t)[0]


def canonical_leaves(value, t: Type) -> list:
    return leaves(canonical(value, t))


# ------------------------------------------------------------------ equality
def eq(a: SV, b: SV) -> z3.BoolRef:
    if isinstance(a, SNone) or isinstance(b, SNone):
        other = b if isinstance(a, SNone) else a
        if isinstance(other, SNone):
            return TRUE
        return neg(other.some) if isinstance(other, SOpt) else FALSE
    if isinstance(a, SOpt) and isinstance(b, SOpt):
        return conj(same(a.some, b.some), implies(a.some, eq(a.val, b.val)))
    if isinstance(a, SOpt):
        return conj(a.some, eq(a.val, b))
    if isinstance(b, SOpt):
        return conj(b.some, eq(a, b.val))
    if isinstance(a, (SBool, SInt, SEnum)):
        return same(a.t, b.t)
    if isinstance(a, SRec):
        return conj(*(eq(x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, SMap):
        return conj(*(eq(x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, SSet):
        universe = merge_universe(a.universe, b.universe)
        return conj(*(same(a.bit(u), b.bit(u)) for u in universe))
    if isinstance(a, SQueue):
        parts = [same(a.length, b.length)]
        for i in range(max(len(a.slots), len(b.slots))):
            inside = cmp("lt", z3.IntVal(i), a.length)
            if i < len(a.slots) and i < len(b.slots):
                parts.append(implies(inside, eq(a.slots[i], b.slots[i])))
            else:
                parts.append(neg(inside))
        return conj(*parts)
    raise Unsupported(f"equality of {type(a).__name__}")


def merge_universe(a: tuple, b: tuple) -> tuple:
    if a == b and all(type(x) is type(y) for x, y in zip(a, b)):
        return a
    out = list(a)
    for v in b:
        if not any(_same_value(v, u) for u in out):
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
        return SOpt(conj(neg(c), _some(b)), _inner(b))
    if isinstance(b, SNone):
        return SOpt(conj(c, _some(a)), _inner(a))
    if isinstance(a, SOpt) or isinstance(b, SOpt):
        return SOpt(ite(c, _some(a), _some(b)), select(c, _inner(a), _inner(b)))
    if isinstance(a, SBool):
        return SBool(ite(c, a.t, b.t))
    if isinstance(a, SInt):
        lo = None if a.lo is None or b.lo is None else min(a.lo, b.lo)
        hi = None if a.hi is None or b.hi is None else max(a.hi, b.hi)
        return SInt(ite(c, a.t, b.t), lo, hi)
    if isinstance(a, SEnum):
        return SEnum(a.enum, ite(c, a.t, b.t))
    if isinstance(a, SRec):
        return SRec(tuple(select(c, x, y) for x, y in zip(a.fields, b.fields)))
    if isinstance(a, SMap):
        return SMap(a.keys, tuple(select(c, x, y) for x, y in zip(a.entries, b.entries)))
    if isinstance(a, SSet):
        universe = merge_universe(a.universe, b.universe)
        return SSet(universe, tuple(ite(c, a.bit(u), b.bit(u)) for u in universe))
    if isinstance(a, SQueue):
        n = max(len(a.slots), len(b.slots))
        slots = []
        for i in range(n):
            x = a.slots[i] if i < len(a.slots) else b.slots[i]
            y = b.slots[i] if i < len(b.slots) else a.slots[i]
            slots.append(select(c, x, y))
        return SQueue(ite(c, a.length, b.length), tuple(slots))
    raise Unsupported(f"if-then-else of {type(a).__name__}")


def _some(v: SV) -> z3.BoolRef:
    return v.some if isinstance(v, SOpt) else TRUE


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
        if int_value(v.t) is not None:
            return [int_value(v.t)]
        if v.lo is None or v.hi is None or v.hi - v.lo >= SUPPORT_LIMIT:
            raise Unsupported("a set of integers without known bounds")
        return list(range(v.lo, v.hi + 1))
    if isinstance(v, SEnum):
        index = int_value(v.t)
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
        bits.append(disj(*(conj(c, eq_const(item, u)) for c, item in items)))
    return SSet(universe, tuple(bits))


def eq_const(v: SV, value) -> z3.BoolRef:
    """v == a semantic value (no type needed)."""
    if value is None:
        return neg(v.some) if isinstance(v, SOpt) else (TRUE if isinstance(v, SNone) else FALSE)
    if isinstance(v, SNone):
        return FALSE
    if isinstance(v, SOpt):
        return conj(v.some, eq_const(v.val, value))
    if isinstance(v, SBool):
        return same(v.t, z3.BoolVal(value)) if isinstance(value, bool) else FALSE
    if isinstance(v, SInt):
        if isinstance(value, bool) or not isinstance(value, int):
            return FALSE
        if (v.lo is not None and value < v.lo) or (v.hi is not None and value > v.hi):
            return FALSE
        return same(v.t, z3.IntVal(value))
    if isinstance(v, SEnum):
        if value not in v.enum.members:
            return FALSE
        return same(v.t, z3.IntVal(v.enum.members.index(value)))
    if isinstance(v, SRec):
        return conj(*(eq_const(x, y) for x, y in zip(v.fields, value)))
    if isinstance(v, SMap):
        return conj(*(eq_const(x, y) for x, y in zip(v.entries, value)))
    if isinstance(v, SSet):
        members = list(value)
        parts = [v.bit(u) if any(_same_value(u, m) for m in members) else neg(v.bit(u))
                 for u in v.universe]
        parts += [FALSE for m in members if not any(_same_value(u, m) for u in v.universe)]
        return conj(*parts)
    if isinstance(v, SQueue):
        if len(value) > len(v.slots):
            return FALSE
        return conj(same(v.length, z3.IntVal(len(value))),
                    *(eq_const(s, x) for s, x in zip(v.slots, value)))
    raise Unsupported(f"comparison of {type(v).__name__}")


# ------------------------------------------------------------------ storing
def store(v: SV, t: Type) -> tuple[SV, z3.BoolRef]:
    """`v` in the canonical shape of type t, and the condition that it fits t."""
    if isinstance(t, (BoolT, EnumT)):
        return v, TRUE
    if isinstance(t, IntT):
        return _store_int(v, t)
    if isinstance(t, OptionT):
        if isinstance(v, SNone):
            return SOpt(FALSE, default(t.inner)), TRUE
        if isinstance(v, SOpt):
            inner, fits = store(v.val, t.inner)
            return SOpt(v.some, select(v.some, inner, default(t.inner))), implies(v.some, fits)
        inner, fits = store(v, t.inner)
        return SOpt(TRUE, inner), fits
    if isinstance(t, RecordT):
        parts = [store(x, ft) for x, (_, ft) in zip(v.fields, t.fields)]
        return SRec(tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    if isinstance(t, MapT):
        parts = [store(x, t.value) for x in v.entries]
        return SMap(v.keys, tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    if isinstance(t, SetT):
        return _store_set(v, t)
    if isinstance(t, QueueT):
        return _store_queue(v, t)
    raise Unsupported(f"a variable of type {t}")


def _store_int(v: SInt, t: IntT) -> tuple[SV, z3.BoolRef]:
    if not t.finite:
        return v, TRUE
    checks = []
    if v.lo is None or v.lo < t.lo:
        checks.append(cmp("ge", v.t, z3.IntVal(t.lo)))
    if v.hi is None or v.hi > t.hi:
        checks.append(cmp("le", v.t, z3.IntVal(t.hi)))
    return SInt(v.t, t.lo, t.hi), conj(*checks)


def _store_set(v: SSet, t: SetT) -> tuple[SV, z3.BoolRef]:
    domain = t.elem.domain()
    bits = tuple(v.bit(d) for d in domain)
    outside = [neg(b) for u, b in zip(v.universe, v.bits)
               if not any(_same_value(u, d) for d in domain)]
    return SSet(domain, bits), conj(*outside)


def _store_queue(v: SQueue, t: QueueT) -> tuple[SV, z3.BoolRef]:
    checks = []
    if len(v.slots) > t.max:
        checks.append(cmp("le", v.length, z3.IntVal(t.max)))
    slots = []
    for i in range(t.max):
        if i >= len(v.slots):
            slots.append(default(t.elem))
            continue
        inside = cmp("lt", z3.IntVal(i), v.length)
        slot, fits = store(v.slots[i], t.elem)
        checks.append(implies(inside, fits))
        slots.append(select(inside, slot, default(t.elem)))
    return SQueue(v.length, tuple(slots)), conj(*checks)


# ------------------------------------------------------------------ leaves and decoding
def leaves(v: SV) -> list:
    """The z3 terms of a canonical value, in layout order (see layout.py)."""
    if isinstance(v, (SBool, SInt, SEnum)):
        return [v.t]
    if isinstance(v, SOpt):
        return [v.some] + leaves(v.val)
    if isinstance(v, SRec):
        return [t for x in v.fields for t in leaves(x)]
    if isinstance(v, SMap):
        return [t for x in v.entries for t in leaves(x)]
    if isinstance(v, SSet):
        return list(v.bits)
    if isinstance(v, SQueue):
        return [v.length] + [t for x in v.slots for t in leaves(x)]
    raise Unsupported(f"the leaves of {type(v).__name__}")


def decode(v: SV, model: z3.ModelRef):
    """The semantic value of `v` in a z3 model."""
    if isinstance(v, SBool):
        return z3.is_true(model.eval(v.t, model_completion=True))
    if isinstance(v, SInt):
        return model.eval(v.t, model_completion=True).as_long()
    if isinstance(v, SEnum):
        return v.enum.members[model.eval(v.t, model_completion=True).as_long()]
    if isinstance(v, SNone):
        return None
    if isinstance(v, SOpt):
        some = z3.is_true(model.eval(v.some, model_completion=True))
        return decode(v.val, model) if some else None
    if isinstance(v, SRec):
        return tuple(decode(x, model) for x in v.fields)
    if isinstance(v, SMap):
        return tuple(decode(x, model) for x in v.entries)
    if isinstance(v, SSet):
        return frozenset(u for u, b in zip(v.universe, v.bits)
                         if z3.is_true(model.eval(b, model_completion=True)))
    if isinstance(v, SQueue):
        n = model.eval(v.length, model_completion=True).as_long()
        return tuple(decode(x, model) for x in v.slots[:n])
    raise Unsupported(f"decoding {type(v).__name__}")


def count_bits(v: SSet) -> z3.ArithRef:
    return count(v.bits)

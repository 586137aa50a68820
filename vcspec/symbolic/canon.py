"""The canonical (state) shape of symbolic values: storing, leaves, decoding.

A value read from the state is canonical: an absent option holds its inner
type's default, queue slots past the length hold defaults, a set's universe is
its element type's domain. `store` makes any value canonical for a type and
says when it fits (vcspec/model/evaluate.check_fits); `leaves` lists its z3
terms in layout order (layout.py); `decode` reads it back from a z3 model.
"""

from __future__ import annotations

import z3

from vcspec.model.types import BoolT, EnumT, IntT, MapT, OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic import values as sv
from vcspec.symbolic.zterm import FALSE, TRUE, cmp, conj, implies, neg


def canonical(value, t: Type) -> sv.SV:
    """A semantic value of type t in the canonical (state) shape of t."""
    return store(sv.const(value, t), t)[0]


def canonical_leaves(value, t: Type) -> list:
    return leaves(canonical(value, t))


# ------------------------------------------------------------------ storing
def store(v: sv.SV, t: Type) -> tuple[sv.SV, z3.BoolRef]:
    """`v` in the canonical shape of type t, and the condition that it fits t."""
    if isinstance(t, (BoolT, EnumT)):
        return v, TRUE
    if isinstance(t, IntT):
        return _store_int(v, t)
    if isinstance(t, OptionT):
        if isinstance(v, sv.SNone):
            return sv.SOpt(FALSE, sv.default(t.inner)), TRUE
        if isinstance(v, sv.SOpt):
            inner, fits = store(v.val, t.inner)
            kept = sv.select(v.some, inner, sv.default(t.inner))
            return sv.SOpt(v.some, kept), implies(v.some, fits)
        inner, fits = store(v, t.inner)
        return sv.SOpt(TRUE, inner), fits
    if isinstance(t, RecordT):
        parts = [store(x, ft) for x, (_, ft) in zip(v.fields, t.fields)]
        return sv.SRec(tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    if isinstance(t, MapT):
        parts = [store(x, t.value) for x in v.entries]
        return sv.SMap(v.keys, tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    if isinstance(t, SetT):
        return _store_set(v, t)
    if isinstance(t, QueueT):
        return _store_queue(v, t)
    raise sv.Unsupported(f"a variable of type {t}")


def _store_int(v: sv.SInt, t: IntT) -> tuple[sv.SV, z3.BoolRef]:
    if not t.finite:
        return v, TRUE
    checks = []
    if v.lo is None or v.lo < t.lo:
        checks.append(cmp("ge", v.t, z3.IntVal(t.lo)))
    if v.hi is None or v.hi > t.hi:
        checks.append(cmp("le", v.t, z3.IntVal(t.hi)))
    return sv.SInt(v.t, t.lo, t.hi), conj(*checks)


def _store_set(v: sv.SSet, t: SetT) -> tuple[sv.SV, z3.BoolRef]:
    domain = t.elem.domain()
    bits = tuple(v.bit(d) for d in domain)
    outside = [neg(b) for u, b in zip(v.universe, v.bits)
               if not any(sv.same_value(u, d) for d in domain)]
    return sv.SSet(domain, bits), conj(*outside)


def _store_queue(v: sv.SQueue, t: QueueT) -> tuple[sv.SV, z3.BoolRef]:
    checks = []
    if len(v.slots) > t.max:
        checks.append(cmp("le", v.length, z3.IntVal(t.max)))
    slots = []
    for i in range(t.max):
        if i >= len(v.slots):
            slots.append(sv.default(t.elem))
            continue
        inside = cmp("lt", z3.IntVal(i), v.length)
        slot, fits = store(v.slots[i], t.elem)
        checks.append(implies(inside, fits))
        slots.append(sv.select(inside, slot, sv.default(t.elem)))
    return sv.SQueue(v.length, tuple(slots)), conj(*checks)


# ------------------------------------------------------------------ leaves and decoding
def leaves(v: sv.SV) -> list:
    """The z3 terms of a canonical value, in layout order (see layout.py)."""
    if isinstance(v, (sv.SBool, sv.SInt, sv.SEnum)):
        return [v.t]
    if isinstance(v, sv.SOpt):
        return [v.some] + leaves(v.val)
    if isinstance(v, sv.SRec):
        return [t for x in v.fields for t in leaves(x)]
    if isinstance(v, sv.SMap):
        return [t for x in v.entries for t in leaves(x)]
    if isinstance(v, sv.SSet):
        return list(v.bits)
    if isinstance(v, sv.SQueue):
        return [v.length] + [t for x in v.slots for t in leaves(x)]
    raise sv.Unsupported(f"the leaves of {type(v).__name__}")


def decode(v: sv.SV, model: z3.ModelRef):
    """The semantic value of `v` in a z3 model."""
    if isinstance(v, sv.SBool):
        return z3.is_true(model.eval(v.t, model_completion=True))
    if isinstance(v, sv.SInt):
        return model.eval(v.t, model_completion=True).as_long()
    if isinstance(v, sv.SEnum):
        return v.enum.members[model.eval(v.t, model_completion=True).as_long()]
    if isinstance(v, sv.SNone):
        return None
    if isinstance(v, sv.SOpt):
        some = z3.is_true(model.eval(v.some, model_completion=True))
        return decode(v.val, model) if some else None
    if isinstance(v, sv.SRec):
        return tuple(decode(x, model) for x in v.fields)
    if isinstance(v, sv.SMap):
        return tuple(decode(x, model) for x in v.entries)
    if isinstance(v, sv.SSet):
        return frozenset(u for u, b in zip(v.universe, v.bits)
                         if z3.is_true(model.eval(b, model_completion=True)))
    if isinstance(v, sv.SQueue):
        n = model.eval(v.length, model_completion=True).as_long()
        return tuple(decode(x, model) for x in v.slots[:n])
    raise sv.Unsupported(f"decoding {type(v).__name__}")

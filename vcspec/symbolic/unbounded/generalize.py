"""From PDR's invariant at one size to quantified candidates for every size.

PDR (vcspec/symbolic/prove.py) proves a property at a fixed size n: an
invariant over leaves such as `Ndis.call[Vc1]`, `Ndis.call[Vc2]`. Each
top-level conjunct mentions the entries of some members; it becomes

  forall distinct q1 .. qk of the sort:  conjunct[Vc_i := q_i]

with the leaves of member Vc_i read from the unbounded state at q_i (a map
entry is the array's select at q_i). A conjunct that mentions no member stays
as it is. Conjuncts equal up to the names of their members are kept once.
These are only candidates: induct.py keeps those that are inductive for the
unbounded sort and believes nothing else.
"""

from __future__ import annotations

import z3

from vcspec.model.types import EnumT, MapT, OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic import canon
from vcspec.symbolic import values as V
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.symmetry import orbit
from vcspec.symbolic.unbounded.uencode import UEncoding
from vcspec.symbolic.unbounded.uvalues import UMap, USet, USym, index
from vcspec.symbolic.values import SV, Unsupported
from vcspec.symbolic.zterm import subterms


def candidates(enc: Encoding, uenc: UEncoding, invariant: z3.BoolRef,
               fixed: tuple[str, ...]) -> list[z3.BoolRef]:
    """The quantified conjuncts generalising `invariant` (found at enc's size)."""
    sorts = uenc.sorts
    others = tuple(f for f in fixed if f not in sorts.names)
    members = {name: [z3.Const(f"{name}@{i}", sorts.sorts[name])
                      for i in range(len(enc.model.enums[name].members))]
               for name in sorts.names}
    pairs = []
    for slot, value in zip(enc.layout.slots, uenc.pre):
        concrete = canon.leaves(concretize(value, slot.type, members, sorts))
        pairs += [(a, b) for a, b in zip(enc.x[slot.start:slot.stop], concrete, strict=True)
                  if not a.eq(b)]
    out, seen = [], set()
    for copy in orbit(enc, invariant, others):
        for part in (copy.children() if z3.is_and(copy) else [copy]):
            general = quantify(z3.substitute(part, pairs), members)
            key = general.sexpr()
            if key not in seen and not z3.is_true(general):
                seen.add(key)
                out.append(general)
    return out


def concretize(v: SV, t: Type, members: dict, sorts) -> SV:
    """The unbounded value v in the shape of the finite layout, member i of a
    for-all enum read at the constant members[enum][i]."""
    if isinstance(v, UMap):
        keys = members[t.key.name]
        return V.SMap(t.key.domain(), tuple(concretize(index(v, k), t.value, members, sorts)
                                            for k in keys))
    if isinstance(v, USet):
        return V.SSet(t.elem.domain(), tuple(z3.Select(v.t, k) for k in members[t.elem.name]))
    if isinstance(v, USym):
        keys = members[t.name]
        out = z3.IntVal(-1)
        for i in reversed(range(len(keys))):
            out = z3.If(v.t == keys[i], z3.IntVal(i), out)
        return V.SEnum(t, out)
    if isinstance(t, OptionT):
        return V.SOpt(v.some, concretize(v.val, t.inner, members, sorts))
    if isinstance(t, RecordT):
        return V.SRec(tuple(concretize(x, ft, members, sorts)
                            for x, (_, ft) in zip(v.fields, t.fields)))
    if isinstance(t, MapT):
        return V.SMap(v.keys, tuple(concretize(x, t.value, members, sorts) for x in v.entries))
    if isinstance(t, QueueT):
        return V.SQueue(v.length, tuple(concretize(x, t.elem, members, sorts) for x in v.slots))
    if isinstance(t, (SetT, EnumT)) or isinstance(v, (V.SBool, V.SInt, V.SEnum, V.SSet)):
        return v
    raise Unsupported(f"generalising a value of type {t}")


def quantify(formula: z3.BoolRef, members: dict) -> z3.BoolRef:
    """forall distinct (the member constants the formula mentions): formula,
    the constants renamed q0, q1, ... in order (so equal shapes compare equal)."""
    used = {e.get_id() for e in subterms(formula) if z3.is_const(e)}
    bound = []
    for name in sorted(members):
        mentioned = [c for c in members[name] if c.get_id() in used]
        renamed = [z3.Const(f"{name}_q{i}", c.sort()) for i, c in enumerate(mentioned)]
        formula = z3.substitute(formula, list(zip(mentioned, renamed))) if mentioned else formula
        if len(renamed) > 1:
            formula = z3.Implies(z3.Distinct(*renamed), formula)
        bound += renamed
    return z3.ForAll(bound, formula) if bound else formula

"""Symmetry for the proof search: one representative member per symmetric enum.

In a model symmetric in an enum (Model.symmetry), a bad state with a witness
member `u` (the VC a monitor's step is about, the `v` for which
`forall v in Vc: P(v)` fails) is the image, under the swap of `u` and the
enum's first member, of a bad state whose witness is the first member. So PDR
may look for the *sliced* bad states only: every disjunct of `bad` with its
first witness of each symmetric enum pinned to the first member. The
invariant it finds then excludes the sliced states; its copies under the
swaps (`orbit`) exclude them all.

Nothing here is trusted: the certificate conjoins the copies and is re-checked
against the whole transition relation and the whole `bad` (certificate.py).
A model that is not in fact symmetric gives a certificate that does not
re-check (UNKNOWN), never a wrong proof.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import z3

from vcspec.explicit.symmetry import rename, touches
from vcspec.model import ir
from vcspec.model.types import EnumT, MapT, OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic.canon import leaves
from vcspec.symbolic.encode import Encoding, SafetyProperty, state_bad
from vcspec.symbolic.expr import SEnv
from vcspec.symbolic.values import SV, SEnum, SMap, SOpt, SQueue, SRec, SSet
from vcspec.symbolic.zterm import disj, ite


@dataclass
class Slice:
    bad: z3.BoolRef  # over Encoding.x
    fixed: tuple[str, ...]  # the symmetric enums pinned to their first member


def slice_property(enc: Encoding, prop: SafetyProperty) -> Slice:
    """The property's bad states with each witness pinned to the first member."""
    symmetric = set(enc.model.symmetry)
    if not symmetric or prop.kind == "deadlock":
        return Slice(prop.bad, ())
    pinned: set[str] = set()
    steps = [cond for index, cond in sorted(prop.steps.items())
             if _first_members(enc.instance(index), symmetric, pinned)]
    if prop.kind == "runtime":  # its bad states are its steps'
        bad = disj(*steps)
    else:  # an invariant has no steps
        bad = disj(_sliced_state_bad(enc, prop, symmetric, pinned), *steps)
    return Slice(bad, tuple(sorted(pinned)))


def _first_members(inst, symmetric: set[str], pinned: set[str]) -> bool:
    """Whether the instance's first argument of each symmetric enum is that
    enum's first member (recording which enums it pins)."""
    seen = set()
    for value, (_, t) in zip(inst.args, inst.action.params):
        if isinstance(t, EnumT) and t.name in symmetric and t.name not in seen:
            seen.add(t.name)
            if value != t.members[0]:
                return False
    pinned.update(seen)
    return True


def _sliced_state_bad(enc: Encoding, prop: SafetyProperty, symmetric, pinned) -> z3.BoolRef:
    model_prop = enc.model.find_property(prop.name)
    exprs = ([model_prop.expr] if isinstance(model_prop, ir.Invariant)
             else [c.expr for c in model_prop.always])
    system, monitors = enc.pre
    env = SEnv(system, monitors)
    return disj(*(state_bad(_pin(e, symmetric, frozenset(), pinned), env) for e in exprs))


def _pin(e: ir.Expr, symmetric: set[str], here: frozenset, pinned: set[str]) -> ir.Expr:
    """`forall v in E: body` over all of a symmetric enum E becomes the body
    with v the first member (once per enum on a path), through `and`s."""
    if isinstance(e, ir.Binary) and e.op == "and":
        return ir.Binary(e.type, e.span, "and", _pin(e.left, symmetric, here, pinned),
                         _pin(e.right, symmetric, here, pinned))
    if isinstance(e, ir.Quant) and e.kind == "forall":
        enum = _whole_enum(e.domain, symmetric)
        if enum is not None and enum.name not in here:
            pinned.add(enum.name)
            first = ir.Lit(enum, e.domain.span, enum.members[0])
            body = _pin(e.body, symmetric, here | {enum.name}, pinned)
            return ir.LetIn(e.type, e.span, e.name, first, body)
        if enum is not None or (isinstance(e.domain, ir.Lit)
                                and not touches(e.domain.type, symmetric)):
            return ir.Quant(e.type, e.span, "forall", e.name, e.domain,
                            _pin(e.body, symmetric, here, pinned))
    return e


def _whole_enum(domain: ir.Expr, symmetric: set[str]) -> EnumT | None:
    t = getattr(domain.type, "elem", None)
    if (isinstance(domain, ir.Lit) and isinstance(t, EnumT) and t.name in symmetric
            and domain.value == frozenset(t.members)):
        return t
    return None


# ------------------------------------------------------------------ the orbit of an invariant
def swaps(enc: Encoding, fixed: tuple[str, ...]) -> list[dict[str, dict]]:
    """The permutations that carry each pinned first member to every member:
    the identity first, then products of one swap per pinned enum."""
    per_enum = []
    for name in fixed:
        members = enc.model.enums[name].members
        per_enum.append([(name, _swap(members, m)) for m in members])
    return [dict(combo) for combo in itertools.product(*per_enum)]


def _swap(members: tuple[str, ...], other: str) -> dict[str, str]:
    out = {m: m for m in members}
    out[members[0]], out[other] = other, members[0]
    return out


def orbit(enc: Encoding, invariant: z3.BoolRef, fixed: tuple[str, ...]) -> list[z3.BoolRef]:
    """The invariant read on the swapped state, one copy per swap: I(pi(x))."""
    out = []
    for pi in swaps(enc, fixed):
        pairs = [(x, t) for x, t in zip(enc.x, permuted_leaves(enc, pi)) if not x.eq(t)]
        out.append(z3.substitute(invariant, pairs) if pairs else invariant)
    return out


def permuted_leaves(enc: Encoding, pi: dict[str, dict]) -> list:
    """The leaves of the state pi(x), as terms over x."""
    system, monitors = enc.pre
    values = list(system) + [v for m in enc.layout.monitors for v in monitors[m]]
    return [t for v, slot in zip(values, enc.layout.slots)
            for t in leaves(_permute(v, slot.type, pi))]


def _permute(v: SV, t: Type, pi: dict[str, dict]) -> SV:
    if isinstance(t, EnumT) and t.name in pi:
        term = v.t
        for i, member in enumerate(t.members):
            j = t.members.index(pi[t.name][member])
            if i != j:
                term = ite(v.t == i, z3.IntVal(j), term)
        return SEnum(t, term)
    if isinstance(t, OptionT):
        return SOpt(v.some, _permute(v.val, t.inner, pi))
    if isinstance(t, RecordT):
        return SRec(tuple(_permute(f, ft, pi) for f, (_, ft) in zip(v.fields, t.fields)))
    if isinstance(t, MapT):
        keys = t.key.domain()
        position = {k: i for i, k in enumerate(keys)}
        entries = [None] * len(keys)
        for k, entry in zip(keys, v.entries):
            entries[position[rename(k, t.key, pi)]] = _permute(entry, t.value, pi)
        return SMap(v.keys, tuple(entries))
    if isinstance(t, SetT):
        position = {u: i for i, u in enumerate(v.universe)}
        bits = [None] * len(v.bits)
        for u, bit in zip(v.universe, v.bits):
            bits[position[rename(u, t.elem, pi)]] = bit
        return SSet(v.universe, tuple(bits))
    if isinstance(t, QueueT):
        return SQueue(v.length, tuple(_permute(s, t.elem, pi) for s in v.slots))
    return v

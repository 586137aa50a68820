"""Expressions and statements over the uninterpreted sorts (uvalues.py).

`UEvaluator` and `UExecutor` extend the finite encoding (vcspec/symbolic/expr.py,
stmt.py) where a value holds a member of a for-all enum:

  forall/exists w in E   a z3 quantifier over E's sort (E the whole enum)
  m[k]                   every leaf of the map's template selected at k
  m[k] := w              every leaf stored at k (the other keys keep theirs)
  [body for w in E]      a lambda over the sort
  k in S, S == T         array select, extensional equality

Anything else that needs to know how many members E has (`count`, `len` of
a set of members, a set comprehension over E, a literal naming a member) is
Unsupported: the caller reports UNKNOWN with the reason.

Errors: an error condition is exact outside quantifiers over a sort, as in
the finite encoding. Inside one, an error that is not plainly impossible is
Unsupported (the reference stops at the first deciding member, an order the
sort does not have). A whole for-all map stored into a variable is not
checked against the variable's ranges: that only adds transitions, so
a proof stays sound; the next state's ranges are part of the invariant.
"""

from __future__ import annotations

import z3

from vcspec.model import ir
from vcspec.model.types import OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic import canon
from vcspec.symbolic import values as V
from vcspec.symbolic.expr import Evaluator, SEnv
from vcspec.symbolic.stmt import Executor
from vcspec.symbolic.unbounded.uvalues import (
    UMap,
    USet,
    USym,
    has_u,
    index,
    lift,
    put,
    rebuild,
    sel,
    ueq,
    uleaves,
    uselect,
)
from vcspec.symbolic.values import SV, Unsupported
from vcspec.symbolic.zterm import FALSE, TRUE, conj, disj, neg


class UEvaluator(Evaluator):
    def __init__(self, shapes):
        super().__init__()
        self.shapes = shapes
        self.sorts = shapes.sorts

    merge = staticmethod(uselect)

    def _Lit(self, e: ir.Lit, env: SEnv, g) -> SV:
        return self.shapes.const(e.value, e.type)

    def _Binary(self, e: ir.Binary, env: SEnv, g) -> SV:
        if e.op in ("lt", "le", "gt", "ge") and self.sorts.touches(e.left.type):
            raise Unsupported(f"ordering members of a for-all enum ({e.op})")
        if e.op in ("eq", "ne", "in", "subseteq", "union", "inter", "diff") and (
                self.sorts.touches(e.left.type) or self.sorts.touches(e.right.type)):
            a, b = self.ev(e.left, env, g), self.ev(e.right, env, g)
            return self.u_binary(e.op, a, b)
        return super()._Binary(e, env, g)

    def u_binary(self, op: str, a: SV, b: SV) -> SV:
        if op == "eq":
            return V.SBool(ueq(a, b))
        if op == "ne":
            return V.SBool(neg(ueq(a, b)))
        if op == "in" and isinstance(b, USet):
            x = a.val if isinstance(a, V.SOpt) else a
            some = a.some if isinstance(a, V.SOpt) else TRUE
            return V.SBool(conj(some, sel(b.t, x.t)))
        if op == "in" and isinstance(b, V.SSet) and not b.universe:
            return V.SBool(FALSE)
        if isinstance(a, USet) and isinstance(b, USet):
            if op == "subseteq":
                k = self.sorts.bound(a.enum, "s")
                return V.SBool(z3.ForAll([k], z3.Implies(sel(a.t, k), sel(b.t, k))))
            return USet(a.enum, set_algebra(op, a.t, b.t))
        raise Unsupported(f"the operator {op} on members of a for-all enum")

    def _Index(self, e: ir.Index, env: SEnv, g) -> SV:
        if self.sorts.of(e.base.type.key) is None:
            return super()._Index(e, env, g)
        base = self.ev(e.base, env, g)
        return index(base, self.ev(e.key, env, g).t)

    def _Quant(self, e: ir.Quant, env: SEnv, g) -> SV:
        t = getattr(e.domain.type, "elem", None)
        if t is None or self.sorts.of(t) is None or isinstance(e.domain.type, QueueT):
            return super()._Quant(e, env, g)  # a queue: over its slots
        if e.kind == "count":
            raise Unsupported(f"count over the for-all enum {t.name}")
        dom = self.ev(e.domain, env, g)
        w = self.sorts.bound(t, e.name)
        body = self.inside(e.body, env.bind(e.name, USym(t, w))).t
        if not (z3.is_K(dom.t) and z3.is_true(dom.t.arg(0))):  # part of the enum
            inside = sel(dom.t, w)
            body = z3.Implies(inside, body) if e.kind == "forall" else z3.And(inside, body)
        return V.SBool((z3.ForAll if e.kind == "forall" else z3.Exists)([w], body))

    def inside(self, body: ir.Expr, env: SEnv) -> SV:
        """A value under a binder of a sort: its errors must be impossible."""
        errors = len(self.errors)
        value = self.ev(body, env, TRUE)
        if not z3.is_false(disj(*self.errors[errors:])):
            raise Unsupported("a runtime error possible under a quantifier over a for-all enum")
        del self.errors[errors:]
        return value

    def _SetLit(self, e: ir.SetLit, env: SEnv, g) -> SV:
        elem = e.type.elem
        if self.sorts.of(elem) is None:
            return super()._SetLit(e, env, g)
        items = [self.ev(i, env, g) for i in e.items]
        out = z3.K(self.sorts.of(elem), z3.BoolVal(False))
        for item in items:
            out = z3.Store(out, item.t, z3.BoolVal(True))
        return USet(elem, out)

    def _SetFilter(self, e, env, g):
        return self.no_sort(e, super()._SetFilter, env, g)

    def _SetMap(self, e, env, g):
        return self.no_sort(e, super()._SetMap, env, g)

    def no_sort(self, e, method, env, g):
        if self.sorts.touches(e.domain.type) or self.sorts.touches(e.type):
            raise Unsupported("a set comprehension over members of a for-all enum")
        return method(e, env, g)

    def _MapLit(self, e: ir.MapLit, env: SEnv, g) -> SV:
        sort = self.sorts.of(e.type.key)
        if sort is None:
            return super()._MapLit(e, env, g)
        w = self.sorts.bound(e.type.key, e.name)
        body = self.inside(e.body, env.bind(e.name, USym(e.type.key, w)))
        body = ustore(body, e.type.value, self.shapes)[0]
        return UMap(e.type.key, lift(body, lambda leaf: z3.Lambda([w], leaf)))

    def _Builtin(self, e: ir.Builtin, env: SEnv, g) -> SV:
        if e.name == "len" and self.sorts.touches(e.args[0].type):
            raise Unsupported("the number of members of a set of a for-all enum")
        if e.name == "maps":
            raise Unsupported("maps() over a for-all enum")
        return super()._Builtin(e, env, g)


def set_algebra(op: str, a: z3.ArrayRef, b: z3.ArrayRef) -> z3.ArrayRef:
    """a union/inter/diff b on arrays to Bool: stores when b is a literal set
    ({v, w}: stores on the empty set), else z3's array map (no lambda, which
    z3 decides less often)."""
    items = _literal_items(b)
    if items is not None and op in ("union", "diff"):
        for item in items:
            a = z3.Store(a, item, z3.BoolVal(op == "union"))
        return a
    if op == "union":
        return z3.Map(z3.Or(z3.Bool("p"), z3.Bool("q")).decl(), a, b)
    if op == "inter":
        return z3.Map(z3.And(z3.Bool("p"), z3.Bool("q")).decl(), a, b)
    not_b = z3.Map(z3.Not(z3.Bool("p")).decl(), b)
    return z3.Map(z3.And(z3.Bool("p"), z3.Bool("q")).decl(), a, not_b)


def _literal_items(a: z3.ArrayRef) -> list | None:
    items = []
    while z3.is_store(a):
        if not z3.is_true(a.arg(2)):
            return None
        items.append(a.arg(1))
        a = a.arg(0)
    return items if z3.is_K(a) and z3.is_false(a.arg(0)) else None


# ------------------------------------------------------------------ storing
def ustore(v: SV, t: Type, shapes) -> tuple[SV, z3.BoolRef]:
    """values.store for types that may hold a for-all enum."""
    if not shapes.sorts.touches(t):
        return canon.store(v, t)
    if isinstance(t, OptionT):
        if isinstance(v, V.SNone):
            return V.SOpt(FALSE, shapes.default_shape(t.inner)), TRUE
        if isinstance(v, V.SOpt):
            inner, fits = ustore(v.val, t.inner, shapes)
            return V.SOpt(v.some, inner), z3.Implies(v.some, fits) if not z3.is_true(fits) \
                else TRUE
        inner, fits = ustore(v, t.inner, shapes)
        return V.SOpt(TRUE, inner), fits
    if isinstance(v, (UMap, USet, USym)):
        return v, TRUE
    if isinstance(t, SetT) and isinstance(v, V.SSet) and not v.universe:  # {}
        return shapes.const(frozenset(), t), TRUE
    if isinstance(t, RecordT):
        parts = [ustore(x, ft, shapes) for x, (_, ft) in zip(v.fields, t.fields)]
        return V.SRec(tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    if isinstance(v, V.SMap):
        parts = [ustore(x, t.value, shapes) for x in v.entries]
        return V.SMap(v.keys, tuple(p for p, _ in parts)), conj(*(f for _, f in parts))
    raise Unsupported(f"storing a value of type {t}")


class UExecutor(Executor):
    merge = staticmethod(uselect)

    def __init__(self, evaluator: UEvaluator):
        super().__init__(evaluator)
        self.shapes = evaluator.shapes

    def key_fits(self, key: SV, key_type) -> z3.BoolRef:
        return TRUE if isinstance(key, USym) else super().key_fits(key, key_type)

    def index(self, value: SV, key: SV) -> SV:
        return index(value, key.t) if isinstance(value, UMap) else _index_finite(value, key)

    def store(self, value: SV, t) -> tuple[SV, z3.BoolRef]:
        return ustore(value, t, self.shapes)

    def replace(self, old: SV, steps: list, value: SV, g) -> SV:
        if steps and isinstance(old, UMap):
            (_, key), rest = steps[0], steps[1:]
            return put(old, key.t, self.replace(index(old, key.t), rest, value, g))
        if not steps or not has_u(old) and not has_u(value):
            return super().replace(old, steps, value, g)
        (kind, step), rest = steps[0], steps[1:]
        if isinstance(old, V.SOpt):
            self.ev.error(g, neg(old.some))
            return V.SOpt(old.some, self.replace(old.val, steps, value, g))
        if kind == "field":
            fields = list(old.fields)
            fields[step] = self.replace(fields[step], rest, value, g)
            return V.SRec(tuple(fields))
        entries = []
        for k, entry in zip(old.keys, old.entries):
            hit = V.eq_const(step, k)
            entries.append(entry if z3.is_false(hit) else
                           uselect(hit, self.replace(entry, rest, value, conj(g, hit)), entry))
        return V.SMap(old.keys, tuple(entries))


def _index_finite(base: V.SMap, key: SV) -> SV:
    options = [(V.eq_const(key, k), v) for k, v in zip(base.keys, base.entries)]
    out = options[-1][1]
    for c, v in reversed(options[:-1]):
        out = uselect(c, v, out)
    return out


__all__ = ["UEvaluator", "UExecutor", "ustore", "rebuild", "uleaves"]

"""IR expressions -> Python source over state ints, agreeing with vcspec/model/evaluate.

The compiler partially evaluates: action parameters and quantified names over
small constant domains are constants, so map entries become fixed bit fields
and comparisons become masked integer tests. Whatever it cannot specialise it
compiles to code over semantic values with the reference's own operators.
Evaluation order and short-circuits follow vcspec/model/evaluate exactly, so a
runtime error happens in the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.compile import ops, runtime
from vcspec.compile.codegen import Namespace, Temps
from vcspec.compile.layout import Layout, Leaf, Map, Queue, Record, Set
from vcspec.compile.values import (
    CV,
    Bits,
    Code,
    Const,
    SlotRef,
    Test,
    elem_index,
    guarded,
    leaf_value,
)
from vcspec.model import ir
from vcspec.model.evaluate import Env, EvalError, evaluate, sorted_values
from vcspec.model.types import BOOL, INT, BoolT, IntT, QueueT, SetT

UNROLL_LIMIT = 64


@dataclass
class Scope:
    """Where reads go: `sys` and `mon` name the locals holding the state int
    for system and monitor variables; `locals` binds names to compiled values."""

    sys: str
    mon: str
    locals: dict[str, CV] = field(default_factory=dict)

    def bind(self, name: str, value: CV) -> Scope:
        return Scope(self.sys, self.mon, {**self.locals, name: value})


class ExprCompiler:
    def __init__(self, layout: Layout, ns: Namespace, temps: Temps):
        self.layout = layout
        self.ns = ns
        self.temps = temps
        self.ops = ops.Ops(self)

    # ------------------------------------------------------------ conversions
    def sem(self, cv: CV) -> str:
        """Source evaluating to the exact semantic value."""
        if isinstance(cv, Const):
            return self.ns.const(cv.value)
        if isinstance(cv, Code):
            return cv.code
        if isinstance(cv, Test):
            return cv.code if cv.is_bool else f"bool({cv.code})"
        if isinstance(cv, Bits):
            return f"{self.ns.add('_bset', runtime.bits_to_set(cv.elems))}({cv.code})"
        slot = cv.slot
        if isinstance(slot, Leaf):
            return guarded(cv, leaf_value(slot, cv.src, self.ns))
        return guarded(cv, f"{self.ns.add('_dec', slot.decode)}({cv.src})")

    def test(self, cv: CV) -> str:
        """Source that is truthy exactly when a boolean value is true."""
        if isinstance(cv, Const):
            return "True" if cv.value else "False"
        if isinstance(cv, Test):
            return cv.code
        if isinstance(cv, SlotRef) and isinstance(cv.slot, Leaf) and isinstance(
                cv.slot.type, BoolT):
            return guarded(cv, f"({cv.src} & {cv.slot.mask})")
        return self.sem(cv)

    def as_test(self, cv: CV) -> Test | Const:
        if isinstance(cv, (Test, Const)):
            return cv
        return Test(self.test(cv), BOOL, cv.fails, is_bool=not isinstance(cv, SlotRef))

    def bits(self, cv: CV, elems: tuple) -> Bits | None:
        """The value as a bitmask over `elems`, if it can be one."""
        if isinstance(cv, Bits):
            return cv if cv.elems == elems else None
        if isinstance(cv, SlotRef) and isinstance(cv.slot, Set) and cv.slot.elems == elems:
            slot = cv.slot
            return Bits(guarded(cv, f"(({cv.src} >> {slot.off}) & {slot.low_mask})"), elems,
                        cv.type, cv.fails)
        if isinstance(cv, Const) and isinstance(cv.value, frozenset):
            index = elem_index(elems)
            if all(v in index for v in cv.value):
                mask = 0
                for v in cv.value:
                    mask |= 1 << index[v]
                return Bits(str(mask), elems, cv.type)
        return None

    # ------------------------------------------------------------ dispatch
    def compile(self, e: ir.Expr, scope: Scope) -> CV:
        return getattr(self, "_" + type(e).__name__)(e, scope)

    def _Lit(self, e: ir.Lit, scope: Scope) -> CV:
        return Const(e.value, e.type)

    def _VarRef(self, e: ir.VarRef, scope: Scope) -> CV:
        slot = self.layout.var(e.var, e.monitor)
        src = scope.mon if e.monitor is not None else scope.sys
        return self.slot_ref(slot, src, e.type, None)

    def slot_ref(self, slot, src: str, t, check: str | None) -> CV:
        if isinstance(slot, Leaf) and slot.width == 0 and check is None:
            return Const(slot.value_of(0), t)
        return SlotRef(slot, src, t, check)

    def _Local(self, e: ir.Local, scope: Scope) -> CV:
        return scope.locals[e.name]

    def _Unary(self, e: ir.Unary, scope: Scope) -> CV:
        arg = self.compile(e.arg, scope)
        if isinstance(arg, Const):
            return Const((not arg.value) if e.op == "not" else -arg.value, e.type)
        if e.op == "neg":
            return Code(f"(-{self.sem(arg)})", e.type, arg.fails)
        return self.ops.negate(self.as_test(arg))

    def _Binary(self, e: ir.Binary, scope: Scope) -> CV:
        if e.op in ("and", "or", "implies"):
            return self.ops.logic(e, scope)
        left, right = self.compile(e.left, scope), self.compile(e.right, scope)
        if isinstance(left, Const) and isinstance(right, Const):
            try:
                value = evaluate(ir.Binary(e.type, e.span, e.op, ir.Lit(left.type, e.span,
                                 left.value), ir.Lit(right.type, e.span, right.value)), Env(()))
            except EvalError:
                return Code("_fail()", e.type, True)
            return Const(value, e.type)
        return self.ops.binary(e, left, right)

    def _Ite(self, e: ir.Ite, scope: Scope) -> CV:
        cond = self.compile(e.cond, scope)
        if isinstance(cond, Const):
            return self.compile(e.then if cond.value else e.else_, scope)
        then, else_ = self.compile(e.then, scope), self.compile(e.else_, scope)
        return Code(f"({self.sem(then)} if {self.test(cond)} else {self.sem(else_)})", e.type,
                    cond.fails or then.fails or else_.fails)

    def _Quant(self, e: ir.Quant, scope: Scope) -> CV:
        return self.ops.quant.quantifier(e, scope)

    def _SetFilter(self, e: ir.SetFilter, scope: Scope) -> CV:
        return self.ops.quant.set_filter(e, scope)

    def _QueueFilter(self, e: ir.QueueFilter, scope: Scope) -> CV:
        return self.ops.quant.queue_filter(e, scope)

    def _SetMap(self, e: ir.SetMap, scope: Scope) -> CV:
        return self.ops.quant.set_map(e, scope)

    def _MapLit(self, e: ir.MapLit, scope: Scope) -> CV:
        keys = e.type.key.domain()
        items = [self.compile(e.body, scope.bind(e.name, Const(k, e.type.key))) for k in keys]
        return self.tuple_of(items, e.type)

    def _SetLit(self, e: ir.SetLit, scope: Scope) -> CV:
        items = [self.compile(i, scope) for i in e.items]
        if all(isinstance(i, Const) for i in items):
            return Const(frozenset(i.value for i in items), e.type)
        inner = ", ".join(self.sem(i) for i in items)
        return Code(f"frozenset(({inner},))", e.type, any(i.fails for i in items))

    def _QueueLit(self, e: ir.QueueLit, scope: Scope) -> CV:
        return self.tuple_of([self.compile(i, scope) for i in e.items], e.type)

    def _RecordLit(self, e: ir.RecordLit, scope: Scope) -> CV:
        return self.tuple_of([self.compile(i, scope) for i in e.items], e.type)

    def tuple_of(self, items: list[CV], t) -> CV:
        if all(isinstance(i, Const) for i in items):
            return Const(tuple(i.value for i in items), t)
        inner = "".join(self.sem(i) + ", " for i in items)
        return Code(f"({inner})", t, any(i.fails for i in items))

    def _Index(self, e: ir.Index, scope: Scope) -> CV:
        base, key = self.compile(e.base, scope), self.compile(e.key, scope)
        if isinstance(base, SlotRef) and isinstance(base.slot, Map):
            if isinstance(key, Const):
                position = base.slot.key_index.get(key.value)
                if position is None:
                    return Code("_fail()", e.type, True)
                return self.slot_ref(base.slot.entries[position], base.src, e.type, base.check)
            reader = self.ns.add("_ix", runtime.map_reader(base.slot))
            code = f"{reader}({base.src}, {self.sem(key)})"
            return Code(guarded(base, code), e.type, True)
        if isinstance(base, Const) and isinstance(key, Const):
            try:
                return Const(runtime.index_const(e, base.value, key.value), e.type)
            except EvalError:
                return Code("_fail()", e.type, True)
        at = self.ns.add("_at", runtime.index_at(e.base.type.key))
        return Code(f"{at}({self.sem(base)}, {self.sem(key)})", e.type, True)

    def _FieldGet(self, e: ir.FieldGet, scope: Scope) -> CV:
        base = self.compile(e.base, scope)
        if isinstance(base, SlotRef) and isinstance(base.slot, Record):
            return self.slot_ref(base.slot.fields[e.index], base.src, e.type, base.check)
        if isinstance(base, Const):
            if base.value is None:
                return Code("_fail()", e.type, True)
            return Const(base.value[e.index], e.type)
        return Code(f"{self.ns.add('_fld', runtime.field_getter(e.index))}({self.sem(base)})",
                    e.type, True)

    def _Builtin(self, e: ir.Builtin, scope: Scope) -> CV:
        if e.name == "old":  # `s` holds the system before the step (monitors: as `require`)
            return self.compile(e.args[0], Scope("s", scope.mon, scope.locals))
        args = [self.compile(a, scope) for a in e.args]
        if all(isinstance(a, Const) for a in args):
            try:
                literal = tuple(ir.Lit(a.type, e.span, a.value) for a in args)
                return Const(evaluate(ir.Builtin(e.type, e.span, e.name, literal), Env(())),
                             e.type)
            except EvalError:
                return Code("_fail()", e.type, True)
        return self.ops.builtin(e, args)

    def _LetIn(self, e: ir.LetIn, scope: Scope) -> CV:
        value = self.compile(e.value, scope)
        if isinstance(value, Const) or (isinstance(value, SlotRef) and not value.fails):
            return self.compile(e.body, scope.bind(e.name, value))
        temp = self.temps.new()
        bound = self.rebind(value, temp)
        body = self.compile(e.body, scope.bind(e.name, bound))
        fails = value.fails or body.fails
        code = f"(({temp} := {self.raw(value)}), {self.sem(body)})[1]"
        return Code(code, e.type, fails)

    def raw(self, cv: CV) -> str:
        """Source for the value in its own representation (bits stay bits)."""
        if isinstance(cv, Bits):
            return cv.code
        if isinstance(cv, Test):
            return cv.code
        return self.sem(cv)

    def rebind(self, cv: CV, temp: str) -> CV:
        """The compiled value once `raw(cv)` is stored in local `temp`."""
        if isinstance(cv, Bits):
            return Bits(temp, cv.elems, cv.type)
        if isinstance(cv, Test):
            return Test(temp, cv.type, is_bool=cv.is_bool)
        return Code(temp, cv.type)

    def _TemporalOp(self, e: ir.TemporalOp, scope: Scope) -> CV:
        raise TypeError("a temporal operator cannot be compiled as a state expression")

    # ------------------------------------------------------------ helpers for ops
    def unroll_domain(self, domain: CV, t) -> list | None:
        """The elements of a constant domain in the reference's order, if small."""
        if isinstance(domain, Const) and len(domain.value) <= UNROLL_LIMIT:
            return sorted_values(domain.value, t)
        return None


def is_int(t) -> bool:
    return isinstance(t, IntT)


__all__ = ["ExprCompiler", "Scope", "INT", "BOOL", "QueueT", "SetT", "Queue"]

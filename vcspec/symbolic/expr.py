"""Symbolic evaluation of IR expressions, agreeing with vcspec/model/evaluate.py.

`Evaluator.ev(e, env, g)` returns the symbolic value of `e` and records, in
`errors`, the condition under which evaluating it raises EvalError. `g` is the
path condition: the condition under which the reference evaluator reaches
`e` at all (the right operand of `and` only when the left one holds, a
quantifier's body only until the result is decided, ...), so an error counts
exactly when the reference would raise it.
"""

from __future__ import annotations

import z3

from vcspec.model import ir
from vcspec.model.evaluate import MAX_RANGE, SEQUENCE_OPS, sorted_values
from vcspec.model.types import BoolT, EnumT, IntT, Type
from vcspec.symbolic import seq
from vcspec.symbolic.values import (
    SV,
    SBool,
    SEnum,
    SInt,
    SMap,
    SNone,
    SOpt,
    SQueue,
    SRec,
    SSet,
    Unsupported,
    choose,
    const,
    count_bits,
    default,
    eq,
    eq_const,
    merge_universe,
    select,
    set_of,
    sint,
)
from vcspec.symbolic.zterm import (
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

MUL_EXPAND_LIMIT = 64


class SEnv:
    """What an expression reads: system values, monitor values, locals."""

    __slots__ = ("sys", "mon", "locals", "old")

    def __init__(self, sys: list, mon: dict, locals_: dict | None = None,
                 old: SEnv | None = None):
        self.sys = sys
        self.mon = mon
        self.locals = locals_ or {}
        self.old = old  # on a step: what old(e) reads (the state before it)

    def bind(self, name: str, value: SV) -> SEnv:
        return SEnv(self.sys, self.mon, {**self.locals, name: value}, self.old)

    def copy(self) -> SEnv:
        return SEnv(list(self.sys), {m: list(vs) for m, vs in self.mon.items()}, self.locals)


def in_domain(key: SV, t: Type) -> z3.BoolRef:
    """key is a value of the finite type t (a map's key type)."""
    if isinstance(t, IntT) and isinstance(key, SInt):
        parts = []
        if key.lo is None or key.lo < t.lo:
            parts.append(cmp("ge", key.t, z3.IntVal(t.lo)))
        if key.hi is None or key.hi > t.hi:
            parts.append(cmp("le", key.t, z3.IntVal(t.hi)))
        return conj(*parts)
    if isinstance(t, (BoolT, EnumT)) and isinstance(key, (SBool, SEnum)):
        return TRUE
    return disj(*(eq_const(key, k) for k in t.domain()))


def index_map(base: SMap, key: SV) -> SV:
    options = [(eq_const(key, k), v) for k, v in zip(base.keys, base.entries)]
    return choose(options[:-1], options[-1][1])


class Evaluator:
    merge = staticmethod(select)  # how the two arms of an if-then-else join

    def __init__(self):
        self.errors: list[z3.BoolRef] = []

    def error(self, g: z3.BoolRef, cond: z3.BoolRef) -> None:
        c = conj(g, cond)
        if not z3.is_false(c):
            self.errors.append(c)

    def ev(self, e: ir.Expr, env: SEnv, g: z3.BoolRef = TRUE) -> SV:
        method = getattr(self, "_" + type(e).__name__, None)
        if method is None:
            raise Unsupported(f"the expression {type(e).__name__}")
        return method(e, env, g)

    def test(self, e: ir.Expr, env: SEnv, g: z3.BoolRef = TRUE) -> z3.BoolRef:
        return self.ev(e, env, g).t

    # ------------------------------------------------------------ leaves
    def _Lit(self, e: ir.Lit, env: SEnv, g) -> SV:
        return const(e.value, e.type)

    def _VarRef(self, e: ir.VarRef, env: SEnv, g) -> SV:
        if e.monitor is not None:
            return env.mon[e.monitor][e.var]
        return env.sys[e.var]

    def _Local(self, e: ir.Local, env: SEnv, g) -> SV:
        return env.locals[e.name]

    def _LetIn(self, e: ir.LetIn, env: SEnv, g) -> SV:
        return self.ev(e.body, env.bind(e.name, self.ev(e.value, env, g)), g)

    # ------------------------------------------------------------ operators
    def _Unary(self, e: ir.Unary, env: SEnv, g) -> SV:
        a = self.ev(e.arg, env, g)
        if e.op == "not":
            return SBool(neg(a.t))
        v = int_value(a.t)
        return SInt(z3.IntVal(-v) if v is not None else -a.t,
                    None if a.hi is None else -a.hi, None if a.lo is None else -a.lo)

    def _Binary(self, e: ir.Binary, env: SEnv, g) -> SV:
        op = e.op
        if op in ("and", "or", "implies"):
            return self.logic(e, env, g)
        if op == "in" and isinstance(e.right, ir.Binary) and e.right.op == "range":
            x = self.ev(e.left, env, g)
            lo, hi = self.ev(e.right.left, env, g), self.ev(e.right.right, env, g)
            self.range_error(lo, hi, g)
            return SBool(conj(cmp("ge", x.t, lo.t), cmp("le", x.t, hi.t)))
        a, b = self.ev(e.left, env, g), self.ev(e.right, env, g)
        if op in ("add", "sub", "mul", "div", "mod"):
            return self.arith(op, a, b, g)
        if op == "eq":
            return SBool(eq(a, b))
        if op == "ne":
            return SBool(neg(eq(a, b)))
        if op in ("lt", "le", "gt", "ge"):
            return SBool(cmp(op, a.t, b.t))
        if op == "in":
            return SBool(member(a, b))
        if op == "subseteq":
            return SBool(conj(*(implies(bit, b.bit(u)) for u, bit in zip(a.universe, a.bits))))
        if op in ("union", "inter", "diff"):
            return set_algebra(op, a, b)
        if op == "range":
            self.range_error(a, b, g)
            return int_range(a, b)
        raise Unsupported(f"the operator {op}")

    def range_error(self, a: SInt, b: SInt, g) -> None:
        """vcspec/model/evaluate refuses ranges of MAX_RANGE values or more."""
        if a.lo is None or b.hi is None or b.hi - a.lo >= MAX_RANGE:
            self.error(g, cmp("ge", b.t - a.t, z3.IntVal(MAX_RANGE)))

    def logic(self, e: ir.Binary, env: SEnv, g) -> SBool:
        a = self.test(e.left, env, g)
        if e.op == "and":
            return SBool(conj(a, self.test(e.right, env, conj(g, a))))
        if e.op == "or":
            return SBool(disj(a, self.test(e.right, env, conj(g, neg(a)))))
        return SBool(disj(neg(a), self.test(e.right, env, conj(g, a))))

    def arith(self, op: str, a: SInt, b: SInt, g) -> SInt:
        x, y = int_value(a.t), int_value(b.t)
        if op in ("div", "mod"):
            self.error(g, same(b.t, z3.IntVal(0)))
            if x is not None and y is not None and y != 0:
                return sint(x // y if op == "div" else x % y)
            return _div_mod(op, a, b)
        if x is not None and y is not None:
            return sint({"add": x + y, "sub": x - y, "mul": x * y}[op])
        if op == "add":
            return SInt(a.t + b.t, _opt(a.lo, b.lo, int.__add__), _opt(a.hi, b.hi, int.__add__))
        if op == "sub":
            return SInt(a.t - b.t, _opt(a.lo, b.hi, int.__sub__), _opt(a.hi, b.lo, int.__sub__))
        return _mul(a, b)

    # ------------------------------------------------------------ conditionals, quantifiers
    def _Ite(self, e: ir.Ite, env: SEnv, g) -> SV:
        c = self.test(e.cond, env, g)
        if z3.is_true(c):
            return self.ev(e.then, env, g)
        if z3.is_false(c):
            return self.ev(e.else_, env, g)
        then = self.ev(e.then, env, conj(g, c))
        else_ = self.ev(e.else_, env, conj(g, neg(c)))
        return self.merge(c, then, else_)

    def elements(self, domain_expr: ir.Expr, env: SEnv, g) -> list[tuple[z3.BoolRef, SV]]:
        """(is a member, value) for every possible element, in the reference's order."""
        dom = self.ev(domain_expr, env, g)
        if isinstance(dom, SQueue):
            return [(cmp("lt", z3.IntVal(i), dom.length), s) for i, s in enumerate(dom.slots)]
        elem = getattr(domain_expr.type, "elem", None)
        order = sorted_values(list(dom.universe), domain_expr.type)
        return [(dom.bit(u), _bound_const(u, elem)) for u in order]

    def _Quant(self, e: ir.Quant, env: SEnv, g) -> SV:
        items = self.elements(e.domain, env, g)
        if e.kind == "count":
            bodies = [conj(bit, self.test(e.body, env.bind(e.name, v), conj(g, bit)))
                      for bit, v in items]
            return SInt(count(bodies), 0, len(items))
        undecided = TRUE  # the elements before did not decide the result
        results = []
        for bit, v in items:
            body = self.test(e.body, env.bind(e.name, v), conj(g, undecided, bit))
            results.append(conj(bit, body) if e.kind == "exists" else implies(bit, body))
            undecided = conj(undecided, neg(results[-1]) if e.kind == "exists" else results[-1])
        return SBool(disj(*results) if e.kind == "exists" else conj(*results))

    def _SetFilter(self, e: ir.SetFilter, env: SEnv, g) -> SV:
        items = self.elements(e.domain, env, g)
        kept = [(conj(bit, self.test(e.cond, env.bind(e.name, v), conj(g, bit))), v)
                for bit, v in items]
        return set_of(kept)

    def _QueueFilter(self, e: ir.QueueFilter, env: SEnv, g) -> SV:
        q = self.ev(e.domain, env, g)
        keep = [self.test(e.cond, env.bind(e.name, v), conj(g, cmp("lt", z3.IntVal(k), q.length)))
                for k, v in enumerate(q.slots)]
        return seq.compact(q, keep)

    def _SetMap(self, e: ir.SetMap, env: SEnv, g) -> SV:
        items = self.elements(e.domain, env, g)
        return set_of([(bit, self.ev(e.body, env.bind(e.name, v), conj(g, bit)))
                       for bit, v in items])

    # ------------------------------------------------------------ literals
    def _MapLit(self, e: ir.MapLit, env: SEnv, g) -> SV:
        keys = e.type.key.domain()
        return SMap(keys, tuple(self.ev(e.body, env.bind(e.name, const(k, e.type.key)), g)
                                for k in keys))

    def _SetLit(self, e: ir.SetLit, env: SEnv, g) -> SV:
        return set_of([(TRUE, self.ev(i, env, g)) for i in e.items])

    def _QueueLit(self, e: ir.QueueLit, env: SEnv, g) -> SV:
        return SQueue(z3.IntVal(len(e.items)), tuple(self.ev(i, env, g) for i in e.items))

    def _RecordLit(self, e: ir.RecordLit, env: SEnv, g) -> SV:
        return SRec(tuple(self.ev(i, env, g) for i in e.items))

    # ------------------------------------------------------------ access
    def _Index(self, e: ir.Index, env: SEnv, g) -> SV:
        base, key = self.ev(e.base, env, g), self.ev(e.key, env, g)
        self.error(g, neg(in_domain(key, e.base.type.key)))
        return index_map(base, key)

    def _FieldGet(self, e: ir.FieldGet, env: SEnv, g) -> SV:
        base = self.ev(e.base, env, g)
        if isinstance(base, SNone):
            self.error(g, TRUE)
            return default(e.type)
        if isinstance(base, SOpt):
            self.error(g, neg(base.some))
            base = base.val
        return base.fields[e.index]

    def _Builtin(self, e: ir.Builtin, env: SEnv, g) -> SV:
        if e.name == "old":
            old = env.old if env.old is not None else env
            return self.ev(e.args[0], SEnv(old.sys, old.mon, env.locals), g)
        args = [self.ev(a, env, g) for a in e.args]
        name = e.name
        if name == "some":  # an optional value used as a plain one
            v = args[0]
            if isinstance(v, SNone):
                self.error(g, TRUE)
                return default(e.type)
            if isinstance(v, SOpt):
                self.error(g, neg(v.some))
                return v.val
            return v
        if name == "len":
            q = args[0]
            if isinstance(q, SQueue):
                return SInt(q.length, 0, len(q.slots))
            return SInt(count_bits(q), 0, len(q.universe))
        if name in ("head", "tail"):
            q = args[0]
            self.error(g, cmp("le", q.length, z3.IntVal(0)))
            if name == "tail":
                return SQueue(q.length - 1, q.slots[1:])
            return q.slots[0] if q.slots else default(e.type)
        if name in SEQUENCE_OPS:
            value, bad = seq.apply(name, args, e.type)
            self.error(g, bad)
            return value
        if name == "append":
            return append(args[0], args[1])
        if name in ("min", "max"):
            a, b = args
            c = cmp("le", a.t, b.t) if name == "min" else cmp("ge", a.t, b.t)
            lo = _opt(a.lo, b.lo, min if name == "min" else max)
            hi = _opt(a.hi, b.hi, min if name == "min" else max)
            return SInt(ite(c, a.t, b.t), lo, hi)
        raise Unsupported(f"the builtin {name}")



# ------------------------------------------------------------------ helpers
def _opt(a, b, f):
    return None if a is None or b is None else f(a, b)


def _bound_const(value, elem: Type | None) -> SV:
    if elem is None:
        raise Unsupported("a quantifier over a set of unknown element type")
    return const(value, elem)


def member(x: SV, s: SV) -> z3.BoolRef:
    if isinstance(s, SQueue):
        return disj(*(conj(cmp("lt", z3.IntVal(i), s.length), eq(x, slot))
                      for i, slot in enumerate(s.slots)))
    return disj(*(conj(bit, eq_const(x, u)) for u, bit in zip(s.universe, s.bits)))


def set_algebra(op: str, a: SSet, b: SSet) -> SSet:
    universe = merge_universe(a.universe, b.universe)
    bits = []
    for u in universe:
        x, y = a.bit(u), b.bit(u)
        bits.append(disj(x, y) if op == "union" else conj(x, y) if op == "inter"
                    else conj(x, neg(y)))
    return SSet(universe, tuple(bits))


def int_range(a: SInt, b: SInt) -> SSet:
    lo, hi = a.lo, b.hi
    if lo is None or hi is None:
        raise Unsupported("a range a..b without known bounds")
    universe = tuple(range(lo, hi + 1))
    return SSet(universe, tuple(conj(cmp("le", a.t, z3.IntVal(u)), cmp("ge", b.t, z3.IntVal(u)))
                                for u in universe))


def append(q: SQueue, x: SV) -> SQueue:
    slots = [choose([(q.length == i, x)], s) if int_value(q.length) is None
             else (x if int_value(q.length) == i else s) for i, s in enumerate(q.slots)]
    slots.append(x)
    return SQueue(q.length + 1 if int_value(q.length) is None
                  else z3.IntVal(int_value(q.length) + 1), tuple(slots))


def _mul(a: SInt, b: SInt) -> SInt:
    bounds = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi) if x is not None and y is not None]
    lo, hi = (min(bounds), max(bounds)) if len(bounds) == 4 else (None, None)
    if int_value(a.t) is not None or int_value(b.t) is not None:
        return SInt(a.t * b.t, lo, hi)
    small = a if a.lo is not None and a.hi is not None and a.hi - a.lo < MUL_EXPAND_LIMIT else \
        b if b.lo is not None and b.hi is not None and b.hi - b.lo < MUL_EXPAND_LIMIT else None
    if small is None:
        return SInt(a.t * b.t, lo, hi)
    other = b if small is a else a
    out = z3.IntVal(0)
    for v in range(small.lo, small.hi + 1):
        out = ite(small.t == v, other.t * v, out)
    return SInt(out, lo, hi)


def _div_mod(op: str, a: SInt, b: SInt) -> SInt:
    """Floor division and its remainder (vcspec/model/evaluate.py) on z3 integers.
    A divisor that is not a constant is split over its (bounded) values, so
    that every division is by a non-zero constant: linear arithmetic."""
    y = int_value(b.t)
    if y is not None:
        return _by_constant(op, a, y)
    if b.lo is None or b.hi is None or b.hi - b.lo >= MUL_EXPAND_LIMIT:
        raise Unsupported("division by a variable without small bounds")
    out = None
    for v in range(b.lo, b.hi + 1):
        if v == 0:
            continue  # an error (recorded by the caller)
        q = _by_constant(op, a, v)
        out = q if out is None else SInt(ite(same(b.t, z3.IntVal(v)), q.t, out.t),
                                         _opt(q.lo, out.lo, min), _opt(q.hi, out.hi, max))
    return out if out is not None else sint(0)


def _by_constant(op: str, a: SInt, y: int) -> SInt:
    """z3's integer `/` is Euclidean, which is floor division for a positive
    divisor; a negative divisor y divides -a by -y (floor(a/y) == floor(-a/-y))."""
    if y == 0:
        return sint(0)  # raises: the value is never used
    x = int_value(a.t)
    if x is not None:
        return sint(x // y if op == "div" else x % y)
    q = a.t / y if y > 0 else (-a.t) / (-y)
    if op == "div":
        if a.lo is None or a.hi is None:
            return SInt(q, None, None)
        ends = (a.lo // y, a.hi // y)
        return SInt(q, min(ends), max(ends))
    r = a.t - q * y
    return SInt(r, 0, y - 1) if y > 0 else SInt(r, y + 1, 0)

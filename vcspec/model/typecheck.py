"""Syntax expressions and statements -> typed IR, with diagnostics.

Name resolution order for a bare name: locals (parameters, quantified names,
`let`), the current process's variables, the current monitor's variables,
constants, enum members, parameterless `def`s, then enum and type names (as the
set of their values).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.scope import Globals
from vcspec.model.source import Span
from vcspec.model.types import (
    ANY,
    BOOL,
    INT,
    NONE,
    AnyT,
    BoolT,
    EnumT,
    IntT,
    MapT,
    OptionT,
    QueueT,
    RecordT,
    SetT,
    TemporalT,
    Type,
    compatible,
    join,
    same_shape,
)

_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}
_COMPARE = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_BUILTINS = {"len": 1, "head": 1, "tail": 1, "append": 2, "min": 2, "max": 2}


@dataclass
class Context:
    """Where an expression stands: what names it may use and read."""

    locals: dict[str, Type] = field(default_factory=dict)
    process: str | None = None
    monitor: str | None = None
    state: bool = True  # may read state variables
    temporal: bool = False  # may use always/eventually/leadsto
    where: str = "expression"

    def with_local(self, name: str, t: Type) -> Context:
        return replace(self, locals={**self.locals, name: t})


class ExprChecker:
    def __init__(self, env: Globals, diags: Diagnostics):
        self.env = env
        self.diags = diags
        self.reads: set[int] = set()  # state variables read anywhere
        self.named_symmetric: dict[str, Span] = {}
        self.used: set[str] = set()  # constants and defs referred to
        self._expanding: list[str] = []

    # ------------------------------------------------------------ helpers
    def error(self, code: str, message: str, span: Span, *notes: Note) -> ir.Expr:
        self.diags.error(code, message, span, *notes)
        return ir.Lit(ANY, span, None)

    def expect(self, node: s.Node, ctx: Context, want: Type, what: str) -> ir.Expr:
        expr = self.check(node, ctx)
        if not isinstance(want, OptionT):
            expr = self.unwrap(expr)
        if isinstance(expr.type, TemporalT):
            return self.error("VCS310", f"{what} cannot be a temporal formula; temporal "
                              "properties combine only through forall prefixes", node.span)
        if not compatible(want, expr.type):
            self.diags.error("VCS301", f"{what} must be {want}, found {expr.type}", node.span)
        return expr

    def expect_bool(self, node: s.Node, ctx: Context, what: str) -> ir.Expr:
        return self.expect(node, ctx, BOOL, what)

    def undefined(self, name: str, span: Span, ctx: Context) -> ir.Expr:
        candidates = set(ctx.locals) | self.env.value_names()
        if ctx.process:
            candidates |= set(self.env.process_vars.get(ctx.process, {}))
        if ctx.monitor:
            candidates |= set(self.env.monitor_vars.get(ctx.monitor, {}))
        close = difflib.get_close_matches(name, sorted(candidates), n=1)
        notes = (Note(f"did you mean '{close[0]}'?"),) if close else ()
        return self.error("VCS201", f"undefined name '{name}'", span, *notes)

    # ------------------------------------------------------------ dispatch
    def check(self, node: s.Node, ctx: Context) -> ir.Expr:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            return self.error("VCS107", "this is not an expression", node.span)
        return method(node, ctx)

    def _IntLit(self, node: s.IntLit, ctx: Context) -> ir.Expr:
        return ir.Lit(IntT(node.value, node.value), node.span, node.value)

    def _BoolLit(self, node: s.BoolLit, ctx: Context) -> ir.Expr:
        return ir.Lit(BOOL, node.span, node.value)

    def _NoneLit(self, node: s.NoneLit, ctx: Context) -> ir.Expr:
        return ir.Lit(NONE, node.span, None)

    def _Name(self, node: s.Name, ctx: Context) -> ir.Expr:
        name, span = node.id, node.span
        if name in ctx.locals:
            return ir.Local(ctx.locals[name], span, name)
        if ctx.process and name in self.env.process_vars.get(ctx.process, {}):
            return self.process_var(ctx.process, name, span, ctx, own=True)
        if ctx.monitor and name in self.env.monitor_vars.get(ctx.monitor, {}):
            index, t = self.env.monitor_vars[ctx.monitor][name]
            return ir.VarRef(t, span, index, ctx.monitor)
        if name in self.env.consts:
            self.used.add(name)
            value, t = self.env.consts[name]
            return ir.Lit(t, span, value)
        if name in self.env.members:
            return self.member(name, span)
        if name in self.env.defs:
            return self.expand_def(name, (), span, ctx)
        if name in self.env.types:
            t = self.env.types[name]
            if t.finite and not isinstance(t, AnyT):
                return ir.Lit(SetT(t), span, frozenset(t.domain()))
            return self.error("VCS210", f"type '{name}' is not a finite set of values", span)
        if name in self.env.processes:
            return self.error("VCS210", f"process '{name}' is not a value; write "
                              f"{name}.variable", span)
        return self.undefined(name, span, ctx)

    def member(self, name: str, span: Span, enum: EnumT | None = None) -> ir.Expr:
        owners = [enum] if enum else self.env.members[name]
        if len(owners) > 1:
            names = ", ".join(f"{e.name}.{name}" for e in owners)
            return self.error("VCS201", f"'{name}' is a member of several enums; write one "
                              f"of {names}", span)
        if owners[0].symmetric:
            self.named_symmetric.setdefault(owners[0].name, span)
        return ir.Lit(owners[0], span, name)

    def process_var(self, process: str, name: str, span: Span, ctx: Context,
                    own: bool = False, instance: ir.Expr | None = None) -> ir.Expr:
        if not ctx.state:
            return self.error("VCS308", f"'{process}.{name}' is a state variable; "
                              f"{ctx.where} must be constant", span)
        index, t = self.env.process_vars[process][name]
        self.reads.add(index)
        family = self.env.families.get(process)
        if family is None:
            return ir.VarRef(t, span, index)
        if instance is None:
            if not own:
                return self.error("VCS210", f"'{process}' is a process family; write "
                                  f"{process}[i].{name}", span)
            instance = ir.Local(family[1], span, family[0])
        whole = ir.VarRef(MapT(family[1], t), span, index)
        return ir.Index(t, span, whole, self.coerce_key(instance, family[1]))

    @staticmethod
    def unwrap(expr: ir.Expr) -> ir.Expr:
        """An optional value used where a plain value is needed: `some`, a
        runtime error ("none where a value is needed") when it is none."""
        if isinstance(expr.type, OptionT):
            return ir.Builtin(expr.type.inner, expr.span, "some", (expr,))
        return expr

    def coerce_key(self, key: ir.Expr, key_type: Type) -> ir.Expr:
        if not isinstance(key_type, OptionT):
            key = self.unwrap(key)
        if not compatible(key_type, key.type):
            return self.error("VCS301", f"index must be {key_type}, found {key.type}", key.span)
        return key

    def _Field(self, node: s.Field, ctx: Context) -> ir.Expr:
        obj = node.obj
        if isinstance(obj, s.Name) and not self.shadowed(obj.id, ctx):
            if obj.id in self.env.processes:
                if not ctx.state:
                    return self.error("VCS308", f"'{obj.id}.{node.name}' is a state variable; "
                                      f"{ctx.where} must be constant", node.span)
                if node.name not in self.env.process_vars[obj.id]:
                    return self.undefined(f"{obj.id}.{node.name}", node.span, ctx)
                return self.process_var(obj.id, node.name, node.span, ctx)
            enum = self.env.types.get(obj.id)
            if isinstance(enum, EnumT) and obj.id in self.env.enums:
                if node.name not in enum.members:
                    return self.error("VCS201", f"enum {enum.name} has no member "
                                      f"'{node.name}'", node.name_span)
                return self.member(node.name, node.span, enum)
        if (isinstance(obj, s.Index) and isinstance(obj.obj, s.Name)
                and obj.obj.id in self.env.families and not self.shadowed(obj.obj.id, ctx)):
            process = obj.obj.id
            if node.name not in self.env.process_vars[process]:
                return self.undefined(f"{process}.{node.name}", node.span, ctx)
            instance = self.check(obj.key, ctx)
            return self.process_var(process, node.name, node.span, ctx, instance=instance)
        base = self.unwrap(self.check(obj, ctx))
        if isinstance(base.type, AnyT):
            return base
        if not isinstance(base.type, RecordT):
            return self.error("VCS302", f"'.{node.name}' needs a record, found {base.type}",
                              node.span)
        ft = base.type.field_type(node.name)
        if ft is None:
            return self.error("VCS201", f"record {base.type} has no field '{node.name}'",
                              node.name_span)
        return ir.FieldGet(ft, node.span, base, base.type.field_index(node.name), node.name)

    def shadowed(self, name: str, ctx: Context) -> bool:
        return name in ctx.locals or (ctx.process is not None and name in
                                      self.env.process_vars.get(ctx.process, {}))

    def _Index(self, node: s.Index, ctx: Context) -> ir.Expr:
        base = self.check(node.obj, ctx)
        key = self.check(node.key, ctx)
        if isinstance(base.type, AnyT):
            return base
        if not isinstance(base.type, MapT):
            return self.error("VCS302", f"indexing needs a map, found {base.type}", node.span)
        return ir.Index(base.type.value, node.span, base, self.coerce_key(key, base.type.key))

    def _Unary(self, node: s.Unary, ctx: Context) -> ir.Expr:
        if node.op == "not":
            arg = self.expect_bool(node.operand, ctx, "the operand of 'not'")
            return ir.Unary(BOOL, node.span, "not", arg)
        arg = self.unwrap(self.check(node.operand, ctx))
        if isinstance(arg.type, AnyT):
            return arg
        if not isinstance(arg.type, IntT):
            return self.error("VCS302", f"'-' needs an integer, found {arg.type}", node.span)
        if isinstance(arg, ir.Lit) and isinstance(arg.value, int):
            return ir.Lit(IntT(-arg.value, -arg.value), node.span, -arg.value)
        return ir.Unary(INT, node.span, "neg", arg)

    def _Binary(self, node: s.Binary, ctx: Context) -> ir.Expr:
        if node.op == "leadsto":
            return self.temporal_leadsto(node, ctx)
        if node.op in ("and", "or", "implies"):
            left = self.expect_bool(node.left, ctx, f"the left side of '{node.op}'")
            right = self.expect_bool(node.right, ctx, f"the right side of '{node.op}'")
            return ir.Binary(BOOL, node.span, node.op, left, right)
        left, right = self.check(node.left, ctx), self.check(node.right, ctx)
        if isinstance(left.type, AnyT) or isinstance(right.type, AnyT):
            return ir.Lit(ANY, node.span, None)
        if node.op not in ("==", "!=", "in", "notin"):
            left, right = self.unwrap(left), self.unwrap(right)
        return self.binary_typed(node, left, right)

    def binary_typed(self, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        op, lt, rt, span = node.op, left.type, right.type, node.span
        if op == "-" and isinstance(lt, SetT) and isinstance(rt, SetT):
            return self.set_op("diff", node, left, right)
        if op in _ARITH or op in _COMPARE or op == "..":
            if not (isinstance(lt, IntT) and isinstance(rt, IntT)):
                return self.error("VCS302", f"'{op}' needs integers, found {lt} and {rt}", span)
            if op in _ARITH:
                return self.arith(_ARITH[op], span, left, right)
            if op == "..":
                elem = self.range_of(left, right)
                return ir.Binary(SetT(elem), span, "range", left, right)
            return ir.Binary(BOOL, span, _COMPARE[op], left, right)
        if op in ("==", "!="):
            if not same_shape(lt, rt):
                return self.error("VCS302", f"cannot compare {lt} with {rt}", span)
            return ir.Binary(BOOL, span, "eq" if op == "==" else "ne", left, right)
        if op in ("in", "notin"):
            return self.membership(node, left, right)
        if op in ("union", "inter", "subseteq"):
            return self.set_op(op, node, left, right)
        raise AssertionError(op)

    @staticmethod
    def arith(op: str, span: Span, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        """Integer arithmetic; + - * of two literals is folded, so constant
        bounds such as `0..K-1` keep their exact range."""
        if (op in ("add", "sub", "mul") and isinstance(left, ir.Lit)
                and isinstance(right, ir.Lit)):
            value = {"add": left.value + right.value, "sub": left.value - right.value,
                     "mul": left.value * right.value}[op]
            if abs(value) <= 1 << 62:
                return ir.Lit(IntT(value, value), span, value)
        return ir.Binary(INT, span, op, left, right)

    @staticmethod
    def range_of(left: ir.Expr, right: ir.Expr) -> IntT:
        if isinstance(left, ir.Lit) and isinstance(right, ir.Lit):
            return IntT(left.value, right.value)
        return INT

    def membership(self, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        rt = right.type
        if not isinstance(rt, (SetT, QueueT)):
            return self.error("VCS302", f"'in' needs a set on its right, found {rt}", node.span)
        if rt.elem is not None and not same_shape(rt.elem, left.type):
            return self.error("VCS302", f"{left.type} cannot be a member of {rt}", node.span)
        test = ir.Binary(BOOL, node.span, "in", left, right)
        return test if node.op == "in" else ir.Unary(BOOL, node.span, "not", test)

    def set_op(self, op: str, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        lt, rt = left.type, right.type
        if not (isinstance(lt, SetT) and isinstance(rt, SetT)):
            return self.error("VCS302", f"'{node.op}' needs sets, found {lt} and {rt}",
                              node.span)
        joined = join(lt, rt)
        if joined is None:
            return self.error("VCS302", f"'{node.op}' of {lt} and {rt}", node.span)
        result = BOOL if op == "subseteq" else (lt if op == "diff" else joined)
        return ir.Binary(result, node.span, op, left, right)

    def _IfExpr(self, node: s.IfExpr, ctx: Context) -> ir.Expr:
        cond = self.expect_bool(node.cond, ctx, "the condition of 'if'")
        then, else_ = self.check(node.then, ctx), self.check(node.else_, ctx)
        t = join(then.type, else_.type)
        if t is None:
            return self.error("VCS301", f"the branches of 'if' have types {then.type} and "
                              f"{else_.type}", node.span)
        return ir.Ite(t, node.span, cond, then, else_)

    # ------------------------------------------------------------ binders
    def binder_domain(self, binder: s.Binder, ctx: Context) -> ir.Expr:
        domain = self.check(binder.domain, ctx)
        if isinstance(domain.type, AnyT):
            return domain
        if not isinstance(domain.type, SetT):
            return self.error("VCS302", f"'{binder.name} in ...' needs a set, found "
                              f"{domain.type}", binder.domain.span)
        return domain

    @staticmethod
    def elem_type(domain: ir.Expr) -> Type:
        return domain.type.elem if isinstance(domain.type, SetT) and domain.type.elem else ANY

    def _Quant(self, node: s.Quant, ctx: Context) -> ir.Expr:
        return self.nest_binders(node, node.binders, ctx)

    def nest_binders(self, node: s.Quant, binders, ctx: Context) -> ir.Expr:
        binder, rest = binders[0], binders[1:]
        domain = self.binder_domain(binder, ctx)
        inner = ctx.with_local(binder.name, self.elem_type(domain))
        if rest:
            body = self.nest_binders(node, rest, inner)
        elif node.kind == "forall" and ctx.temporal:
            body = self.check(node.body, inner)
        else:
            body = self.expect_bool(node.body, inner, f"the body of '{node.kind}'")
        if node.kind == "count":
            if rest:
                return self.error("VCS107", "'count' takes one binder", node.span)
            return ir.Quant(INT, node.span, "count", binder.name, domain, body)
        t = body.type if isinstance(body.type, TemporalT) else BOOL
        return ir.Quant(t, node.span, node.kind, binder.name, domain, body)

    def _SetFilter(self, node: s.SetFilter, ctx: Context) -> ir.Expr:
        domain = self.binder_domain(node.binder, ctx)
        inner = ctx.with_local(node.binder.name, self.elem_type(domain))
        cond = self.expect_bool(node.cond, inner, "the condition of a set filter")
        t = domain.type if isinstance(domain.type, SetT) else ANY
        return ir.SetFilter(t, node.span, node.binder.name, domain, cond)

    def _SetMap(self, node: s.SetMap, ctx: Context) -> ir.Expr:
        if len(node.binders) != 1:
            return self.error("VCS107", "a set map takes one binder", node.span)
        binder = node.binders[0]
        domain = self.binder_domain(binder, ctx)
        body = self.check(node.body, ctx.with_local(binder.name, self.elem_type(domain)))
        return ir.SetMap(SetT(body.type), node.span, binder.name, domain, body)

    def _MapLit(self, node: s.MapLit, ctx: Context) -> ir.Expr:
        domain = self.binder_domain(node.binder, ctx)
        key = self.whole_type(domain)
        if key is None:
            return self.error("VCS307", "a map literal ranges over a whole type: "
                              "[e for k in K] with K an enum, bool or a constant range",
                              node.binder.span)
        body = self.check(node.body, ctx.with_local(node.binder.name, key))
        return ir.MapLit(MapT(key, body.type), node.span, node.binder.name, body)

    @staticmethod
    def whole_type(domain: ir.Expr) -> Type | None:
        """The finite type a set expression spans entirely, if it is one."""
        if isinstance(domain, ir.Lit) and isinstance(domain.type, SetT):
            key = domain.type.elem
            return key if key and frozenset(key.domain()) == domain.value else None
        if (isinstance(domain, ir.Binary) and domain.op == "range"
                and isinstance(domain.type.elem, IntT) and domain.type.elem.finite):
            return domain.type.elem
        return None

    # ------------------------------------------------------------ literals
    def _SetLit(self, node: s.SetLit, ctx: Context) -> ir.Expr:
        items = tuple(self.check(i, ctx) for i in node.items)
        elem = self.join_all(items, node.span)
        return ir.SetLit(SetT(elem), node.span, items)

    def _QueueLit(self, node: s.QueueLit, ctx: Context) -> ir.Expr:
        items = tuple(self.check(i, ctx) for i in node.items)
        elem = self.join_all(items, node.span)
        return ir.QueueLit(QueueT(elem, len(items)), node.span, items)

    def join_all(self, items: tuple[ir.Expr, ...], span: Span) -> Type | None:
        elem = None
        for item in items:
            joined = item.type if elem is None else join(elem, item.type)
            if joined is None:
                self.diags.error("VCS301", f"elements of types {elem} and {item.type} "
                                 "in one literal", item.span)
                return ANY
            elem = joined
        return elem

    def _RecordLit(self, node: s.RecordLit, ctx: Context) -> ir.Expr:
        seen: set[str] = set()
        fields = []
        for name, value in node.fields:
            if name in seen:
                return self.error("VCS202", f"field '{name}' given twice", value.span)
            seen.add(name)
            fields.append((name, self.check(value, ctx)))
        t = RecordT(tuple((n, e.type) for n, e in fields))
        return ir.RecordLit(t, node.span, tuple(e for _, e in fields))

    # ------------------------------------------------------------ calls
    def _Call(self, node: s.Call, ctx: Context) -> ir.Expr:
        if node.func in _BUILTINS:
            return self.builtin(node, ctx)
        if node.func in self.env.defs:
            return self.expand_def(node.func, node.args, node.span, ctx)
        return self.undefined(node.func, node.span, ctx)

    def builtin(self, node: s.Call, ctx: Context) -> ir.Expr:
        want = _BUILTINS[node.func]
        if len(node.args) != want:
            return self.error("VCS208", f"{node.func}() takes {want} argument(s), "
                              f"{len(node.args)} given", node.span)
        args = tuple(self.unwrap(self.check(a, ctx)) for a in node.args)
        if any(isinstance(a.type, AnyT) for a in args):
            return ir.Lit(ANY, node.span, None)
        t = self.builtin_type(node, args)
        return t if isinstance(t, ir.Expr) else ir.Builtin(t, node.span, node.func, args)

    def builtin_type(self, node: s.Call, args: tuple[ir.Expr, ...]):
        first = args[0].type
        if node.func in ("min", "max"):
            if not all(isinstance(a.type, IntT) for a in args):
                return self.error("VCS302", f"{node.func}() needs integers", node.span)
            return INT
        if node.func == "len" and isinstance(first, (SetT, QueueT)):
            return INT
        if not isinstance(first, QueueT):
            return self.error("VCS302", f"{node.func}() needs a queue, found {first}",
                              node.span)
        if node.func == "head":
            return first.elem or ANY
        if node.func == "tail":
            return first
        if first.elem is not None and not compatible(first.elem, args[1].type):
            return self.error("VCS301", f"cannot append {args[1].type} to {first}", node.span)
        elem = first.elem if first.elem is not None else args[1].type
        return QueueT(elem, first.max + 1)

    def expand_def(self, name: str, args: tuple, span: Span, ctx: Context) -> ir.Expr:
        self.used.add(name)
        definition = self.env.defs[name]
        params = definition.params or ()
        if len(args) != len(params):
            return self.error("VCS208", f"'{name}' takes {len(params)} argument(s), "
                              f"{len(args)} given", span)
        if name in self._expanding:
            return self.error("VCS207", f"'{name}' refers to itself", span)
        values = [self.check(a, ctx) for a in args]
        param_types = [self.env.resolve_type(p.type) for p in params]
        for value, t, param in zip(values, param_types, params):
            if not compatible(t, value.type):
                self.diags.error("VCS301", f"argument '{param.name}' of '{name}' must be {t}, "
                                 f"found {value.type}", value.span)
        inner = Context({p.name: t for p, t in zip(params, param_types)}, None, None,
                        ctx.state, False, ctx.where)
        self._expanding.append(name)
        try:
            result_type = self.env.resolve_type(definition.type)
            body = self.expect(definition.body, inner, result_type, f"the body of '{name}'")
        finally:
            self._expanding.pop()
        for param, value in reversed(list(zip(params, values))):
            body = ir.LetIn(body.type, span, param.name, value, body)
        return body

    # ------------------------------------------------------------ temporal
    def _TemporalOp(self, node: s.TemporalOp, ctx: Context) -> ir.Expr:
        if not ctx.temporal:
            return self.error("VCS310", f"'{node.op}' is only allowed in temporal properties",
                              node.span)
        body = self.check(node.body, ctx)
        if not isinstance(body.type, (BoolT, TemporalT, AnyT)):
            return self.error("VCS301", f"'{node.op}' needs a condition, found {body.type}",
                              node.span)
        return ir.TemporalOp(TemporalT(), node.span, node.op, (body,))

    def temporal_leadsto(self, node: s.Binary, ctx: Context) -> ir.Expr:
        if not ctx.temporal:
            return self.error("VCS310", "'leadsto' is only allowed in temporal properties",
                              node.span)
        plain = replace(ctx, temporal=False)
        left = self.expect_bool(node.left, plain, "the left side of 'leadsto'")
        right = self.expect_bool(node.right, plain, "the right side of 'leadsto'")
        return ir.TemporalOp(TemporalT(), node.span, "leadsto", (left, right))


def option_inner(t: Type) -> Type:
    return t.inner if isinstance(t, OptionT) else t

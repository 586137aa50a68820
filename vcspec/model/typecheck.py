"""Syntax expressions and statements -> typed IR, with diagnostics.

Name resolution order for a bare name: locals (parameters, quantified names,
`let`), the current process's variables, the current monitor's variables,
constants, enum members, parameterless `def`s, then enum and type names (as the
set of their values).
"""

from __future__ import annotations

import difflib

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.bindcheck import BinderChecks
from vcspec.model.callcheck import CallChecks
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.opcheck import OperatorChecks
from vcspec.model.scope import Context, Globals
from vcspec.model.source import Span
from vcspec.model.types import (
    ANY,
    BOOL,
    NONE,
    AnyT,
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
)


class ExprChecker(OperatorChecks, BinderChecks, CallChecks):
    """Expressions -> typed IR: helpers, dispatch, literals and names here; operators,
    binders and calls in the mixins (opcheck.py, bindcheck.py, callcheck.py)."""

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

    def type_as_set(self, name: str, span: Span) -> ir.Expr:
        """A type used as a value: the set of its values (an alias is resolved
        here if no declaration used it yet; a type too large to enumerate is
        VCS311, never materialised)."""
        t = self.env.resolve_type(s.NamedType(name, span))
        if isinstance(t, AnyT):
            return ir.Lit(ANY, span, None)  # resolve_type reported why
        if not t.finite:
            return self.error("VCS210", f"type '{name}' is not a finite set of values", span)
        if isinstance(self.env.enumerable(t, f"type '{name}' used as a set", span), AnyT):
            return ir.Lit(ANY, span, None)
        return ir.Lit(SetT(t), span, frozenset(t.domain()))

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
        if name in self.env.types or name in self.env.aliases:
            return self.type_as_set(name, span)
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
        if isinstance(base.type, QueueT):
            return self.queue_at(node, base, key)
        if not isinstance(base.type, MapT):
            return self.error("VCS302", f"indexing needs a map or a queue, found {base.type}",
                              node.span)
        return ir.Index(base.type.value, node.span, base, self.coerce_key(key, base.type.key))


def option_inner(t: Type) -> Type:
    return t.inner if isinstance(t, OptionT) else t

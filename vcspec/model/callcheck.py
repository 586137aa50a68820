"""Calls -> typed IR: the builtins and the expansion of `def`s (a mixin of
ExprChecker, vcspec/model/typecheck.py)."""

from __future__ import annotations

from dataclasses import replace

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.scope import Context
from vcspec.model.source import Span
from vcspec.model.types import (
    ANY,
    INT,
    AnyT,
    IntT,
    QueueT,
    SetT,
    compatible,
)

_BUILTINS = {"len": 1, "head": 1, "tail": 1, "append": 2, "min": 2, "max": 2,
             "last": 1, "remove_at": 2, "slice": 3}
# builtins whose arguments after the queue are integer positions
_POSITIONS = {"remove_at", "slice"}


class CallChecks:
    # ------------------------------------------------------------ calls
    def _Call(self, node: s.Call, ctx: Context) -> ir.Expr:
        if node.func == "old" and "old" not in self.env.defs:
            return self.old(node, ctx)
        if node.func in _BUILTINS:
            return self.builtin(node, ctx)
        if node.func in self.env.defs:
            return self.expand_def(node.func, node.args, node.span, ctx)
        return self.undefined(node.func, node.span, ctx)

    def old(self, node: s.Call, ctx: Context) -> ir.Expr:
        """old(e): e in the state before the step (an `always step` property or an
        `ensure`); the IR is Builtin("old") so that every walk sees its argument."""
        if not ctx.step:
            return self.error("VCS210", "old(e) reads the state before a step: it is allowed "
                              "only in `always step` properties and monitors' `ensure`",
                              node.span)
        if len(node.args) != 1:
            return self.error("VCS208", f"old() takes 1 argument, {len(node.args)} given",
                              node.span)
        arg = self.check(node.args[0], replace(ctx, step=False))
        if isinstance(arg.type, AnyT):
            return arg
        return ir.Builtin(arg.type, node.span, "old", (arg,))

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
        if node.func in ("head", "last"):
            return first.elem or ANY
        if node.func == "tail":
            return first
        if node.func in _POSITIONS:
            if not all(isinstance(a.type, IntT) for a in args[1:]):
                return self.error("VCS302", f"{node.func}() needs integer positions", node.span)
            return first
        if first.elem is not None and not compatible(first.elem, args[1].type):
            return self.error("VCS301", f"cannot append {args[1].type} to {first}", node.span)
        elem = first.elem if first.elem is not None else args[1].type
        return QueueT(elem, first.max + 1)

    def queue_at(self, node: s.Index, base: ir.Expr, key: ir.Expr) -> ir.Expr:
        """q[i]: the element at 0-based position i (q[0] is head(q))."""
        key = self.unwrap(key)
        if isinstance(key.type, AnyT):
            return key
        if not isinstance(key.type, IntT):
            return self.error("VCS301", f"a queue position is an integer, found {key.type}",
                              node.key.span)
        return ir.Builtin(base.type.elem or ANY, node.span, "at", (base, key))

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

"""Statements and assignment targets -> IR, with diagnostics."""

from __future__ import annotations

from dataclasses import replace

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.scope import Context
from vcspec.model.source import Span
from vcspec.model.typecheck import ExprChecker
from vcspec.model.types import ANY, AnyT, IntT, MapT, OptionT, QueueT, RecordT, Type, compatible


class StmtChecker:
    def __init__(self, exprs: ExprChecker):
        self.exprs = exprs
        self.env = exprs.env
        self.diags = exprs.diags
        self.writes: set[int] = set()

    def block(self, block: s.Block | None, ctx: Context) -> tuple[ir.Stmt, ...]:
        if block is None:
            return ()
        out = []
        for stmt in block.stmts:
            checked, ctx = self.stmt(stmt, ctx)
            if checked is not None:
                out.append(checked)
        return tuple(out)

    def stmt(self, node: s.Node, ctx: Context) -> tuple[ir.Stmt | None, Context]:
        if isinstance(node, s.Let):
            value = self.exprs.check(node.value, ctx)
            return ir.LetStmt(node.span, node.name, value), ctx.with_local(node.name, value.type)
        if isinstance(node, s.If):
            cond = self.exprs.expect_bool(node.cond, ctx, "the condition of 'if'")
            then = self.block(node.then, ctx)
            if isinstance(node.else_, s.If):
                else_ = (self.stmt(node.else_, ctx)[0],)
            else:
                else_ = self.block(node.else_, ctx)
            return ir.IfStmt(node.span, cond, then, tuple(x for x in else_ if x)), ctx
        if isinstance(node, s.Assign):
            return self.assign(node, ctx), ctx
        if isinstance(node, (s.Push, s.Pop)):
            return self.queue_op(node, ctx), ctx
        raise AssertionError(node)

    def assign(self, node: s.Assign, ctx: Context) -> ir.Stmt | None:
        target = self.lvalue(node.target, ctx)
        value = self.exprs.check(node.value, ctx)
        if target is None:
            return None
        if not isinstance(target.type, OptionT):
            value = self.exprs.unwrap(value)
        if not compatible(target.type, value.type):
            self.diags.error("VCS303", f"cannot assign {value.type} to "
                             f"'{_text(node.target)}' of type {target.type}", node.value.span)
            return None
        check_constant_fits(self.diags, target.type, value, node.value.span)
        return ir.Assign(node.span, target, value)

    def queue_op(self, node: s.Push | s.Pop, ctx: Context) -> ir.Stmt | None:
        target = self.lvalue(node.target, ctx)
        if target is None:
            return None
        if not isinstance(target.type, QueueT):
            self.diags.error("VCS302", f"{type(node).__name__.lower()}() needs a queue, "
                             f"found {target.type}", node.target.span)
            return None
        if isinstance(node, s.Pop):
            return ir.Pop(node.span, target)
        value = self.exprs.check(node.value, ctx)
        if not isinstance(target.type.elem, OptionT):
            value = self.exprs.unwrap(value)
        if not compatible(target.type.elem, value.type):
            self.diags.error("VCS303", f"cannot push {value.type} onto {target.type}",
                             node.value.span)
            return None
        return ir.Push(node.span, target, value)

    # ------------------------------------------------------------ targets
    def lvalue(self, node: s.Node, ctx: Context) -> ir.LValue | None:
        path: list[s.Node] = []
        while isinstance(node, (s.Field, s.Index)):
            root = self.root(node, ctx)
            if root is not None:
                return self.walk(root, path, ctx)
            path.insert(0, node)
            node = node.obj
        if isinstance(node, s.Name):
            root = self.root(node, ctx)
            if root is not None:
                return self.walk(root, path, ctx)
        self.diags.error("VCS209", f"'{_text(node)}' cannot be assigned", node.span)
        return None

    def root(self, node: s.Node, ctx: Context) -> ir.LValue | None:
        """The variable a target starts from, if `node` names one."""
        if isinstance(node, s.Name):
            return self.root_name(node, ctx)
        if isinstance(node, s.Field) and isinstance(node.obj, s.Name):
            process = node.obj.id
            if process in self.env.processes and not self.exprs.shadowed(process, ctx):
                if process in self.env.families:
                    return None
                return self.process_root(process, node.name, node.span, ctx, None)
        if (isinstance(node, s.Field) and isinstance(node.obj, s.Index)
                and isinstance(node.obj.obj, s.Name) and node.obj.obj.id in self.env.families):
            instance = self.exprs.check(node.obj.key, ctx)
            return self.process_root(node.obj.obj.id, node.name, node.span, ctx, instance)
        return None

    def root_name(self, node: s.Name, ctx: Context) -> ir.LValue | None:
        name = node.id
        if name in ctx.locals:
            self.diags.error("VCS209", f"'{name}' is a parameter or local name and cannot be "
                             "assigned", node.span)
            return _BAD
        if ctx.process and name in self.env.process_vars.get(ctx.process, {}):
            own = None
            if ctx.process in self.env.families:
                index_name, index_type = self.env.families[ctx.process]
                own = ir.Local(index_type, node.span, index_name)
            return self.process_root(ctx.process, name, node.span, ctx, own)
        if ctx.monitor and name in self.env.monitor_vars.get(ctx.monitor, {}):
            index, t = self.env.monitor_vars[ctx.monitor][name]
            return ir.LValue(index, ctx.monitor, (), t, node.span)
        if name in self.env.value_names():
            self.diags.error("VCS209", f"'{name}' is not a variable and cannot be assigned",
                             node.span)
            return _BAD
        self.exprs.undefined(name, node.span, ctx)
        return _BAD

    def process_root(self, process: str, name: str, span: Span, ctx: Context,
                     instance: ir.Expr | None) -> ir.LValue | None:
        if name not in self.env.process_vars[process]:
            self.exprs.undefined(f"{process}.{name}", span, ctx)
            return _BAD
        if ctx.monitor and not ctx.process:
            self.diags.error("VCS209", "a monitor cannot assign the system's variables", span)
            return _BAD
        index, t = self.env.process_vars[process][name]
        self.writes.add(index)
        if instance is None:
            return ir.LValue(index, None, (), t, span)
        family_type = self.env.families[process][1]
        key = self.exprs.coerce_key(instance, family_type)
        return ir.LValue(index, None, (("index", (key, family_type)),), t, span)

    def walk(self, root: ir.LValue, path: list[s.Node], ctx: Context) -> ir.LValue | None:
        if root is _BAD:
            return None
        steps, t = list(root.path), root.type
        for node in path:
            if isinstance(t, AnyT):
                return None
            if isinstance(node, s.Index):
                if not isinstance(t, MapT):
                    self.diags.error("VCS302", f"indexing needs a map, found {t}", node.span)
                    return None
                key = self.exprs.coerce_key(self.exprs.check(node.key, ctx), t.key)
                steps.append(("index", (key, t.key)))
                t = t.value
            else:
                if not isinstance(t, RecordT) or t.field_type(node.name) is None:
                    self.diags.error("VCS201", f"{t} has no field '{node.name}'", node.span)
                    return None
                steps.append(("field", t.field_index(node.name)))
                t = t.field_type(node.name)
        return replace(root, path=tuple(steps), type=t)


_BAD = ir.LValue(-1, None, (), ANY, None)


def check_constant_fits(diags, target: Type, value: ir.Expr, span: Span) -> None:
    """A literal integer outside the target range is an error before any search."""
    if isinstance(target, IntT) and target.finite and isinstance(value, ir.Lit):
        if isinstance(value.value, int) and not isinstance(value.value, bool):
            if not target.contains(value.value):
                diags.error("VCS304", f"value {value.value} is out of range {target}", span)


def _text(node: s.Node) -> str:
    return node.span.text if node.span is not None else "?"

"""Binders -> typed IR: quantifiers, set and map comprehensions, and the
collection and record literals (a mixin of ExprChecker, vcspec/model/typecheck.py)."""

from __future__ import annotations

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.scope import Context
from vcspec.model.source import Span
from vcspec.model.types import (
    ANY,
    BOOL,
    INT,
    AnyT,
    IntT,
    MapT,
    QueueT,
    RecordT,
    SetT,
    TemporalT,
    Type,
    join,
)


class BinderChecks:
    # ------------------------------------------------------------ binders
    def binder_domain(self, binder: s.Binder, ctx: Context, queues: bool = True) -> ir.Expr:
        """A binder ranges over a set or, where `queues`, over a queue's elements
        in order (duplicates included: `count x in q: p` counts positions)."""
        domain = self.check(binder.domain, ctx)
        if isinstance(domain.type, AnyT):
            return domain
        allowed = (SetT, QueueT) if queues else SetT
        if not isinstance(domain.type, allowed):
            wanted = "a set or a queue" if queues else "a set"
            return self.error("VCS302", f"'{binder.name} in ...' needs {wanted}, found "
                              f"{domain.type}", binder.domain.span)
        return domain

    @staticmethod
    def elem_type(domain: ir.Expr) -> Type:
        elem = getattr(domain.type, "elem", None)
        return elem if isinstance(domain.type, (SetT, QueueT)) and elem else ANY

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
        t = SetT(domain.type.elem) if isinstance(domain.type, (SetT, QueueT)) else ANY
        return ir.SetFilter(t, node.span, node.binder.name, domain, cond)

    def _QueueFilter(self, node: s.QueueFilter, ctx: Context) -> ir.Expr:
        domain = self.check(node.binder.domain, ctx)
        if isinstance(domain.type, AnyT):
            return domain
        if not isinstance(domain.type, QueueT):
            return self.error("VCS302", f"'[{node.binder.name} in ... where ...]' needs a "
                              f"queue, found {domain.type}", node.binder.domain.span)
        inner = ctx.with_local(node.binder.name, self.elem_type(domain))
        cond = self.expect_bool(node.cond, inner, "the condition of a queue filter")
        return ir.QueueFilter(domain.type, node.span, node.binder.name, domain, cond)

    def _SetMap(self, node: s.SetMap, ctx: Context) -> ir.Expr:
        if len(node.binders) != 1:
            return self.error("VCS107", "a set map takes one binder", node.span)
        binder = node.binders[0]
        domain = self.binder_domain(binder, ctx)
        body = self.check(node.body, ctx.with_local(binder.name, self.elem_type(domain)))
        return ir.SetMap(SetT(body.type), node.span, binder.name, domain, body)

    def _MapLit(self, node: s.MapLit, ctx: Context) -> ir.Expr:
        domain = self.binder_domain(node.binder, ctx, queues=False)
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

"""Properties -> IR: invariants, temporal properties (their supported shapes) and
monitors with their rules (a mixin of ModelChecker, vcspec/model/check.py)."""

from __future__ import annotations

import difflib
from dataclasses import replace

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.diagnostics import Note
from vcspec.model.scope import Context
from vcspec.model.types import AnyT, TemporalT, Type


class PropertyChecks:
    # ------------------------------------------------------------ properties
    def check_properties(self, actions: list[ir.Action]) -> tuple[ir.Property, ...]:
        by_name = {a.name: a for a in actions}
        out = []
        for decl in self.decls:
            if isinstance(decl, s.Invariant):
                expr = self.exprs.expect_bool(decl.expr, Context(), "an invariant")
                out.append(ir.Invariant(decl.name, "invariant", self.rules(decl), decl.span,
                                        expr))
            elif isinstance(decl, s.Temporal):
                out.append(self.temporal(decl))
            elif isinstance(decl, s.Monitor):
                out.append(self.monitor(decl, by_name))
            elif isinstance(decl, s.StepProperty):
                out.append(self.step_property(decl, by_name))
        return tuple(out)

    def rules(self, decl) -> tuple[str, ...]:
        rules = []
        for attr in decl.attrs:
            if attr.name == "rules":
                rules.extend(str(a) for a in attr.args)
            else:
                self.diags.warning("VCS403", f"unknown attribute '@{attr.name}'", attr.span)
        return tuple(rules)

    def temporal(self, decl: s.Temporal) -> ir.TemporalProperty:
        formula = self.exprs.check(decl.expr, Context(temporal=True))
        if not isinstance(formula.type, AnyT) and not _temporal_shape(formula):
            self.diags.error("VCS310", "unsupported temporal formula: use forall prefixes "
                             "over 'always P', 'eventually P', 'always eventually P', "
                             "'eventually always P' or 'P leadsto Q'", decl.expr.span)
        return ir.TemporalProperty(decl.name, "temporal", self.rules(decl), decl.span, formula)

    def step_property(self, decl: s.StepProperty, actions: dict[str, ir.Action]) -> ir.Monitor:
        """`always step Name: P` is a monitor without variables whose rule on every
        action ensures P (the state after the step; old(e) the one before)."""
        expr = self.exprs.expect_bool(decl.expr, Context(step=True, where="a step property"),
                                      "a step property")
        check = ir.Check("ensure", expr, f"{decl.name}: {decl.expr.span.text}", decl.span)
        rules = tuple(ir.MonitorRule(a.name, (None,) * len(a.params), None, (check,), (),
                                     decl.span) for a in actions.values())
        return ir.Monitor(decl.name, "monitor", self.rules(decl), decl.span, (), rules, ())

    def monitor(self, decl: s.Monitor, actions: dict[str, ir.Action]) -> ir.Monitor:
        own: dict[str, tuple[int, Type]] = {}
        self.env.monitor_vars[decl.name] = own
        mvars = []
        for item in decl.items:
            if isinstance(item, s.Var):
                t = self.env.resolve_type(item.type)
                own[item.name] = (len(mvars), t)
                init, choice = self.initial(item, t, Context(state=False, where="an initial "
                                                             "value"))
                mvars.append(ir.StateVar(f"{decl.name}.{item.name}", None, t, init, choice,
                                         item.span))
        ctx = Context(monitor=decl.name)
        rules, always = [], []
        for item in decl.items:
            if isinstance(item, s.OnRule):
                rule = self.on_rule(item, ctx, actions)
                if rule is not None:
                    rules.append(rule)
            elif isinstance(item, s.MonitorAlways):
                expr = self.exprs.expect_bool(item.expr, ctx, "a monitor condition")
                always.append(ir.Check("always", expr, item.message or
                                       f"{decl.name}: {item.expr.span.text}", item.span))
        return ir.Monitor(decl.name, "monitor", self.rules(decl), decl.span, tuple(mvars),
                          tuple(rules), tuple(always))

    def on_rule(self, rule: s.OnRule, ctx: Context, actions) -> ir.MonitorRule | None:
        name = f"{rule.process}.{rule.action}"
        action = actions.get(name)
        if action is None:
            close = difflib.get_close_matches(name, sorted(actions), n=1)
            notes = (Note(f"did you mean '{close[0]}'?"),) if close else ()
            self.diags.error("VCS205", f"no action '{name}'", rule.span, *notes)
            return None
        if len(rule.binders) != len(action.params):
            self.diags.error("VCS208", f"{name} has {len(action.params)} parameter(s), the "
                             f"rule binds {len(rule.binders)}", rule.span)
            return None
        locals_ = {b: t for b, (_, t) in zip(rule.binders, action.params) if b != "_"}
        inner = replace(ctx, locals=locals_)
        when = self.exprs.expect_bool(rule.when, inner, "a rule condition") if rule.when else None
        checks = tuple(ir.Check(c.kind, self.exprs.expect_bool(
            c.expr, replace(inner, step=c.kind == "ensure"), f"'{c.kind}'"),
            c.message or f"{c.kind} {c.expr.span.text}", c.span) for c in rule.checks)
        body = self.stmts.block(rule.body, inner)
        binders = tuple(None if b == "_" else b for b in rule.binders)
        return ir.MonitorRule(name, binders, when, checks, body, rule.span)


def _temporal_shape(expr: ir.Expr) -> bool:
    while isinstance(expr, ir.Quant) and expr.kind == "forall":
        expr = expr.body
    if not isinstance(expr, ir.TemporalOp):
        return False
    if expr.op == "leadsto":
        return True
    inner = expr.args[0]
    if isinstance(inner, ir.TemporalOp):
        if expr.op == "always" and inner.op == "leadsto":
            return True
        return (inner.op != expr.op and inner.op in ("always", "eventually")
                and not isinstance(inner.args[0].type, TemporalT))
    return not isinstance(inner.type, TemporalT)

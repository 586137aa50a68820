"""Initial states and the declarations about behaviours -> IR (a mixin of
ModelChecker, vcspec/model/check.py): variables' initial values (which may
read other state variables), `init:` predicates, state constraints and the
declared temporal semantics.

A variable without an initial value that an `init:` predicate reads ranges
over its whole type, as in TLA+ where Init alone says which states are
initial; a variable no predicate reads keeps its type's default. The
enumeration is model/initial.py's."""

from __future__ import annotations

from dataclasses import replace

from vcspec.model import initial, ir
from vcspec.model import syntax as s
from vcspec.model.scope import Context
from vcspec.model.stmtcheck import check_constant_fits
from vcspec.model.types import AnyT, MapT, SetT, Type, compatible

SEMANTICS = ("progress", "stuttering")  # the first is the default


class InitChecks:
    # ------------------------------------------------------------ initial values
    def check_inits(self, process: s.Process) -> None:
        family = self.env.families.get(process.name)
        ctx = Context(process=process.name, where="an initial value")
        if family:
            ctx = ctx.with_local(family[0], family[1])
        for item in process.items:
            if not isinstance(item, s.Var) or item.name not in self.env.process_vars[
                    process.name]:
                continue
            index, t = self.env.process_vars[process.name][item.name]
            if isinstance(t, AnyT) or self.vars[index].init is not None:
                continue
            init, choice = self.initial(item, t, ctx)
            if item.init is None:
                self.defaulted.add(index)
            if family and init is not None:
                init = self.per_instance(init, choice, family, t)
            self.vars[index] = replace(self.vars[index], init=init, choice=choice)

    def initial(self, var: s.Var, t: Type, ctx: Context) -> tuple[ir.Expr | None, bool]:
        if isinstance(t, AnyT):
            return None, False
        if var.init is None:
            return ir.Lit(t, var.span, t.default()), False
        expr = self.exprs.check(var.init, ctx)
        if isinstance(expr.type, AnyT):
            return None, False
        if var.choice:
            if not (isinstance(expr.type, SetT) and compatible(t, expr.type.elem or t)):
                self.diags.error("VCS303", f"'in' needs a set of {t}, found {expr.type}",
                                 var.init.span)
                return None, False
            return expr, True
        return self.broadcast(expr, t, var.init.span), False

    def broadcast(self, expr: ir.Expr, t: Type, span) -> ir.Expr | None:
        """An initial value of type t, filling a map from a value of its value type."""
        if compatible(t, expr.type):
            check_constant_fits(self.diags, t, expr, span)
            return expr
        if isinstance(t, MapT):
            inner = self.broadcast(expr, t.value, span)
            return None if inner is None else ir.MapLit(t, span, "_", inner)
        self.diags.error("VCS303", f"initial value of type {expr.type} does not fit {t}", span)
        return None

    def per_instance(self, init: ir.Expr, choice: bool, family, t: Type) -> ir.Expr:
        name, index_type = family
        map_type = MapT(index_type, t)
        if not choice:
            return ir.MapLit(map_type, init.span, name, init)
        keys = ir.Lit(SetT(index_type), init.span, frozenset(index_type.domain()))
        return ir.Builtin(SetT(map_type), init.span, "maps", (keys, init))

    def check_tied(self, model: ir.Model) -> None:
        """Initial values that read each other in a cycle have no order to be computed in."""
        if initial.order(model) is not None:
            return
        needs = {i: {slot[1] for slot in initial.reads(v.init) if slot[0] is None}
                 for i, v in enumerate(model.vars) if v.init is not None}
        cycle = set(needs)
        while True:  # drop the variables no other remaining one reads: the cycles remain
            needed = set().union(*(needs[i] for i in cycle))
            if cycle <= needed:
                break
            cycle &= needed
        first = model.vars[min(cycle)] if cycle else model.vars[0]
        names = ", ".join(model.vars[i].name for i in sorted(cycle))
        self.diags.error("VCS207", f"initial values read each other in a cycle ({names})",
                         first.span)

    # ------------------------------------------------------------ init:, constraint, semantics
    def check_init_predicates(self) -> tuple[ir.Expr, ...]:
        """`init:` predicates; the defaulted variables they read range over their type."""
        out = []
        for decl in self.decls:
            if isinstance(decl, s.InitPredicate):
                out.append(self.exprs.expect_bool(decl.expr, Context(where="an init predicate"),
                                                  "an init predicate"))
        free = sorted({slot[1] for e in out for slot in initial.reads(e)
                       if slot[0] is None and slot[1] in self.defaulted})
        for index in free:
            var = self.vars[index]
            what = f"variable '{var.name}' (read by an init predicate, no initial value)"
            if isinstance(self.env.enumerable(var.type, what, var.span), AnyT):
                continue  # VCS311: its values would be enumerated (a fuzzed spec took 23 GB)
            values = frozenset(var.type.domain())
            self.vars[index] = replace(var, init=ir.Lit(SetT(var.type), var.span, values),
                                       choice=True)
        return tuple(out)

    def check_constraints(self) -> tuple[ir.Expr, ...]:
        return tuple(self.exprs.expect_bool(d.expr, Context(where="a constraint"), "a constraint")
                     for d in self.decls if isinstance(d, s.Constraint))

    def check_semantics(self) -> str:
        decls = [d for d in self.decls if isinstance(d, s.Semantics)]
        for extra in decls[1:]:
            self.diags.error("VCS202", "the temporal semantics is declared twice", extra.span)
        for decl in decls[:1]:
            if decl.kind in SEMANTICS:
                return decl.kind
            self.diags.error("VCS107", f"'semantics {decl.kind}': the semantics is "
                             "'stuttering' (TLA+) or 'progress' (the default)", decl.kind_span)
        return SEMANTICS[0]

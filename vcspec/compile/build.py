"""Checked Model -> TransitionSystem: action instances and generated functions.

For every action instance (an action with constant arguments) the guard, the
body and the matching monitor rules are compiled once into a piece of code.
Pieces are assembled into per-instance step functions (simulation, traces) and
into fused BFS loops (`chunk`) that expand many states without a Python call
per transition. Generated code names only allocated identifiers; see
vcspec/compile/codegen.py.
"""

from __future__ import annotations

import itertools

from vcspec.compile.chunk import Piece, chunk_function, fuse_updates
from vcspec.compile.codegen import Emitter, Namespace, Temps, compile_functions
from vcspec.compile.expr import ExprCompiler, Scope
from vcspec.compile.layout import Layout
from vcspec.compile.stmt import StmtCompiler
from vcspec.compile.ts import ActionInstance, StateCheck, StepCheck, TransitionSystem
from vcspec.compile.values import Const, Test
from vcspec.model import initial, ir
from vcspec.model.evaluate import Env, EvalError, admitted


class Builder:
    def __init__(self, model: ir.Model, layout: Layout):
        self.model = model
        self.layout = layout
        self.ns = Namespace()
        self.temps = Temps()
        self.ec = ExprCompiler(layout, self.ns, self.temps)
        self.instances = list(_instances(model))
        self.state_checks = _state_checks(model)
        self.step_checks = _step_checks(model)
        self.rules = _rules_by_action(model, self.step_checks)
        self.sources: list[str] = []

    # ------------------------------------------------------------ pieces
    def piece(self, inst: ActionInstance, viol: str) -> Piece:
        """`viol` formats a failed monitor check id into a statement."""
        params = {n: Const(v, t) for (n, t), v in zip(inst.action.params, inst.args)}
        guard = self.ec.compile(inst.action.guard, Scope("s", "s", params))
        if isinstance(guard, Const) and not guard.value:
            return Piece(None, [])
        out = Emitter()
        out.line("t = s")
        stmts = StmtCompiler(self.ec, out)
        stmts.block(inst.action.body, Scope("t", "t", params))
        self.monitor_rules(inst, stmts, viol)
        key, rest = self.split_guard(guard)
        return Piece(self.ec.test(guard), fuse_updates(out.lines), key, rest)

    def split_guard(self, guard) -> tuple[tuple[int, int] | None, str | None]:
        """(mask, bits) of a leading masked equality on `s`, and the rest."""
        parts = guard.conjuncts if isinstance(guard, Test) and guard.conjuncts else (guard,)
        first = parts[0]
        if not (isinstance(first, Test) and first.eq and first.eq[0] == "s"
                and not first.eq[3]):
            return None, None
        rest = parts[1:]
        code = " and ".join(self.ec.test(p) for p in rest) if rest else None
        return (first.eq[1], first.eq[2]), code

    def monitor_rules(self, inst: ActionInstance, stmts: StmtCompiler, viol: str) -> None:
        out = stmts.out
        for rule, checks in self.rules.get(inst.name, ()):
            binds = {b: Const(v, t) for b, v, (_, t) in
                     zip(rule.binders, inst.args, inst.action.params) if b is not None}
            when = Const(True, None) if rule.when is None else self.ec.compile(
                rule.when, Scope("s", "t", binds))
            if isinstance(when, Const) and not when.value:
                continue
            conditional = not isinstance(when, Const)
            if conditional:
                out.line(f"if {self.ec.test(when)}:")
                out.indent()
            before = len(out.lines)
            for step_check in checks:
                sys = "t" if step_check.check.kind == "ensure" else "s"
                cv = self.ec.compile(step_check.check.expr, Scope(sys, "t", binds))
                if isinstance(cv, Const) and cv.value:
                    continue
                out.line(f"if not {self.ec.test(cv)}: " + viol.format(step_check.index))
            stmts.block(rule.body, Scope("s", "t", binds))
            if conditional:
                if len(out.lines) == before:
                    out.line("pass")
                out.dedent()

    # ------------------------------------------------------------ step functions
    def steps(self) -> list:
        out = Emitter()
        names = []
        for inst in self.instances:
            piece = self.piece(inst, "viol.append({})")
            name = f"_step{inst.index}"
            names.append(name)
            out.line(f"def {name}(s, viol):")
            out.indent()
            if piece.guard is None:
                out.line("return None")
            else:
                out.line(f"if not {piece.guard}:")
                out.line("    return None")
                for line in piece.body:
                    out.line(line)
                out.line("return t")
            out.dedent()
        funcs = self.run(out.source(), "steps")
        return [funcs[n] for n in names]

    # ------------------------------------------------------------ fused BFS loops
    def chunk(self, mode: str = "plain", canon: bool = False):
        """A function expanding states[lo:hi]; see vcspec/compile/chunk.py."""
        return chunk_function(self, mode, canon)

    # ------------------------------------------------------------ state predicates
    def invariant_scan(self, active: tuple[int, ...]):
        """scan(states, lo, hi, out): append (state index, check index) for every
        failed (or erroring) state check among `active`."""
        out = Emitter()
        out.line("def _scan(states, lo, hi, out):")
        out.indent()
        out.line("for j in range(lo, hi):")
        out.indent()
        out.line("s = states[j]")
        for index in active:
            check = self.state_checks[index]
            cv = self.ec.compile(check.expr, Scope("s", "s"))
            if isinstance(cv, Const) and cv.value:
                continue
            out.line("try:")
            out.line(f"    if not {self.ec.test(cv)}:")
            out.line(f"        out.append((j, {index}))")
            out.line("except ActionError:")
            out.line(f"    out.append((j, {index}))")
        out.line("pass")
        return self.run(out.source(), "invariants")["_scan"]

    def predicate(self, expr: ir.Expr, bindings: dict[str, object] | None = None):
        """A state predicate as a function of the state int (raises ActionError)."""
        locals_ = {n: Const(v, None) for n, v in (bindings or {}).items()}
        cv = self.ec.compile(expr, Scope("s", "s", locals_))
        return self.run(f"def _pred(s):\n    return bool({self.ec.test(cv)})\n",
                        "predicate")["_pred"]

    def predicate_scan(self, expr: ir.Expr, bindings: dict[str, object] | None = None):
        """scan(states, out) sets out[i] = 1 where the predicate holds; returns
        the index of the first state where it fails to evaluate, or -1."""
        locals_ = {n: Const(v, None) for n, v in (bindings or {}).items()}
        cv = self.ec.compile(expr, Scope("s", "s", locals_))
        out = Emitter()
        out.line("def _pscan(states, out):")
        out.line("    i = -1")
        out.line("    try:")
        out.line("        for i, s in enumerate(states):")
        out.line(f"            if {self.ec.test(cv)}:")
        out.line("                out[i] = 1")
        out.line("    except ActionError:")
        out.line("        return i")
        out.line("    return -1")
        return self.run(out.source(), "predicate scan")["_pscan"]

    def admit_test(self, var: str = "t") -> str | None:
        """Source testing that state `var` satisfies the constraints; None without any."""
        if not self.model.constraints:
            return None
        tests = [self.ec.test(self.ec.compile(c, Scope(var, var))) for c in self.model.constraints]
        return " and ".join(f"({t})" for t in tests)

    def admits(self):
        test = self.admit_test("s") or "True"
        return self.run(f"def _admits(s):\n    return bool({test})\n", "constraints")["_admits"]

    def terminal(self):
        tests = [self.ec.test(self.ec.compile(t, Scope("s", "s"))) for t in self.model.terminals]
        body = " or ".join(tests) if tests else "False"
        return self.run(f"def _terminal(s):\n    return bool({body})\n", "terminal")["_terminal"]

    def run(self, source: str, what: str) -> dict:
        self.sources.append(source)
        return compile_functions(source, self.ns, f"<vcspec {what}>")


# ------------------------------------------------------------ model walking
def _instances(model: ir.Model):
    index = itertools.count()
    for action in model.actions:
        domains = [t.domain() for _, t in action.params]
        for args in itertools.product(*domains):
            yield ActionInstance(next(index), action, tuple(args))


def _state_checks(model: ir.Model) -> list[StateCheck]:
    checks = []
    for prop in model.properties:
        if isinstance(prop, ir.Invariant):
            checks.append(StateCheck(len(checks), prop.name, "invariant", prop.expr,
                                     f"invariant {prop.name} is violated"))
        elif isinstance(prop, ir.Monitor):
            for check in prop.always:
                checks.append(StateCheck(len(checks), prop.name, "monitor", check.expr,
                                         check.message, prop.name))
    return checks


def _step_checks(model: ir.Model) -> list[StepCheck]:
    checks = []
    for monitor in model.monitors:
        for rule in monitor.on_rules:
            for check in rule.checks:
                checks.append(StepCheck(len(checks), monitor.name, rule, check))
    return checks


def _rules_by_action(model: ir.Model, step_checks: list[StepCheck]) -> dict[str, list]:
    """action name -> [(rule, its checks)] for every monitor rule on it, in
    declaration order (rules without checks too: they update monitor variables)."""
    by_action: dict[str, list] = {}
    for monitor in model.monitors:
        for rule in monitor.on_rules:
            checks = [c for c in step_checks if c.rule is rule]
            by_action.setdefault(rule.action, []).append((rule, checks))
    return by_action


# ------------------------------------------------------------ initial states
def initial_states(model: ir.Model, layout: Layout) -> tuple[list[int], list[str], int]:
    """Every initial state satisfying the constraints (in model/initial.py's
    order), the errors met computing them, and how many the constraints left out."""
    found = initial.initial_states(model)
    states, errors, excluded = [], list(found.errors), 0
    for system, monitors in found.states:
        try:
            if not admitted(model, Env(system, monitors)):
                excluded += 1
                continue
            states.append(layout.encode(system, monitors))
        except EvalError as error:
            errors.append(f"initial state: {error.message}")
    return states, errors, excluded


def make_layout(model: ir.Model) -> Layout:
    return Layout([(v.name, v.type) for v in model.vars],
                  {m.name: [(v.name, v.type) for v in m.vars] for m in model.monitors})


def build(model: ir.Model) -> TransitionSystem:
    layout = make_layout(model)
    builder = Builder(model, layout)
    initial, errors, excluded = initial_states(model, layout)
    steps = builder.steps()
    return TransitionSystem(model, layout, initial, errors, builder.instances, steps,
                            builder.state_checks, builder.step_checks, builder.terminal(),
                            builder, "\n".join(builder.sources), builder.admits(), excluded)

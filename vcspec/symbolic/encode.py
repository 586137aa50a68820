"""The checked Model as z3 formulas over one copy of the state (`x`) and the
next (`xn`): the encoding every symbolic engine shares.

The state is the product of the system and the monitors (layout.py). Each
action instance (an action with constant arguments, in the explicit engine's
order) contributes:

  guard   it is enabled (the guard holds and evaluating it raises nothing)
  error   taking it raises EvalError: in the guard, the body or a monitor rule
  next    the successor's leaves: the body, then every monitor rule on the
          action in declaration order (`when`, `require` and the update read
          the system state before the step and the monitor state as the rules
          before left it; `ensure` reads the system state after the step)
  viol    for each monitor, the step fails one of its require/ensure checks

and the transition relation is  OR_i  sel = i and guard_i and not error_i and
xn = next_i  with `sel` the instance taken (a step that raises is a violation,
not a transition). Every safety property is a predicate `bad` on states:
an invariant or a monitor's `always` is false or raises; a monitor's step
check fails on some step from the state; some step from the state raises
(runtime errors); no step is enabled and no terminal condition holds
(deadlock). So a counterexample ending in a bad step is the path to its source
state, plus that step.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import z3

from vcspec.engine.properties import DEADLOCK, RUNTIME
from vcspec.model import initial, ir
from vcspec.model.evaluate import (
    Env,
    EvalError,
    admitted,
    check_fits,
    evaluate,
    format_value,
    sorted_values,
)
from vcspec.model.types import BoolT
from vcspec.symbolic.canon import canonical_leaves, leaves
from vcspec.symbolic.expr import Evaluator, SEnv
from vcspec.symbolic.layout import Layout
from vcspec.symbolic.stmt import Executor
from vcspec.symbolic.values import Unsupported
from vcspec.symbolic.zterm import FALSE, TRUE, conj, disj, ite, neg, same

CHOICE_LIMIT = 4096


@dataclass
class Instance:
    index: int
    action: ir.Action
    args: tuple
    guard: z3.BoolRef
    error: z3.BoolRef
    next: list
    viol: dict[str, z3.BoolRef] = field(default_factory=dict)
    # the successor satisfies the `constraint`s (else the step is a transition of
    # the explicit engine's count but leads to no state of the model)
    admit: z3.BoolRef = TRUE

    def label(self) -> str:
        inner = ", ".join(format_value(v, t) for v, (_, t) in zip(self.args, self.action.params))
        return f"{self.action.name}({inner})"


@dataclass
class SafetyProperty:
    """A safety property as predicates over `x`: `now` holds in a state that is
    the end of a counterexample (the state is bad, or one of its steps raises);
    `after` in a state from which one more step is a counterexample (a
    monitor's require/ensure fails on it). `steps` says which instance does it."""

    name: str
    kind: str  # "invariant" | "monitor" | "runtime" | "deadlock"
    now: z3.BoolRef
    after: z3.BoolRef = FALSE
    steps: dict = field(default_factory=dict)  # instance index -> condition over x

    @property
    def bad(self) -> z3.BoolRef:
        return disj(self.now, self.after)


class Encoding:
    def __init__(self, model: ir.Model):
        self.model = model
        self.layout = Layout(model)
        self.x = self.layout.make_vars("")
        self.xn = self.layout.make_vars("'")
        self.sel = z3.Int("sel")
        self._trans: tuple | None = None
        self.init_errors: list[str] = []
        self.pre = self.layout.values(self.x)
        self.instances = list(self._instances())
        self.domain = self.layout.domain(self.x)
        self.domain_next = self.layout.domain(self.xn)
        self.init = self._init()
        self.properties = self._properties()

    # ------------------------------------------------------------ instances
    def _instances(self):
        rules = _rules_by_action(self.model)
        index = itertools.count()
        for action in self.model.actions:
            for args in itertools.product(*(t.domain() for _, t in action.params)):
                inst = self._instance(next(index), action, tuple(args), rules.get(action.name, []))
                if inst is not None:
                    yield inst

    def _instance(self, index: int, action: ir.Action, args: tuple, rules) -> Instance | None:
        ev = Evaluator()
        params = {n: _const(v, t) for (n, t), v in zip(action.params, args)}
        system, monitors = self.pre
        pre = SEnv(list(system), {m: list(v) for m, v in monitors.items()}, params)
        guard = ev.test(action.guard, pre)
        if z3.is_false(guard) and not ev.errors:
            return None
        guard_error = disj(*ev.errors)
        post = SEnv(list(system), {m: list(v) for m, v in monitors.items()}, params)
        Executor(ev).block(action.body, post, guard)
        binds = [{b: _const(v, t) for b, v, (_, t) in zip(rule.binders, args, action.params)
                  if b is not None} for _, rule in rules]
        viol = monitor_violations(Executor(ev), rules, binds, pre, post, guard)
        admit = conj(*(ev.test(c, post) for c in self.model.constraints))
        error = disj(*ev.errors)
        nxt = [t for v in post.sys for t in leaves(v)]
        nxt += [t for m in self.layout.monitors for v in post.mon[m] for t in leaves(v)]
        assert len(nxt) == len(self.x), action.name
        if z3.is_true(error):  # never a transition: keep its values out of T
            nxt = list(self.x)
        return Instance(index, action, args, conj(neg(guard_error), guard), error, nxt, viol,
                        admit)

    # ------------------------------------------------------------ transition relation
    def trans(self, x: list, xn: list, sel: z3.ArithRef, idle: bool = False) -> z3.BoolRef:
        """T(x, xn): the instance at position `sel` of `instances` is taken.
        With `idle`, sel = -1 is allowed too and then xn = x (BMC unrolls
        steps it does not use yet this way, see bmc.py)."""
        pairs = list(zip(self.x, x)) + list(zip(self.xn, xn)) + [(self.sel, sel)]
        return z3.substitute(self.trans_template(idle), pairs)

    def trans_template(self, idle: bool = False) -> z3.BoolRef:
        """OR_i (sel = i and enabled_i) and, leaf by leaf, xn = next_sel."""
        if self._trans is None:
            taken = [conj(self.sel == i, inst.guard, neg(inst.error), inst.admit)
                     for i, inst in enumerate(self.instances)]
            frame = selected_next(self.x, self.xn, [i.next for i in self.instances], self.sel)
            self._trans = (disj(*taken), conj(*frame))
        taken, frame = self._trans
        return conj(disj(taken, self.sel == -1) if idle else taken, frame)

    def instance_trans(self, inst: Instance) -> z3.BoolRef:
        """T_i(x, xn) for one instance."""
        return conj(inst.guard, neg(inst.error), inst.admit,
                    *(same(xn, v) for xn, v in zip(self.xn, inst.next)))

    def enabled(self) -> z3.BoolRef:
        """Some instance is enabled or raises (the explicit engine's not-dead)."""
        return disj(*(disj(i.guard, i.error) for i in self.instances))

    # ------------------------------------------------------------ initial states
    def _init(self) -> z3.BoolRef:
        self.initial_count = 1  # the number of initial states
        parts, tied = [], []
        slots = self.layout.slots
        for slot, (where, var) in zip(slots, initial.slots(self.model)):
            if var.init is not None and initial.reads(var.init):
                tied.append(_tie(var, slot.type, where))  # free leaves, then the tie below
                continue
            terms = self.x[slot.start:slot.stop]
            parts.append(self._init_var(var, slot.type, terms))
        if not initial.dependent(self.model) and not self.model.constraints:
            return conj(*parts)
        # Tied initial values and `init:` predicates: one constraint over x (a state
        # where one of them raises is not initial; the enumeration reports the error).
        found = initial.initial_states(self.model)
        self.initial_count = sum(1 for state in found.states if _admitted(self.model, state))
        self.init_errors = list(found.errors)
        system, monitors = self.pre
        env = SEnv(system, monitors)
        for predicate in tied + list(self.model.inits) + list(self.model.constraints):
            ev = Evaluator()
            holds = ev.test(predicate, env)
            parts.append(conj(holds, neg(disj(*ev.errors))))
        return conj(*parts)

    def _init_var(self, var: ir.StateVar, t, terms: list) -> z3.BoolRef:
        try:
            if var.choice and isinstance(var.init, ir.Builtin) and var.init.name == "maps":
                return self._init_maps(var, t, terms)
            value = evaluate(var.init, Env(()))
        except EvalError as error:
            self.init_errors.append(f"initial value of {var.name}: {error.message}")
            self.initial_count = 0
            return FALSE
        values = sorted_values(value, var.init.type) if var.choice else [value]
        if len(values) > CHOICE_LIMIT:
            raise Unsupported(f"{var.name}: more than {CHOICE_LIMIT} initial values")
        options = []
        for v in values:
            try:
                check_fits(t, v, var.span)
            except EvalError as error:
                self.init_errors.append(f"initial state: {error.message}")
                continue
            options.append(conj(*(same(a, b)
                                  for a, b in zip(terms, canonical_leaves(v, t), strict=True))))
        self.initial_count *= len(options)
        return disj(*options)

    def _init_maps(self, var: ir.StateVar, t, terms: list) -> z3.BoolRef:
        """A family variable's per-instance initial choice: every entry in the set."""
        choices = evaluate(var.init.args[1], Env(()))
        values = sorted_values(choices, var.init.args[1].type)
        width = len(terms) // max(1, len(t.key.domain()))
        parts = []
        for k in range(len(t.key.domain())):
            entry = terms[k * width:(k + 1) * width]
            options = []
            for v in values:
                try:
                    check_fits(t.value, v, var.span)
                except EvalError as error:
                    self.init_errors.append(f"initial state: {error.message}")
                    continue
                options.append(conj(*(same(a, b)
                                      for a, b in zip(entry, canonical_leaves(v, t.value)))))
            self.initial_count *= len(options)
            parts.append(disj(*options))
        return conj(*parts)

    # ------------------------------------------------------------ properties
    def _properties(self) -> list[SafetyProperty]:
        system, monitors = self.pre
        env = SEnv(system, monitors)
        out = []
        for prop in self.model.properties:
            if isinstance(prop, ir.Invariant):
                out.append(SafetyProperty(prop.name, "invariant", state_bad(prop.expr, env)))
            elif isinstance(prop, ir.Monitor):
                now = disj(*(state_bad(c.expr, env) for c in prop.always))
                steps = {i.index: i.viol[prop.name] for i in self.instances
                         if not z3.is_false(i.viol.get(prop.name, FALSE))}
                out.append(SafetyProperty(prop.name, "monitor", now, disj(*steps.values()),
                                          steps))
        steps = {i.index: i.error for i in self.instances if not z3.is_false(i.error)}
        out.append(SafetyProperty(RUNTIME, "runtime", disj(*steps.values()), FALSE, steps))
        dead = conj(neg(self.enabled()), neg(self.terminal()))
        out.append(SafetyProperty(DEADLOCK, "deadlock", dead))
        return out

    def terminal(self) -> z3.BoolRef:
        system, monitors = self.pre
        env = SEnv(system, monitors)
        return disj(*(Evaluator().test(t, env) for t in self.model.terminals))

    def property(self, name: str) -> SafetyProperty:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(name)

    def instance(self, index: int) -> Instance:
        for inst in self.instances:
            if inst.index == index:
                return inst
        raise KeyError(index)


def selected_next(x: list, xn: list, nexts: list[list], sel: z3.ArithRef) -> list:
    """Leaf by leaf, xn_j = nexts[sel][j] (a step that keeps leaf j adds no case)."""
    out = []
    for j, (a, b) in enumerate(zip(x, xn)):
        value = a
        for i in reversed(range(len(nexts))):
            if not nexts[i][j].eq(a):
                value = ite(sel == i, nexts[i][j], value)
        out.append(same(b, value))
    return out


def state_bad(expr: ir.Expr, env: SEnv) -> z3.BoolRef:
    """The state predicate fails or raises."""
    ev = Evaluator()
    holds = ev.test(expr, env)
    return disj(neg(holds), *ev.errors)


def _tie(var: ir.StateVar, t, where: tuple) -> ir.Expr:
    """`var == init` (or `var in init`) for an initial value that reads state."""
    ref = ir.VarRef(t, var.span, where[1], where[0])
    return ir.Binary(BoolT(), var.span, "in" if var.choice else "eq", ref, var.init)


def _admitted(model: ir.Model, state: tuple) -> bool:
    try:
        return admitted(model, Env(*state))
    except EvalError:
        return False


def _const(value, t):
    from vcspec.symbolic.values import const

    return const(value, t)


def _rules_by_action(model: ir.Model) -> dict[str, list]:
    """action name -> [(monitor name, rule)], monitors and rules in declaration order."""
    out: dict[str, list] = {}
    for monitor in model.monitors:
        for rule in monitor.on_rules:
            out.setdefault(rule.action, []).append((monitor.name, rule))
    return out


def monitor_violations(executor: Executor, rules, binds: list[dict], pre: SEnv, post: SEnv,
                       guard) -> dict:
    """Each monitor's violation condition for one action instance, its rules run
    in declaration order (the bounded and the unbounded encodings share it;
    `binds` holds each rule's binders' values, `executor.merge` joins states)."""
    ev = executor.ev
    viol: dict[str, list] = {}
    for (monitor, rule), bound in zip(rules, binds, strict=True):
        before = SEnv(pre.sys, post.mon, bound)  # system before the step, monitors now
        ok = conj(guard, neg(disj(*ev.errors)))
        when = TRUE if rule.when is None else ev.test(rule.when, before, ok)
        ok = conj(ok, when)
        for check in rule.checks:
            env = SEnv(post.sys, post.mon, bound, before) if check.kind == "ensure" else before
            n_errors = len(ev.errors)
            holds = ev.test(check.expr, env, ok)
            raised = disj(*ev.errors[n_errors:])
            viol.setdefault(monitor, []).append(conj(ok, neg(raised), neg(holds)))
            ok = conj(ok, neg(raised))
        if z3.is_true(when):
            executor.block(rule.body, before, ok)
        else:  # the update happens only when the rule applies
            applied = SEnv(pre.sys, {m: list(v) for m, v in post.mon.items()}, bound)
            executor.block(rule.body, applied, ok)
            for m, values in post.mon.items():
                values[:] = [executor.merge(when, a, b) for a, b in zip(applied.mon[m], values)]
    return {m: disj(*cs) for m, cs in viol.items()}

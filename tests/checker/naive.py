"""A deliberately naive explorer on the reference semantics (vcspec/model/evaluate).

States are (system values, monitor values) tuples; every action instance is
tried in every state with evaluate/execute; monitor rules are re-implemented
here from the language description. No encoding, no compilation: the engine
under test must agree with this on states, transitions, depth, verdicts and
shortest-trace lengths.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

from vcspec.model import ir
from vcspec.model.evaluate import Env, EvalError, evaluate, execute, sorted_values


@dataclass
class NaiveResult:
    states: set = field(default_factory=set)
    transitions: int = 0
    depth: int = 0
    # property name -> length of the shortest counterexample (transitions)
    violations: dict[str, int] = field(default_factory=dict)
    edges: dict = field(default_factory=dict)  # state -> [(action, args, successor)]


def instances(model: ir.Model):
    for action in model.actions:
        names = [n for n, _ in action.params]
        for values in itertools.product(*(t.domain() for _, t in action.params)):
            yield action, dict(zip(names, values)), values


def initial(model: ir.Model) -> list:
    """Declaratively: a variable whose initial value reads no state takes it
    (or each of its choices); one that reads state ranges over its whole type
    and must equal (be in) its initial value evaluated in the candidate state;
    every `init:` predicate must hold. No evaluation order at all."""
    all_vars = list(model.vars) + [v for m in model.monitors for v in m.vars]
    choices, tied = [], []
    for var in all_vars:
        if _reads_state(var.init):
            choices.append(list(var.type.domain()))
            tied.append(var)
            continue
        value = evaluate(var.init, Env(()))
        choices.append(sorted_values(value, var.init.type) if var.choice else [value])
        tied.append(None)
    out = []
    n = len(model.vars)
    for combo in itertools.product(*choices):
        mons, at = [], n
        for m in model.monitors:
            mons.append(tuple(combo[at:at + len(m.vars)]))
            at += len(m.vars)
        state = (tuple(combo[:n]), tuple(mons))
        env = Env(state[0], {m.name: v for m, v in zip(model.monitors, mons)})
        if not all(var is None or _initial_ok(var, value, env) for var, value in zip(tied, combo)):
            continue
        if not all(evaluate(p, env) for p in model.inits + model.constraints):
            continue
        if state not in out:
            out.append(state)
    return out


def _initial_ok(var: ir.StateVar, value, env: Env) -> bool:
    init = evaluate(var.init, env)
    return value in init if var.choice else value == init


def _reads_state(expr) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.VarRef):
            return True
        if isinstance(node, ir.Expr):
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__
                         if f not in ("type", "span"))
        elif isinstance(node, tuple):
            stack.extend(node)
    return False


def step(model: ir.Model, state, action: ir.Action, params: dict, values: tuple):
    """None if disabled; else (successor, failed monitor names). Raises EvalError."""
    sys_, mons = state
    mon_env = {m.name: list(v) for m, v in zip(model.monitors, mons)}
    if not evaluate(action.guard, Env(sys_, mon_env, params)):
        return None
    new = list(sys_)
    execute(action.body, Env(new, {k: list(v) for k, v in mon_env.items()}, params))
    failed = set()
    for monitor in model.monitors:
        for rule in monitor.on_rules:
            if rule.action != action.name:
                continue
            binds = {b: v for b, v in zip(rule.binders, values) if b is not None}
            if rule.when is not None and not evaluate(rule.when, Env(sys_, mon_env, binds)):
                continue
            before = Env(sys_, mon_env, binds)
            for check in rule.checks:
                where = tuple(new) if check.kind == "ensure" else sys_
                if not evaluate(check.expr, Env(where, mon_env, binds, old=before)):
                    failed.add(monitor.name)
            execute(rule.body, Env(list(sys_), mon_env, binds))
    successor = (tuple(new), tuple(tuple(mon_env[m.name]) for m in model.monitors))
    return successor, failed


def state_failures(model: ir.Model, state) -> set[str]:
    sys_, mons = state
    env = Env(sys_, {m.name: v for m, v in zip(model.monitors, mons)})
    failed = set()
    for inv in model.invariants:
        try:
            if not evaluate(inv.expr, env):
                failed.add(inv.name)
        except EvalError:
            failed.add(inv.name)
    for monitor in model.monitors:
        for check in monitor.always:
            try:
                if not evaluate(check.expr, env):
                    failed.add(monitor.name)
            except EvalError:
                failed.add(monitor.name)
    return failed


def admitted(model: ir.Model, state) -> bool:
    sys_, mons = state
    env = Env(sys_, {m.name: v for m, v in zip(model.monitors, mons)})
    return all(evaluate(c, env) for c in model.constraints)


def terminal(model: ir.Model, state) -> bool:
    sys_, mons = state
    env = Env(sys_, {m.name: v for m, v in zip(model.monitors, mons)})
    for t in model.terminals:
        try:
            if evaluate(t, env):
                return True
        except EvalError:
            pass
    return False


class TooBig(Exception):
    pass


def explore(model: ir.Model, keep_edges: bool = False, limit: int | None = None) -> NaiveResult:
    result = NaiveResult()
    starts = initial(model)
    depth_of = {s: 0 for s in starts}
    queue = deque(starts)
    all_instances = list(instances(model))

    def violated(name: str, length: int) -> None:
        if name not in result.violations or length < result.violations[name]:
            result.violations[name] = length

    for s in starts:
        for name in state_failures(model, s):
            violated(name, 0)
    while queue:
        s = queue.popleft()
        d = depth_of[s]
        enabled = False
        edges = []
        for action, params, values in all_instances:
            try:
                out = step(model, s, action, params, values)
            except EvalError:
                enabled = True
                violated("runtime", d)
                continue
            if out is None:
                continue
            enabled = True
            t, failed = out
            result.transitions += 1
            for name in failed:
                violated(name, d + 1)
            if not admitted(model, t):  # counted, not stored: TLC's CONSTRAINT
                continue
            edges.append((action.name, values, t))
            if t not in depth_of:
                if limit is not None and len(depth_of) >= limit:
                    raise TooBig()
                depth_of[t] = d + 1
                queue.append(t)
                for name in state_failures(model, t):
                    violated(name, d + 1)
        if keep_edges:
            result.edges[s] = edges
        if not enabled and not terminal(model, s):
            violated("deadlock", d)
    result.states = set(depth_of)
    result.depth = max(depth_of.values()) + 1 if depth_of else 0
    return result


# ------------------------------------------------------------ liveness, no fairness
def doomed(result: NaiveResult, subset: set) -> set:
    """States of `subset` that can stay in it forever (or end in a dead end
    there): the greatest set D with every state a dead end or having a
    successor in D. Independent of the engine's SCC algorithm."""
    current = set(subset)
    changed = True
    while changed:
        changed = False
        for s in list(current):
            succ = [t for _, _, t in result.edges[s]]
            if succ and not any(t in current for t in succ):
                current.discard(s)
                changed = True
    return current


def on_cycle(result: NaiveResult, u) -> bool:
    seen, stack = set(), [t for _, _, t in result.edges[u]]
    while stack:
        s = stack.pop()
        if s == u:
            return True
        if s not in seen:
            seen.add(s)
            stack.extend(t for _, _, t in result.edges[s])
    return False


def temporal_violated(model: ir.Model, result: NaiveResult, prop: ir.TemporalProperty) -> bool:
    """Without fairness: is the temporal property violated (any forall binding)?"""
    formula, binders = prop.formula, []
    while isinstance(formula, ir.Quant) and formula.kind == "forall":
        binders.append((formula.name, formula.domain))
        formula = formula.body
    valuations = [{}]
    for name, domain in binders:
        valuations = [{**b, name: v} for b in valuations
                      for v in sorted_values(evaluate(domain, Env((), {}, b)), domain.type)]
    op, args = formula.op, formula.args
    if op != "leadsto" and isinstance(args[0], ir.TemporalOp):
        inner = args[0]
        kind = "leadsto" if inner.op == "leadsto" else f"{op}_{inner.op}"
        args = inner.args
    else:
        kind = op
    starts = set(initial(model))
    for binding in valuations:
        def holds(expr, s, binding=binding):
            sys_, mons = s
            env = Env(sys_, {m.name: v for m, v in zip(model.monitors, mons)}, binding)
            return bool(evaluate(expr, env))
        try:  # a predicate that fails to evaluate somewhere is a violation
            for expr in args:
                for s in result.states:
                    holds(expr, s)
        except EvalError:
            return True
        p = {s for s in result.states if holds(args[0], s)}
        not_p = result.states - p
        if kind == "always" and not_p:
            return True
        if kind == "eventually" and starts & doomed(result, _reach(result, starts, not_p)):
            return True
        if kind == "always_eventually" and doomed(result, not_p):
            return True
        if kind == "eventually_always" and any(
                not result.edges[u] or on_cycle(result, u) for u in not_p):
            return True
        if kind == "leadsto":
            not_q = {s for s in result.states if not holds(args[1], s)}
            if p & doomed(result, not_q):
                return True
    return False


def _reach(result: NaiveResult, starts: set, subset: set) -> set:
    seen = {s for s in starts if s in subset}
    stack = list(seen)
    while stack:
        s = stack.pop()
        for _, _, t in result.edges[s]:
            if t in subset and t not in seen:
                seen.add(t)
                stack.append(t)
    return seen

"""A tiny explorer over the reference semantics (vcspec/model/evaluate.py only), to
hold the z3 encoding against: initial states, successors of a state, and
breadth-first shortest violation lengths per safety property.

A state is (system values tuple, ((monitor, values tuple), ...)).
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

from vcspec.model import initial, ir
from vcspec.model.evaluate import Env, EvalError, evaluate, execute
from vcspec.model.evaluate import admitted as evaluate_admitted


def initial_states(model: ir.Model) -> list:
    """The reference semantics' initial states (vcspec/model/initial.py) that
    satisfy the constraints."""
    return [(system, tuple((m.name, monitors[m.name]) for m in model.monitors))
            for system, monitors in initial.initial_states(model).states
            if admitted(model, (system, tuple(monitors.items())))]


def admitted(model: ir.Model, state) -> bool:
    """The state satisfies every `constraint` (a state outside is not stored)."""
    system, monitors = state
    return evaluate_admitted(model, Env(system, dict(monitors)))


@dataclass
class Outcome:
    action: str
    args: tuple
    successor: tuple | None  # None: the step raised
    error: str | None = None
    failed: list = field(default_factory=list)  # monitor names whose check failed


def instances(model: ir.Model):
    for action in model.actions:
        for args in itertools.product(*(t.domain() for _, t in action.params)):
            yield action, tuple(args)


def outcomes(model: ir.Model, state) -> tuple[list[Outcome], bool]:
    """Every step from `state` (enabled or raising), and whether the state is
    dead (nothing enabled and nothing raising)."""
    system, monitors = state
    out, dead = [], True
    for action, args in instances(model):
        params = {n: v for (n, _), v in zip(action.params, args)}
        mons = {m: list(v) for m, v in monitors}
        failed: list = []
        try:
            if not evaluate(action.guard, Env(system, mons, params)):
                continue
            dead = False
            post = list(system)
            execute(action.body, Env(post, {m: list(v) for m, v in monitors}, params))
            for monitor in model.monitors:
                for rule in monitor.on_rules:
                    if rule.action != action.name:
                        continue
                    binds = {b: a for b, a in zip(rule.binders, args) if b is not None}
                    before = Env(system, mons, binds)
                    if rule.when is not None and not evaluate(rule.when, before):
                        continue
                    for check in rule.checks:
                        env = Env(tuple(post), mons, binds, old=before) \
                            if check.kind == "ensure" else before
                        if not evaluate(check.expr, env):
                            failed.append(monitor.name)
                    execute(rule.body, Env(list(system), mons, binds))
            succ = (tuple(post), tuple((m, tuple(mons[m])) for m, _ in monitors))
            out.append(Outcome(action.name, args, succ, None, failed))
        except EvalError as error:
            dead = False
            out.append(Outcome(action.name, args, None, error.message, failed))
    return out, dead


def state_violations(model: ir.Model, state) -> set[str]:
    """Invariants and monitor `always` checks that fail (or raise) in `state`."""
    system, monitors = state
    env = Env(system, {m: v for m, v in monitors})
    bad = set()
    for prop in model.properties:
        exprs = [prop.expr] if isinstance(prop, ir.Invariant) else \
            [c.expr for c in prop.always] if isinstance(prop, ir.Monitor) else []
        for expr in exprs:
            try:
                if not evaluate(expr, env):
                    bad.add(prop.name)
            except EvalError:
                bad.add(prop.name)
    return bad


def terminal(model: ir.Model, state) -> bool:
    system, monitors = state
    env = Env(system, {m: v for m, v in monitors})
    try:
        return any(evaluate(t, env) for t in model.terminals)
    except EvalError:
        return False


def shortest(model: ir.Model, max_states: int = 200_000) -> tuple[dict[str, int], int]:
    """Breadth-first: property name -> shortest counterexample length (steps;
    a monitor's step violation counts its step; a runtime error's trace ends at
    the failing step's source state), and the number of reachable states."""
    first: dict[str, int] = {}
    depth = {s: 0 for s in initial_states(model)}
    queue = deque(depth)
    while queue:
        state = queue.popleft()
        d = depth[state]
        for name in state_violations(model, state):
            first.setdefault(name, d)
        steps, dead = outcomes(model, state)
        if dead and not terminal(model, state):
            first.setdefault("deadlock", d)
        for o in steps:
            for name in o.failed:
                first.setdefault(name, d + 1)
            if o.successor is None:
                first.setdefault("runtime", d)
            elif o.successor not in depth:
                depth[o.successor] = d + 1
                queue.append(o.successor)
                if len(depth) > max_states:
                    raise RuntimeError("too many states for the reference explorer")
    return first, len(depth)

"""Traces: built from engine paths, then replayed on the reference semantics.

An engine hands over a path of state ints with the action instance of each
step. `make_trace` decodes it into Steps (full state, changed variables).
`Replayer` re-executes every step with vcspec/model/evaluate (guards, bodies,
monitor rules) and checks that the states agree and that the claimed
violation really happens; a disagreement is a bug in an engine and raises
ReplayError. It also provides the violation's message (e.g. the runtime
error's text), so messages always come from the reference.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from vcspec.compile.ts import ActionInstance, TransitionSystem
from vcspec.engine.result import Step, Trace
from vcspec.model import initial, ir
from vcspec.model.evaluate import Env, EvalError, admitted, evaluate, execute, sorted_values


class ReplayError(AssertionError):
    """An engine produced a trace the reference semantics does not reproduce."""


# ------------------------------------------------------------ building
def make_trace(ts: TransitionSystem, states: list[int],
               instances: list[ActionInstance | None]) -> Trace:
    """Steps from concrete states; instances[i] leads to states[i] (None first)."""
    return Trace(steps_of([ts.decode_named(s) for s in states], instances), ts.var_types())


def steps_of(named: list[dict], instances: list) -> list[Step]:
    """Steps from states given by qualified name; instances[i] (an action, its
    arguments and a label, whichever engine made it) leads to named[i] (None first)."""
    steps, previous = [], None
    for values, inst in zip(named, instances):
        changed = () if previous is None else tuple(
            n for n, v in values.items() if previous[n] != v)
        if inst is None:
            steps.append(Step(None, (), "(initial state)", values, changed))
        else:
            steps.append(call_step(inst, values, changed))
        previous = values
    return steps


def call_step(inst, values: dict | None = None, changed: tuple = ()) -> Step:
    """The step that calls an action instance (an empty state unless given)."""
    args = tuple((n, v) for (n, _), v in zip(inst.action.params, inst.args))
    return Step(inst.action.name, args, inst.label(), {} if values is None else values,
                changed)


def concretize(ts: TransitionSystem, path: list[int], canon=None,
               last: int | None = None) -> tuple[list[int], list[ActionInstance | None]]:
    """Concrete states and the instance of each step along a path of (possibly
    canonical) states: each step is the first instance, in instance order,
    whose successor is (canonically) the next state. `last` adds one step."""
    states = [path[0]]
    instances: list[ActionInstance | None] = [None]
    for target in path[1:]:
        k, successor = _find_step(ts, states[-1], target, canon)
        states.append(successor)
        instances.append(ts.instances[k])
    if last is not None:
        successor = ts.steps[last](states[-1], [])
        states.append(successor)
        instances.append(ts.instances[last])
    return states, instances


def _find_step(ts: TransitionSystem, state: int, target: int, canon) -> tuple[int, int]:
    for k, successor in ts.successors(state):
        if (canon(successor) if canon else successor) == target:
            return k, successor
    raise ReplayError("no action instance leads to the next state of the path")


# ------------------------------------------------------------ replay
@dataclass
class Replayed:
    """The reference's view of a trace's last step."""

    message: str | None = None  # runtime error or failed check message
    span: object | None = None


class Replayer:
    def __init__(self, model: ir.Model):
        self.model = model
        self.names = [v.name for v in model.vars]
        self.monitor_names = {m.name: [v.name for v in m.vars] for m in model.monitors}

    def split(self, step: Step) -> tuple[tuple, dict[str, tuple]]:
        state = tuple(step.state[n] for n in self.names)
        monitors = {m: tuple(step.state[n] for n in names)
                    for m, names in self.monitor_names.items()}
        return state, monitors

    def replay(self, trace: Trace) -> None:
        """Check every step of the trace; raise ReplayError on disagreement."""
        state, monitors = self.split(trace.steps[0])
        self.check_initial(state, monitors)
        for step in trace.steps[1:]:
            expected = self.split(step)
            got_state, got_monitors, _ = self.step(state, monitors, step)
            if (got_state, got_monitors) != expected:
                raise ReplayError(f"step {step.label}: the reference reaches another state")
            state, monitors = expected

    def check_initial(self, state: tuple, monitors: dict) -> None:
        if initial.dependent(self.model):  # tied initial values: the whole enumeration
            found = initial.initial_states(self.model).states
            if (tuple(state), {k: tuple(v) for k, v in monitors.items()}) not in found:
                raise ReplayError("the first state is not an initial state")
            return
        variables = list(zip(self.model.vars, state))
        for monitor in self.model.monitors:
            variables += list(zip(monitor.vars, monitors[monitor.name]))
        for var, value in variables:
            init = evaluate(var.init, Env(()))
            ok = value in sorted_values(init, var.init.type) if var.choice else value == init
            if not ok:
                raise ReplayError(f"{var.name} = {value!r} is not an initial value")

    def action(self, step: Step) -> ir.Action:
        return next(a for a in self.model.actions if a.name == step.action)

    def step(self, state: tuple, monitors: dict, step: Step):
        """(state, monitors, failed checks) after the step; raises EvalError on a
        runtime error and ReplayError if the action is not enabled."""
        action = self.action(step)
        params = dict(step.args)
        if not evaluate(action.guard, Env(state, monitors, params)):
            raise ReplayError(f"step {step.label}: the action is not enabled")
        new = list(state)
        execute(action.body, Env(new, {m: list(v) for m, v in monitors.items()}, params))
        new_state = tuple(new)
        current = {m: list(v) for m, v in monitors.items()}
        failed = self.monitor_rules(action, [v for _, v in step.args], state, new_state, current)
        return new_state, {m: tuple(v) for m, v in current.items()}, failed

    def monitor_rules(self, action: ir.Action, args: list, pre: tuple, post: tuple,
                      current: dict) -> list[ir.Check]:
        """Run every monitor rule on `action` in declaration order; `current`
        (the monitors' variables) is updated in place."""
        failed = []
        for monitor in self.model.monitors:
            for rule in monitor.on_rules:
                if rule.action != action.name:
                    continue
                binds = {b: a for b, a in zip(rule.binders, args) if b is not None}
                before = Env(pre, current, binds)
                if rule.when is not None and not evaluate(rule.when, before):
                    continue
                for check in rule.checks:
                    env = Env(post, current, binds, old=before) if check.kind == "ensure" \
                        else before
                    if not evaluate(check.expr, env):
                        failed.append(check)
                execute(rule.body, Env(list(pre), current, binds))
        return failed

    # ------------------------------------------------------------ last-step checks
    def runtime_error(self, trace: Trace, inst: ActionInstance) -> Replayed:
        """The runtime error of `inst` at the trace's last state."""
        state, monitors = self.split(trace.steps[-1])
        try:
            self.step(state, monitors, call_step(inst))
        except EvalError as error:
            return Replayed(error.message, error.span)
        raise ReplayError(f"{inst.label()} does not fail on the reference semantics")

    def failed_checks(self, trace: Trace) -> list[ir.Check]:
        """The monitor checks failed by the trace's last step."""
        state, monitors = self.split(trace.steps[-2])
        return self.step(state, monitors, trace.steps[-1])[2]

    def holds(self, expr: ir.Expr, step: Step, bindings: dict | None = None) -> bool | str:
        """A state predicate on a step's state; an error's message instead of a value."""
        state, monitors = self.split(step)
        try:
            return bool(evaluate(expr, Env(state, monitors, dict(bindings or {}))))
        except EvalError as error:
            return error.message

    def enabled(self, step: Step, moves: bool = False,
                changing: bool = False) -> list[tuple[str, tuple]]:
        """(action, args) of every action instance that has a successor at a
        step's state (its guard holds and its body runs without error). With
        `moves`, a successor in the explored graph (the constraints admit it)
        and, with `changing`, one that differs from the state (for fairness
        under `semantics stuttering`)."""
        state, monitors = self.split(step)
        out = []
        for action in self.model.actions:
            names = [n for n, _ in action.params]
            for values in itertools.product(*(t.domain() for _, t in action.params)):
                call = Step(action.name, tuple(zip(names, values)), "", {}, ())
                try:
                    new, new_monitors, _ = self.step(state, monitors, call)
                    if moves and not admitted(self.model, Env(new, new_monitors)):
                        continue
                except (ReplayError, EvalError):
                    continue
                if changing and (new, new_monitors) == (state, monitors):
                    continue
                out.append((action.name, tuple(values)))
        return out

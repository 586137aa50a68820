"""Counterexample traces with their messages, verified on the reference.

Both the explicit engine and the simulator hand over concrete states and
the action instance of each step; each method builds the Trace, replays it
(vcspec/engine/trace.py) and states the violation in words, taking runtime error
messages from vcspec/model/evaluate.
"""

from __future__ import annotations

from vcspec.compile.ts import ActionInstance, TransitionSystem
from vcspec.engine.result import Trace
from vcspec.engine.trace import Replayer, ReplayError, make_trace


class TraceMaker:
    def __init__(self, ts: TransitionSystem):
        self.ts = ts
        self.replayer = Replayer(ts.model)

    def trace(self, states: list[int], instances: list[ActionInstance | None]) -> Trace:
        trace = make_trace(self.ts, states, instances)
        self.replayer.replay(trace)
        return trace

    def state_check(self, states, instances, index: int) -> Trace:
        check = self.ts.state_checks[index]
        trace = self.trace(states, instances)
        value = self.replayer.holds(check.expr, trace.steps[-1])
        if value is True:
            raise ReplayError(f"{check.property} holds in the trace's last state")
        if isinstance(value, str):
            trace.violation = f"evaluating {check.property} fails: {value}"
        elif check.kind == "invariant":
            trace.violation = f"{check.property} is false in the last state"
        else:
            trace.violation = check.message
        return trace

    def step_check(self, states, instances, index: int) -> Trace:
        """`states` ends with the state after the failing step."""
        check = self.ts.step_checks[index]
        trace = self.trace(states, instances)
        if check.check not in self.replayer.failed_checks(trace):
            raise ReplayError(f"the last step does not fail {check.monitor}'s check")
        trace.violation = f"{check.check.kind}: {check.check.message}"
        return trace

    def runtime(self, states, instances, failing: ActionInstance) -> Trace:
        return runtime_violation(self.replayer, self.trace(states, instances), failing)

    def deadlock(self, states, instances) -> Trace:
        return deadlock_violation(self.replayer, self.trace(states, instances))


# ------------------------------------------------------------ shared by every engine
def runtime_violation(replayer: Replayer, trace: Trace, failing: ActionInstance) -> Trace:
    """`trace` (replayed) with the reference's words for `failing` failing at its end."""
    error = replayer.runtime_error(trace, failing)
    where = f" ({error.span})" if error.span is not None else ""
    trace.violation = f"{failing.label()} fails: {error.message}{where}"
    return trace


def deadlock_violation(replayer: Replayer, trace: Trace) -> Trace:
    """`trace` (replayed) as a deadlock, checked on the reference."""
    last = trace.steps[-1]
    if replayer.enabled(last):
        raise ReplayError("an action is enabled in the deadlocked state")
    if any(replayer.holds(t, last) is True for t in replayer.model.terminals):
        raise ReplayError("a terminal condition holds in the deadlocked state")
    trace.violation = "no action is enabled and no terminal condition holds"
    return trace

"""Independent checks of a lasso counterexample on the reference semantics.

After its transitions replay (vcspec/engine/trace.py), a lasso must close (the last
state is the loop's first), violate the temporal formula (predicates
evaluated with vcspec/model/evaluate on the trace's states), and satisfy every
fairness constraint (enabledness computed by the reference's guards and
bodies on the loop's states).
"""

from __future__ import annotations

from vcspec.engine.result import Trace
from vcspec.engine.trace import Replayer, ReplayError


def verify_lasso(replayer: Replayer, ts, form, binding: dict, trace: Trace, groups) -> None:
    steps = trace.steps
    if trace.loop_start is None:
        if form.kind != "always" or replayer.holds(form.p, steps[-1], binding) is not False:
            raise ReplayError("the finite trace does not violate the property")
        return
    loop = steps[trace.loop_start:]
    stuttering = replayer.model.semantics == "stuttering"
    if trace.stutters and not stuttering:
        if replayer.enabled(steps[-1], moves=True):
            raise ReplayError("the run does not end: an action is enabled")
    elif steps[-1].state != steps[trace.loop_start].state:
        raise ReplayError("the loop does not return to its first state")
    _check_formula(replayer, form, binding, steps, trace.loop_start)
    _check_fairness(replayer, ts, groups, loop, trace.stutters, stuttering)


def _check_formula(replayer, form, binding, steps, start: int) -> None:
    def p(step):
        return replayer.holds(form.p, step, binding) is True

    if form.kind == "eventually":
        ok = not any(p(s) for s in steps)
    elif form.kind == "always_eventually":
        ok = not any(p(s) for s in steps[start:])
    elif form.kind == "eventually_always":
        ok = any(not p(s) for s in steps[start:])
    else:  # leadsto
        def q(step):
            return replayer.holds(form.q, step, binding) is True
        ok = any(p(steps[t]) and not any(q(s) for s in steps[t:]) for t in range(start + 1))
    if not ok:
        raise ReplayError(f"the lasso does not violate the {form.kind} property")


def _check_fairness(replayer, ts, groups, loop, stutters: bool, stuttering: bool) -> None:
    """Under `semantics stuttering` only steps that change the state take or
    enable a group (TLA+'s <A>_v)."""
    states = loop if stutters else loop[:-1]
    taken = {(s.action, tuple(v for _, v in s.args)) for before, s in zip(loop, loop[1:])
             if not stuttering or before.state != s.state}
    enabled = [set(replayer.enabled(s, moves=True, changing=stuttering)) for s in states]
    for group in groups:
        calls = {(ts.instances[k].name, ts.instances[k].args) for k in group.instances}
        if calls & taken:
            continue
        on = [bool(calls & e) for e in enabled]
        if group.kind == "weak" and all(on):
            raise ReplayError(f"the loop is not fair: {group.description} is always enabled "
                              "and never taken")
        if group.kind == "strong" and any(on):
            raise ReplayError(f"the loop is not fair: {group.description} is enabled and "
                              "never taken")

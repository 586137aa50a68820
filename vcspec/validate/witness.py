"""One behaviour of the model that explains a log, up to where it diverges.

The validator keeps sets of states and forgets how it reached them (a long
log costs no memory). To draw a log on a sequence chart we want one
concrete behaviour instead, so the log is validated again here keeping the
set after every event, and a path is rebuilt backwards: every state of the
set after event i is the successor, by one of the event's action instances,
of a state within `depth` unobserved steps of the set before it
(breadth-first, so the unobserved stretch is a shortest one). The choices
are the smallest states and instance numbers: the same log gives the same
behaviour.

Where the log diverges, the behaviour ends in the first state the report
shows ("state 1": the smallest state consistent with the log just before
the event) and the diverging event is run from there with the reference
semantics, guard or not, as the driver did (`rejected`); the chart draws it
in red. Meant for logs of a reasonable length (the sets are kept).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vcspec.compile.ts import TransitionSystem
from vcspec.engine.result import Step, Trace
from vcspec.engine.trace import Replayer, call_step, make_trace
from vcspec.model.evaluate import Env, EvalError, execute
from vcspec.validate.explain import forced
from vcspec.validate.log import Event
from vcspec.validate.mapping import Mapping
from vcspec.validate.result import BAD, CONFORMS, Outcome
from vcspec.validate.run import DEFAULT_DEPTH, Validator


@dataclass
class Explanation:
    outcome: Outcome
    trace: Trace  # a behaviour of the model producing the events validated
    # per step of the trace, then of `rejected`: the event it is (1-based); None: not logged
    events: list[int | None]
    rejected: Step | None = None  # the diverging event run from the trace's last state

    @property
    def head(self) -> str:
        """The verdict in a few words (the chart's closing note)."""
        o = self.outcome
        if o.verdict == CONFORMS:
            return f"CONFORMS: {o.events} events"
        return f"{o.verdict} at event {o.index}"

    @property
    def end(self) -> str:
        """What the closing note says: the event, the properties it breaks, the handles."""
        o = self.outcome
        if o.event is None:
            return ""
        parts = [f"event {o.index} (line {o.event.line}): {o.event.short()}."]
        for b in o.broken:
            rules = f" @rules({', '.join(b.rules)})" if b.rules else ""
            parts.append(f"breaks {b.kind} {b.property}{rules}.")
        if not o.broken:
            parts.append(o.reason + ".")
        if o.handles:
            parts.append("handles: " + ", ".join(f"{slot} = {h}"
                                                 for slot, h in o.handles.items()) + ".")
        return " ".join(parts)


def explain_log(ts: TransitionSystem, mapping: Mapping, events: Iterable[Event],
                depth: int = DEFAULT_DEPTH) -> Explanation:
    """Validate `events` and rebuild one behaviour of the model that explains
    them (up to the divergence). LogError as Validator.feed."""
    validator = Validator(ts, mapping, depth)
    sets, cands, numbers = [validator.states], [], []
    outcome = None
    for event in events:
        outcome = validator.feed(event)
        if outcome is not None:
            break
        if validator.events == len(sets):  # validated, not an ignored function
            sets.append(validator.states)
            cands.append(validator.cands)
            numbers.append(validator.events)
    if outcome is None:
        outcome = validator.outcome(CONFORMS, "", None)
    if not sets[-1]:
        return Explanation(outcome, Trace([], ts.var_types()), [])
    if outcome.event is None:
        end, tail = min(sets[-1]), []
    else:
        end, tail = _last_stretch(validator, sets[-1])
    path, marks = _rebuild(validator, sets, cands, numbers, end)
    path += tail
    marks += [None] * len(tail)
    trace = make_trace(ts, [s for s, _ in path], [None if k is None else ts.instances[k]
                                                  for _, k in path])
    Replayer(ts.model).replay(trace)  # the reference semantics agrees, step by step
    if outcome.event is None or not validator.cands:
        return Explanation(outcome, trace, [None] + marks)
    rejected = rejected_step(ts, path[-1][0], validator.cands)
    return Explanation(outcome, trace, [None] + marks + [outcome.index], rejected)


def _search(validator: Validator, roots: frozenset[int]) -> tuple[list[int], dict]:
    """The states within `depth` unobserved steps of `roots` in breadth-first
    order, and state -> (the state before it, the instance) along a shortest way."""
    order = sorted(roots)
    parent: dict[int, tuple[int, int]] = {}
    seen = set(order)
    level = order
    for _ in range(validator.depth):
        following = []
        for s in level:
            for k in validator.bound.unobserved:
                t = validator.succ(s, k)
                if t is None or t == BAD or t in seen:
                    continue
                seen.add(t)
                parent[t] = (s, k)
                following.append(t)
        order += following
        level = following
    return order, parent


def _unwind(parent: dict, state: int) -> list[tuple[int, int | None]]:
    """(state, instance leading to it) from a root to `state`; the root's is None."""
    out = []
    while state in parent:
        before, k = parent[state]
        out.append((state, k))
        state = before
    out.append((state, None))
    return out[::-1]


def _rebuild(validator: Validator, sets: list, cands: list, numbers: list, end: int
             ) -> tuple[list[tuple[int, int | None]], list[int | None]]:
    """The path from an initial state to `end` (a state after the last event),
    and per step after the first, the event it is (None: an unobserved step)."""
    path: list[tuple[int, int | None]] = []
    marks: list[int | None] = []
    target = end
    for i in range(len(cands) - 1, -1, -1):
        order, parent = _search(validator, sets[i])
        s, k = next((s, k) for s in order for k in cands[i]
                    if validator.succ(s, k) == target)
        stretch = _unwind(parent, s)
        path = stretch[1:] + [(target, k)] + path
        marks = [None] * (len(stretch) - 1) + [numbers[i]] + marks
        target = stretch[0][0]
    return [(target, None)] + path, marks


def _last_stretch(validator: Validator, states: frozenset[int]
                  ) -> tuple[int, list[tuple[int, int | None]]]:
    """The smallest state within `depth` unobserved steps of the last set (the
    report's "state 1"), and the unobserved steps to it."""
    order, parent = _search(validator, states)
    stretch = _unwind(parent, min(order))
    return stretch[0][0], stretch[1:]


def rejected_step(ts: TransitionSystem, state: int, cands: tuple[int, ...]) -> Step:
    """The event run from `state` with the reference semantics, guard or not:
    the first of its instances that breaks a property (else the first one).
    Its state is what the action leaves (unchanged where it fails at run time)."""
    replayer = Replayer(ts.model)
    owner = {id(c): m.name for m in ts.model.monitors for r in m.on_rules for c in r.checks}
    k = next((k for k in cands if forced(ts, replayer, owner, state, k)), cands[0])
    inst = ts.instances[k]
    values, monitors = ts.decode(state), ts.decode_monitors(state)
    before = ts.decode_named(state)
    new = list(values)
    current = {m: list(v) for m, v in monitors.items()}
    try:
        execute(inst.action.body, Env(new, {m: list(v) for m, v in monitors.items()},
                                      inst.named_args()))
        replayer.monitor_rules(inst.action, list(inst.args), values, tuple(new), current)
    except EvalError:
        return call_step(inst, before, ())
    after = dict(zip(replayer.names, new))
    for name, names in replayer.monitor_names.items():
        after.update(zip(names, current[name]))
    after = {n: after.get(n, v) for n, v in before.items()}
    changed = tuple(n for n, v in after.items() if before[n] != v)
    return call_step(inst, after, changed)

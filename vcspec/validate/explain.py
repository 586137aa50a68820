"""Why a log diverges: the events the model allowed there, the states just
before, and the properties the event breaks.

The properties are found with the reference semantics (vcspec/model/
evaluate.py): the event's action is run from each state consistent with the
log even where its guard is false, as the driver did, and the monitors'
checks on the step and every invariant and monitor `always` on the state it
reaches are evaluated.
"""

from __future__ import annotations

from collections import Counter

from vcspec.engine.trace import Replayer
from vcspec.model.evaluate import Env, EvalError, evaluate, execute, format_value
from vcspec.model.types import MapT
from vcspec.validate.result import BAD, Broken, Outcome

MAX_ALLOWED = 40  # events listed as allowed
MAX_SHOWN = 3  # states shown


def explain(validator, outcome: Outcome, event, cands: tuple[int, ...]) -> None:
    before, _ = validator.closure_of(validator.states)
    names = validator.handles.names(event)
    outcome.states_before = len(before)
    allowed = set()
    for s in before:
        for k in sorted(validator.bound.observed):
            t = validator.succ(s, k)
            if t is not None and t != BAD:
                allowed.add(validator.bound.label(k, names))
    shown = sorted(allowed)
    if len(shown) > MAX_ALLOWED:
        shown = shown[:MAX_ALLOWED] + [f"... and {len(allowed) - MAX_ALLOWED} more"]
    outcome.allowed = shown
    ordered = sorted(before)
    outcome.before = [render_state(validator.ts, s) for s in ordered[:MAX_SHOWN]]
    outcome.broken = broken(validator.ts, ordered, cands)
    outcome.handles = {str(slot): handle for table in names.values()
                       for slot, handle in sorted(table.items(), key=lambda kv: str(kv[0]))}


def broken(ts, states: list[int], cands: tuple[int, ...]) -> list[Broken]:
    """Properties the event's instances break, with in how many states."""
    replayer = Replayer(ts.model)
    owner = {id(c): m.name for m in ts.model.monitors for r in m.on_rules for c in r.checks}
    counts: Counter = Counter()
    for s in states:
        found = set()
        for k in cands:
            found |= set(forced(ts, replayer, owner, s, k))
        counts.update(found)
    out = []
    for (name, kind, message), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rules = ()
        if kind != "runtime":
            rules = tuple(ts.model.find_property(name).rules)
        out.append(Broken(name, kind, message, rules, n))
    return out


def forced(ts, replayer: Replayer, owner: dict, s: int, k: int) -> list[tuple[str, str, str]]:
    """(property, kind, message) broken by instance k run from s, guard or not."""
    inst = ts.instances[k]
    state, monitors = ts.decode(s), ts.decode_monitors(s)
    params = inst.named_args()
    new = list(state)
    try:
        execute(inst.action.body, Env(new, {m: list(v) for m, v in monitors.items()}, params))
        current = {m: list(v) for m, v in monitors.items()}
        failed = replayer.monitor_rules(inst.action, list(inst.args), state, tuple(new), current)
    except EvalError as error:
        return [("runtime", "runtime", f"{inst.label()}: {error.message}")]
    out = [(owner[id(c)], "monitor", c.message) for c in failed]
    after = Env(tuple(new), {m: tuple(v) for m, v in current.items()})
    for check in ts.state_checks:
        try:
            ok = evaluate(check.expr, after)
        except EvalError:
            ok = False
        if not ok:
            out.append((check.property, check.kind, check.message))
    return out


def render_state(ts, state: int) -> list[str]:
    """The variables that differ from the (first) initial state, one per line."""
    start = ts.initial[0] if ts.initial else state
    lines = []
    for var in ts.layout.all_vars():
        value, init = var.slot.decode(state), var.slot.decode(start)
        t = var.slot.type
        if value == init:
            continue
        if isinstance(t, MapT):
            for key, a, b in zip(t.key.domain(), value, init):
                if a != b:
                    lines.append(f"{var.name}[{format_value(key, t.key)}] = "
                                 f"{format_value(a, t.value)}")
        else:
            lines.append(f"{var.name} = {format_value(value, t)}")
    return lines or ["(the initial state)"]

"""The validator's verdict as text or JSON (strings: only the CLI prints)."""

from __future__ import annotations

import json

from vcspec.validate.result import CONFORMS, Outcome


def text(outcome: Outcome, log: str) -> str:
    lines = []
    if outcome.verdict == CONFORMS:
        lines.append(f"{log}: CONFORMS ({outcome.events} events, "
                     f"{outcome.seconds:.2f} s)")
    else:
        e = outcome.event
        lines.append(f"{log}:{e.line}: {outcome.verdict} at event {outcome.index}: "
                     f"{e.short()}")
        lines.append(f"  {outcome.reason}")
        for b in outcome.broken:
            rules = f" @rules({', '.join(b.rules)})" if b.rules else ""
            lines.append(f"  breaks {b.kind} {b.property}{rules}: {b.message} "
                         f"(in {b.states} of {outcome.states_before} state(s))")
        if outcome.handles:
            lines.append("  handles: " + ", ".join(f"{slot} = {h}"
                                                   for slot, h in outcome.handles.items()))
        lines.append(f"  the model allowed here ({len(outcome.allowed)}):")
        lines += [f"    {a}" for a in outcome.allowed] or ["    (nothing)"]
        lines.append(f"  {outcome.states_before} model state(s) consistent with the "
                     f"{outcome.events} events before it; the first "
                     f"{len(outcome.before)} (what differs from the initial state):")
        for i, state in enumerate(outcome.before, start=1):
            lines.append(f"    state {i}:")
            lines += [f"      {line}" for line in state]
    lines.append(_coverage(outcome))
    if outcome.skipped:
        lines.append(f"  {outcome.skipped} event(s) of ignored functions skipped")
    return "\n".join(lines)


def _coverage(outcome: Outcome) -> str:
    used = outcome.coverage
    missing = sorted(set(outcome.observed_actions) - set(used))
    lines = [f"coverage: {len(used)} of {len(outcome.observed_actions)} logged actions "
             f"exercised; at most {outcome.most_states} model state(s) at once; "
             f"unobserved steps searched to depth {outcome.depth}"]
    lines += [f"  {n:>8}  {name}" for name, n in used.items()]
    if missing:
        lines.append("  not exercised: " + ", ".join(missing))
    for var, moves in outcome.machines.items():
        lines.append(f"  {var}: {len(moves)} transition(s): " + "; ".join(moves))
    return "\n".join(lines)


def dumps(outcome: Outcome, log: str) -> str:
    return json.dumps({"log": log, **outcome.to_json()}, indent=2)

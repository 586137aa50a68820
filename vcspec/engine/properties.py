"""Which properties a check covers: `--property NAME` selection.

Besides the spec's properties there are two implicit ones: `deadlock` (a
reachable state with no enabled action where no `terminal` holds) and
`runtime` (no action raises a runtime error: out of range, empty or full
queue, division by zero, ...). `runtime` is always reported: a transition
that fails cannot be explored past. With no selection everything is checked.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from vcspec.model import ir

DEADLOCK = "deadlock"
RUNTIME = "runtime"


class UnknownProperty(ValueError):
    def __init__(self, name: str, known: list[str]):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        super().__init__(f"the spec has no property '{name}'{hint}; properties: "
                         + ", ".join(known))
        self.name = name


@dataclass
class Selected:
    invariants: list[ir.Invariant] = field(default_factory=list)
    monitors: list[ir.Monitor] = field(default_factory=list)
    temporals: list[ir.TemporalProperty] = field(default_factory=list)
    deadlock: bool = True

    @property
    def names(self) -> set[str]:
        return {p.name for p in self.invariants + self.monitors + self.temporals}


def select(model: ir.Model, names: list[str] | None) -> Selected:
    known = [p.name for p in model.properties] + [DEADLOCK, RUNTIME]
    wanted = set(names or [])
    for name in names or []:
        if name not in known:
            raise UnknownProperty(name, known)

    def chosen(name: str) -> bool:
        return not wanted or name in wanted

    return Selected(
        invariants=[p for p in model.invariants if chosen(p.name)],
        monitors=[p for p in model.monitors if chosen(p.name)],
        temporals=[p for p in model.temporals if chosen(p.name)],
        deadlock=chosen(DEADLOCK))

"""Logs for tests, benchmarks and the demo, made from the model itself.

Conforming logs: a seeded random walk of the model, each observed step
written as the event a driver would log (unobserved steps left out), with
real-looking handles: a new handle for each VC's lifetime, a new party handle
for each party of each call (vcspec/validate/handles.py binds them back).

Faulty logs: a seeded bug's model (`--const BUG=...`) is walked at random
(vcspec/explicit/simulate.py) until a safety property breaks; the log is that
walk. `expected` is where the correct model first cannot follow the walk,
found by replaying it step by step on the correct model with every step
known (no search), so the validator's answer is checked against a simpler
computation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from vcspec.compile.build import build
from vcspec.compile.codegen import ActionError
from vcspec.compile.ts import TransitionSystem
from vcspec.explicit.simulate import Simulator
from vcspec.model import ir
from vcspec.validate.bind import Bound
from vcspec.validate.log import Event
from vcspec.validate.mapping import Mapping


class Namer:
    """Model slots -> fresh real handles, mirroring vcspec/validate/handles.py."""

    def __init__(self, mapping: Mapping, rng: random.Random):
        self.mapping = mapping
        self.base = rng.randrange(256)
        self.count = 0
        self.live: dict[tuple, str] = {}  # (field, scope handle, slot) -> handle

    def fresh(self) -> str:
        self.count += 1
        return f"0xffffa80c{self.base:02x}{self.count:05x}0"  # a 64-bit kernel address

    def name(self, function: str, fields: dict[str, object]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for kind in self.mapping.handles:  # unscoped kinds first: scopes are their handles
            if kind.within is None:
                out[kind.field] = self._one(kind.field, None, fields.get(kind.field))
        for kind in self.mapping.handles:
            if kind.within is not None:
                scope = out.get(kind.within)
                if function in kind.reset_before:
                    for key in [k for k in self.live if k[:2] == (kind.field, scope)]:
                        del self.live[key]
                out[kind.field] = self._one(kind.field, scope, fields.get(kind.field))
        return out

    def _one(self, field: str, scope: str | None, slot: object) -> str | None:
        if slot is None:
            return None
        key = (field, scope, slot)
        if key not in self.live:
            self.live[key] = self.fresh()
        return self.live[key]

    def after(self, function: str, fields: dict[str, object]) -> None:
        for kind in self.mapping.handles:
            if function in kind.free_after and kind.within is None:
                self.live.pop((kind.field, None, fields.get(kind.field)), None)


def events_of(bound: Bound, instances: list[int], seed: int = 0,
              callers: bool = True) -> list[Event]:
    """The observed steps of a walk as logged events (line numbers from 1)."""
    namer = Namer(bound.mapping, random.Random(seed))
    out = []
    for k in instances:
        found = bound.event_of(k)
        if found is None:
            continue
        entry, fields = found[0].entry, found[1]
        handles = namer.name(entry.event, fields)
        status = fields.get("status")
        out.append(Event(len(out) + 1, entry.event,
                         handle=handles.get("handle"), party=handles.get("party"),
                         status=bound.mapping.status_text(status) if status else None,
                         caller=entry.caller if callers else None,
                         time=len(out)))
        namer.after(entry.event, fields)
    return out


class Walker:
    """Seeded random walks of a compiled model (successors cached per state)."""

    def __init__(self, ts: TransitionSystem):
        self.ts = ts
        self._succ: dict[int, list[tuple[int, int]]] = {}

    def successors(self, state: int) -> list[tuple[int, int]]:
        hit = self._succ.get(state)
        if hit is None:
            hit = self._succ[state] = self.ts.successors(state)
        return hit

    def walk(self, rng: random.Random, steps: int, state: int | None = None) -> list[int]:
        """Up to `steps` random steps from `state` (default: an initial state);
        the state reached is left in `self.last`."""
        state = rng.choice(self.ts.initial) if state is None else state
        out = []
        for _ in range(steps):
            options = self.successors(state)
            if not options:
                break
            k, state = options[rng.randrange(len(options))]
            out.append(k)
        self.last = state
        return out


def conforming(ts: TransitionSystem, bound: Bound, seed: int, steps: int,
               callers: bool = True, walker: Walker | None = None) -> list[Event]:
    instances = (walker or Walker(ts)).walk(random.Random(seed), steps)
    return events_of(bound, instances, seed, callers)


# ------------------------------------------------------------ faulty logs
@dataclass
class FaultyLog:
    bug: str
    events: list[Event]
    property: str  # the safety property the buggy walk breaks
    expected: int | None  # the event (1-based) where the correct model cannot follow
    at_violation: bool  # whether that event is the walk's property-breaking step


def faulty(good: TransitionSystem, buggy: ir.Model, bound_mapping: Mapping, seed: int = 0,
           runs: int = 200, steps: int = 60) -> FaultyLog | None:
    """A log of a walk of the buggy model that breaks a safety property, or None."""
    ts = build(buggy)
    sim = Simulator(ts, tuple(c.index for c in ts.state_checks),
                    tuple(c.index for c in ts.step_checks), False)
    walks = [w for w in sim.run(seed, runs, steps).walks
             if w.violation.kind in ("state", "step")]
    if not walks:
        return None
    walk = walks[0]
    v = walk.violation
    prop = ts.state_checks[v.check].property if v.kind == "state" \
        else ts.step_checks[v.check].monitor
    bound = Bound(bound_mapping, ts)
    events = events_of(bound, walk.instances, seed)
    at, step = _first_refused(good, ts, walk.start, walk.instances, bound)
    return FaultyLog(str(buggy.consts.get("BUG")), events, prop, at,
                     step == len(walk.instances) - 1)


def _first_refused(good: TransitionSystem, ts: TransitionSystem, start: int,
                   instances: list[int], bound: Bound) -> tuple[int | None, int | None]:
    """(event number, step index) of the first step the correct model refuses
    (disabled, failing at run time, or breaking a safety property)."""
    index = {(i.name, i.args): i.index for i in good.instances}
    preds = [good.builder.predicate(c.expr) for c in good.state_checks]
    state = good.layout.encode(ts.decode(start), ts.decode_monitors(start))
    number = 0
    for i, k in enumerate(instances):
        if bound.event_of(k) is not None:
            number += 1
        inst = ts.instances[k]
        viol: list[int] = []
        try:
            state = good.steps[index[(inst.name, inst.args)]](state, viol)
        except ActionError:
            state = None
        if state is None or viol or not all(_holds(p, state) for p in preds):
            return (number if bound.event_of(k) is not None else None), i
    return None, None


def _holds(pred, state: int) -> bool:
    try:
        return bool(pred(state))
    except ActionError:
        return False

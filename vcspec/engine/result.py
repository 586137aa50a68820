"""What a check produces: verdicts, traces and statistics (engine-neutral).

Verdicts are never conflated:
  HOLDS     proved for every reachable state / every fair behaviour
  VIOLATED  with a trace replayed on the reference semantics
  BOUNDED   no violation in the part of the state space searched (a limit hit)
  UNKNOWN   no answer (limit, unsupported combination), with the reason
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from vcspec.model.source import Span
from vcspec.model.types import Type


def steps_words(n: int) -> str:
    """'1 step', '3 steps': trace lengths and depths in messages."""
    return f"{n} step{'s' * (n != 1)}"


def loop_marks(loop_start: int | None, last: int, stutters: bool = False) -> dict[int, str]:
    """The one numbering of a lasso's loop, for every view (report, step table,
    chart): the loop starts at step `loop_start` (the state after that step) and
    the last step goes back to it, so the steps after `loop_start` repeat."""
    if loop_start is None:
        return {}
    marks = {loop_start: "loop starts"}
    if last != loop_start and not stutters:
        marks[last] = f"back to step {loop_start}"
    return marks


class Verdict(enum.StrEnum):
    HOLDS = "HOLDS"
    VIOLATED = "VIOLATED"
    BOUNDED = "BOUNDED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Step:
    """One state of a trace and the call that led to it (none for the first)."""

    action: str | None  # qualified action name
    args: tuple[tuple[str, object], ...]  # (parameter, value), a family's index first
    label: str  # the call as the spec writes it: "Vc.CmCreate(0)"
    state: dict[str, object]  # every variable (monitors' too) by qualified name
    changed: tuple[str, ...]  # variables whose value differs from the previous state


@dataclass(frozen=True)
class FairnessNote:
    """How a lasso's loop satisfies one fairness constraint."""

    constraint: str  # "weak Phil (p = 2)"
    how: str  # "taken at step 7" | "disabled at step 9" | "never enabled in the loop"


@dataclass
class Trace:
    steps: list[Step]
    types: dict[str, Type] = field(repr=False, default_factory=dict)
    loop_start: int | None = None  # lasso: index of the step where the loop starts
    stutters: bool = False  # lasso ends in a state with no enabled action
    # (when it stutters) False: actions are enabled there, but under `semantics
    # stuttering` the run may stay (no fair action is enabled there)
    dead_end: bool = True
    fairness: list[FairnessNote] = field(default_factory=list)
    violation: str = ""  # what goes wrong, in words

    @property
    def length(self) -> int:
        """Number of transitions."""
        return len(self.steps) - 1


@dataclass
class PropertyResult:
    name: str
    kind: str  # invariant | monitor | temporal | deadlock | runtime
    verdict: Verdict
    message: str
    rules: tuple[str, ...] = ()
    trace: Trace | None = None
    span: Span | None = field(default=None, repr=False)
    binding: dict[str, object] = field(default_factory=dict)  # forall prefix values

    @property
    def trace_length(self) -> int | None:
        return self.trace.length if self.trace else None


@dataclass
class Stats:
    """Search numbers. `transitions` counts the successor states generated from
    explored states, duplicates included (SPIN's "transitions" = stored +
    matched is one more: it counts the initial state too). `depth` is the
    number of BFS levels, the initial states being level 1 (SPIN's "depth
    reached" is one less). With symmetry reduction `distinct_states` counts
    canonical states and `distinct_states_unreduced` the states they stand for.
    For a simulation: states visited, steps taken, longest reported trace."""

    initial_states: int = 0
    distinct_states: int = 0
    transitions: int = 0
    depth: int = 0
    seconds: float = 0.0
    peak_memory_bytes: int = 0
    complete: bool = False
    stop_reason: str | None = None  # max-states | max-seconds | max-memory | interrupted | ...
    distinct_states_unreduced: int | None = None  # with symmetry reduction
    # with `constraint`s: TLC's "states generated" = every initial state computed
    # (those the constraints leave out too) + transitions (those leading out too)
    generated: int | None = None

    @property
    def states_per_second(self) -> float:
        return self.distinct_states / self.seconds if self.seconds > 0 else 0.0


# Warnings a report carries with a diagnostic code start "VCSnnn: " (the text
# report shows them as warning[VCSnnn]: like the checker's); the code is what
# `// vcspec: allow VCSnnn` at the site names (vcspec/model/allow.py).
NEVER_FIRED = "VCS450"
SYMMETRY_OFF = ("symmetry reduction is off: soundness with temporal properties is not shown "
                "(check the safety properties alone with --safety-only to use it)")


def never_fired(action: str, where: str = "") -> str:
    """The warning about an action that fired on no explored transition."""
    return f"{NEVER_FIRED}: action {action} never fired{where}"


@dataclass
class Report:
    spec: str  # the spec file as given
    model: str  # the spec's name
    engine: str
    consts: dict[str, object]
    stats: Stats
    properties: list[PropertyResult]
    coverage: dict[str, int] = field(default_factory=dict)  # action -> transitions
    warnings: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)  # how to reproduce
    symmetry: tuple[str, ...] = ()  # symmetric enums reduced
    families: tuple[str, ...] = ()  # process families (for display)
    notes: list[str] = field(default_factory=list)  # what the engine wants read (a certificate)
    certificate: str | None = None  # pdr: the proofs' SMT-LIB certificate (re-checked)

    @property
    def exit_code(self) -> int:
        """0 every property holds, 1 one is violated, 4 inconclusive."""
        verdicts = {p.verdict for p in self.properties}
        if Verdict.VIOLATED in verdicts:
            return 1
        if verdicts & {Verdict.BOUNDED, Verdict.UNKNOWN}:
            return 4
        return 0

    def find(self, name: str) -> PropertyResult:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(name)


def unfinished(model, spec: str, engine: str, reason: str,
               selected: list[str] | None = None) -> Report:
    """The report of a run that stopped before any verdict (interrupted, or an
    internal error): every property UNKNOWN, with the reason. `model` None: it
    stopped while the spec was read, so no property is known (and none listed)."""
    if model is None:
        return Report(spec, "", engine, {}, Stats(complete=False, stop_reason=reason), [],
                      notes=[reason])
    names = [(p.name, p.kind, p.rules, p.span) for p in model.properties]
    names += [("deadlock", "deadlock", (), None), ("runtime", "runtime", (), None)]
    wanted = set(selected or [])
    props = [PropertyResult(name, kind, Verdict.UNKNOWN, f"not checked: {reason}", tuple(rules),
                            span=span)
             for name, kind, rules, span in names if not wanted or name in wanted
             or name == "runtime"]
    return Report(spec, model.name, engine, dict(model.consts),
                  Stats(complete=False, stop_reason=reason), props, notes=[reason])


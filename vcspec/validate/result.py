"""The validator's verdict, as a value (rendered by vcspec/validate/render.py).

CONFORMS: some behaviour of the model produces the whole log. DIVERGES at
event N: none produces the first N events. INCONCLUSIVE: the model is too
small for the log (more live handles than slots) or the search of unobserved
steps was cut by its depth bound before the log could be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.validate.log import Event

CONFORMS, DIVERGES, INCONCLUSIVE = "CONFORMS", "DIVERGES", "INCONCLUSIVE"
BAD = -1  # the validator's successor that breaks a safety property
EXIT = {CONFORMS: 0, DIVERGES: 1, INCONCLUSIVE: 4}  # as `vcspec check`


@dataclass(frozen=True)
class Broken:
    """A property the event breaks in some state consistent with the log."""

    property: str
    kind: str  # invariant | monitor | runtime
    message: str
    rules: tuple[str, ...] = ()
    states: int = 0  # in how many of the states before the event


@dataclass
class Outcome:
    verdict: str
    events: int  # events validated (before the one that diverged)
    reason: str = ""
    event: Event | None = None  # the event the log diverges at
    index: int | None = None  # its number among the events (1-based)
    allowed: list[str] = field(default_factory=list)  # events the model allowed there
    before: list[list[str]] = field(default_factory=list)  # states, rendered
    states_before: int = 0  # states consistent with the log just before the event
    broken: list[Broken] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)  # slot -> real handle
    coverage: dict[str, int] = field(default_factory=dict)  # action -> events it explained
    machines: dict[str, list[str]] = field(default_factory=dict)  # variable -> transitions
    observed_actions: list[str] = field(default_factory=list)
    most_states: int = 0
    depth: int = 0
    cut: bool = False
    skipped: int = 0
    seconds: float = 0.0
    distinct_states: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT[self.verdict]

    def to_json(self) -> dict:
        out = {"verdict": self.verdict, "events": self.events, "reason": self.reason,
               "seconds": round(self.seconds, 3), "depth": self.depth,
               "most_states": self.most_states, "skipped": self.skipped,
               "coverage": self.coverage, "machines": self.machines,
               "unexercised": sorted(set(self.observed_actions) - set(self.coverage))}
        if self.event is not None:
            out.update({"index": self.index, "line": self.event.line,
                        "event": self.event.to_json(), "allowed": self.allowed,
                        "states_before": self.states_before, "before": self.before,
                        "handles": self.handles,
                        "broken": [{"property": b.property, "kind": b.kind,
                                    "message": b.message, "rules": list(b.rules),
                                    "states": b.states} for b in self.broken]})
        return out

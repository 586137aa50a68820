"""Progress reporting: engines call a Reporter and never print.

The command line passes a reporter that draws a live progress line on
stderr; tests and notebooks pass NullReporter or their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Progress:
    phase: str  # "explore" | "liveness" | "simulate"
    states: int  # states expanded (BFS) or steps taken (simulation)
    distinct: int
    queue: int
    depth: int
    transitions: int
    seconds: float
    detail: str = ""  # e.g. the property being checked

    @property
    def rate(self) -> float:
        return self.distinct / self.seconds if self.seconds > 0 else 0.0


class Reporter(Protocol):
    def progress(self, progress: Progress) -> None: ...

    def message(self, text: str) -> None: ...


class NullReporter:
    def progress(self, progress: Progress) -> None:
        pass

    def message(self, text: str) -> None:
        pass


class RecordingReporter:
    """Keeps every call (for tests)."""

    def __init__(self):
        self.updates: list[Progress] = []
        self.messages: list[str] = []

    def progress(self, progress: Progress) -> None:
        self.updates.append(progress)

    def message(self, text: str) -> None:
        self.messages.append(text)

def line_for(p: Progress) -> str:
    """One line of progress in words (the CLI and the notebook show it)."""
    if p.phase == "liveness":
        return f"liveness: {p.detail} · {p.distinct:,} states"
    if p.phase == "simulate":
        return f"simulate: {p.transitions:,} steps · {p.distinct:,} distinct states"
    return (f"{p.phase}: {p.states:,} states · {p.distinct:,} distinct · queue {p.queue:,} · "
            f"depth {p.depth} · {p.rate:,.0f} states/s")

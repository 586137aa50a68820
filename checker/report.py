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

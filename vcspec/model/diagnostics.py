"""Diagnostics are values: a stable code, a message, a span and notes.

Phases collect them and return them; only the command line and notebook layers
render them (see vcspec/report/diagnostics.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from vcspec.model.source import Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Note:
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span | None
    severity: Severity = Severity.ERROR
    notes: tuple[Note, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.file, self.span.start, self.span.end, self.code, self.message)


@dataclass
class Diagnostics:
    """A collector passed through a phase; never a global."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, span: Span | None, *notes: Note) -> None:
        self.items.append(Diagnostic(code, message, span, Severity.ERROR, tuple(notes)))

    def warning(self, code: str, message: str, span: Span | None, *notes: Note) -> None:
        self.items.append(Diagnostic(code, message, span, Severity.WARNING, tuple(notes)))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.sort_key(), d.severity.value, d.notes): d for d in self.items}
        return [unique[k] for k in sorted(unique, key=lambda k: (k[0], k[1]))]


class SpecError(Exception):
    """Raised at the façade when a spec has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        first = next((d for d in diagnostics if d.is_error), None)
        super().__init__(f"{first.span}: {first.message}" if first else "spec has errors")

"""Diagnostics -> text: `file:line:col: error[CODE]: message`, the source line,
a caret under the span, then notes. Plain text, so goldens are stable."""

from __future__ import annotations

from vcspec.model.diagnostics import Diagnostic
from vcspec.report.values import printable


def render_diagnostic(diag: Diagnostic) -> str:
    kind = diag.severity.value
    if diag.span is None:
        lines = [f"vcspec: {kind}[{diag.code}]: {printable(diag.message)}"]
    else:
        span = diag.span
        lines = [f"{printable(str(span))}: {kind}[{diag.code}]: {printable(diag.message)}"]
        lines.extend(_snippet(diag))
    for note in diag.notes:
        where = f" ({note.span})" if note.span is not None else ""
        lines.append(printable(f"  note: {note.message}{where}"))
    return "\n".join(lines)


def _snippet(diag: Diagnostic) -> list[str]:
    span = diag.span
    text = span.source.line_text(span.line)
    if not span.source.text:
        return []
    number = str(span.line)
    gutter = " " * len(number)
    width = span.end_column - span.column if span.end_line == span.line else len(text) - (
        span.column - 1)
    shown = printable(text.expandtabs(1), newlines=False)
    return [f" {number} | {shown}",
            f" {gutter} | {' ' * (span.column - 1)}{'^' * max(1, width)}"]


def render_all(diags: list[Diagnostic]) -> str:
    body = "\n".join(render_diagnostic(d) for d in diags)
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    if not diags:
        return ""
    return f"{body}\n{_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")

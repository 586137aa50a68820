"""Warnings silenced at their site: `// vcspec: allow VCS401` (several codes
separated by commas) at the end of the warned line or on the line above it.

A comment rather than an attribute because warnings fall on every kind of
declaration (variables, actions, expressions) and attributes exist on
properties only; the comment also survives `vcspec fmt`. Errors cannot be
silenced: a spec with errors has no model to check.
"""

from __future__ import annotations

import re

from vcspec.model.diagnostics import Diagnostic

ALLOW = re.compile(r"//\s*vcspec:\s*allow\s+(VCS\d{3}(?:\s*,\s*VCS\d{3})*)")


def allowed(line: str) -> set[str]:
    """The codes a line's `// vcspec: allow ...` comment names (none if no such comment)."""
    match = ALLOW.search(line)
    if match is None:
        return set()
    return {code.strip() for code in match.group(1).split(",")}


def drop_allowed(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics without the warnings allowed at their site."""
    return [d for d in diagnostics if d.is_error or not _allowed_at(d)]


def _allowed_at(diagnostic: Diagnostic) -> bool:
    return allowed_at(diagnostic.span, diagnostic.code)


def allowed_at(span, code: str) -> bool:
    """Whether `code` is allowed at a span: by a comment on its first line or
    the line above (also for the engines' warnings, such as VCS450 on an action)."""
    if span is None or not span.source.text:
        return False
    line = span.line
    here = allowed(span.source.line_text(line))
    above = allowed(span.source.line_text(line - 1)) if line > 1 else set()
    return code in here | above

"""What every `vcspec` subcommand shares: exit codes, common options, loading a spec.

Exit codes: 0 clean / every property holds, 1 a property is violated,
2 usage error, 3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN only).
No subcommand module imports the app: vcspec/cli/__init__.py registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from vcspec.model import Checked, analyse

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_SPEC, EXIT_INCONCLUSIVE = 0, 1, 2, 3, 4

SpecPaths = Annotated[list[Path], typer.Argument(help="spec files (.vcspec)")]
ConstOption = Annotated[list[str] | None, typer.Option(
    "--const", "-c", help="override a constant: NAME=VALUE (repeatable)")]


def parse_consts(items: list[str] | None) -> dict[str, str]:
    """`NAME=VALUE` strings -> a dict; a malformed one is a usage error (exit 2)."""
    consts = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            err(f"vcspec: error: --const expects NAME=VALUE, got {item!r}")
            raise typer.Exit(EXIT_USAGE)
        consts[name.strip()] = value.strip()
    return consts


def err(text: str) -> None:
    print(text, file=sys.stderr)


def print_diagnostics(checked: Checked) -> None:
    from vcspec.report.diagnostics import render_all

    text = render_all(checked.diagnostics)
    if text:
        err(text)


def load_or_exit(path: Path, consts: dict[str, str]) -> Checked:
    """Analyse a spec, print its diagnostics, exit 3 on errors."""
    require_file(path)
    checked = analyse(path, consts)
    print_diagnostics(checked)
    if not checked.ok:
        raise typer.Exit(EXIT_SPEC)
    return checked


def require_file(path: Path) -> None:
    """A spec path that is not a file is a usage error (exit 2)."""
    if not path.is_file():
        err(f"vcspec: error: no such file: {path}")
        raise typer.Exit(EXIT_USAGE)

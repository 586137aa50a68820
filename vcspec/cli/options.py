"""What every `vcspec` subcommand shares: exit codes, common options, loading a spec.

Exit codes: 0 clean / every property holds, 1 a property is violated,
2 usage error, 3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN only, or
interrupted), 5 internal error (a bug in vcspec: vcspec/cli/guard.py).
No subcommand module imports the app: vcspec/cli/__init__.py registers them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from vcspec.model import Checked, analyse

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_SPEC, EXIT_INCONCLUSIVE, EXIT_INTERNAL = 0, 1, 2, 3, 4, 5
EXIT_CODES = ("exit codes: 0 clean (every property holds), 1 a property is violated, "
              "2 usage error, 3 spec errors, 4 inconclusive (bounded, unknown or "
              "interrupted), 5 internal error")

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


def safety_properties(model, asked: list[str] | None, usage) -> list[str]:
    """--safety-only: every property but the temporal ones (or those asked
    for, which must not be temporal)."""
    temporal = {p.name for p in model.properties if p.kind == "temporal"}
    if asked:
        wrong = sorted(set(asked) & temporal)
        if wrong:
            usage(f"--safety-only leaves out temporal properties, but --property asks for "
                  f"{', '.join(wrong)}")
        return list(asked)
    return [p.name for p in model.properties if p.name not in temporal] + ["deadlock", "runtime"]


def safety_command(command: list[str], asked: list[str] | None) -> list[str]:
    """The reproduce command of a --safety-only run: the flag, not the list."""
    out, skip = [], False
    for word in command:
        if skip:
            skip = False
        elif word == "--property":
            skip = True
        else:
            out.append(word)
    for name in asked or []:
        out += ["--property", name]
    return out + ["--safety-only"]


def check_limits(**values: float | None) -> None:
    """--max-states, --max-seconds, --depth, ...: finite, and positive (a
    depth may be 0); anything else is a usage error (exit 2)."""
    for name, value in values.items():
        if value is None:
            continue
        least = 0 if name in ("depth", "radius") else 1e-9
        if not math.isfinite(value) or value < least:
            flag = "--" + name.replace("_", "-")
            need = "at least 0" if least == 0 else "a finite number above 0"
            err(f"vcspec: error: {flag} must be {need}, got {value}")
            raise typer.Exit(EXIT_USAGE)


MaxSecondsOption = Annotated[float | None, typer.Option(
    "--max-seconds", help="stop after this many seconds")]
MaxMemoryOption = Annotated[str | None, typer.Option(
    "--max-memory",
    help="stop above this resident memory, e.g. 2G; 'off' for no limit "
         "[default: 80% of the memory available at start]")]


def memory_limit(text_value: str | None) -> int | None:
    """--max-memory as bytes; a malformed size is a usage error (exit 2).
    Not given: `default_memory_limit()`; 'off': none."""
    from vcspec.engine.limits import default_memory_limit, parse_size

    if text_value is None:
        return default_memory_limit()
    if text_value.strip().lower() == "off":
        return None
    try:
        return parse_size(text_value)
    except ValueError:
        err("vcspec: error: --max-memory expects a size such as 500M or 2G (or off), "
            f"got {text_value!r}")
        raise typer.Exit(EXIT_USAGE) from None


def err(text: str) -> None:
    print(text, file=sys.stderr)


def print_diagnostics(checked: Checked, verbose: bool = True) -> None:
    """Every error; warnings in the imported library only when `verbose` (a
    user checking a client cannot act on them)."""
    from vcspec.report.diagnostics import render_all

    shown = [d for d in checked.diagnostics
             if verbose or d.is_error or not checked.from_library(d.span)]
    text = render_all(shown)
    if text:
        err(text)


def load_or_exit(path: Path, consts: dict[str, str],
                 on_errors: Callable[[Checked], None] | None = None,
                 verbose: bool = True) -> Checked:
    """Analyse a spec, print its diagnostics, exit 3 on errors (after
    `on_errors`, which prints a structured report of them)."""
    require_file(path)
    checked = analyse(path, consts)
    print_diagnostics(checked, verbose)
    if not checked.ok:
        if on_errors is not None:
            on_errors(checked)
        raise typer.Exit(EXIT_SPEC)
    return checked


def structured_diagnostics(format: str, specs: list[str], diagnostics,
                           stopped: str | None = None) -> None:
    """Diagnostics on stdout as JSON or SARIF (`format` "json" | "sarif");
    `stopped`: why the run ended before every spec was read (exit 4; 5 for
    an internal error), said in the report."""
    code = None
    if stopped is not None:
        code = EXIT_INTERNAL if stopped.startswith("internal error") else EXIT_INCONCLUSIVE
    if format == "json":
        from vcspec.report.json_report import diagnostics_dumps

        print(diagnostics_dumps(specs, diagnostics, stopped))
    elif format == "sarif":
        from vcspec.report import sarif

        print(sarif.dumps(None, {}, diagnostics, code, root=str(Path.cwd()), stopped=stopped))


def is_file(path: Path) -> bool:
    """path.is_file(), False for a path the system refuses to look up (a name
    too long: ENAMETOOLONG is raised, not reported as a missing file)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def require_file(path: Path) -> None:
    """A spec path that is not a file is a usage error (exit 2)."""
    if not is_file(path):
        err(f"vcspec: error: no such file: {path}")
        raise typer.Exit(EXIT_USAGE)

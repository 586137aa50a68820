"""`vcspec lint`, `vcspec fmt` and `vcspec explain`: the language's own commands."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from vcspec.cli import guard
from vcspec.cli.options import (
    EXIT_OK,
    EXIT_SPEC,
    EXIT_USAGE,
    ConstOption,
    MaxMemoryOption,
    MaxSecondsOption,
    SpecPaths,
    check_limits,
    err,
    memory_limit,
    parse_consts,
    print_diagnostics,
    require_file,
    structured_diagnostics,
)
from vcspec.engine.watchdog import Watchdog, phase
from vcspec.model import analyse
from vcspec.model.codes import explain as explain_code


class LintFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def lint(specs: SpecPaths, const: ConstOption = None,
         format: Annotated[LintFormat, typer.Option(
             "--format", "-f", help="text (on stderr), or json / sarif on stdout")]
         = LintFormat.text,
         max_seconds: MaxSecondsOption = None, max_memory: MaxMemoryOption = None) -> None:
    """Check specs for errors and warnings (no model checking). Stopped by
    --max-seconds, --max-memory or Ctrl-C: the specs linted so far are
    reported, with why it stopped (exit 4)."""
    check_limits(max_seconds=max_seconds)
    memory = memory_limit(max_memory)
    consts = parse_consts(const)
    failed, diagnostics, done = False, [], []

    def partial(reason: str) -> None:  # the guard's report of a stopped or failed lint
        if format is not LintFormat.text:
            structured_diagnostics(format.value, done, diagnostics, stopped=reason)

    guard.fallback(partial)
    with Watchdog(max_seconds, memory), phase("parsing and checking"):
        for path in specs:
            require_file(path)
            checked = analyse(path, consts)
            if format is LintFormat.text:
                print_diagnostics(checked)
            diagnostics += checked.diagnostics
            done.append(path.as_posix())
            failed |= not checked.ok
    guard.fallback(None)
    if format is not LintFormat.text:
        structured_diagnostics(format.value, done, diagnostics)
    raise typer.Exit(EXIT_SPEC if failed else EXIT_OK)


def explain(code: Annotated[str, typer.Argument(help="a diagnostic code, e.g. VCS201")]) -> None:
    """Print the long explanation of a diagnostic code."""
    text = explain_code(code)
    if text is None:
        err(f"vcspec: error: unknown diagnostic code {code!r}")
        raise typer.Exit(EXIT_USAGE)
    print(text, end="")


def fmt(specs: SpecPaths,
        check: Annotated[bool, typer.Option("--check", help="exit 1 if a file would change")]
        = False) -> None:
    """Format specs canonically (in place), or only check with --check."""
    from vcspec.model.format import format_source

    changed = []
    for path in specs:
        require_file(path)
        checked = analyse(path)
        if not checked.files:
            print_diagnostics(checked)
            raise typer.Exit(EXIT_SPEC)
        source, tree = checked.files[-1]
        formatted = format_source(tree)
        if formatted != source.text:
            changed.append(path)
            if not check:
                path.write_text(formatted, encoding="utf-8")
    for path in changed:
        print(f"{'would reformat' if check else 'reformatted'} {path}")
    raise typer.Exit(1 if check and changed else EXIT_OK)

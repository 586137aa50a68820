"""The `vcspec` command line. Only this layer (and checker/jupyter.py) does I/O.

Exit codes: 0 clean / every property holds, 1 a property is violated,
2 usage error, 3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN only).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from model import Checked, analyse
from model.codes import explain as explain_code

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_SPEC, EXIT_INCONCLUSIVE = 0, 1, 2, 3, 4

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  pretty_exceptions_show_locals=False,
                  help="vcspec: model checking for call and virtual-connection protocols.")

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
    from checker.render.diagnostics import render_all

    text = render_all(checked.diagnostics)
    if text:
        err(text)


def load_or_exit(path: Path, consts: dict[str, str]) -> Checked:
    """Analyse a spec, print its diagnostics, exit 3 on errors."""
    if not path.is_file():
        err(f"vcspec: error: no such file: {path}")
        raise typer.Exit(EXIT_USAGE)
    checked = analyse(path, consts)
    print_diagnostics(checked)
    if not checked.ok:
        raise typer.Exit(EXIT_SPEC)
    return checked


@app.command()
def lint(specs: SpecPaths, const: ConstOption = None) -> None:
    """Check specs for errors and warnings (no model checking)."""
    consts = parse_consts(const)
    failed = False
    for path in specs:
        if not path.is_file():
            err(f"vcspec: error: no such file: {path}")
            raise typer.Exit(EXIT_USAGE)
        checked = analyse(path, consts)
        print_diagnostics(checked)
        failed |= not checked.ok
    raise typer.Exit(EXIT_SPEC if failed else EXIT_OK)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="a diagnostic code, e.g. VCS201")]) -> None:
    """Print the long explanation of a diagnostic code."""
    text = explain_code(code)
    if text is None:
        err(f"vcspec: error: unknown diagnostic code {code!r}")
        raise typer.Exit(EXIT_USAGE)
    print(text, end="")


@app.command()
def fmt(specs: SpecPaths,
        check: Annotated[bool, typer.Option("--check", help="exit 1 if a file would change")]
        = False) -> None:
    """Format specs canonically (in place), or only check with --check."""
    from model.pretty import format_source

    changed = []
    for path in specs:
        if not path.is_file():
            err(f"vcspec: error: no such file: {path}")
            raise typer.Exit(EXIT_USAGE)
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


def main() -> None:
    app()
from checker import cli_check  # noqa: E402,F401
from checker import cli_graph as _cli_graph  # noqa: E402,F401

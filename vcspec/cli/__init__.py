"""The `vcspec` command line: one module per subcommand, registered here.

Only this package and vcspec/notebook/ do I/O. Exit codes are in
vcspec/cli/options.py (0 clean, 1 violated, 2 usage, 3 spec errors,
4 inconclusive, 5 internal error); every command runs under
vcspec/cli/guard.py, so no traceback reaches the user without --debug.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from vcspec.cli import check, graph, init, lint, validate
from vcspec.cli.guard import guarded
from vcspec.cli.helpstyle import PlainTypesCommand, PlainTypesGroup
from vcspec.cli.options import EXIT_CODES

app = typer.Typer(no_args_is_help=True, cls=PlainTypesGroup, pretty_exceptions_enable=False,
                  help="vcspec: model checking for call and virtual-connection protocols.",
                  epilog=EXIT_CODES)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"vcspec {version('vcspec')}")
        except PackageNotFoundError:
            print("vcspec (not installed)")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", help="print the version and exit", is_eager=True,
        callback=_version)] = False) -> None:
    """vcspec: model checking for call and virtual-connection protocols."""


app.command(cls=PlainTypesCommand, epilog=EXIT_CODES)(guarded(lint.lint))
app.command(cls=PlainTypesCommand)(guarded(lint.explain))
app.command(cls=PlainTypesCommand)(guarded(lint.fmt))
app.command(cls=PlainTypesCommand, epilog=EXIT_CODES)(guarded(check.check))
app.command(cls=PlainTypesCommand, epilog=EXIT_CODES)(guarded(check.simulate))
app.command(cls=PlainTypesCommand)(guarded(graph.graph))
app.command("trace", cls=PlainTypesCommand)(guarded(graph.trace_cmd))
app.command(cls=PlainTypesCommand)(guarded(init.init))
app.command(cls=PlainTypesCommand, epilog=EXIT_CODES)(guarded(validate.validate))


def main() -> None:
    """The `vcspec` entry point: the guard also covers what runs outside a
    command (option parsing, completion)."""
    from vcspec.cli.guard import exit_after_interrupt, internal

    try:
        app()
    except typer.Exit as done:
        exit_after_interrupt(done.exit_code)
        raise SystemExit(done.exit_code) from None
    except SystemExit as done:
        exit_after_interrupt(done.code)
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence
        try:
            internal(error, "--debug" in sys.argv)
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None

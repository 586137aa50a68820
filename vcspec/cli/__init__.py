"""The `vcspec` command line: one module per subcommand, registered here.

Only this package and vcspec/notebook/ do I/O. Exit codes are in
vcspec/cli/options.py (0 clean, 1 violated, 2 usage, 3 spec errors,
4 inconclusive).
"""

from __future__ import annotations

import typer

from vcspec.cli import check, graph, lint, validate

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  pretty_exceptions_show_locals=False,
                  help="vcspec: model checking for call and virtual-connection protocols.")

app.command()(lint.lint)
app.command()(lint.explain)
app.command()(lint.fmt)
app.command()(check.check)
app.command()(check.simulate)
app.command()(graph.graph)
app.command("trace")(graph.trace_cmd)
app.command()(validate.validate)


def main() -> None:
    app()

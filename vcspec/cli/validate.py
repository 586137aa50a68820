"""`vcspec validate SPEC LOG`: does some behaviour of the spec produce the log?
(registered in vcspec/cli/__init__.py; docs/validate.md)

Exit codes: 0 CONFORMS, 1 DIVERGES, 2 usage error (bad log line, bad mapping),
3 spec errors, 4 INCONCLUSIVE (more live handles than the model's slots, or
the search of unobserved steps cut by --depth).
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from vcspec.cli.options import EXIT_USAGE, ConstOption, err, load_or_exit, parse_consts


class Format(enum.StrEnum):
    text = "text"
    json = "json"
    dot = "dot"  # the sequence chart of the log, as DOT text


def validate(spec: Annotated[Path, typer.Argument(help="the spec (.vcspec)")],
             log: Annotated[Path, typer.Argument(help="the driver's log: JSON Lines, or CSV "
                                                 "with --csv")],
             map: Annotated[Path | None, typer.Option(
                 "--map", "-m", help="the mapping file (default: SPEC.map.json beside the "
                 "spec)")] = None,
             const: ConstOption = None,
             format: Annotated[Format, typer.Option(
                 "--format", "-f", help="output format: the report (text, json) or the log's "
                 "sequence chart (dot)")] = Format.text,
             chart: Annotated[Path | None, typer.Option(
                 "--chart", help="also draw the log as a sequence chart up to where it "
                 "diverges: FILE.svg, FILE.png (Graphviz) or FILE.dot")] = None,
             csv: Annotated[bool, typer.Option(
                 "--csv", help="the log is CSV: time,function,handle,status")] = False,
             convert: Annotated[bool, typer.Option(
                 "--convert", help="only print the log as JSON Lines (e.g. a CSV log)")] = False,
             depth: Annotated[int, typer.Option(
                 "--depth", help="most unobserved steps searched between two events")] = 8
             ) -> None:
    """Check a driver's call log against the model (trace validation).

    Exit codes: 0 CONFORMS, 1 DIVERGES, 2 usage error, 3 spec errors,
    4 INCONCLUSIVE.
    """
    from vcspec.validate import log as logs
    from vcspec.validate import mapping as mappings
    from vcspec.validate import render

    if depth < 0:
        _usage("--depth must be at least 0")
    if chart is not None:
        _chart_format(chart)
    reader = logs.read_csv if csv else logs.read_jsonl
    try:
        stream = log.open(encoding="utf-8", newline="" if csv else None)
    except OSError as error:
        _usage(f"cannot read the log {log}: {error.strerror}")
    with stream:
        if convert:
            _convert(reader(stream), log)
        consts = parse_consts(const)
        checked = load_or_exit(spec, consts)
        path = map if map is not None else mappings.default_path(spec, checked.model.files)
        try:
            if map is None and not path.is_file():
                _usage(f"no mapping: give --map (or write {path})")
            drawn = chart is not None or format is Format.dot
            outcome, picture = _run(checked.model, mappings.load(path), reader(stream), depth,
                                    log.as_posix() if drawn else None)
        except mappings.MappingError as error:
            _usage(str(error))
        except logs.LogError as error:
            _usage(f"{log}:{error.line}: {error.message}")
    if chart is not None:
        _write_chart(picture, chart)
    shown = log.as_posix()
    if format is Format.dot:
        print(picture.source, end="")
    else:
        print(render.text(outcome, shown) if format is Format.text
              else render.dumps(outcome, shown))
    raise typer.Exit(outcome.exit_code)


def _run(model, mapping, events, depth: int, title: str | None):
    """The outcome, and with a title the log's sequence chart (vcspec/validate/witness.py)."""
    from vcspec.compile.build import build
    from vcspec.validate.run import Validator

    if title is None:
        return Validator(build(model), mapping, depth).run(events), None
    from vcspec import diagram
    from vcspec.validate.witness import explain_log

    found = explain_log(build(model), mapping, events, depth)
    picture = diagram.log_chart(found.trace, model, found.events, found.rejected,
                                f"{title}: {found.head}", found.head, found.end)
    return found.outcome, picture


def _chart_format(path: Path) -> str:
    from vcspec.diagram import have_dot
    from vcspec.diagram.dot import INSTALL_HINT

    fmt = path.suffix.lstrip(".")
    if fmt not in ("svg", "png", "dot"):
        _usage(f"--chart {path}: name a .svg, .png or .dot file")
    if fmt != "dot" and not have_dot():
        _usage(f"--chart {path} needs Graphviz. {INSTALL_HINT} (a .dot file needs nothing)")
    return fmt


def _write_chart(picture, path: Path) -> None:
    fmt = _chart_format(path)
    data = picture.source.encode() if fmt == "dot" else picture.render(fmt)
    try:
        path.write_bytes(data)
    except OSError as error:
        _usage(f"cannot write {path}: {error.strerror}")


def _convert(events, log: Path) -> None:
    from vcspec.validate import log as logs

    try:
        for event in events:
            print(logs.dumps([event]), end="")
    except logs.LogError as error:
        _usage(f"{log}:{error.line}: {error.message}")
    raise typer.Exit(0)


def _usage(message: str) -> None:
    err(f"vcspec: error: {message}")
    raise typer.Exit(EXIT_USAGE)

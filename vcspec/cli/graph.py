"""`vcspec graph` and `vcspec trace` (registered in vcspec/cli/__init__.py).

    vcspec graph SPEC                               control-state machine (or every state
                                                    of a small model)
    vcspec graph SPEC --process Ndis --key Vc1      one process's variables, at one key
    vcspec graph SPEC --vars 'Ndis.call[Vc1]'       any expressions (repeat --vars)
    vcspec graph SPEC --around 'Ndis.call[Vc1] == Closing' --radius 1
    vcspec graph SPEC --vars "Ndis.call[Vc1]" --around "Ndis.call[Vc1] == Closing"
                                                    that machine near the first such state
    vcspec trace out/P.itf.json [--chart] [--vars ...] [--format svg|png|dot|text]

Output goes to --out (format from its suffix) or to stdout; the default format
is SVG when Graphviz's `dot` is installed and DOT text otherwise (with a note
on how to install it). Exit codes: 0 drawn, 2 usage error (unknown process,
bad expression, no `dot` for an explicit --format svg/png), 3 spec errors,
4 stopped (--max-seconds, --max-memory, Ctrl-C), 5 internal error.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from vcspec.cli.options import (
    EXIT_SPEC,
    EXIT_USAGE,
    ConstOption,
    MaxMemoryOption,
    MaxSecondsOption,
    check_limits,
    err,
    is_file,
    load_or_exit,
    memory_limit,
    parse_consts,
)
from vcspec.engine.watchdog import Watchdog, disarm_running, set_phase
from vcspec.report.values import printable


class Fmt(enum.StrEnum):
    svg = "svg"
    png = "png"
    dot = "dot"
    text = "text"


ProcessOption = Annotated[str | None, typer.Option(
    "--process", "-P", help="draw this process's variables (a family: one instance, P[i])")]
KeyOption = Annotated[str | None, typer.Option(
    "--key", "-k", help="take map variables at this key (e.g. Vc1), or this family instance")]
VarsOption = Annotated[list[str] | None, typer.Option(
    "--vars", "-v", help="draw these expressions (repeatable), e.g. 'Ndis.call[Vc1]'")]
FormatOption = Annotated[Fmt | None, typer.Option(
    "--format", "-f", help="svg | png | dot | text (default: from --out, else svg if Graphviz is "
    "installed, else dot)")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="write to this file")]


def graph(spec: Annotated[Path, typer.Argument(help="the spec (.vcspec)")],
          const: ConstOption = None, process: ProcessOption = None, key: KeyOption = None,
          vars: VarsOption = None,
          around: Annotated[str | None, typer.Option(
              "--around", help="draw the states near the first state where this holds (with "
              "--process/--key/--vars: the nodes of that state machine near it)")] = None,
          radius: Annotated[int, typer.Option(
              "--radius", help="with --around: how many steps away")] = 2,
          full: Annotated[bool, typer.Option(
              "--full", help="every reachable state (small models)")] = False,
          format: FormatOption = None, out: OutOption = None,
          max_states: Annotated[int, typer.Option(
              "--max-states", help="explore at most this many states")] = 200_000,
          max_nodes: Annotated[int, typer.Option(
              "--max-nodes", help="refuse to lay out (svg, png) more states than this")]
          = 250,
          max_seconds: MaxSecondsOption = None, max_memory: MaxMemoryOption = None) -> None:
    """Draw a state machine of a spec (the reachable states projected onto a view).
    Stopped by --max-seconds, --max-memory or Ctrl-C: nothing is drawn (a part
    of a state graph would mislead); exit 4, naming the phase it stopped in."""
    from vcspec import diagram
    from vcspec.diagram.extract import TooLarge

    fmt = Fmt.text if format is Fmt.text else _format(format, out)
    check_limits(max_states=max_states, max_nodes=max_nodes, radius=radius,
                 max_seconds=max_seconds)
    memory, consts = memory_limit(max_memory), parse_consts(const)
    Watchdog(max_seconds, memory).start()  # disarmed by _emit, else by the guard
    set_phase("parsing and checking")
    checked = load_or_exit(spec, consts)
    model = checked.model
    set_phase("exploring")
    try:
        if around is not None and full:
            _usage("--around draws the states near one state: it does not go with --full")
        if around is not None and (process or key or vars):
            picture = diagram.region_machine(model, around, radius, process, key, vars,
                                             max_states)
        elif around is not None:
            picture = diagram.state_graph(model, around=around, radius=radius,
                                          max_states=max_states)
        elif full or not (process or key or vars):
            picture = _whole(model, full, max_states)
        else:
            picture = diagram.state_machine(model, process, key, vars, max_states)
    except (diagram.ViewError, diagram.ExprError, TooLarge) as error:
        _usage(str(error))
    nodes = len(picture.ir.nodes)
    if fmt is Fmt.text:
        from vcspec.diagram.model import diagram_text

        disarm_running()
        _write_text(printable(diagram_text(picture.ir)), out)
        return
    if nodes > max_nodes and fmt in (Fmt.svg, Fmt.png):
        _usage(f"{nodes} states are too many to lay out (--max-nodes {max_nodes}): {ADVICE}")
    if nodes > LARGE:
        err(f"note: {nodes} states in the diagram: Graphviz may take a while and the picture "
            "will be hard to read (fewer --vars, a --key, or --around help)")
    _emit(picture, fmt, out)


LARGE = 100
ADVICE = ("draw fewer states with --process/--key, fewer --vars, or --around with a smaller "
          "--radius; or write --format dot (or text) and lay it out yourself")


def _whole(model, full: bool, max_states: int):
    from vcspec import diagram
    from vcspec.diagram.extract import TooLarge

    try:
        return diagram.state_graph(model, max_states=max_states)
    except TooLarge as error:
        if full:
            raise
        view = diagram.projection(model, max_states=max_states).diagram
        err(f"note: {str(error).split(':')[0]}; drawing the control state "
            f"({view.title}) instead (see --process, --vars, --around)")
        return diagram.picture(view)


def trace_cmd(file: Annotated[Path, typer.Argument(help="an ITF trace (.itf.json), as "
                                                        "written by `vcspec check --out`")],
              chart: Annotated[bool, typer.Option(
                  "--chart", help="a message sequence chart instead of the state diagram")
              ] = False,
              spec: Annotated[Path | None, typer.Option(
                  "--spec", help="the spec the trace is from (default: the trace's source)")
              ] = None,
              const: ConstOption = None, process: ProcessOption = None,
              key: KeyOption = None, vars: VarsOption = None,
              upto: Annotated[int | None, typer.Option(
                  "--upto", help="highlight the path up to this step only")] = None,
              format: FormatOption = None, out: OutOption = None) -> None:
    """Draw a counterexample: over a state machine of its spec, or as a sequence chart."""
    from vcspec import diagram
    from vcspec.diagram.extract import trace_path
    from vcspec.diagram.itf_read import ItfError, read_itf
    from vcspec.diagram.table import step_table, text_table

    fmt = Fmt.text if format is Fmt.text else _format(format, out)
    if not is_file(file):
        _usage(f"no such file: {file}")
    model = _trace_model(file, spec, const)
    try:
        itf = read_itf(file, model)
    except ItfError as error:
        _usage(str(error))
    trace = itf.trace
    if fmt is Fmt.text:
        _write_text(text_table(step_table(trace, model)), out)
        return
    if chart and model is None:
        _usage("a sequence chart needs the trace's spec: pass --spec")
    if chart and any(step.action is None for step in trace.steps[1:]):
        _usage("a sequence chart needs the action of every step (#meta "
               "\"mbt::actionTaken\" in each state); --format text or dot show the states")
    try:
        if chart:
            picture = diagram.sequence_chart(trace, model, itf.property)
        elif model is None:
            if process or key or vars:
                _usage("drawing a view needs the spec: pass --spec")
            picture = diagram.picture(trace_path(trace))
        elif process or key or vars:
            picture = diagram.trace_diagram(trace, model, process, key, vars, upto)
        else:
            picture = diagram.trace_diagram(trace, model, upto=upto)
    except (diagram.ViewError, diagram.ExprError) as error:
        _usage(str(error))
    _emit(picture, fmt, out)


def _trace_model(file: Path, spec: Path | None, const: list[str] | None):
    """The trace's model: --spec (or the trace's #meta.source if that is a
    .vcspec file that exists), with --const or else the constants the trace
    records (#meta.consts; older traces: a report.json beside it)."""
    meta = _meta(file)
    source = spec
    if source is None:
        source = _source(file, str(meta.get("source", "")))
        if source is None:
            err("note: the trace's spec was not found (pass --spec): drawing the trace alone")
            return None
    if const:
        consts = parse_consts(const)
    elif isinstance(meta.get("consts"), dict):
        consts = _plain_consts(meta["consts"])
    else:
        consts = _report_consts(file)
    checked = load_or_exit(source, consts)
    return checked.model


def _source(file: Path, recorded: str) -> Path | None:
    """The spec an ITF file records: relative to the file's directory (as
    `vcspec check` writes it), else (older traces) to the working directory."""
    if not recorded.endswith(".vcspec"):
        return None
    for candidate in (file.parent / recorded, Path(recorded)):
        if is_file(candidate):
            return candidate
    return None


def _meta(file: Path) -> dict:
    try:
        with file.open(encoding="utf-8") as handle:
            meta = json.loads(handle.read(MAX_ITF_BYTES)).get("#meta", {})
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) else {}


MAX_ITF_BYTES = 64 << 20


def _report_consts(file: Path) -> dict[str, str]:
    report = file.parent / "report.json"
    try:
        consts = json.loads(report.read_text(encoding="utf-8")).get("consts", {})
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}
    return _plain_consts(consts) if isinstance(consts, dict) else {}


def _plain_consts(consts: dict) -> dict[str, str]:
    """JSON constants (numbers, {"#bigint": ...}, booleans, enum names) as --const text."""
    out = {}
    for name, value in consts.items():
        if isinstance(value, dict) and isinstance(value.get("#bigint"), str):
            value = value["#bigint"]
        if isinstance(value, bool):
            out[str(name)] = "true" if value else "false"
        elif isinstance(value, (int, str)):
            out[str(name)] = str(value)
    return out


# ------------------------------------------------------------ output
def _format(format: Fmt | None, out: Path | None) -> Fmt:
    from vcspec.diagram import have_dot

    if format is None and out is not None and out.suffix.lstrip(".") in ("svg", "png", "dot"):
        format = Fmt(out.suffix.lstrip("."))
    if format is None:
        if have_dot():
            return Fmt.svg
        err("note: Graphviz's `dot` is not installed: writing DOT text (install Graphviz, "
            "e.g. sudo apt-get install graphviz, for SVG/PNG)")
        return Fmt.dot
    if format in (Fmt.svg, Fmt.png) and not have_dot():
        from vcspec.diagram.dot import INSTALL_HINT

        _usage(f"--format {format.value} needs Graphviz. {INSTALL_HINT} (--format dot writes "
               "the DOT text)")
    return format


def _emit(picture, fmt: Fmt, out: Path | None) -> None:
    """Lay out (under the watchdog of `vcspec graph`, if armed) and write."""
    import subprocess

    set_phase("laying out")
    try:
        data = picture.source.encode() if fmt is Fmt.dot else picture.render(fmt.value)
    except subprocess.TimeoutExpired:
        _usage(f"Graphviz took too long to lay out {len(picture.ir.nodes)} states: {ADVICE}")
    disarm_running()  # nothing is interrupted while the output is written
    if out is not None:
        try:
            out.write_bytes(data)
        except OSError as error:
            _usage(f"cannot write {out}: {error.strerror}")
        return
    if fmt is Fmt.png and sys.stdout.isatty():
        _usage("PNG is binary: give --out FILE.png (or redirect stdout)")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _write_text(text: str, out: Path | None) -> None:
    if out is not None:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            _usage(f"cannot write {out}: {error.strerror or error}")
    else:
        sys.stdout.write(text)


def _usage(message: str) -> None:
    err(f"vcspec: error: {message}")
    raise typer.Exit(EXIT_USAGE)


__all__ = ["graph", "trace_cmd", "EXIT_SPEC"]

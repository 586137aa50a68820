"""`vcspec check` and `vcspec simulate` (registered in vcspec/cli/__init__.py).

Exit codes: 0 every property holds, 1 a property is violated, 2 usage error,
3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN verdicts only, or
interrupted), 5 internal error (vcspec/cli/guard.py). A checkpoint that is
refused (--resume of another spec, constants or options, a damaged one, or
--checkpoint with temporal properties) is a usage error: exit 2.
"""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import Annotated

import typer

from vcspec.cli import guard
from vcspec.cli.console import reporter_for, stdout_console
from vcspec.cli.files import stale_traces, write_atomic
from vcspec.cli.options import (
    EXIT_INCONCLUSIVE,
    EXIT_INTERNAL,
    EXIT_USAGE,
    ConstOption,
    check_limits,
    err,
    load_or_exit,
    parse_consts,
    safety_command,
    safety_properties,
    structured_diagnostics,
)
from vcspec.engine.limits import parse_size
from vcspec.engine.properties import UnknownProperty
from vcspec.engine.result import Report, unfinished
from vcspec.engine.watchdog import Watchdog, phase, stopped_words
from vcspec.explicit.checkpoint import CheckpointError
from vcspec.model import Checked


class Format(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


SpecPath = Annotated[Path, typer.Argument(help="the spec to check (.vcspec)")]
PropertyOption = Annotated[list[str] | None, typer.Option(
    "--property", "-p", help="check only this property (repeatable; also 'deadlock')")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="output format")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", help="write report.json and one ITF file per trace into this directory")]
ProgressOption = Annotated[bool | None, typer.Option(
    "--progress/--no-progress", help="progress on stderr (default: a live line on a "
    "terminal, else a plain line every 10 s)")]
QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="text format: only the summary line; no progress")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", "-v", help="also the warnings about the imported library (its actions "
    "that never fired, its lint warnings)")]


SYMBOLIC = ("bmc", "kind", "pdr")  # vcspec/symbolic (z3), imported only when chosen
ENGINES = ("explicit",)  # vcspec.api.ENGINES, not imported before a check starts (start-up)


def check(spec: SpecPath, const: ConstOption = None, property: PropertyOption = None,
          engine: Annotated[str, typer.Option(
              "--engine", "-e", help="explicit (exhaustive BFS) or a symbolic engine: "
              "bmc, kind, pdr")] = "explicit",
          format: FormatOption = Format.text, out: OutOption = None,
          max_states: Annotated[int | None, typer.Option(
              "--max-states", help="stop after this many distinct states")] = None,
          max_seconds: Annotated[float | None, typer.Option(
              "--max-seconds", help="stop after this many seconds")] = None,
          max_memory: Annotated[str | None, typer.Option(
              "--max-memory", help="stop above this resident memory, e.g. 2G")] = None,
          symmetry: Annotated[bool, typer.Option(
              "--symmetry/--no-symmetry", help="reduce symmetric enums")] = True,
          backend: Annotated[str, typer.Option(
              "--backend", help="explicit engine: python (reference) or native (successors "
              "in generated C; python where it does not apply, said in the report)")] = "python",
          coverage: Annotated[bool, typer.Option(
              "--coverage", help="show how often each action fired")] = False,
          depth: Annotated[int | None, typer.Option(
              "--depth", help="bound of the symbolic engines (bmc, kind)")] = None,
          certificate: Annotated[Path | None, typer.Option(
              "--certificate", help="pdr: write the inductive invariant here")] = None,
          safety_only: Annotated[bool, typer.Option(
              "--safety-only", help="skip the temporal properties: invariants, monitors, "
              "deadlock and runtime errors only")] = False,
          for_all: Annotated[list[str] | None, typer.Option(
              "--for-all", help="pdr: prove invariants, monitors and per-VC temporal "
              "properties for every size of this symmetric enum (repeatable)")] = None,
          checkpoint: Annotated[Path | None, typer.Option(
              "--checkpoint", help="explicit: save the search in this directory at "
              "intervals and at the end (safety properties only)")] = None,
          checkpoint_every: Annotated[float, typer.Option(
              "--checkpoint-every", help="seconds between checkpoints")] = 60.0,
          resume: Annotated[Path | None, typer.Option(
              "--resume", help="explicit: continue the search saved in this directory "
              "(same spec, constants and options; goes on saving there)")] = None,
          progress: ProgressOption = None, quiet: QuietOption = False,
          verbose: VerboseOption = False) -> None:
    """Model-check a spec: every reachable state, every property."""
    if engine not in ENGINES + SYMBOLIC:
        _usage(f"unknown engine '{engine}' (engines: {', '.join(ENGINES + SYMBOLIC)})")
    if engine in ENGINES and depth is not None:
        _usage("--depth applies to the symbolic engines (bmc, kind, pdr)")
    if engine != "pdr" and certificate is not None:
        _usage("--certificate applies to --engine pdr")
    check_limits(max_states=max_states, max_seconds=max_seconds, depth=depth,
                 checkpoint_every=checkpoint_every)
    if engine not in ENGINES and (checkpoint is not None or resume is not None):
        _usage("--checkpoint and --resume apply to the explicit engine")
    if engine != "pdr" and for_all:
        _usage("--for-all applies to --engine pdr")
    if backend not in ("python", "native"):
        _usage(f"unknown backend '{backend}' (backends: python, native)")
    memory = _size(max_memory)
    consts = parse_consts(const)
    with Watchdog(max_seconds, memory) as dog:
        with phase("parsing and checking"):
            checked = load_or_exit(spec, consts, _on_errors(spec, format), verbose)
        asked = property
        if safety_only:
            property = safety_properties(checked.model, property, _usage)
        _fallback(checked, spec, engine, consts, property, format)
        with phase("starting the engine"):  # the engines name their own phases
            report = _run(checked, spec, engine, property, depth, max_states, max_seconds,
                          memory, progress, quiet, consts, for_all, symmetry, backend,
                          certificate, {"checkpoint": checkpoint, "resume": resume,
                                        "checkpoint_every": checkpoint_every})
        dog.disarm()  # nothing is interrupted while the report is written
    _stopped(report)
    if safety_only:
        report.command = safety_command(report.command, asked)
    _finish(report, checked, format, out, coverage, quiet=quiet, verbose=verbose)


def _run(checked: Checked, spec: Path, engine: str, property, depth, max_states, max_seconds,
         memory, progress, quiet, consts, for_all, symmetry, backend, certificate,
         saving: dict) -> Report:
    """The chosen engine on the loaded spec (`saving`: the explicit engine's
    checkpoint options)."""
    reporter = reporter_for(progress, quiet)
    try:
        if engine in SYMBOLIC:
            report = _symbolic(checked, engine, property, depth, max_seconds, reporter,
                               _shown(spec), consts, for_all, spec)
            if certificate is not None:
                _write_certificate(report, certificate)
        else:
            from vcspec.api import check as run_check

            report = run_check(checked.model, engine=engine, properties=property,
                               max_states=max_states, max_seconds=max_seconds,
                               max_memory=memory, reporter=reporter, symmetry=symmetry,
                               spec=_shown(spec), consts=consts, backend=backend,
                               **saving)
    except (UnknownProperty, CheckpointError) as error:
        _usage(str(error))
    finally:
        reporter.close()
    return report


def _stopped(report: Report) -> None:
    """A run the watchdog stopped says where and why (its verdicts are
    already UNKNOWN or BOUNDED where unfinished)."""
    words = stopped_words()
    if words:
        report.warnings.append(words)
        if report.stats.stop_reason is None:  # else the engine's own words for it
            report.stats.stop_reason = words


def simulate(spec: SpecPath, const: ConstOption = None, property: PropertyOption = None,
             seed: Annotated[int, typer.Option("--seed", help="random seed")] = 0,
             steps: Annotated[int, typer.Option("--steps", help="steps per run")] = 100,
             runs: Annotated[int, typer.Option("--runs", help="number of runs")] = 100,
             format: FormatOption = Format.text, out: OutOption = None,
             progress: ProgressOption = None, quiet: QuietOption = False,
             verbose: VerboseOption = False) -> None:
    """Random walks through a spec; a violation found is shortened and replayed."""
    from vcspec.api import simulate as run_simulate

    if steps < 0 or runs < 1:
        _usage("--steps must be at least 0 and --runs at least 1")
    consts = parse_consts(const)
    checked = load_or_exit(spec, consts, _on_errors(spec, format), verbose)
    _fallback(checked, spec, "simulate", consts, property, format)
    reporter = reporter_for(progress, quiet)
    try:
        report = run_simulate(checked.model, seed=seed, steps=steps, runs=runs,
                              properties=property, reporter=reporter, spec=_shown(spec),
                              consts=consts)
    except UnknownProperty as error:
        _usage(str(error))
    finally:
        reporter.close()
    _finish(report, checked, format, out, quiet=quiet, verbose=verbose)


# ------------------------------------------------------------ helpers
def _symbolic(checked: Checked, engine: str, properties, depth, seconds, reporter,
              spec: str, consts, for_all=None, path: Path | None = None) -> Report:
    try:
        from vcspec.symbolic.api import check_symbolic
    except ImportError as error:
        _usage(f"the symbolic engines are not available: {error}")
    reload = None
    if for_all:
        from vcspec.model import analyse

        def reload(values: dict[str, str]) -> Checked:
            return analyse(path, values)
    return check_symbolic(checked.model, engine, depth=depth, properties=properties,
                          timeout_s=seconds, reporter=reporter, spec=spec, consts=consts,
                          for_all=for_all, reload=reload)


def _write_certificate(report: Report, path: Path) -> None:
    """A certificate that cannot be written is a warning: the verdicts stand."""
    report.command += ["--certificate", str(path)]
    if report.certificate is None:
        report.notes.append(f"no certificate written to {path}: nothing was proved")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, report.certificate)
    except OSError as error:
        report.warnings.append(f"cannot write the certificate {path}: "
                               f"{error.strerror or error}")
        return
    report.notes.append(f"certificate written to {path} (check it with: z3 {path})")


def _finish(report: Report, checked: Checked, format: Format, out: Path | None,
            coverage: bool = False, exit_code: int | None = None, quiet: bool = False,
            verbose: bool = True) -> None:
    guard.fallback(None)  # from here on, one report only
    if not verbose:
        _hide_library_warnings(report, checked)
    traces = _write(report, out, Path(report.spec))
    show(report, checked, format, coverage, exit_code, quiet, traces)
    raise typer.Exit(report.exit_code if exit_code is None else exit_code)


def show(report: Report, checked: Checked, format: Format, coverage: bool = False,
         exit_code: int | None = None, quiet: bool = False,
         traces: dict[str, Path] | None = None) -> None:
    from vcspec.report import json_report, sarif, text

    if format is Format.text and quiet:
        print(text.summary_line(report))
    elif format is Format.text:
        text.render(report, stdout_console(), coverage, _charts(traces or {}))
    elif format is Format.json:
        print(json_report.dumps(report))
    else:
        spans = {a.name: a.span for a in checked.model.actions}
        print(sarif.dumps(report, spans, checked.diagnostics, exit_code, str(Path.cwd()),
                          checked.library))


def _hide_library_warnings(report: Report, checked: Checked) -> None:
    """'action ... never fired' about the library's actions (the environment a
    client is checked against: which of its paths a client exercises is no
    fault of the client) become one note; --verbose shows them."""
    library = sorted(a.name for a in checked.model.actions if checked.from_library(a.span))
    prefixes = tuple(f"action {name} never fired" for name in library)
    hidden = [w for w in report.warnings if w.startswith(prefixes)]
    if hidden:
        report.warnings = [w for w in report.warnings if w not in hidden]
        report.notes.append(f"{len(hidden)} of the library's actions never fired "
                            "(--verbose lists them)")


DEFAULT_OUT = Path("vcspec-out")  # where a violated check writes its traces without --out


def _write(report: Report, out: Path | None, spec: Path) -> dict[str, Path]:
    """With --out: report.json and one ITF file per trace; without, the traces
    only (if any) under DEFAULT_OUT. Each file is written atomically; the traces
    an earlier run of this spec left there are removed first. Returns the ITF
    file of each property with a trace."""
    from vcspec.report import itf, json_report

    with_traces = [p for p in report.properties if p.trace is not None]
    if out is None and not with_traces:
        return {}
    directory = DEFAULT_OUT if out is None else out
    source = _relative(spec, directory)
    written = {}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in stale_traces(directory, source):
            old.unlink(missing_ok=True)
        if out is not None:
            write_atomic(out / "report.json", json_report.dumps(report) + "\n")
        for prop in with_traces:
            path = directory / f"{prop.name}.itf.json"
            write_atomic(path, itf.dumps(report, prop, source) + "\n")
            written[prop.name] = path
    except OSError as error:
        err(f"vcspec: error: cannot write to {directory}: {error.strerror or error}")
        raise typer.Exit(EXIT_USAGE) from None
    return written


def _relative(spec: Path, directory: Path) -> str:
    """The spec's path as seen from `directory` (what an ITF file there records);
    a spec given by its absolute path keeps it (found from anywhere already)."""
    if spec.is_absolute():
        return spec.as_posix()
    try:
        return Path(os.path.relpath(spec.resolve(), directory.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return spec.resolve().as_posix()


def _charts(traces: dict[str, Path]) -> dict[str, list[str]]:
    """The command that draws each trace as a sequence chart (an SVG beside it)."""
    return {name: ["vcspec", "trace", path.as_posix(), "--chart", "--out",
                   path.with_name(path.name.removesuffix(".itf.json") + ".svg").as_posix()]
            for name, path in traces.items()}


def _on_errors(spec: Path, format: Format):
    def write(checked: Checked) -> None:
        structured_diagnostics(format.value, [_shown(spec)], checked.diagnostics)

    return write


def _fallback(checked: Checked, spec: Path, engine: str, consts: dict[str, str],
              properties: list[str] | None, format: Format) -> None:
    """On an interrupt or an internal error, still print a report (every
    property UNKNOWN), in the format asked for."""
    def write(reason: str) -> None:
        report = unfinished(checked.model, _shown(spec), engine, reason, properties)
        code = EXIT_INTERNAL if reason.startswith("internal error") else EXIT_INCONCLUSIVE
        show(report, checked, format, exit_code=code)

    guard.fallback(write)


def _size(text_value: str | None) -> int | None:
    if text_value is None:
        return None
    try:
        return parse_size(text_value)
    except ValueError:
        _usage(f"--max-memory expects a size such as 500M or 2G, got {text_value!r}")


def _shown(path: Path) -> str:
    return path.as_posix()


def _usage(message: str) -> None:
    err(f"vcspec: error: {message}")
    raise typer.Exit(EXIT_USAGE)

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
    MaxMemoryOption,
    MaxSecondsOption,
    check_limits,
    err,
    load_or_exit,
    memory_limit,
    parse_consts,
    safety_command,
    safety_properties,
    structured_diagnostics,
)
from vcspec.cli.quieter import hide_library_warnings
from vcspec.engine.properties import UnknownProperty
from vcspec.engine.result import Report, unfinished
from vcspec.engine.watchdog import Watchdog, phase, stopped_words
from vcspec.explicit.checkpoint import CheckpointError
from vcspec.explicit.owner import WorkersError
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
          max_seconds: MaxSecondsOption = None, max_memory: MaxMemoryOption = None,
          symmetry: Annotated[bool, typer.Option(
              "--symmetry/--no-symmetry", help="reduce symmetric enums")] = True,
          backend: Annotated[str, typer.Option(
              "--backend", help="explicit engine: python (reference) or native (successors "
              "in generated C; python where it does not apply, said in the report)")] = "python",
          coverage: Annotated[bool, typer.Option(
              "--coverage", help="show how often each action fired")] = False,
          depth: Annotated[int | None, typer.Option(
              "--depth", help="bound of the symbolic engines (bmc, kind) and of each "
              "--swarm search")] = None,
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
          workers: Annotated[int, typer.Option(
              "--workers", help="explicit: search with this many processes (safety "
              "properties; the same report as one)")] = 1,
          swarm: Annotated[int | None, typer.Option(
              "--swarm", help="explicit: N randomized depth-first searches (seeds 0..N-1; "
              "--depth and --max-states bound each) for bug hunting; never HOLDS")] = None,
          progress: ProgressOption = None, quiet: QuietOption = False,
          verbose: VerboseOption = False) -> None:
    """Model-check a spec: every reachable state, every property."""
    if engine not in ENGINES + SYMBOLIC:
        _usage(f"unknown engine '{engine}' (engines: {', '.join(ENGINES + SYMBOLIC)})")
    if engine in ENGINES and depth is not None and swarm is None:
        _usage("--depth applies to the symbolic engines (bmc, kind, pdr) and --swarm")
    if swarm is not None and (engine not in ENGINES or swarm < 1 or checkpoint or resume):
        _usage("--swarm N (N >= 1) applies to the explicit engine, without checkpoints")
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
    if engine not in ENGINES and workers != 1:
        _usage("--workers applies to the explicit engine")
    memory = memory_limit(max_memory)
    consts = parse_consts(const)
    _fallback(None, spec, engine, consts, property, format)  # before a limit can fire
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
                                        "checkpoint_every": checkpoint_every,
                                        "workers": workers}, swarm)
        dog.disarm()  # nothing is interrupted while the report is written
    _stopped(report)
    if safety_only:
        report.command = safety_command(report.command, asked)
    _finish(report, checked, format, out, coverage, quiet=quiet, verbose=verbose)


def _run(checked: Checked, spec: Path, engine: str, property, depth, max_states, max_seconds,
         memory, progress, quiet, consts, for_all, symmetry, backend, certificate,
         saving: dict, swarm: int | None = None) -> Report:
    """The chosen engine on the loaded spec (`saving`: the explicit engine's
    checkpoint and worker options)."""
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
                               **saving) if swarm is None else \
                _swarm(checked, spec, property, swarm, depth, max_states, reporter, consts,
                       saving["workers"])
    except (UnknownProperty, CheckpointError, WorkersError) as error:
        _usage(str(error))
    finally:
        reporter.close()
    return report


def _swarm(checked: Checked, spec: Path, property, searches: int, depth, budget, reporter,
           consts, workers: int) -> Report:
    from vcspec.api import swarm

    return swarm(checked.model, searches=searches, depth=depth or 10_000,
                 budget=budget or 100_000, workers=workers, properties=property,
                 reporter=reporter, spec=_shown(spec), consts=consts)


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
             max_seconds: MaxSecondsOption = None, max_memory: MaxMemoryOption = None,
             progress: ProgressOption = None, quiet: QuietOption = False,
             verbose: VerboseOption = False) -> None:
    """Random walks through a spec; a violation found is shortened and replayed.
    Stopped by --max-seconds, --max-memory or Ctrl-C, it reports the runs done
    (a violation found stands; exit 4 if none)."""
    from vcspec.api import simulate as run_simulate

    if steps < 0 or runs < 1:
        _usage("--steps must be at least 0 and --runs at least 1")
    check_limits(max_seconds=max_seconds)
    memory = memory_limit(max_memory)
    consts = parse_consts(const)
    _fallback(None, spec, "simulate", consts, property, format)  # before a limit can fire
    with Watchdog(max_seconds, memory) as dog:
        with phase("parsing and checking"):
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
        dog.disarm()
    _stopped(report)
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
        hide_library_warnings(report, checked)
    traces = _write(report, out, Path(report.spec))
    show(report, checked, format, coverage, exit_code, quiet, traces)
    raise typer.Exit(report.exit_code if exit_code is None else exit_code)


def show(report: Report, checked: Checked | None, format: Format, coverage: bool = False,
         exit_code: int | None = None, quiet: bool = False,
         traces: dict[str, Path] | None = None, stopped: str | None = None) -> None:
    """`checked` None: the run stopped while reading the spec; `stopped`: why
    the run ended early (default: the watchdog's words, if it stopped it).
    Each renderer is imported when asked for (start-up)."""
    if format is Format.text:
        from vcspec.report import text

        if quiet:
            print(text.summary_line(report))
        else:
            text.render(report, stdout_console(), coverage, _charts(traces or {}))
    elif format is Format.json:
        from vcspec.report import json_report

        print(json_report.dumps(report))
    elif checked is None:
        from vcspec.report import sarif

        print(sarif.dumps(report, {}, (), exit_code, str(Path.cwd()),
                          stopped=stopped or stopped_words()))
    else:
        from vcspec.report import sarif

        spans = {a.name: a.span for a in checked.model.actions}
        print(sarif.dumps(report, spans, checked.diagnostics, exit_code, str(Path.cwd()),
                          checked.library, stopped=stopped or stopped_words() or None))


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


def _fallback(checked: Checked | None, spec: Path, engine: str, consts: dict[str, str],
              properties: list[str] | None, format: Format) -> None:
    """On an interrupt or an internal error, still print a report (every
    property UNKNOWN; none while the spec is read: `checked` None), in the
    format asked for."""
    def write(reason: str) -> None:
        if checked is None and format is Format.text:
            return  # the one line on stderr says it; no empty report on stdout
        model = None if checked is None else checked.model
        report = unfinished(model, _shown(spec), engine, reason, properties)
        code = EXIT_INTERNAL if reason.startswith("internal error") else EXIT_INCONCLUSIVE
        show(report, checked, format, exit_code=code, stopped=reason)

    guard.fallback(write)


def _shown(path: Path) -> str:
    return path.as_posix()


def _usage(message: str) -> None:
    err(f"vcspec: error: {message}")
    raise typer.Exit(EXIT_USAGE)

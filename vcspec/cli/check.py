"""`vcspec check` and `vcspec simulate` (registered in vcspec/cli/__init__.py).

Exit codes: 0 every property holds, 1 a property is violated, 2 usage error,
3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN verdicts only).
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from vcspec.api import ENGINES
from vcspec.cli.console import ConsoleReporter
from vcspec.cli.options import (
    EXIT_INCONCLUSIVE,
    EXIT_USAGE,
    ConstOption,
    err,
    load_or_exit,
    parse_consts,
)
from vcspec.engine.limits import parse_size
from vcspec.engine.properties import UnknownProperty
from vcspec.engine.result import Report
from vcspec.model import Checked
from vcspec.report import itf, json_report, sarif, text


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
    "--progress/--no-progress", help="live progress on stderr (default: when a terminal)")]


SYMBOLIC = ("bmc", "kind", "pdr")  # vcspec/symbolic (z3), imported only when chosen


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
          progress: ProgressOption = None) -> None:
    """Model-check a spec: every reachable state, every property.

    Exit codes: 0 every property holds, 1 a property is violated, 2 usage
    error, 3 spec errors, 4 inconclusive (BOUNDED or UNKNOWN verdicts only).
    """
    if engine not in ENGINES + SYMBOLIC:
        _usage(f"unknown engine '{engine}' (engines: {', '.join(ENGINES + SYMBOLIC)})")
    if engine in ENGINES and depth is not None:
        _usage("--depth applies to the symbolic engines (bmc, kind, pdr)")
    if engine != "pdr" and certificate is not None:
        _usage("--certificate applies to --engine pdr")
    if backend not in ("python", "native"):
        _usage(f"unknown backend '{backend}' (backends: python, native)")
    memory = _size(max_memory)
    consts = parse_consts(const)
    checked = load_or_exit(spec, consts)
    reporter = _reporter(progress, format)
    try:
        if engine in SYMBOLIC:
            report = _symbolic(checked, engine, property, depth, max_seconds, reporter,
                               _shown(spec), consts)
            if certificate is not None:
                _write_certificate(report, certificate)
        else:
            from vcspec.api import check as run_check

            report = run_check(checked.model, engine=engine, properties=property,
                               max_states=max_states, max_seconds=max_seconds,
                               max_memory=memory, reporter=reporter, symmetry=symmetry,
                               spec=_shown(spec), consts=consts, backend=backend)
    except UnknownProperty as error:
        _usage(str(error))
    except KeyboardInterrupt:
        err("vcspec: interrupted")
        raise typer.Exit(EXIT_INCONCLUSIVE) from None
    finally:
        reporter.close()
    _finish(report, checked, format, out, coverage)


def simulate(spec: SpecPath, const: ConstOption = None, property: PropertyOption = None,
             seed: Annotated[int, typer.Option("--seed", help="random seed")] = 0,
             steps: Annotated[int, typer.Option("--steps", help="steps per run")] = 100,
             runs: Annotated[int, typer.Option("--runs", help="number of runs")] = 100,
             format: FormatOption = Format.text, out: OutOption = None,
             progress: ProgressOption = None) -> None:
    """Random walks through a spec; a violation found is shortened and replayed."""
    from vcspec.api import simulate as run_simulate

    if steps < 0 or runs < 1:
        _usage("--steps must be at least 0 and --runs at least 1")
    consts = parse_consts(const)
    checked = load_or_exit(spec, consts)
    reporter = _reporter(progress, format)
    try:
        report = run_simulate(checked.model, seed=seed, steps=steps, runs=runs,
                              properties=property, reporter=reporter, spec=_shown(spec),
                              consts=consts)
    except UnknownProperty as error:
        _usage(str(error))
    except KeyboardInterrupt:
        err("vcspec: interrupted")
        raise typer.Exit(EXIT_INCONCLUSIVE) from None
    finally:
        reporter.close()
    _finish(report, checked, format, out)


# ------------------------------------------------------------ helpers
def _symbolic(checked: Checked, engine: str, properties, depth, seconds, reporter,
              spec: str, consts) -> Report:
    try:
        from vcspec.symbolic.api import check_symbolic
    except ImportError as error:
        _usage(f"the symbolic engines are not available: {error}")
    return check_symbolic(checked.model, engine, depth=depth, properties=properties,
                          timeout_s=seconds, reporter=reporter, spec=spec, consts=consts)


def _write_certificate(report: Report, path: Path) -> None:
    report.command += ["--certificate", str(path)]
    if report.certificate is None:
        report.notes.append(f"no certificate written to {path}: nothing was proved")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report.certificate, encoding="utf-8")
    except OSError as error:
        _usage(f"cannot write the certificate {path}: {error.strerror or error}")
    report.notes.append(f"certificate written to {path} (check it with: z3 {path})")


def _finish(report: Report, checked: Checked, format: Format, out: Path | None,
            coverage: bool = False) -> None:
    if format is Format.text:
        text.render(report, Console(highlight=False, soft_wrap=False), coverage)
    elif format is Format.json:
        print(json_report.dumps(report))
    else:
        spans = {a.name: a.span for a in checked.model.actions}
        print(sarif.dumps(report, spans, checked.diagnostics))
    if out is not None:
        _write(report, out)
    raise typer.Exit(report.exit_code)


def _write(report: Report, out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(json_report.dumps(report) + "\n", encoding="utf-8")
        for prop in report.properties:
            if prop.trace is not None:
                (out / f"{prop.name}.itf.json").write_text(itf.dumps(report, prop) + "\n",
                                                           encoding="utf-8")
    except OSError as error:
        err(f"vcspec: error: cannot write to {out}: {error.strerror}")
        raise typer.Exit(EXIT_USAGE) from None


def _reporter(progress: bool | None, format: Format):
    show = sys.stderr.isatty() if progress is None else progress
    return ConsoleReporter(enabled=show)


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

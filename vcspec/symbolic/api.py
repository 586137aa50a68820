"""check_symbolic(model, engine, ...) -> Report: the symbolic engines' façade.

    from vcspec.model import load
    from vcspec.symbolic.api import check_symbolic
    report = check_symbolic(load("specs/examples/covc.vcspec"), "pdr")

Engines (safety properties: invariants, monitors, `runtime`, `deadlock`):
  bmc   counterexamples of up to `depth` steps, shortest first; else BOUNDED
  kind  k-induction for k = 1 .. depth: HOLDS when the induction step
        succeeds, else BOUNDED with the counterexample to induction
  pdr   Spacer: HOLDS with an inductive invariant re-checked by plain z3
        queries (the SMT-LIB certificate is Report.certificate), or VIOLATED with BMC's
        shortest trace
Temporal properties get a bounded lasso search to `depth` with every engine:
VIOLATED with a replayed lasso, else BOUNDED (never HOLDS). A solver limit or
unknown gives UNKNOWN with z3's reason. The report has the explicit engine's
shape (vcspec/engine/result.py) with `engine` set to the engine's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcspec.engine.limits import MemoryProbe
from vcspec.engine.progress import NullReporter, Reporter
from vcspec.engine.properties import DEADLOCK, RUNTIME, select
from vcspec.engine.result import PropertyResult, Report, Stats, Trace, Verdict
from vcspec.engine.watchdog import phase
from vcspec.model import ir

ENGINES = ("bmc", "kind", "pdr")


@dataclass
class SymbolicStats(Stats):
    """Stats plus the time spent inside z3's solvers."""

    solver_seconds: float = 0.0


def check_symbolic(model: ir.Model, engine: str, depth: int | None = None,
                   properties: list[str] | None = None, timeout_s: float | None = None,
                   reporter: Reporter | None = None, spec: str | None = None,
                   consts: dict[str, str] | None = None, for_all: list[str] | None = None,
                   reload=None) -> Report:
    """Check the selected properties (all by default) with a symbolic engine.
    With `for_all` (pdr only; `reload(consts) -> Checked` loads the spec at
    other sizes): invariants, monitors and temporal properties for every size
    of those enums (vcspec/symbolic/unbounded/)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown symbolic engine '{engine}': choose one of "
                         f"{', '.join(ENGINES)}")
    from vcspec.symbolic.run import Run  # imports z3
    from vcspec.symbolic.solver import Budget, backstop, interruptible

    selected = select(model, properties)
    budget = Budget(timeout_s)
    stop = interruptible()  # the watchdog interrupts z3 on a limit or a signal
    unarm = backstop(budget)  # and the budget's deadline holds inside z3 too
    try:
        if for_all:
            with phase("solving"):
                return _for_all(model, engine, selected, budget, reporter, spec, consts,
                                properties, tuple(for_all), reload)
        run = Run(model, selected, engine, depth, budget, reporter or NullReporter(),
                  _command(spec, consts, properties, engine, depth))
        results = run.execute()
    finally:
        unarm()
        stop()
    ordered = _ordered(model, selected, results)
    stats = SymbolicStats(initial_states=run.initial_states, depth=run.depth_reached,
                          seconds=budget.elapsed, peak_memory_bytes=MemoryProbe().peak(),
                          complete=run.complete, stop_reason=run.stop_reason,
                          solver_seconds=budget.solver_seconds)
    return Report(spec or model.name, model.name, engine, dict(model.consts), stats, ordered,
                  {}, run.warnings, run.command, (), tuple(model.families), run.notes,
                  run.certificate)


def _for_all(model, engine, selected, budget, reporter, spec, consts, properties, for_all,
             reload) -> Report:
    if engine != "pdr":
        raise ValueError("--for-all needs --engine pdr")
    if reload is None:
        raise ValueError("--for-all needs the spec's source (reload) to load other sizes")
    from vcspec.symbolic.unbounded.api import check_for_all

    command = _command(spec, consts, properties, engine, None)
    for name in for_all:
        command += ["--for-all", name]
    checked = reload(dict(consts or {}))
    return check_for_all(model, checked, reload, for_all, selected, dict(consts or {}), budget,
                         reporter or NullReporter(), command, spec)


def _ordered(model: ir.Model, selected, results: dict[str, PropertyResult]) -> list:
    names = [p.name for p in model.properties if p.name in selected.names]
    if selected.deadlock:
        names.append(DEADLOCK)
    names.append(RUNTIME)
    return [results[n] for n in names]


def _command(spec, consts, properties, engine, depth) -> list[str]:
    out = ["vcspec", "check", spec or "SPEC"]
    for name, value in (consts or {}).items():
        out += ["--const", f"{name}={value}"]
    for name in properties or []:
        out += ["--property", name]
    out += ["--engine", engine]
    if depth is not None:
        out += ["--depth", str(depth)]
    return out


__all__ = ["ENGINES", "SymbolicStats", "check_symbolic", "Trace", "Verdict"]

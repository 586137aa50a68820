"""The checker's façade: check(model) and simulate(model) -> Report.

    from vcspec.model import load
    from vcspec.api import check
    report = check(load("specs/examples/covc.vcspec"), max_states=10_000)
    report.find("NoDataOnDeadVc").verdict

Runtime errors are reported as the implicit property `runtime`; deadlocks
as `deadlock` (see vcspec/engine/properties.py).
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import TYPE_CHECKING

from vcspec.compile.build import build
from vcspec.engine.limits import Limits, MemoryProbe
from vcspec.engine.progress import NullReporter, Reporter
from vcspec.engine.properties import DEADLOCK, RUNTIME, Selected, select
from vcspec.engine.result import PropertyResult, Report, Stats, Verdict
from vcspec.engine.trace import ReplayError
from vcspec.engine.verdicts import TraceMaker
from vcspec.engine.watchdog import phase, stopped_words
from vcspec.explicit.checkpoint import CheckpointError, Options
from vcspec.explicit.engine import ExplicitEngine
from vcspec.explicit.owner import WorkersError
from vcspec.model import ir

if TYPE_CHECKING:
    from vcspec.explicit.simulate import Walk

ENGINES = ("explicit",)

BACKENDS = ("python", "native")  # the explicit engine's successor generation


def check(model: ir.Model, *, engine: str = "explicit", properties: list[str] | None = None,
          max_states: int | None = None, max_seconds: float | None = None,
          max_memory: int | None = None, reporter: Reporter | None = None,
          symmetry: bool = True, spec: str | None = None,
          consts: dict[str, str] | None = None, backend: str = "python",
          checkpoint: str | Path | None = None, checkpoint_every: float = 60.0,
          resume: str | Path | None = None, workers: int = 1) -> Report:
    """Check the selected properties (all by default) exhaustively. `backend`:
    python (the reference) or native (successors in generated C; falls back
    to python, with a note, where it does not apply). `checkpoint`: a
    directory to save the search in every `checkpoint_every` seconds and at
    the end; `resume`: a directory saved so, to continue from (and to go on
    saving in). Both raise CheckpointError on a checkpoint of another spec,
    constants or options, a damaged one, or with temporal properties.
    `workers`: processes for the search (explicit/parallel.py; the same
    report as one); WorkersError for what it does not do."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine '{engine}': choose one of {', '.join(ENGINES)}")
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend '{backend}': choose one of {', '.join(BACKENDS)}")
    selected = select(model, properties)
    limits = Limits(max_states, max_seconds, max_memory)
    saving = _checkpoint(selected, checkpoint, checkpoint_every, resume)
    _check_workers(selected, workers, saving)
    engine_run = ExplicitEngine(model, selected, limits, reporter or NullReporter(), symmetry,
                                backend, saving, workers)
    results, stats, coverage, warnings = engine_run.run()
    command = _command("check", spec, consts, properties)
    sym = tuple(model.symmetry) if engine_run.sym is not None else ()
    return Report(spec or model.name, model.name, engine, dict(model.consts), stats, results,
                  coverage, warnings, command, sym, tuple(model.families),
                  notes=engine_run.notes)


def _check_workers(selected: Selected, workers: int, saving: Options | None) -> None:
    if workers < 1:
        raise WorkersError(f"--workers must be at least 1, got {workers}")
    if workers == 1:
        return
    if selected.temporals:
        raise WorkersError(
            "--workers checks safety properties only (the state graph temporal properties "
            "need stays in one process); select the others with --safety-only or --property")
    if saving is not None:
        raise WorkersError("--workers does not write or resume checkpoints yet; run "
                           "--checkpoint/--resume in one process")
    if "fork" not in multiprocessing.get_all_start_methods():
        raise WorkersError("--workers needs the fork start method (Linux, macOS)")


def _checkpoint(selected: Selected, directory, every: float, resume) -> Options | None:
    if directory is None and resume is None:
        return None
    if directory is not None and resume is not None and Path(directory) != Path(resume):
        raise CheckpointError("--resume DIR goes on saving in DIR: give --checkpoint the same "
                              "directory or leave it out")
    if selected.temporals:
        raise CheckpointError(
            "checkpoints cover safety properties only (the state graph temporal properties "
            "need is not saved); select the others with --safety-only or --property")
    if not every > 0:
        raise CheckpointError(f"the checkpoint interval must be above 0 seconds, got {every}")
    return Options(Path(resume if resume is not None else directory), every, resume is not None)


def _walk_checks(model: ir.Model, properties: list[str] | None):
    """The selection, the compiled system and the state and step checks a
    walk (simulation, swarm) tests."""
    selected = select(model, properties)
    with phase("compiling"):
        ts = build(model)
    names = selected.names
    state_checks = tuple(c.index for c in ts.state_checks if c.property in names)
    step_checks = tuple(c.index for c in ts.step_checks if c.monitor in names)
    return selected, ts, state_checks, step_checks


def simulate(model: ir.Model, *, seed: int = 0, steps: int = 100, runs: int = 100,
             properties: list[str] | None = None, reporter: Reporter | None = None,
             spec: str | None = None, consts: dict[str, str] | None = None) -> Report:
    """Random walks; violations found are shortened, replayed and reported."""
    from vcspec.explicit.simulate import Simulator  # not needed by check (start-up)

    start = time.monotonic()
    selected, ts, state_checks, step_checks = _walk_checks(model, properties)
    sim = Simulator(ts, state_checks, step_checks, selected.deadlock, reporter)
    with phase("simulating"):  # stops by itself (stop_reason), keeping the runs done
        result = sim.run(seed, runs, steps) if ts.initial else None
    walks = result.walks if result else []
    results = _simulation_verdicts(ts, selected, walks, result.runs if result else runs, steps)
    stats = Stats(initial_states=len(ts.initial), distinct_states=result.distinct if result else 0,
                  transitions=result.steps if result else 0,
                  depth=max((len(w.instances) for w in walks), default=0),
                  seconds=time.monotonic() - start, peak_memory_bytes=MemoryProbe().peak(),
                  complete=False, stop_reason=stopped_words() or "simulation")
    extra = ["--seed", str(seed), "--steps", str(steps), "--runs", str(runs)]
    command = _command("simulate", spec, consts, properties) + extra
    return Report(spec or model.name, model.name, "simulate", dict(model.consts), stats,
                  results, {}, [], command, families=tuple(model.families))


def swarm(model: ir.Model, *, searches: int, depth: int = 10_000, budget: int = 100_000,
          workers: int = 1, properties: list[str] | None = None,
          reporter: Reporter | None = None, spec: str | None = None,
          consts: dict[str, str] | None = None) -> Report:
    """`searches` randomized depth-first searches (explicit/swarm.py), seeds
    0..searches-1, each at most `depth` steps deep and `budget` states; the
    first violation of each property (in seed order) shortened and replayed.
    Never HOLDS: a property without a violation is UNKNOWN."""
    from vcspec.explicit.simulate import Simulator
    from vcspec.explicit.swarm import swarm as run_swarm

    start = time.monotonic()
    selected, ts, state_checks, step_checks = _walk_checks(model, properties)
    hunts = run_swarm(ts, state_checks, step_checks, selected.deadlock, searches, depth, budget,
                      workers)
    shortener = Simulator(ts, state_checks, step_checks, selected.deadlock, reporter)
    walks = [shortener.shorten(h.walk) for h in hunts if h.walk is not None]
    covered = len(set().union(*(h.visited for h in hunts)))
    words = (f"no violation in {searches} swarm searches (depth <= {depth}, <= {budget:,} states "
             f"each; {covered:,} distinct states together; not exhaustive)")
    results = _simulation_verdicts(ts, selected, walks, searches, depth, words)
    stats = Stats(initial_states=len(ts.initial), distinct_states=covered, transitions=0,
                  depth=max((h.deepest for h in hunts), default=0) + 1,
                  seconds=time.monotonic() - start, peak_memory_bytes=MemoryProbe().peak(),
                  complete=False, stop_reason="swarm")
    extra = ["--swarm", str(searches), "--depth", str(depth), "--max-states", str(budget)]
    return Report(spec or model.name, model.name, "swarm", dict(model.consts), stats, results,
                  {}, [], _command("check", spec, consts, properties) + extra,
                  families=tuple(model.families))


def _simulation_verdicts(ts, selected: Selected, walks: list[Walk], runs: int,
                         steps: int, unknown: str | None = None) -> list[PropertyResult]:
    maker = TraceMaker(ts)
    by_property: dict[str, PropertyResult] = {}
    for walk in walks:
        name, kind, rules, span = _walk_property(ts, walk)
        if name in by_property:
            continue
        try:
            trace = _walk_trace(maker, ts, walk)
            by_property[name] = PropertyResult(name, kind, Verdict.VIOLATED, trace.violation,
                                               rules, trace, span)
        except ReplayError as error:
            by_property[name] = PropertyResult(name, kind, Verdict.UNKNOWN,
                                               f"internal error: the trace does not replay "
                                               f"({error})", rules, span=span)
    unknown = unknown or f"no violation in {runs} random runs of up to {steps} steps " \
        "(not exhaustive)"
    out = []
    for prop in ts.model.properties:
        if prop.name not in selected.names:
            continue
        words = unknown if prop.kind != "temporal" else "temporal properties are not checked " \
            "by simulation"
        out.append(by_property.get(prop.name) or PropertyResult(
            prop.name, prop.kind, Verdict.UNKNOWN, words, prop.rules, span=prop.span))
    if selected.deadlock:
        out.append(by_property.get(DEADLOCK) or PropertyResult(DEADLOCK, "deadlock",
                                                                Verdict.UNKNOWN, unknown))
    out.append(by_property.get(RUNTIME) or PropertyResult(RUNTIME, "runtime", Verdict.UNKNOWN,
                                                          unknown))
    return out


def _walk_property(ts, walk: Walk):
    v = walk.violation
    if v.kind == "state":
        check = ts.state_checks[v.check]
        prop = ts.model.find_property(check.property)
        return prop.name, prop.kind, prop.rules, prop.span
    if v.kind == "step":
        prop = ts.model.find_property(ts.step_checks[v.check].monitor)
        return prop.name, prop.kind, prop.rules, prop.span
    return (DEADLOCK, "deadlock", (), None) if v.kind == "deadlock" else \
        (RUNTIME, "runtime", (), None)


def _walk_trace(maker: TraceMaker, ts, walk: Walk):
    v = walk.violation
    body = walk.instances[:-1] if v.kind == "runtime" else walk.instances
    states = [walk.start]
    for k in body:
        states.append(ts.steps[k](states[-1], []))
    instances = [None] + [ts.instances[k] for k in body]
    if v.kind == "state":
        return maker.state_check(states, instances, v.check)
    if v.kind == "step":
        return maker.step_check(states, instances, v.check)
    if v.kind == "deadlock":
        return maker.deadlock(states, instances)
    return maker.runtime(states, instances, ts.instances[walk.instances[-1]])


def _command(verb: str, spec: str | None, consts: dict[str, str] | None,
             properties: list[str] | None) -> list[str]:
    out = ["vcspec", verb, spec or "SPEC"]
    for name, value in (consts or {}).items():
        out += ["--const", f"{name}={value}"]
    for name in properties or []:
        out += ["--property", name]
    return out

"""The explicit engine: search, then a verdict and a replayed trace per property."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from vcspec.compile.build import build
from vcspec.compile.codegen import ActionError
from vcspec.engine.limits import Limits, MemoryProbe
from vcspec.engine.progress import Progress, Reporter
from vcspec.engine.properties import DEADLOCK, RUNTIME, Selected
from vcspec.engine.result import (
    NEVER_FIRED,
    SYMMETRY_OFF,
    PropertyResult,
    Stats,
    Trace,
    Verdict,
    never_fired,
)
from vcspec.engine.trace import ReplayError, concretize
from vcspec.engine.verdicts import TraceMaker
from vcspec.engine.verify import verify_lasso
from vcspec.engine.watchdog import phase
from vcspec.explicit.bfs import Exploration, Found, Search, Selection
from vcspec.explicit.checkpoint import Checkpoint, CheckpointError, Options, Saved, identity
from vcspec.explicit.symmetry import make_symmetry
from vcspec.model import ir
from vcspec.model.allow import allowed_at

if TYPE_CHECKING:
    from vcspec.explicit.liveness import Liveness
    from vcspec.explicit.parallel import ParallelSearch

# The liveness modules (fairness, graph, liveness) use numpy and scipy, whose
# import costs more than a small spec's whole safety check: they are imported
# when temporal properties are checked, not at start-up (bench/startup.py).


class ExplicitEngine:
    def __init__(self, model: ir.Model, selected: Selected, limits: Limits,
                 reporter: Reporter, symmetry: bool = True, backend: str = "python",
                 checkpoint: Options | None = None, workers: int = 1):
        self.model = model
        self.workers = workers
        self.checkpoint = checkpoint
        self.backend = backend
        self.notes: list[str] = []  # which backend ran, and why
        self.selected = selected
        self.limits = limits
        self.reporter = reporter
        self.want_symmetry = symmetry
        self.warnings: list[str] = []

    # ------------------------------------------------------------ driver
    def run(self) -> tuple[list[PropertyResult], Stats, dict[str, int], list[str]]:
        self.started = start = time.monotonic()
        with phase("compiling"):
            self.ts = ts = build(self.model)
        self.maker = TraceMaker(ts)
        self.replayer = self.maker.replayer
        if not ts.initial and not ts.initial_errors:
            self.warnings.append("the spec has no initial state: there is nothing to explore")
        self.sym = self.symmetry()
        checks = self.selection()
        graph = bool(self.selected.temporals)
        canon = self.sym.canon if self.sym else None
        if self.workers > 1:
            search = self.parallel(checks, canon)
        else:
            expander = self.native(graph, canon)
            store, saved = self.checkpoint_store()
            search = Search(ts, checks, self.limits, self.reporter, canon, graph, expander,
                            store, saved)
        with phase("searching"):
            self.ex = search.run()
        if search.checkpoint_failure is not None:
            self.warnings.append(f"checkpoints stopped: {search.checkpoint_failure}")
        with phase("checking temporal properties"):
            results = self.verdicts()
        stats = self.stats(time.monotonic() - start)
        return results, stats, self.coverage(), self.warnings

    def checkpoint_store(self) -> tuple[Checkpoint | None, Saved | None]:
        """The checkpoint to write (explicit/checkpoint.py) and, on resume, its
        content; CheckpointError when it does not belong to this run."""
        if self.checkpoint is None:
            return None, None
        if self.selected.temporals:  # vcspec.api refuses them first, in words for the user
            raise CheckpointError("checkpoints do not save the state graph temporal "
                                  "properties need")
        names = sorted(self.selected.names) + ["deadlock"] * self.selected.deadlock
        ident = identity(self.model, names, self.want_symmetry, self.backend, self.ts)
        store = Checkpoint(self.checkpoint.directory, ident, self.checkpoint.every)
        if self.checkpoint.resume:
            return store, store.load()
        store.start()
        return store, None

    def parallel(self, checks: Selection, canon) -> ParallelSearch:
        """The search on worker processes (explicit/parallel.py); vcspec.api
        has refused what it does not do (temporal properties, checkpoints)."""
        from vcspec.explicit.parallel import ParallelSearch

        if self.backend == "native":
            self.notes.append(f"backend: python (each of the {self.workers} workers runs the "
                              "python chunk; the native backend is one process)")
        self.notes.append(f"workers: {self.workers} processes, states partitioned by hash")
        return ParallelSearch(self.ts, checks, self.limits, self.reporter, canon, self.workers)

    def native(self, graph: bool, canon):
        """The native expander when asked for and possible; else a note says why not."""
        if self.backend != "native":
            return None
        if canon is not None:
            self.notes.append("backend: python (the native backend does not canonicalise "
                              "symmetric states; use --no-symmetry for it)")
            return None
        if self.ts.model.constraints:
            self.notes.append("backend: python (the native backend does not test state "
                              "constraints)")
            return None
        from vcspec.native.cgen import Unsupported  # the C generator: when asked for
        from vcspec.native.expander import NativeExpander

        try:
            expander = NativeExpander(self.ts, graph)
        except Unsupported as why:
            self.notes.append(f"backend: python (native unsupported: {why})")
            return None
        self.notes.append(f"backend: native (C, generated and built in "
                          f"{expander.compile_seconds:.2f} s)")
        return expander

    def symmetry(self):
        if not (self.want_symmetry and self.model.symmetry):
            return None
        if self.selected.temporals:
            self.warnings.append(SYMMETRY_OFF)
            return None
        return make_symmetry(self.model, self.ts.layout)

    def selection(self) -> Selection:
        names = self.selected.names
        state = tuple(c.index for c in self.ts.state_checks if c.property in names)
        step = tuple(c.index for c in self.ts.step_checks if c.monitor in names)
        return Selection(state, step, self.selected.deadlock)

    # ------------------------------------------------------------ verdicts
    def verdicts(self) -> list[PropertyResult]:
        out = []
        temporal = self.liveness() if self.selected.temporals else {}
        for prop in self.model.properties:
            if prop in self.selected.invariants or prop in self.selected.monitors:
                out.append(self.safety(prop))
            elif prop in self.selected.temporals:
                out.append(temporal[prop.name])
        if self.selected.deadlock:
            out.append(self.deadlock())
        out.append(self.runtime())
        return out

    def unviolated(self, name: str, kind: str, rules=(), span=None,
                   holds: str = "") -> PropertyResult:
        ex = self.ex
        if ex.complete:
            return PropertyResult(name, kind, Verdict.HOLDS, holds, rules, span=span)
        return PropertyResult(name, kind, Verdict.BOUNDED, self.bounded_words(), rules, span=span)

    def bounded_words(self) -> str:
        ex = self.ex
        reason = ex.stop_reason
        if reason == "all properties violated":
            reason = "every other selected property is violated"
        return (f"no violation in {len(ex.states):,} states (search stopped: {reason}; "
                f"every state within {ex.complete_depth} steps checked)")

    def safety(self, prop: ir.Property) -> PropertyResult:
        kind = prop.kind
        candidates = []
        for check in self.ts.state_checks:
            found = self.ex.invariants.get(check.index)
            if check.property == prop.name and found is not None:
                candidates.append((self.ex.level_of(found.state), 0, check.index, found))
        for check in self.ts.step_checks:
            found = self.ex.monitors.get(check.index)
            if check.monitor == prop.name and found is not None:
                candidates.append((self.ex.level_of(found.state) + 1, 1, check.index, found))
        if not candidates:
            words = ("holds in every reachable state" if kind == "invariant"
                     else "no check fails on any reachable transition")
            return self.unviolated(prop.name, kind, prop.rules, prop.span, words)
        _, is_step, index, found = min(candidates, key=lambda c: c[:3])
        return self.traced(prop.name, kind, prop.rules, prop.span,
                           lambda: self.step_check_trace(found, index) if is_step
                           else self.state_check_trace(found, index))

    def traced(self, name: str, kind: str, rules, span, make) -> PropertyResult:
        """A VIOLATED result whose trace comes from `make`, replayed first."""
        try:
            trace = make()
        except ReplayError as error:
            return PropertyResult(name, kind, Verdict.UNKNOWN,
                                  f"internal error: the trace does not replay ({error})",
                                  rules, span=span)
        return PropertyResult(name, kind, Verdict.VIOLATED, trace.violation, rules, trace, span)

    # ------------------------------------------------------------ traces
    def path(self, found: Found, extra: int | None = None, check: int | None = None):
        """Concrete states and instances of the search's path to a found state,
        plus one step with instance `extra` (a failed monitor `check`)."""
        ex = self.ex
        path = [ex.states[i] for i in ex.path(found.state)]
        canon = self.sym.canon if self.sym else None
        states, instances = concretize(self.ts, path, canon)
        if extra is not None:
            k = self.counterpart(states[-1], extra, check)
            states.append(self.ts.steps[k](states[-1], []))
            instances.append(self.ts.instances[k])
        return states, instances

    def counterpart(self, state: int, k: int, check: int | None) -> int:
        """The instance that goes wrong at `state` as instance k did at the
        search's state. With symmetry reduction the concrete state is a
        permutation of that one, so the instance may be a permuted one:
        instances of the same action are tried first, in order."""
        if self.sym is None:
            return k
        insts = self.ts.instances
        name = insts[k].name
        for j in sorted(range(len(insts)), key=lambda j: (insts[j].name != name, j)):
            viol: list[int] = []
            try:
                self.ts.steps[j](state, viol)
            except ActionError:
                if check is None:
                    return j
                continue
            if check is not None and check in viol:
                return j
        raise ReplayError("no action instance reproduces the violation")

    def state_check_trace(self, found: Found, index: int) -> Trace:
        return self.maker.state_check(*self.path(found), index)

    def step_check_trace(self, found: Found, index: int) -> Trace:
        return self.maker.step_check(*self.path(found, found.instance, index), index)

    def runtime(self) -> PropertyResult:
        if self.ts.initial_errors:
            return PropertyResult(RUNTIME, "runtime", Verdict.VIOLATED,
                                  "; ".join(self.ts.initial_errors))
        found = self.ex.runtime
        if found is None:
            return self.unviolated(RUNTIME, "runtime", holds="no action fails at run time")

        def make() -> Trace:
            states, instances = self.path(found)
            inst = self.ts.instances[self.counterpart(states[-1], found.instance, None)]
            return self.maker.runtime(states, instances, inst)
        return self.traced(RUNTIME, "runtime", (), None, make)

    def deadlock(self) -> PropertyResult:
        found = self.ex.deadlock
        if found is None:
            return self.unviolated(DEADLOCK, "deadlock",
                                   holds="every reachable state has an enabled action or is "
                                   "terminal")

        return self.traced(DEADLOCK, "deadlock", (), None,
                           lambda: self.maker.deadlock(*self.path(found)))

    # ------------------------------------------------------------ liveness
    def liveness(self) -> dict[str, PropertyResult]:
        out = {}
        if not self.ex.complete:
            for prop in self.selected.temporals:
                out[prop.name] = PropertyResult(
                    prop.name, "temporal", Verdict.UNKNOWN,
                    f"the search stopped ({self.ex.stop_reason}) before the state graph was "
                    "complete", prop.rules, span=prop.span)
            return out
        from vcspec.explicit.fairness import FairnessTest, fairness_groups
        from vcspec.explicit.graph import Graph
        from vcspec.explicit.liveness import Liveness, OutOfTime

        graph = Graph(self.ex)
        groups, of_instance = fairness_groups(self.ts)
        deadline = None
        if self.limits.max_seconds is not None:
            deadline = self.started + self.limits.max_seconds
        stuttering = self.model.semantics == "stuttering"
        fair = FairnessTest(graph, groups, of_instance, stuttering)
        checker = Liveness(self.ts, graph, fair, deadline)
        stopped = None
        for i, prop in enumerate(self.selected.temporals):
            if stopped is None:
                self.reporter.progress(Progress(
                    "liveness", i, graph.n, 0, self.ex.depth, self.ex.transitions,
                    time.monotonic() - self.started,
                    f"{prop.name} ({i + 1}/{len(self.selected.temporals)})"))
                try:
                    out[prop.name] = self.temporal(prop, checker, groups)
                    continue
                except OutOfTime:
                    stopped = "max-seconds"
                except KeyboardInterrupt:
                    stopped = "interrupted"
            out[prop.name] = PropertyResult(
                prop.name, "temporal", Verdict.UNKNOWN,
                f"the liveness check stopped ({stopped}) before this property",
                prop.rules, span=prop.span)
        return out

    def temporal(self, prop: ir.TemporalProperty, checker: Liveness, groups) -> PropertyResult:
        try:
            outcome = checker.check(prop)
        except ValueError as error:
            return PropertyResult(prop.name, "temporal", Verdict.UNKNOWN, str(error),
                                  prop.rules, span=prop.span)
        if not outcome.violated:
            words = "holds on every run" + (" that satisfies the declared fairness"
                                            if groups else "")
            return PropertyResult(prop.name, "temporal", Verdict.HOLDS, words, prop.rules,
                                  span=prop.span)

        def make() -> Trace:
            return self.lasso_trace(prop, outcome, groups)
        result = self.traced(prop.name, "temporal", prop.rules, prop.span, make)
        result.binding = outcome.binding
        return result

    def lasso_trace(self, prop, outcome, groups) -> Trace:
        from vcspec.explicit.liveness import describe_binding, shape

        ex, lasso = self.ex, outcome.lasso
        states = [ex.states[u] for u, _ in lasso.path]
        instances = [None] + [self.ts.instances[ex.labels[e]] for _, e in lasso.path[1:]]
        trace = self.maker.trace(states, instances)
        trace.loop_start, trace.stutters = lasso.loop_start, lasso.stutters
        trace.dead_end = lasso.dead_end
        trace.fairness = lasso.notes
        prefix = f"for {describe_binding(outcome.binding)}: " if outcome.binding else ""
        if outcome.error_state is not None:
            form = shape(prop.formula)
            exprs = [form.p] + ([form.q] if form.q is not None else [])
            errors = [self.replayer.holds(e, trace.steps[-1], outcome.binding) for e in exprs]
            message = next((e for e in errors if isinstance(e, str)), None)
            if message is None:
                raise ReplayError("the temporal property evaluates without error")
            trace.violation = f"{prefix}evaluating {prop.name} fails: {message}"
            return trace
        verify_lasso(self.replayer, self.ts, shape(prop.formula), outcome.binding, trace, groups)
        trace.violation = prefix + outcome.message
        return trace

    # ------------------------------------------------------------ numbers
    def stats(self, seconds: float) -> Stats:
        ex: Exploration = self.ex
        unreduced = None
        if self.sym is not None:
            unreduced = sum(self.sym.orbit(s) for s in ex.states)
        return Stats(initial_states=ex.level_ends[0] if ex.level_ends else 0,
                     distinct_states=len(ex.states), transitions=ex.transitions,
                     depth=ex.depth, seconds=seconds, peak_memory_bytes=MemoryProbe().peak(),
                     complete=ex.complete, stop_reason=ex.stop_reason,
                     distinct_states_unreduced=unreduced, generated=self.generated())

    def generated(self) -> int | None:
        """TLC's count of states generated, given only for a spec with constraints."""
        if not self.model.constraints or not self.ex.level_ends:
            return None
        return self.ex.level_ends[0] + self.ts.excluded_initial + self.ex.transitions

    def coverage(self) -> dict[str, int]:
        counts: dict[str, int] = {a.name: 0 for a in self.model.actions}
        for inst, n in zip(self.ts.instances, self.ex.counts):
            counts[inst.name] += n
        where = "" if self.ex.complete else " in the explored part of the state space"
        quiet = {a.name for a in self.model.actions  # `when false`: left out on purpose
                 if (isinstance(a.guard, ir.Lit) and a.guard.value is False)
                 or allowed_at(a.span, NEVER_FIRED)}  # or allowed at its site
        for name, n in counts.items():
            if n == 0 and name not in quiet:
                self.warnings.append(never_fired(name, where))
        return counts

"""Breadth-first exhaustive search over the TransitionSystem.

Every reachable state is stored once: `states` (a list of ints, in discovery
order, which is BFS order) doubles as the queue, and `parents[i]` is the
index of the state that first reached state i, so the shortest path to any
state is read backwards. The visited set holds the same int objects. With
`graph=True` the visited set is a dict state -> index and every transition is
kept (targets, action instance labels, per-state offsets) for liveness.

Work is done in batches by the generated `chunk` function (at most BATCH
states and WORK successor candidates each); between batches
the search checks limits, reports progress and checks the new states'
invariants. Violations are kept per property: the first one found (lowest
state index, then lowest action instance) has the shortest trace.

Batch ends are aligned within a level (level start + a multiple of the batch
size), and "every property violated" stops only at an aligned end, so a run
resumed from a checkpoint written at any batch end (explicit/checkpoint.py)
stops where an uninterrupted run stops and reports the same counts.
"""

from __future__ import annotations

import time
from array import array
from dataclasses import dataclass, field

from vcspec.compile.ts import TransitionSystem
from vcspec.engine.limits import Limits, MemoryProbe
from vcspec.engine.progress import NullReporter, Progress, Reporter
from vcspec.engine.watchdog import MEMORY, TIME, stop_reason
from vcspec.explicit.checkpoint import CheckpointError

NO_PARENT = 0xFFFFFFFF
BATCH = 4096  # states per batch at most
WORK = 32768  # successor candidates (states x action instances) per batch at most
# the watchdog's reasons as the search's own stop reasons (an interrupt it raised)
_WATCHDOG_WORDS = {TIME: "max-seconds", MEMORY: "max-memory"}
PROGRESS_EVERY = 0.5


@dataclass
class Found:
    """A violation found by the search: the trace ends at `state` (an index)
    or goes one step further with instance `instance` (transition checks)."""

    state: int
    instance: int | None = None
    check: int | None = None


@dataclass
class Exploration:
    states: list[int]
    parents: array
    level_ends: list[int]  # states[level_ends[d-1]:level_ends[d]] is level d+1
    counts: list[int]  # transitions per action instance
    invariants: dict[int, Found] = field(default_factory=dict)  # state check -> first
    monitors: dict[int, Found] = field(default_factory=dict)  # step check -> first
    runtime: Found | None = None
    deadlock: Found | None = None
    dead_ends: list[int] = field(default_factory=list)  # states with no successor
    expanded: int = 0  # states whose successors were generated
    checked: int = 0  # states whose state checks (invariants) were evaluated
    seconds: float = 0.0
    peak_memory: int = 0
    stop_reason: str | None = None
    index: dict | None = None  # graph mode: state -> index
    targets: array | None = None
    labels: array | None = None
    offsets: array | None = None  # graph: edges of state i are offsets[i]..offsets[i+1]

    @property
    def complete(self) -> bool:
        return self.stop_reason is None

    @property
    def transitions(self) -> int:
        return sum(self.counts)

    @property
    def depth(self) -> int:
        """BFS levels holding states (the initial states are level 1)."""
        return sum(1 for end, start in zip(self.level_ends, [0] + self.level_ends) if end > start)

    @property
    def complete_depth(self) -> int:
        """Every state within this many steps of an initial state was checked."""
        return sum(1 for end in self.level_ends if end <= self.expanded)

    def path(self, index: int) -> list[int]:
        """State indices from an initial state to `index`."""
        out = [index]
        while self.parents[out[-1]] != NO_PARENT:
            out.append(self.parents[out[-1]])
        out.reverse()
        return out

    def level_of(self, index: int) -> int:
        return next(d for d, end in enumerate(self.level_ends) if index < end) + 1


@dataclass
class Selection:
    """What the search checks: state-check and step-check indices, deadlock."""

    state_checks: tuple[int, ...]
    step_checks: tuple[int, ...]
    deadlock: bool
    stop_when_all_violated: bool = True


class Search:
    def __init__(self, ts: TransitionSystem, selection: Selection, limits: Limits,
                 reporter: Reporter | None = None, canon=None, graph: bool = False,
                 expander=None, checkpoint=None, saved=None):
        """`expander`: a native expander (vcspec/native/expander.py) doing the
        chunk's work in C; without one, the generated Python chunk.
        `checkpoint`: saved at batch ends when due and at the end (not after
        an interrupt: the batch cut short is not whole); `saved`: the
        checkpoint's content to continue from (explicit/checkpoint.Saved)."""
        self.ts = ts
        self.expander = expander
        self.sel = selection
        self.limits = limits
        self.reporter = reporter or NullReporter()
        self.canon = canon
        self.graph = graph
        self.memory = MemoryProbe()
        self.checkpoint = checkpoint
        self.checkpoint_failure: str | None = None
        self.saved = saved

    # ------------------------------------------------------------ driver
    def run(self) -> Exploration:
        start = time.monotonic()
        ex = self.start() if self.saved is None else self.restore(self.saved)
        chunk = None
        if self.expander is None:
            chunk = self.ts.chunk("graph" if self.graph else "plain", canon=self.canon is not None)
        active = self.active_checks(ex)
        scan = self.ts.invariant_scan(active)
        self.scan_new(ex, scan, ex.checked)
        last_report = start
        interrupted = False  # an interrupted batch is incomplete: no checkpoint of it
        try:
            while ex.expanded < len(ex.states) and not self.should_stop(ex, start):
                if ex.expanded == ex.level_ends[-1]:
                    ex.level_ends.append(len(ex.states))
                lo = ex.expanded
                hi = min(ex.level_ends[-1], self.batch_end(ex, lo))
                before = len(ex.states)
                ex.expanded = self.expand(ex, chunk, lo, hi)
                if active != self.active_checks(ex):
                    active = self.active_checks(ex)
                    scan = self.ts.invariant_scan(active)
                self.scan_new(ex, scan, before)
                if self.checkpoint is not None and self.checkpoint.due():
                    self.save(ex)
                now = time.monotonic()
                if now - last_report >= PROGRESS_EVERY:
                    last_report = now
                    self.report(ex, now - start)
        except KeyboardInterrupt:
            self.repair(ex)
            ex.stop_reason = _WATCHDOG_WORDS.get(stop_reason(), "interrupted")
            interrupted = True
        if self.checkpoint is not None and not interrupted:
            self.save(ex, final=True)
        return self.finish(ex, start)

    def finish(self, ex: Exploration, start: float) -> Exploration:
        """The last level closed, the time and memory taken."""
        if len(ex.states) > ex.level_ends[-1]:
            ex.level_ends.append(len(ex.states))
        ex.seconds = time.monotonic() - start
        ex.peak_memory = self.memory.peak()
        self.report(ex, ex.seconds)
        return ex

    def initial(self) -> Exploration:
        """The Exploration of the initial states (canonical ones, once each)."""
        initial = list(self.ts.initial)
        if self.canon is not None:
            initial = list(dict.fromkeys(self.canon(s) for s in initial))
        return Exploration(initial, array("I", [NO_PARENT] * len(initial)), [len(initial)],
                           [0] * len(self.ts.instances))

    def start(self) -> Exploration:
        ex = self.initial()
        initial = ex.states
        if self.graph:
            ex.targets, ex.labels, ex.offsets = array("I"), array("I"), array("Q", [0])
        if self.expander is not None:
            self.expander.start(initial)
        elif self.graph:
            ex.index = {s: i for i, s in enumerate(initial)}
        else:
            self.seen = set(initial)
        return ex

    def restore(self, saved) -> Exploration:
        """The Exploration a checkpoint holds; the visited set rebuilt from it."""
        f = saved.fields
        ex = Exploration(saved.states, saved.parents, list(f["level_ends"]), list(f["counts"]),
                         dead_ends=saved.dead_ends, expanded=f["expanded"],
                         checked=f["checked"])
        ex.invariants = {k: Found(*rest) for k, *rest in f["invariants"]}
        ex.monitors = {k: Found(*rest) for k, *rest in f["monitors"]}
        ex.runtime = Found(*f["runtime"]) if f["runtime"] else None
        ex.deadlock = Found(*f["deadlock"]) if f["deadlock"] else None
        if self.expander is not None:
            self.expander.restore(ex.states, ex.parents, ex.counts)
        else:
            self.seen = set(ex.states)
        self.reporter.message(f"resumed from {self.checkpoint.dir}: {len(ex.states):,} states, "
                              f"{ex.expanded:,} expanded, depth {ex.depth}")
        return ex

    def save(self, ex: Exploration, final: bool = False) -> None:
        """A checkpoint that cannot be written stops checkpointing, not the search."""
        try:
            size = self.checkpoint.save(ex)
        except CheckpointError as error:
            self.checkpoint_failure = str(error)
            self.reporter.message(f"warning: {error}; no further checkpoints")
            self.checkpoint = None
            return
        if final:
            self.reporter.message(f"checkpoint: {len(ex.states):,} states, {size:,} bytes "
                                  f"in {self.checkpoint.dir}")

    def base_size(self) -> int:
        """States per batch: bounded in states and in candidates, so a model
        with many action instances does not overshoot --max-seconds (4096
        states x 1001 instances took a minute)."""
        return max(1, min(BATCH, WORK // max(1, len(self.ts.instances))))

    def level_start(self, ex: Exploration) -> int:
        return ex.level_ends[-2] if len(ex.level_ends) > 1 else 0

    def aligned(self, ex: Exploration) -> bool:
        """At a batch end an uninterrupted run without --max-states also has."""
        return ex.expanded == ex.level_ends[-1] or \
            (ex.expanded - self.level_start(ex)) % self.base_size() == 0

    def batch_end(self, ex: Exploration, lo: int) -> int:
        """The end of the batch starting at `lo`: the next aligned end, or
        sooner near --max-states."""
        base, first = self.base_size(), self.level_start(ex)
        return min(first + ((lo - first) // base + 1) * base, lo + self.batch_size(ex))

    def batch_size(self, ex: Exploration) -> int:
        """States expanded before limits are checked again (base_size), fewer
        near --max-states."""
        size = self.base_size()
        if self.limits.max_states is not None:
            remaining = self.limits.max_states - len(ex.states)
            size = min(size, max(1, remaining // max(1, len(self.ts.instances))))
        return size

    def expand(self, ex: Exploration, chunk, lo: int, hi: int) -> int:
        """Expand states lo..hi; returns the end reached (sooner than hi when
        the watchdog stopped the native batch)."""
        if self.expander is not None:
            errs, viol, dead, hi = self.expand_native(ex, lo, hi)
        else:
            errs, viol, dead = [], [], []
            seen = ex.index if self.graph else self.seen
            args = [ex.states, ex.parents, seen, lo, hi, ex.counts, errs, viol, dead, self.canon]
            if self.graph:
                args += [ex.targets, ex.labels, ex.offsets]
            chunk(*args)
        self.record(ex, errs, viol, dead)
        return hi

    def record(self, ex: Exploration, errs: list, viol: list, dead: list) -> None:
        """A batch's runtime errors, step-check failures and dead ends, in
        state order: the first of each kind is kept."""
        if errs and ex.runtime is None:
            i, k = errs[0]
            ex.runtime = Found(i, k)
        for i, k, check in viol:
            if check in self.sel.step_checks and check not in ex.monitors:
                ex.monitors[check] = Found(i, k, check)
        for i in dead:
            ex.dead_ends.append(i)
            if self.sel.deadlock and ex.deadlock is None and not self.is_terminal(i, ex):
                ex.deadlock = Found(i)

    def expand_native(self, ex: Exploration, lo: int, hi: int) -> tuple[list, list, list, int]:
        batch = self.expander.expand(lo, hi)
        ex.states.extend(batch.states)
        ex.parents.frombytes(batch.parents)
        ex.counts[:] = batch.counts
        if self.graph:
            ex.targets.frombytes(batch.targets)
            ex.labels.frombytes(batch.labels)
            ex.offsets.extend(batch.offsets)
        return batch.errs, batch.viol, batch.dead, batch.end

    def is_terminal(self, index: int, ex: Exploration) -> bool:
        try:
            return self.ts.terminal(ex.states[index])
        except Exception:  # noqa: BLE001 -- an erroring terminal is not an allowed end
            return False

    def scan_new(self, ex: Exploration, scan, lo: int) -> None:
        out: list[tuple[int, int]] = []
        end = len(ex.states)
        scan(ex.states, lo, end, out)
        for j, check in out:
            if check not in ex.invariants:
                ex.invariants[check] = Found(j, None, check)
        ex.checked = end

    def active_checks(self, ex: Exploration) -> tuple[int, ...]:
        return tuple(c for c in self.sel.state_checks if c not in ex.invariants)

    # ------------------------------------------------------------ stopping
    def should_stop(self, ex: Exploration, start: float) -> bool:
        reason = self.limits.exceeded(len(ex.states), time.monotonic() - start, self.memory)
        if reason is None and stop_reason() is not None:  # the watchdog stopped a batch
            reason = _WATCHDOG_WORDS.get(stop_reason(), "interrupted")
        if reason is None and self.sel.stop_when_all_violated and self.aligned(ex) \
                and self.all_violated(ex):
            reason = "all properties violated"
        if reason is not None:
            ex.stop_reason = reason
            return True
        return False

    def all_violated(self, ex: Exploration) -> bool:
        """Every selected property (runtime errors aside) has a violation."""
        sel = self.sel
        if self.graph or not (sel.state_checks or sel.step_checks or sel.deadlock):
            return False
        return (len(ex.invariants) == len(sel.state_checks)
                and len(ex.monitors) == len(sel.step_checks)
                and (ex.deadlock is not None or not sel.deadlock))

    def repair(self, ex: Exploration) -> None:
        """After an interrupt inside a batch: keep only states whose parents
        are recorded and whose invariants were checked."""
        n = min(len(ex.states), len(ex.parents), ex.checked)
        del ex.states[n:]
        del ex.parents[n:]
        ex.expanded = min(ex.expanded, n)

    def report(self, ex: Exploration, seconds: float) -> None:
        self.reporter.progress(Progress("explore", ex.expanded, len(ex.states),
                                        len(ex.states) - ex.expanded, len(ex.level_ends),
                                        ex.transitions, seconds))

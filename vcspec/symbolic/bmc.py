"""Incremental bounded model checking.

One solver holds the path from the initial states, one transition more per
depth. At depth k each pending property is asked, under an assumption, for a bad
state at frame k (a counterexample of k steps) and then for a bad step from
frame k (k + 1 steps: a monitor's check). Depths are tried in order, so the
first counterexample found for a property is a shortest one, the same length
as the explicit engine's breadth-first trace.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import z3

from vcspec.engine.progress import NullReporter, Progress, Reporter
from vcspec.engine.result import Trace
from vcspec.engine.trace import ReplayError
from vcspec.symbolic.decode import Decoder
from vcspec.symbolic.encode import Encoding, SafetyProperty
from vcspec.symbolic.frames import Frames
from vcspec.symbolic.solver import Budget, Incremental, WorkLimit
from vcspec.symbolic.zterm import conj, disj


@dataclass
class Search:
    """What a bounded search found: traces by property, and the depth up to
    which every pending property is known to have no counterexample."""

    found: dict[str, Trace | ReplayError]  # an engine bug when a trace does not replay
    depth: int  # -1: not even the initial states were checked


class BMC:
    def __init__(self, enc: Encoding, budget: Budget, reporter: Reporter | None = None,
                 phase: str = "bmc"):
        self.enc = enc
        self.budget = budget
        self.reporter = reporter or NullReporter()
        self.phase = phase
        self.frames = Frames(enc, "b")
        self.decoder = Decoder(enc)
        self.solver = Incremental(budget)
        self.solver.add(self.frames.init(0))
        self.k = 0  # the solver holds frames 0..k
        self.now_depth = -1  # bad states looked for at frames 0..now_depth
        self.after_depth = -1  # bad steps looked for from frames 0..after_depth
        self.allowance: int | None = None  # the solver's work count not to pass

    def extend_to(self, k: int) -> None:
        """Steps 0 .. k-1 in the solver. A step may be idle (the state stays),
        so that the steps past a query's depth never constrain it; a query
        about paths of k steps requires steps 0 .. k-1 to be actions."""
        while self.k < k:
            self.solver.add(self.frames.trans(self.k, idle=True))
            self.k += 1

    def search(self, props: list[SafetyProperty], max_depth: int | None,
               found: dict | None = None, first: bool = False,
               work: int | None = None) -> Search:
        """Depth by depth until every property has a trace (`first`: one
        more has) or `max_depth` (None: no bound) is reached; calls continue
        where the last one stopped. Raises SolverUnknown, and WorkLimit once
        the solver has done `work` more (z3 resource count)."""
        with self.work_limit(work):
            return self._search(props, max_depth, {} if found is None else found, first)

    @contextmanager
    def work_limit(self, work: int | None):
        """Inside, the solver's queries may do `work` more (z3 resource
        count) in all; a query past it raises WorkLimit. None: no limit."""
        self.allowance = None if work is None else self.solver.work() + work
        try:
            yield
        finally:
            self.allowance = None

    def _search(self, props, max_depth, found: dict, first: bool) -> Search:
        known = len(found)
        k = 0
        while max_depth is None or k <= max_depth:
            pending = [p for p in props if p.name not in found]
            if not pending or (first and len(found) > known):
                break
            self.extend_to(k)
            if k > self.now_depth:
                self.report(k)
                self.check_depth(pending, "now", k, found)
                self.now_depth = k
            if (max_depth is None or k + 1 <= max_depth) and k > self.after_depth:
                self.check_depth([p for p in pending if p.name not in found], "after", k, found)
                self.after_depth = k
            k += 1
        return Search(found, self.depth)

    @property
    def depth(self) -> int:
        """Every counterexample of up to this many steps has been looked for."""
        return min(self.now_depth, self.after_depth + 1)

    def check_depth(self, props: list[SafetyProperty], part: str, k: int,
                    found: dict[str, Trace]) -> None:
        props = [p for p in props if not z3.is_false(getattr(p, part))]
        if not props:
            return
        if self.model_of(disj(*(getattr(p, part) for p in props)), k) is None:
            return
        for prop in props:
            model = self.model_of(getattr(prop, part), k)
            if model is not None:
                try:
                    found[prop.name] = self.decoder.safety_trace(prop, self.frames, model, k)
                except ReplayError as error:
                    found[prop.name] = error

    def model_of(self, formula: z3.BoolRef, k: int) -> z3.ModelRef | None:
        """A path of exactly k steps to a state where `formula` holds, if any."""
        return self.path_model(self.frames.at(formula, k), k)

    def path_model(self, formula: z3.BoolRef, k: int) -> z3.ModelRef | None:
        """A path of exactly k steps satisfying `formula` (over frames 0..k)."""
        self.extend_to(k)
        work = None
        if self.allowance is not None:
            work = self.allowance - self.solver.work()
            if work <= 0:
                raise WorkLimit()
        return self.solver.model_of(conj(self.frames.real(k), formula), work=work)

    def report(self, k: int) -> None:
        self.reporter.progress(Progress(self.phase, 0, 0, 0, k, 0, self.budget.elapsed))


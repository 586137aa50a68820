"""k-induction with simple-path constraints.

For a property with bad-state predicate B (encode.SafetyProperty.bad) and
k = 1, 2, ...:
  base(k)  no path of fewer than k steps from an initial state reaches B
           (BMC, which also finds the shortest counterexample);
  step(k)  no path of k steps through pairwise different states (x0 .. xk,
           x0 any state in the leaves' ranges) has B false in x0 .. x(k-1) and
           true in xk.
base(k) and step(k) prove the property for every reachable state. The
simple-path constraint makes the method complete for finite systems: step(k)
fails only while some loop-free path of k steps avoids B. When the step still
fails at the last k tried, its last transition is the counterexample to
induction: a state where the property holds (not known to be reachable) and
a step to a state where it fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from vcspec.engine.progress import NullReporter, Progress, Reporter
from vcspec.engine.result import Trace
from vcspec.engine.trace import ReplayError
from vcspec.symbolic.bmc import BMC
from vcspec.symbolic.decode import Decoder
from vcspec.symbolic.encode import Encoding, Instance, SafetyProperty
from vcspec.symbolic.frames import Frames
from vcspec.symbolic.solver import Budget, Incremental
from vcspec.symbolic.zterm import conj, neg


@dataclass
class Induction:
    """Where k-induction ended for one property."""

    proved_at: int | None = None  # k of the successful step
    base: int = 0  # the base case's depth when it succeeded
    cti: tuple | None = None  # (state, instance, state, failing instance or None)


@dataclass
class KindResult:
    found: dict[str, Trace | ReplayError]
    induction: dict[str, Induction] = field(default_factory=dict)
    depth: int = -1  # base case: no counterexample of up to this many steps


class KInduction:
    def __init__(self, enc: Encoding, bmc: BMC, budget: Budget,
                 reporter: Reporter | None = None):
        self.enc = enc
        self.budget = budget
        self.reporter = reporter or NullReporter()
        self.bmc = bmc
        self.frames = Frames(enc, "i")
        self.step = Incremental(budget)
        self.step.add(self.frames.domain(0))
        self.n = 0  # the step solver holds frames 0..n
        self.result = KindResult({})  # what `run` found so far

    def extend_to(self, n: int) -> None:
        while self.n < n:
            self.step.add(self.frames.trans(self.n))
            self.n += 1
            self.step.add(*(self.frames.differ(i, self.n) for i in range(self.n)))

    def run(self, props: list[SafetyProperty], max_k: int) -> KindResult:
        """Raises SolverUnknown (the caller keeps what `result` holds so far)."""
        result = self.result
        pending = list(props)
        for k in range(1, max_k + 1):
            result.depth = self.bmc.search(pending, k, result.found).depth
            pending = [p for p in pending if p.name not in result.found]
            self.extend_to(k)
            self.reporter.progress(Progress("kind", 0, 0, 0, k, 0, self.budget.elapsed))
            still = []
            for prop in pending:
                model = self.step.model_of(self.step_query(prop, k))
                record = result.induction.setdefault(prop.name, Induction())
                if model is None:
                    record.proved_at, record.base = k, result.depth
                else:
                    record.cti = self.cti(prop, model, k)
                    still.append(prop)
            pending = still
            if not pending:
                break
        return result

    def step_query(self, prop: SafetyProperty, k: int) -> z3.BoolRef:
        good = [neg(self.frames.at(prop.bad, i)) for i in range(k)]
        return conj(*good, self.frames.at(prop.bad, k))

    def cti(self, prop: SafetyProperty, model: z3.ModelRef, k: int) -> tuple:
        decoder = Decoder(self.enc)
        states = [self.enc.layout.decode(self.frames[i], model) for i in (k - 1, k)]
        pos = model.eval(self.frames.sel(k - 1), model_completion=True).as_long()
        inst = self.enc.instances[pos]
        failing: Instance | None = None
        if prop.steps and not z3.is_true(model.eval(self.frames.at(prop.now, k),
                                                    model_completion=True)):
            failing = decoder.failing_instance(prop, self.frames, model, k)
        return states[0], inst, states[1], failing

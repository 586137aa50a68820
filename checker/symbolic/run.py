"""One symbolic check: the encoding, the engine, and a verdict per property.

Safety properties (invariants, monitors, `runtime`, `deadlock`) go to the
chosen engine; temporal properties to the bounded lasso search. Results are
PropertyResults with the explicit engine's kinds and names.
"""

from __future__ import annotations

from pathlib import Path

import z3

from checker.properties import DEADLOCK, RUNTIME, Selected
from checker.report import Reporter
from checker.result import PropertyResult, Trace, Verdict
from checker.symbolic.bmc import BMC
from checker.symbolic.certificate import certificate, recheck
from checker.symbolic.encode import Encoding, SafetyProperty
from checker.symbolic.kind import Induction, KInduction
from checker.symbolic.lasso import LassoSearch
from checker.symbolic.pdr import PDR
from checker.symbolic.solver import Budget, SolverUnknown
from checker.symbolic.values import Unsupported
from checker.symbolic.zterm import disj
from checker.trace import ReplayError
from model import ir


class Run:
    def __init__(self, model: ir.Model, selected: Selected, engine: str, depth: int,
                 budget: Budget, reporter: Reporter, certificate_path, command: list[str]):
        self.model = model
        self.selected = selected
        self.engine = engine
        self.depth = depth
        self.budget = budget
        self.reporter = reporter
        self.certificate_path = certificate_path
        self.command = command
        self.results: dict[str, PropertyResult] = {}
        self.warnings: list[str] = []
        self.depth_reached = 0
        self.initial_states = 0
        self.stop_reason: str | None = None

    @property
    def complete(self) -> bool:
        return all(r.verdict in (Verdict.HOLDS, Verdict.VIOLATED) for r in self.results.values())

    # ------------------------------------------------------------ driver
    def execute(self) -> dict[str, PropertyResult]:
        try:
            self.enc = Encoding(self.model)
        except Unsupported as error:
            self.unsupported(str(error))
            return self.results
        self.initial_states = self.enc.initial_count
        self.bmc = BMC(self.enc, self.budget, self.reporter, self.engine)
        safety = self.safety_properties()
        try:
            getattr(self, "engine_" + self.engine)(safety)
        except SolverUnknown as unknown:
            self.stop_reason = unknown.reason
            self.unknown(safety, unknown.reason)
        self.temporal()
        return self.results

    def safety_properties(self) -> list[SafetyProperty]:
        names = [p.name for p in self.selected.invariants + self.selected.monitors]
        names = [p.name for p in self.model.properties if p.name in names]
        if self.selected.deadlock:
            names.append(DEADLOCK)
        if self.enc.init_errors:
            self.put(RUNTIME, Verdict.VIOLATED, "; ".join(self.enc.init_errors))
        else:
            names.append(RUNTIME)
        return [self.enc.property(n) for n in names]

    # ------------------------------------------------------------ engines
    def engine_bmc(self, safety: list[SafetyProperty]) -> None:
        found: dict = {}
        try:
            self.bmc.search(safety, self.depth, found)
        finally:
            self.depth_reached = max(self.bmc.depth, 0)
            self.violations(found)
        for prop in safety:
            if prop.name not in found:
                self.put(prop.name, Verdict.BOUNDED,
                         f"no counterexample of up to {self.bmc.depth} steps (BMC)")

    def engine_kind(self, safety: list[SafetyProperty]) -> None:
        kind = KInduction(self.enc, self.bmc, self.budget, self.reporter)
        try:
            result = kind.run(safety, self.depth)
        finally:
            self.depth_reached = max(self.bmc.depth, 0)
            self.violations(getattr(kind, "result", None) and kind.result.found or {})
        for prop in safety:
            if prop.name in result.found:
                continue
            record = result.induction.get(prop.name, Induction())
            if record.proved_at is not None:
                self.put(prop.name, Verdict.HOLDS,
                         f"proved by k-induction with k = {record.proved_at} (simple paths; "
                         f"base case: no counterexample of up to {record.base} steps)")
            else:
                self.put(prop.name, Verdict.BOUNDED,
                         f"no counterexample of up to {result.depth} steps; the induction step "
                         f"fails up to k = {self.depth}", self.cti_trace(prop, record))

    def engine_pdr(self, safety: list[SafetyProperty]) -> None:
        pending = list(safety)
        found: dict = {}
        pdr = PDR(self.enc, self.budget)
        while pending:
            bad = disj(*(p.bad for p in pending))
            self.reporter.message(f"pdr: proving {len(pending)} safety properties")
            result = pdr.prove(bad)
            if result.safe:
                self.proved(pending, result.invariant, bad)
                return
            try:
                self.bmc.search(pending, None, found, first=True)
            finally:
                self.depth_reached = max(self.bmc.depth, 0)
                self.violations(found)
            pending = [p for p in pending if p.name not in found]

    def proved(self, props: list[SafetyProperty], invariant, bad) -> None:
        names = [p.name for p in props]
        text = certificate(self.enc, invariant, bad, names, self.command)
        check = recheck(text, self.budget.left_ms())
        if not check.ok:
            for name in names:
                self.put(name, Verdict.UNKNOWN, "PDR's invariant does not re-check "
                         f"({check.detail}): not reported as a proof")
            return
        where = ""
        if self.certificate_path is not None:
            Path(self.certificate_path).write_text(text, encoding="utf-8")
            where = f"; certificate: {self.certificate_path}"
        size = len(invariant.children()) if z3.is_and(invariant) else 1
        for name in names:
            self.put(name, Verdict.HOLDS,
                     f"proved by PDR: an inductive invariant ({size} conjuncts) re-checked by "
                     f"plain z3 queries (initiation, consecution, safety){where}")

    # ------------------------------------------------------------ temporal
    def temporal(self) -> None:
        props = self.selected.temporals
        if not props:
            return
        lasso = LassoSearch(self.enc, self.bmc)
        targets = []
        for prop in props:
            try:
                targets += lasso.targets(prop)
            except (Unsupported, ValueError) as error:
                self.put(prop.name, Verdict.UNKNOWN, str(error), kind="temporal")
        targets = [t for t in targets if t.prop.name not in self.results]
        found: dict = {}
        try:
            lasso.search(targets, self.depth, found)
        except SolverUnknown as unknown:
            self.stop_reason = unknown.reason
            for t in targets:
                if t.prop.name not in found and t.prop.name not in self.results:
                    self.put(t.prop.name, Verdict.UNKNOWN, f"solver: {unknown.reason} (lasso "
                             f"search)", kind="temporal")
        except ReplayError as error:
            for t in targets:
                self.put(t.prop.name, Verdict.UNKNOWN, "internal error: the lasso does not "
                         f"replay ({error})", kind="temporal")
        for name, hit in found.items():
            self.put(name, Verdict.VIOLATED, hit.trace.violation, hit.trace, kind="temporal",
                     binding=hit.binding)
        for t in targets:
            if t.prop.name not in self.results:
                self.put(t.prop.name, Verdict.BOUNDED,
                         f"no lasso counterexample of up to {self.depth} steps (temporal "
                         "properties are searched for counterexamples, not proved, by the "
                         "symbolic engines)", kind="temporal")

    # ------------------------------------------------------------ results
    def violations(self, found: dict) -> None:
        for name, trace in found.items():
            if name in self.results:
                continue
            if isinstance(trace, ReplayError):
                self.put(name, Verdict.UNKNOWN,
                         f"internal error: the trace does not replay ({trace})")
            else:
                self.put(name, Verdict.VIOLATED, trace.violation, trace)

    def unknown(self, props: list[SafetyProperty], reason: str) -> None:
        depth = self.bmc.depth
        known = f" (no counterexample of up to {depth} steps)" if depth >= 0 else ""
        for prop in props:
            if prop.name not in self.results:
                self.put(prop.name, Verdict.UNKNOWN, f"solver: {reason}{known}")

    def unsupported(self, reason: str) -> None:
        words = f"not supported by the symbolic encoding: {reason}"
        for prop in self.model.properties:
            if prop.name in self.selected.names:
                self.put(prop.name, Verdict.UNKNOWN, words)
        if self.selected.deadlock:
            self.put(DEADLOCK, Verdict.UNKNOWN, words)
        self.put(RUNTIME, Verdict.UNKNOWN, words)

    def put(self, name: str, verdict: Verdict, message: str, trace: Trace | None = None,
            kind: str | None = None, binding: dict | None = None) -> None:
        if name in (DEADLOCK, RUNTIME):
            prop_kind, rules, span = (name if name == DEADLOCK else "runtime"), (), None
        else:
            prop = self.model.find_property(name)
            prop_kind, rules, span = prop.kind, prop.rules, prop.span
        self.results[name] = PropertyResult(name, kind or prop_kind, verdict, message, rules,
                                            trace, span, binding or {})

    def cti_trace(self, prop: SafetyProperty, record: Induction) -> Trace | None:
        """The counterexample to induction as a two-state trace (not reachable)."""
        if record.cti is None:
            return None
        before, inst, after, failing = record.cti
        decoder = self.bmc.decoder
        trace = decoder.trace_unchecked([before, after], [None, inst])
        try:
            if decoder.successor(before, inst) != after:
                raise ReplayError("the step does not lead to the second state")
        except ReplayError as error:
            self.warnings.append(f"{prop.name}: the counterexample to induction does not "
                                 f"replay ({error})")
        fails = f"; then {failing.label()} fails it" if failing is not None else \
            f"; {prop.name} fails in the second state"
        trace.violation = ("counterexample to induction (the first state is not known to be "
                           f"reachable): {prop.name} holds before {inst.label()}{fails}")
        return trace


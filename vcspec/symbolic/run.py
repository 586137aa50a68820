"""One symbolic check: the encoding, the engine, and a verdict per property.

Safety properties (invariants, monitors, `runtime`, `deadlock`) go to the
chosen engine; temporal properties to the bounded lasso search, then, with
pdr, what it leaves to PDR on the liveness-to-safety reduction (liveproof.py). Results are
PropertyResults with the explicit engine's kinds and names.
"""

from __future__ import annotations

from vcspec.engine.progress import Reporter
from vcspec.engine.properties import DEADLOCK, RUNTIME, Selected
from vcspec.engine.result import PropertyResult, Trace, Verdict, steps_words
from vcspec.engine.trace import ReplayError
from vcspec.engine.watchdog import phase
from vcspec.model import ir
from vcspec.symbolic.bmc import BMC
from vcspec.symbolic.certificate import bundle
from vcspec.symbolic.encode import Encoding, SafetyProperty
from vcspec.symbolic.kind import Induction, KInduction
from vcspec.symbolic.lasso import LassoSearch
from vcspec.symbolic.liveproof import LiveProver
from vcspec.symbolic.prove import Prover
from vcspec.symbolic.solver import Budget, SolverUnknown, WorkLimit, stop_is_unknown
from vcspec.symbolic.values import Unsupported

# Work limits (z3's resource count: the same on every run, unlike time; about
# 2 to 10 seconds of solving each): BMC's share before PDR, and the lasso
# search's when no depth is given.
PREPASS_WORK = 10_000_000
TEMPORAL_WORK = 20_000_000

DEFAULT_DEPTH = 20  # the bounded searches' default depth (--depth)


class Run:
    def __init__(self, model: ir.Model, selected: Selected, engine: str, depth: int | None,
                 budget: Budget, reporter: Reporter, command: list[str]):
        self.model = model
        self.selected = selected
        self.engine = engine
        self.depth_given = depth is not None
        self.depth = DEFAULT_DEPTH if depth is None else depth
        self.budget = budget
        self.reporter = reporter
        self.certificate: str | None = None  # SMT-LIB, once proofs re-check
        self.command = command
        self.results: dict[str, PropertyResult] = {}
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.depth_reached = 0
        self.initial_states = 0
        self.stop_reason: str | None = None
        self.live_certificates: list[str] = []  # one per binding of a temporal proof
        self.temporal_notes: dict[str, str] = {}  # why a temporal property is not proved

    @property
    def complete(self) -> bool:
        return all(r.verdict in (Verdict.HOLDS, Verdict.VIOLATED) for r in self.results.values())

    # ------------------------------------------------------------ driver
    def execute(self) -> dict[str, PropertyResult]:
        try:
            with phase("encoding"):
                self.enc = Encoding(self.model)
        except Unsupported as error:
            self.unsupported(str(error))
            return self.results
        self.initial_states = self.enc.initial_count
        self.bmc = BMC(self.enc, self.budget, self.reporter, self.engine)
        with phase("encoding"):
            safety = self.safety_properties()
        with phase("solving"):
            self.solve(safety)
        if self.live_certificates:
            self.certificate = bundle(([self.certificate] if self.certificate else []) +
                                      self.live_certificates)
        return self.results

    def solve(self, safety: list[SafetyProperty]) -> None:
        try:
            with stop_is_unknown(self.budget):
                getattr(self, "engine_" + self.engine)(safety)
        except SolverUnknown as unknown:
            self.stop_reason = unknown.reason
            self.unknown(safety, unknown.reason)
        self.temporal()

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
                         f"no counterexample of up to {steps_words(self.bmc.depth)} (BMC)")

    def engine_kind(self, safety: list[SafetyProperty]) -> None:
        """k = 1 .. depth; on a solver limit, what was proved before it stands."""
        kind = KInduction(self.enc, self.bmc, self.budget, self.reporter)
        stopped = None
        try:
            kind.run(safety, self.depth)
        except SolverUnknown as unknown:
            stopped = self.stop_reason = unknown.reason
        finally:
            self.depth_reached = max(self.bmc.depth, 0)
            self.violations(kind.result.found)
        result = kind.result
        for prop in safety:
            if prop.name in self.results:
                continue
            record = result.induction.get(prop.name, Induction())
            if record.proved_at is not None:
                self.put(prop.name, Verdict.HOLDS,
                         f"proved by k-induction with k = {record.proved_at} (simple paths; "
                         f"base case: no counterexample of up to {steps_words(record.base)})")
            elif stopped is not None:
                self.put(prop.name, Verdict.UNKNOWN, f"solver: {stopped} (k-induction; no "
                         f"counterexample of up to {steps_words(max(result.depth, 0))})")
            else:
                self.put(prop.name, Verdict.BOUNDED,
                         f"no counterexample of up to {steps_words(result.depth)}; the "
                         f"induction step fails up to k = {self.depth}",
                         self.cti_trace(prop, record))

    def engine_pdr(self, safety: list[SafetyProperty]) -> None:
        """BMC first, for the shallow counterexamples it finds faster than
        Spacer, within a fixed amount of solver work; then PDR on the rest."""
        found: dict = {}
        try:
            self.bmc.search(safety, self.depth, found, work=PREPASS_WORK)
        except WorkLimit:
            pass
        finally:
            self.depth_reached = max(self.bmc.depth, 0)
            self.violations(found)
        prover = Prover(self.enc, self.budget, self.reporter)
        outcome = prover.run([p for p in safety if p.name not in found])
        self.proved(prover, outcome.proofs)
        for name, reason in outcome.unknown.items():
            self.put(name, Verdict.UNKNOWN, f"solver: {reason} (PDR)")
        if outcome.unsafe:  # reachable: BMC finds the shortest traces
            found: dict = {}
            try:
                self.bmc.search(outcome.unsafe, None, found)
            finally:
                self.depth_reached = max(self.bmc.depth, 0)
                self.violations(found)

    def proved(self, prover: Prover, proofs: list) -> None:
        certified = prover.certify_or_reprove(proofs, self.command)
        for name, detail in certified.failed.items():
            self.put(name, Verdict.UNKNOWN, f"PDR's invariant does not re-check ({detail}): "
                     "not reported as a proof")
        if certified.text is None:
            return
        n = len(certified.proofs)
        self.certificate = certified.text
        self.notes.append(f"certificate: one inductive invariant for the {n} propert"
                          f"{'ies' if n != 1 else 'y'} proved, re-checked in a fresh z3 "
                          "context (initiation, consecution, safety)")
        for proof in certified.proofs:
            self.put(proof.prop.name, Verdict.HOLDS,
                     _proof_words(proof, len(self.enc.x)) + " (certificate re-checked)")

    # ------------------------------------------------------------ temporal
    def temporal(self) -> None:
        props = self.selected.temporals
        if not props:
            return
        if self.enc.model.semantics == "stuttering":
            for prop in props:  # the lasso search and l2s assume progress: no verdict
                self.put(prop.name, Verdict.UNKNOWN, "semantics stuttering: temporal properties "
                         "are checked by the explicit engine only", kind="temporal")
            return
        lasso = LassoSearch(self.enc, self.bmc)
        targets = []
        for prop in props:
            try:
                mine = lasso.targets(prop)
            except (Unsupported, ValueError) as error:
                self.put(prop.name, Verdict.UNKNOWN, str(error), kind="temporal")
                continue
            if not mine:  # as the explicit engine: nothing to check is a proof
                self.put(prop.name, Verdict.HOLDS, "holds: the domain of its forall is empty",
                         kind="temporal")
            targets += mine
        targets = [t for t in targets if t.prop.name not in self.results]
        found: dict = {}
        limited = False
        try:
            lasso.search(targets, self.depth, found,
                         work=None if self.depth_given else TEMPORAL_WORK)
        except WorkLimit:
            limited = True
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
        if self.engine == "pdr":
            self.prove_temporal(lasso, [t for t in targets if t.prop.name not in self.results])
        self.unrefuted([t.prop.name for t in targets], lasso.done if limited else self.depth,
                       limited)

    def prove_temporal(self, lasso: LassoSearch, targets: list) -> None:
        """PDR on the liveness-to-safety reduction of what the lasso search left."""
        if not targets:
            return
        prover = LiveProver(self.enc, lasso, self.budget, self.reporter, self.command)
        try:
            outcome = prover.run(targets)
        except Unsupported as error:
            self.notes.append(f"temporal properties not proved by PDR: {error}")
            return
        for name, proofs in outcome.proofs.items():
            self.live_certificates += [p.text for p in proofs]
            n, size = len(proofs), sum(p.size for p in proofs)
            bindings = f" for each of {n} bindings" if n > 1 else ""
            self.put(name, Verdict.HOLDS, "proved by PDR on the liveness-to-safety reduction"
                     f"{bindings}: inductive invariants of {size} conjuncts in all over the "
                     "state, its saved copy and the loop's flags (certificate re-checked)",
                     kind="temporal")
        for name, detail in outcome.failed.items():
            self.put(name, Verdict.UNKNOWN, f"PDR's invariant does not re-check ({detail}): "
                     "not reported as a proof", kind="temporal")
        for name, reason in outcome.unknown.items():
            self.temporal_notes[name] = f"; PDR on the liveness-to-safety reduction: solver: " \
                f"{reason}"
        for name in outcome.reachable:
            self.temporal_notes[name] = "; PDR finds a fair violating lasso reachable (the " \
                "bounded search shows none this short: give a larger --depth)"
        if self.live_certificates:
            self.notes.append(f"certificate: one inductive invariant per binding of the "
                              f"{len(outcome.proofs)} temporal properties proved, re-checked "
                              "in a fresh z3 context")

    def unrefuted(self, names: list[str], depth: int, limited: bool) -> None:
        """Temporal properties without a lasso: BOUNDED by the depth searched."""
        stopped = (" (the search stopped at its default work limit: give --depth K to search "
                   "to K steps)") if limited else ""
        for name in names:
            if name in self.results:
                continue
            if depth < 0:
                self.put(name, Verdict.UNKNOWN, "the lasso search stopped at its default work "
                         "limit before its first depth: give --depth K", kind="temporal")
            else:
                why = self.temporal_notes.get(name, "; temporal properties are searched "
                                              "for counterexamples, not proved, by bmc and kind")
                self.put(name, Verdict.BOUNDED,
                         f"no lasso counterexample of up to {steps_words(depth)}{stopped}{why}",
                         kind="temporal")

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
        known = f" (no counterexample of up to {steps_words(depth)})" if depth >= 0 else ""
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
        if prop.kind == "deadlock":
            words = f"no deadlock before {inst.label()}; the second state is a deadlock"
        else:
            fails = f"; then {failing.label()} fails it" if failing is not None else \
                f"; {prop.name} fails in the second state"
            words = f"{prop.name} holds before {inst.label()}{fails}"
        trace.violation = ("counterexample to induction (the first state is not known to be "
                           f"reachable): {words}")
        return trace



def _proof_words(proof, leaves: int) -> str:
    if proof.cone_leaves == 0:
        return "proved without search: no state within the variables' ranges is bad"
    copies = f", copied over {' and '.join(proof.fixed)} by symmetry" if proof.fixed else ""
    n = proof.size
    return (f"proved by PDR: an inductive invariant of {n} conjunct{'s' * (n != 1)} over "
            f"{proof.cone_leaves} of {leaves} state leaves{copies}")

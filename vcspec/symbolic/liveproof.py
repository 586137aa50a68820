"""PDR proofs of temporal properties: Spacer on the liveness-to-safety
reduction (l2s.py) of each binding of a property's `forall` prefix.

A property is proved when every binding's reduced bad states are unreachable
and the invariant Spacer gives for each re-checks, in a fresh z3 context,
against the reduced system as written in the certificate (initiation,
consecution, safety). When Spacer finds a reduced bad state reachable, the
lasso itself comes from the bounded search (lasso.py), replayed and checked
on the reference; PDR's own answer is never reported as a violation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from vcspec.engine.progress import Reporter
from vcspec.explicit.liveness import describe_binding
from vcspec.symbolic.certificate import Recheck, recheck, smtlib
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.l2s import Reduced, Reduction
from vcspec.symbolic.lasso import LassoSearch, Target
from vcspec.symbolic.pdr import PDR, forall
from vcspec.symbolic.solver import Budget, SolverUnknown
from vcspec.symbolic.zterm import FALSE, conj

# z3's resource count allowed to Spacer per binding (deterministic, unlike
# time): without it a default run would wait on the hardest property forever.
LIVE_WORK = 200_000_000


@dataclass
class LiveProof:
    target: Target
    invariant: z3.BoolRef  # over the reduced system's state
    text: str  # its certificate
    check: Recheck

    @property
    def size(self) -> int:
        return len(self.invariant.children()) if z3.is_and(self.invariant) else 1


@dataclass
class LiveOutcome:
    """Per property: the proofs of all its bindings, or why not."""

    proofs: dict[str, list[LiveProof]] = field(default_factory=dict)
    reachable: dict[str, Target] = field(default_factory=dict)  # a violation exists
    unknown: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # did not re-check


class LiveProver:
    def __init__(self, enc: Encoding, lasso: LassoSearch, budget: Budget, reporter: Reporter,
                 command: list[str] | None = None):
        self.enc = enc
        self.reduction = Reduction(enc, lasso)
        self.budget = budget
        self.reporter = reporter
        self.pdr = PDR(budget)
        self.command = command or []

    def run(self, targets: list[Target]) -> LiveOutcome:
        """Each property's bindings in turn, a property stopping at its first
        binding not proved. Each property gets an equal share of the time left."""
        by_prop: dict[str, list[Target]] = {}
        for t in targets:
            by_prop.setdefault(t.prop.name, []).append(t)
        out = LiveOutcome()
        for i, (name, group) in enumerate(by_prop.items()):
            left = self.budget.left_ms()
            share = None if left is None else max(1, left // (len(by_prop) - i))
            proofs = []
            for target in group:
                try:
                    proof = self.prove(target, share)
                except SolverUnknown as unknown:
                    out.unknown[name] = unknown.reason
                    break
                if proof is None:
                    out.reachable[name] = target
                    break
                if not proof.check.ok:
                    out.failed[name] = proof.check.detail
                    break
                proofs.append(proof)
            else:
                out.proofs[name] = proofs
        return out

    def prove(self, target: Target, share_ms: int | None = None,
              checked: bool = True) -> LiveProof | None:
        """The re-checked proof of one binding, or None when a violation is
        reachable. Not `checked`: the invariant only, its certificate neither
        written nor re-checked (for --for-all, where it is a candidate)."""
        if self.budget.expired():  # before the reduction, which takes time too
            raise SolverUnknown(self.budget.spent_words())
        reduced = self.reduction.reduce(target)
        where = f" ({describe_binding(target.binding)})" if target.binding else ""
        self.reporter.message(f"pdr: {target.prop.name}{where}: liveness to safety, "
                              f"{len(reduced.x)} state leaves")
        inv = z3.Function("Inv", *[v.sort() for v in reduced.x], z3.BoolSort())
        x, xn = reduced.x, reduced.xn
        clauses = [
            forall(x, z3.Implies(reduced.init, inv(*x))),
            forall(x + xn + reduced.inputs,
                   z3.Implies(conj(inv(*x), reduced.domain, reduced.trans), inv(*xn))),
            forall(x, z3.Implies(conj(inv(*x), reduced.bad), FALSE)),
        ]
        result = self.pdr.solve(inv, x, clauses, share_ms, LIVE_WORK)
        if not result.safe:
            return None
        invariant = conj(result.invariant, reduced.domain)
        if not checked:
            return LiveProof(target, invariant, "", Recheck(False, [], "not re-checked"))
        text = self.certificate(reduced, invariant)
        return LiveProof(target, invariant, text, recheck(text, self.budget.left_ms()))

    def certificate(self, reduced: Reduced, invariant: z3.BoolRef) -> str:
        target = reduced.target
        where = f" for {describe_binding(target.binding)}" if target.binding else ""
        header = [f"; vcspec certificate for spec {self.enc.model.name}, temporal property "
                  f"{target.prop.name}{where} ({target.form.kind})",
                  "; reduced to safety (liveness to safety, Biere-Artho-Schuppan): x is the "
                  "state, its shadow copy (~) and the loop's flags (l2s.*);",
                  "; bad: a fair loop back to the saved copy on which the property fails, a "
                  "state without successor where it fails, or an evaluation error",
                  "; an inductive invariant found by PDR (z3 Spacer); check with: z3 THIS_FILE",
                  "; expected output: unsat (initiation), unsat (consecution), unsat (safety)"]
        if self.command:
            header.append(f"; produced by: {' '.join(self.command)}")
        header.append("; the reduced state (x), its next values (x'), the inputs (sel, save):")
        return smtlib(header, reduced.x, reduced.xn, reduced.inputs, reduced.init,
                      reduced.trans, reduced.bad, invariant)

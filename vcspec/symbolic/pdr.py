"""PDR/IC3 through z3's Spacer engine (constrained Horn clauses).

With one uninterpreted predicate Inv over the leaves of a cone (coi.py):

  init(x) and dom(x)                          ->  Inv(x)
  Inv(x) and dom(x) and OR_i (sel = i and enabled_i(x))
         and x' = next_sel(x) and dom(x')     ->  Inv(x')
  Inv(x) and dom(x) and bad(x)                ->  false

The clauses are satisfiable exactly when `bad` is unreachable, and Spacer's
model gives Inv as a formula over x: an inductive invariant that excludes
`bad`. It is re-checked independently before it is believed
(certificate.py). When Spacer finds the clauses unsatisfiable, a bad state is
reachable and BMC produces the shortest trace.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import z3

from vcspec.symbolic.coi import Cone
from vcspec.symbolic.encode import selected_next
from vcspec.symbolic.solver import (
    SEED,
    TIMEOUTS,
    Budget,
    SolverUnknown,
    backstop,
    interruptible,
    model_after_sat,
    stop_is_unknown,
)
from vcspec.symbolic.zterm import FALSE, conj, disj, subterms


@dataclass
class PdrResult:
    safe: bool
    invariant: z3.BoolRef | None = None  # over the cone's leaves, when safe
    seconds: float = 0.0


class PDR:
    def __init__(self, budget: Budget):
        self.budget = budget

    def clauses(self, cone: Cone, bad: z3.BoolRef,
                lemmas: tuple = ()) -> tuple[z3.FuncDeclRef, list]:
        """`lemmas`: invariants already proved (over the cone's leaves), assumed
        of every state: all reachable states satisfy them, so the reachable
        set and the answer are the same, and Spacer need not find them again."""
        sorts = [v.sort() for v in cone.x]
        inv = z3.Function("Inv", *sorts, z3.BoolSort())
        x, xn = cone.x, cone.xn
        domain = conj(cone.domain, *lemmas)
        domain_next = conj(cone.domain_next, *(z3.substitute(f, list(zip(x, xn)))
                                               for f in lemmas))
        out = [forall(x, z3.Implies(conj(cone.init, domain), inv(*x)))]
        sel = z3.Int("sel")  # the step taken (one rule for all steps: Spacer does
        # better with it than with a rule per step)
        taken = disj(*(conj(sel == i, step.enabled) for i, step in enumerate(cone.steps)))
        frame = selected_next(x, xn, [step.next for step in cone.steps], sel)
        body = conj(inv(*x), domain, taken, *frame, domain_next)
        out.append(forall(x + xn + [sel], z3.Implies(body, inv(*xn))))
        out.append(forall(x, z3.Implies(conj(inv(*x), domain, bad), FALSE)))
        return inv, out

    def prove(self, cone: Cone, bad: z3.BoolRef, share_ms: int | None = None,
              lemmas: tuple = ()) -> PdrResult:
        """Is `bad` (over the cone's leaves) unreachable? Raises SolverUnknown
        on a limit (the budget's, or `share_ms` for this query) or unknown.
        The invariant is inductive relative to `lemmas` (see clauses)."""
        inv, clauses = self.clauses(cone, bad, lemmas)
        return self.solve(inv, cone.x, clauses, share_ms)

    def solve(self, inv: z3.FuncDeclRef, x: list, clauses: list,
              share_ms: int | None = None, work: int | None = None) -> PdrResult:
        """Spacer on Horn clauses over one predicate `inv`; safe: its model at x.
        `work` caps z3's resource count (the same on every run, unlike time).

        Spacer runs in a context of its own, the clauses translated into it:
        its search depends on the order of z3's term ids, which in the main
        context depend on everything built before (one process checking
        several specs got other invariants, or none, than a fresh one)."""
        if self.budget.expired():
            raise SolverUnknown(self.budget.spent_words())
        ctx = z3.Context()
        solver = z3.SolverFor("HORN", ctx=ctx)
        solver.set("random_seed", SEED)
        solver.set("spacer.random_seed", SEED)
        limits = [t for t in (self.budget.left_ms(), share_ms) if t is not None]
        if limits:
            solver.set("timeout", min(limits))
        if work is not None:
            solver.set("rlimit", work)
        solver.add(*(c.translate(ctx) for c in clauses))
        unwatch, unarm = interruptible(ctx), backstop(self.budget, ctx)
        start = time.monotonic()
        try:
            with stop_is_unknown(self.budget):  # an interrupt outside the check too
                result = solver.check()
                seconds = time.monotonic() - start
                if result == z3.unknown:
                    reason = solver.reason_unknown() or "unknown"
                    if self.budget.expired():
                        raise SolverUnknown(self.budget.spent_words())
                    raise SolverUnknown(reason if reason in TIMEOUTS else f"Spacer: {reason}")
                if result == z3.unsat:
                    return PdrResult(False, None, seconds)
                found = model_after_sat(solver, self.budget).eval(inv(*x).translate(ctx))
                invariant = quantifier_free(found, self.budget.left_ms())  # main context
        finally:
            self.budget.solver_seconds += time.monotonic() - start
            unarm()
            unwatch()
        return PdrResult(True, invariant, seconds)


def forall(variables: list, body: z3.BoolRef) -> z3.BoolRef:
    return z3.ForAll(variables, body) if variables else body


# the eliminations tried in turn: model-based ones first (quick on Spacer's
# invariants), z3's classic `qe` last (on some invariants it runs for minutes)
ELIMINATIONS = (("simplify", "qe-light", "qe2", "simplify"), ("simplify", "qe_rec", "simplify"),
                ("simplify", "qe", "simplify"))
QE_SLICE_MS = 20_000  # at most this long for each elimination


def quantifier_free(formula: z3.BoolRef, timeout_ms: int | None = None) -> z3.BoolRef:
    """Spacer's invariants may keep existential quantifiers (variables its
    projection did not eliminate); over bounded integers they can be
    eliminated, which makes the certificate a plain quantifier-free check.
    Within `timeout_ms` in all; when no elimination succeeds the formula
    stays as it is (the re-check decides, and it is never a lemma). The
    answer is in z3's main context, whatever the context of `formula`."""
    main = z3.main_ctx()
    if not has_quantifier(formula):
        return formula.translate(main)
    deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
    for steps in ELIMINATIONS:
        left = QE_SLICE_MS if deadline is None else \
            min(QE_SLICE_MS, int((deadline - time.monotonic()) * 1000))
        if left <= 0:
            break
        try:
            tactic = z3.Then(*steps, ctx=formula.ctx)  # a tactic of another context crashes z3
            goals = z3.TryFor(tactic, left, ctx=formula.ctx)(formula)
        except z3.Z3Exception:
            continue
        out = disj(*(conj(*(f.translate(main) for f in goal))
                     for goal in goals))  # the goals are alternatives
        if not has_quantifier(out):
            return out
    return formula.translate(main)


def has_quantifier(formula: z3.BoolRef) -> bool:
    return any(z3.is_quantifier(e) for e in subterms(formula))

"""PDR/IC3 through z3's Spacer engine (constrained Horn clauses).

With one uninterpreted predicate Inv over the state leaves:

  init(x) and dom(x)                        ->  Inv(x)
  Inv(x) and guard_i(x) and not error_i(x)
         and x' = next_i(x)                 ->  Inv(x')     one rule per action instance
  Inv(x) and bad(x)                         ->  false

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

from checker.symbolic.encode import Encoding
from checker.symbolic.solver import SEED, TIMEOUTS, Budget, SolverUnknown
from checker.symbolic.zterm import conj, neg, same


@dataclass
class PdrResult:
    safe: bool
    invariant: z3.BoolRef | None = None  # over Encoding.x, when safe
    seconds: float = 0.0


class PDR:
    def __init__(self, enc: Encoding, budget: Budget, per_instance: bool = False):
        self.enc = enc
        self.budget = budget
        self.per_instance = per_instance
        sorts = [v.sort() for v in enc.x]
        self.inv = z3.Function("Inv", *sorts, z3.BoolSort())

    def clauses(self, bad: z3.BoolRef) -> list[z3.BoolRef]:
        enc, inv = self.enc, self.inv
        x, xn = enc.x, enc.xn
        out = [_forall(x, z3.Implies(conj(enc.init, enc.domain), inv(*x)))]
        if self.per_instance:
            for inst in enc.instances:
                step = conj(enc.domain, inst.guard, neg(inst.error),
                            *(same(a, b) for a, b in zip(xn, inst.next)), enc.domain_next)
                if z3.is_false(step):
                    continue
                out.append(_forall(x + xn, z3.Implies(conj(inv(*x), step), inv(*xn))))
        else:
            body = conj(inv(*x), enc.domain, enc.trans_template(), enc.domain_next)
            out.append(_forall(x + xn + [enc.sel], z3.Implies(body, inv(*xn))))
        out.append(_forall(x, z3.Implies(conj(inv(*x), enc.domain, bad), z3.BoolVal(False))))
        return out

    def prove(self, bad: z3.BoolRef) -> PdrResult:
        """Is `bad` unreachable? Raises SolverUnknown on a limit or unknown."""
        solver = z3.SolverFor("HORN")
        solver.set("random_seed", SEED)
        solver.set("spacer.random_seed", SEED)
        left = self.budget.left_ms()
        if self.budget.expired():
            raise SolverUnknown("timeout (the time budget is spent)")
        if left is not None:
            solver.set("timeout", left)
        solver.add(*self.clauses(bad))
        start = time.monotonic()
        try:
            result = solver.check()
        finally:
            self.budget.solver_seconds += time.monotonic() - start
        seconds = time.monotonic() - start
        if result == z3.unknown:
            reason = solver.reason_unknown() or "unknown"
            raise SolverUnknown(reason if reason in TIMEOUTS else f"Spacer: {reason}")
        if result == z3.unsat:
            return PdrResult(False, None, seconds)
        model = solver.model()
        invariant = model.eval(self.inv(*self.enc.x))
        return PdrResult(True, invariant, seconds)


def _forall(variables: list, body: z3.BoolRef) -> z3.BoolRef:
    return z3.ForAll(variables, body) if variables else body

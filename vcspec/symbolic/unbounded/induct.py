"""Checking a quantified invariant for every size, and its certificate.

`Induction.houdini(candidates)` keeps the largest subset of candidate
conjuncts that is inductive over the uninterpreted sorts: a conjunct false
in some initial state is dropped, then, until nothing changes, every conjunct
that some step from a state satisfying all of them (and the ranges) can
falsify. A check z3 cannot decide drops the conjunct too. What is left is an
inductive invariant for every size; `safe` asks whether it excludes the bad
states. A proof is believed only after its certificate (three queries in one
SMT-LIB file: initiation, consecution, safety) re-checks in a fresh z3
context (vcspec/symbolic/certificate.recheck).

When the candidates are not inductive, `cti` gives the counterexample to
induction: a state that satisfies them and a step to one that does not, in a
model of the sort with as few members as z3 finds (1, 2, ... up to 4).
"""

from __future__ import annotations

import z3

from vcspec.model.evaluate import format_value
from vcspec.symbolic import canon
from vcspec.symbolic import values as V
from vcspec.symbolic.solver import SEED, Budget, SolverUnknown
from vcspec.symbolic.unbounded.uencode import UEncoding
from vcspec.symbolic.unbounded.uvalues import UMap, USet, USym, index, uleaves
from vcspec.symbolic.values import SV
from vcspec.symbolic.zterm import conj, neg

CHECK_MS = 60_000  # one query's limit (within the run's budget)
CTI_SIZES = 4


class Induction:
    def __init__(self, uenc: UEncoding, budget: Budget):
        self.u = uenc
        self.budget = budget

    def solver(self) -> z3.Solver:
        s = z3.Solver()
        s.set("random_seed", SEED)
        left = self.budget.left_ms()
        s.set("timeout", CHECK_MS if left is None else max(1, min(CHECK_MS, left)))
        return s

    def sat(self, *formulas) -> z3.CheckSatResult:
        if self.budget.expired():
            raise SolverUnknown(self.budget.spent_words())
        s = self.solver()
        s.add(*formulas)
        return s.check()

    def houdini(self, cands: list[z3.BoolRef]) -> list[z3.BoolRef]:
        u = self.u
        kept = [c for c in cands if self.sat(u.init, u.domain, neg(c)) == z3.unsat]
        changed = True
        while changed and kept:
            changed = False
            s = self.solver()
            s.add(u.domain, *kept, u.trans)
            for c in list(kept):
                if self.budget.expired():
                    raise SolverUnknown(self.budget.spent_words())
                s.push()
                s.add(neg(u.next_of(c)))
                result = s.check()
                s.pop()
                if result != z3.unsat:
                    kept.remove(c)
                    changed = True
                    break
        return kept

    def ranges_inductive(self, kept: list) -> bool:
        u = self.u
        return self.sat(u.domain, *kept, u.trans, neg(u.domain_next)) == z3.unsat

    def safe(self, kept: list, bad: z3.BoolRef) -> z3.CheckSatResult:
        return self.sat(self.u.domain, *kept, bad)

    # ------------------------------------------------------------ counterexample to induction
    def cti(self, cands: list, bad: z3.BoolRef | None = None) -> str | None:
        """A state satisfying `cands` with a step out of them (or, with `bad`,
        a bad state satisfying them), in the smallest model z3 finds."""
        u = self.u
        if bad is not None:
            query = [u.domain, *cands, bad]
        else:
            query = [u.domain, *cands, u.trans, neg(conj(*(u.next_of(c) for c in cands)),
                                                    )]
        for size in range(1, CTI_SIZES + 1):
            s = self.solver()
            s.add(*query, *self.at_most(size))
            if s.check() == z3.sat:
                return self.describe(s.model(), size, bad is None)
        return None

    def at_most(self, n: int) -> list:
        out = []
        for name, sort in self.u.sorts.sorts.items():
            elems = [z3.Const(f"{name}!elem{i}", sort) for i in range(n)]
            x = z3.Const(f"{name}!any", sort)
            out.append(z3.ForAll([x], z3.Or(*(x == e for e in elems))))
        return out

    def describe(self, model: z3.ModelRef, size: int, step: bool) -> str:
        u = self.u
        universe = {name: model.get_universe(sort) or [] for name, sort in u.sorts.sorts.items()}
        names = {e.sexpr(): f"{n}#{i + 1}" for n, es in universe.items()
                 for i, e in enumerate(es)}
        sizes = ", ".join(f"{n} = {len(es)}" for n, es in universe.items())
        what = "counterexample to induction" if step else "a bad state the invariant allows"
        lines = [f"{what}, with {sizes} (the smallest size with one, from 1 up):"]
        lines.append("  state: " + _state(u, u.pre, model, universe, names))
        if step:
            lines.append("  next:  " + _state(u, u.post, model, universe, names))
        return "\n".join(lines)


def _state(u: UEncoding, values: list, model, universe, names) -> str:
    parts = []
    for var, v in zip(u.vars, values):
        parts.append(f"{var.name} = {_show(v, var.type, model, universe, names)}")
    return "; ".join(parts)


def _show(v: SV, t, model, universe, names) -> str:
    if isinstance(v, UMap):
        elems = universe[t.key.name]
        inner = ", ".join(f"{names.get(e.sexpr(), e.sexpr())}: "
                          f"{_show(index(v, e), t.value, model, universe, names)}"
                          for e in elems)
        return "{" + inner + "}"
    if isinstance(v, USym):
        e = model.eval(v.t, model_completion=True)
        return names.get(e.sexpr(), e.sexpr())
    if isinstance(v, USet):
        elems = universe[t.elem.name]
        return "{" + ", ".join(names.get(e.sexpr(), e.sexpr()) for e in elems
                               if z3.is_true(model.eval(z3.Select(v.t, e),
                                                        model_completion=True))) + "}"
    if isinstance(v, V.SOpt) and isinstance(v.val, (UMap, USym, USet)):
        if not z3.is_true(model.eval(v.some, model_completion=True)):
            return "none"
        return _show(v.val, t.inner, model, universe, names)
    try:
        return format_value(canon.decode(v, model), t)
    except Exception:  # noqa: BLE001 - a value holding members inside a record or queue
        return " ".join(str(model.eval(x, model_completion=True)) for x in uleaves(v))

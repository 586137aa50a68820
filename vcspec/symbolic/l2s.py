"""Liveness to safety (Biere, Artho, Schuppan 2002) on the symbolic encoding.

A temporal property under one binding of its `forall` prefix (lasso.Target)
fails exactly when some run from an initial state violates it and is fair
(vcspec/explicit/liveness.py, fairness.py). Over finitely many states such a
run can be taken to be a lasso: a path s0 .. sk that either closes a loop
(sk = sj, j < k, the run repeats sj .. sk forever) or ends in a state with no
successor (no instance whose guard holds and whose body runs without error),
which repeats forever and satisfies every fairness constraint.

The reduced system runs the encoding's transition relation (instance `sel`)
and keeps beside the state x:
  saved     the loop has started: on some earlier step (input `save`) the
            state before that step was copied into the shadow
  shadow    that copy (x itself while nothing is saved)
  fair_g    (weak g) g was taken on a step since the save or disabled in a
            state since then (the saved one included): one flag, not two
  taken_g   (strong g) g was taken on a step since the save; on_g: g was
            enabled in a state since then
  run       eventually: P was false in every state so far; leadsto: some
            state so far had P and not Q, and Q was false in every state since
  loop      always eventually: P false in every state since the save;
            eventually always: P false in one; leadsto: Q false in every one
A state of the reduced system is bad when the loop closes (saved, x equals
the shadow) with every constraint met (weak: fair, strong: taken or not on)
and the formula's condition, or when x has no successor and the formula
fails on the run that stays there, or when evaluating P or Q raises
(the explicit engine reports that as a violation too). `always P` needs no
loop: its bad states are the states where P is false.

So the reduced bad states are unreachable exactly when no violating fair
lasso exists. Nothing here is trusted: a proof is an inductive invariant of
the reduced system, re-checked in a fresh z3 context (certificate.py), and a
violation is only reported with a lasso found by the bounded search, replayed
on the reference and checked by vcspec/engine/verify.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.lasso import LassoSearch, Target
from vcspec.symbolic.zterm import FALSE, conj, disj, ite, neg, same

SHADOW = "~"  # the shadow leaves' suffix


@dataclass
class Reduced:
    """A transition system over x (the state, then the shadow, then flags)."""

    target: Target
    x: list
    xn: list
    inputs: list  # sel and save
    init: z3.BoolRef  # with the ranges
    trans: z3.BoolRef  # with the next state's ranges
    bad: z3.BoolRef
    domain: z3.BoolRef  # the ranges of x


class Reduction:
    def __init__(self, enc: Encoding, lasso: LassoSearch):
        self.enc = enc
        self.lasso = lasso
        self.shadow = enc.layout.make_vars(SHADOW)
        self.shadow_next = enc.layout.make_vars(SHADOW + "'")
        self.save = z3.Bool("l2s.save")

    def _next(self, formula: z3.BoolRef) -> z3.BoolRef:
        return z3.substitute(formula, list(zip(self.enc.x, self.enc.xn)))

    def reduce(self, target: Target) -> Reduced:
        enc = self.enc
        base_trans = conj(enc.trans_template(), enc.sel >= 0, enc.sel < len(enc.instances),
                          enc.domain_next)
        init = conj(enc.init, enc.domain)
        if target.form.kind == "always":
            bad = conj(enc.domain, disj(neg(target.p), target.error))
            return Reduced(target, list(enc.x), list(enc.xn), [enc.sel], init, base_trans,
                           bad, enc.domain)
        flags = _Flags(target.form.kind)
        saved, saved_n = flags.pair("saved")
        now_saved = disj(saved, self.save)

        def loop_flag(name: str, at_save: z3.BoolRef, step: z3.BoolRef, every: bool):
            """A flag over the states since the save: all of them (every) or one."""
            old, new = flags.pair(name)
            before = ite(saved, old, at_save)
            value = conj(before, step) if every else disj(before, step)
            return old, same(new, conj(now_saved, value))

        parts = [same(saved_n, now_saved)]
        parts += [same(b, ite(saved, s, ite(self.save, a, an)))
                  for a, an, s, b in zip(enc.x, enc.xn, self.shadow, self.shadow_next)]
        fair = []
        for g, (group, positions, enabled) in enumerate(zip(
                self.lasso.groups, self.lasso.group_positions, self.lasso.enabled)):
            took = disj(*(enc.sel == p for p in positions))
            if group.kind == "weak":  # taken, or disabled in a state: one flag
                ok, rule = loop_flag(f"fair{g}", neg(enabled),
                                     disj(took, neg(self._next(enabled))), False)
                fair.append(ok)
            else:
                taken, rule = loop_flag(f"taken{g}", FALSE, took, every=False)
                parts.append(rule)
                on, rule = loop_flag(f"on{g}", enabled, self._next(enabled), False)
                fair.append(disj(taken, neg(on)))
            parts.append(rule)
        p, q = target.p, target.q
        kind = target.form.kind
        run_init = None  # the run flag's initial value, for the shapes that have one
        if kind in ("eventually", "leadsto"):
            run, run_n = flags.pair("run")
            if kind == "eventually":
                run_init, run_rule = neg(p), conj(run, neg(self._next(p)))
                closes = stutter = run
            else:
                run_init = conj(p, neg(q))
                run_rule = conj(disj(run, self._next(p)), neg(self._next(q)))
                loop, rule = loop_flag("loop", neg(q), neg(self._next(q)), every=True)
                parts.append(rule)
                closes, stutter = conj(run, loop), run
            parts.append(same(run_n, run_rule))
        else:
            every = kind == "always_eventually"
            loop, rule = loop_flag("loop", neg(p), neg(self._next(p)), every=every)
            parts.append(rule)
            closes, stutter = loop, neg(p)
        run_part = [] if run_init is None else [same(run, run_init)]
        starts = [f for f in flags.olds if run_init is None or not f.eq(run)]
        state_init = conj(*(same(a, s) for a, s in zip(enc.x, self.shadow)),
                          *run_part, *(neg(f) for f in starts))
        closed = conj(saved, *(same(a, s) for a, s in zip(enc.x, self.shadow)), *fair, closes)
        bad = disj(closed, conj(self.lasso.dead_end, stutter), target.error)
        x = list(enc.x) + self.shadow + flags.olds
        xn = list(enc.xn) + self.shadow_next + flags.news
        domain = conj(enc.domain, enc.layout.domain(self.shadow))
        domain_next = conj(enc.domain_next, enc.layout.domain(self.shadow_next))
        return Reduced(target, x, xn, [enc.sel, self.save], conj(init, state_init, domain),
                       conj(base_trans, domain_next, *parts), conj(domain, bad), domain)


class _Flags:
    def __init__(self, kind: str):
        self.olds: list = []
        self.news: list = []
        self.tag = f"l2s.{kind}"

    def pair(self, name: str) -> tuple:
        old = z3.Bool(f"{self.tag}.{name}")
        for a, b in zip(self.olds, self.news):
            if a.eq(old):
                return a, b
        new = z3.Bool(f"{self.tag}.{name}'")
        self.olds.append(old)
        self.news.append(new)
        return old, new


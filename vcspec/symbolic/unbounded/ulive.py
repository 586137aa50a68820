"""Liveness to safety over the uninterpreted sorts: one reduced system for every size.

vcspec/symbolic/l2s.py reduces a temporal property at one size to a safety
property of a system that keeps beside the state a saved copy (the shadow)
and the loop's flags. Here the same reduction is built over the unbounded
encoding (uencode.py), so that one inductive invariant of it proves the
property for every number of members:

  binding   `forall v in Vc: ...` binds v to one free constant of the sort
            (an arbitrary member: a proof for it is a proof for each); the
            other binders are enumerated, one reduced system per valuation
  shadow    the state's copy, arrays over the sort like the state
  fairness  a group per fairness declaration and finite key; a group keyed
            by a member (`weak A` with A(v: Vc, ...): one group per VC) has
            its flags as arrays from the sort to Bool (taken[w], off[w] or
            on[w]), updated at the acting member, and "every group is fair"
            quantifies over the sort
  dead end  no step is enabled for any member (quantified)

At a size n the models of the sort with n elements are exactly the finite
reduction's states (the finite groups are the array entries), so an
inductive invariant excluding the bad states for every model of the sort
proves the property at every size. The invariant and its certificate are
checked by induct.py and cert.py like a safety proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from vcspec.explicit.liveness import Shape
from vcspec.model import ir
from vcspec.symbolic.unbounded.uencode import UEncoding, UStep
from vcspec.symbolic.unbounded.uexpr import UEvaluator
from vcspec.symbolic.unbounded.uvalues import USym, uleaves
from vcspec.symbolic.values import Unsupported
from vcspec.symbolic.zterm import FALSE, conj, disj, implies, ite, neg, same

SHADOW = "~"
ANY = "*"  # a group key's position held by a member of a for-all sort


@dataclass
class UGroup:
    """One fairness group: its declaration, kind and finite key (ANY where a
    member stands), the steps in it and, per step, the member it acts for."""

    fair: int
    kind: str
    key: tuple
    sort: z3.SortRef | None
    steps: list[int] = field(default_factory=list)  # indices into UEncoding.steps
    members: list = field(default_factory=list)  # per step: its constant at ANY (or None)


@dataclass
class UTarget:
    prop: ir.TemporalProperty
    form: Shape
    binding: dict  # the finite binders' values
    pinned: dict  # the for-all binders -> their constant
    p: z3.BoolRef
    q: z3.BoolRef | None
    error: z3.BoolRef


def groups(u: UEncoding) -> list[UGroup]:
    """The fairness groups as vcspec/explicit/fairness.py makes them, a member
    of a for-all sort in a key standing for all of them (array flags)."""
    actions = {a.name: a for a in u.model.actions}
    out: dict[tuple, UGroup] = {}
    for fi, fair in enumerate(u.model.fairness):
        for si, step in enumerate(u.steps):
            if step.action not in fair.actions:
                continue
            key, member = [], None
            for name, _ in actions[step.action].params[:fair.per_instance]:
                value = step.params[name]
                if isinstance(value, USym):
                    if member is not None:
                        raise Unsupported(f"fairness of {step.action}: two for-all members "
                                          "in one group's key")
                    member = value
                    key.append(ANY)
                else:
                    key.append(step.finite[name])
            keyed = actions[step.action].params[:fair.per_instance]
            if _sort_params(step) - {n for n, _ in keyed}:
                raise Unsupported(f"fairness of {step.action}: a for-all parameter outside "
                                  "the group's key")
            sort = None if member is None else member.t.sort()
            group = out.setdefault((fi, tuple(key)), UGroup(fi, fair.kind, tuple(key), sort))
            group.steps.append(si)
            group.members.append(None if member is None else member.t)
    return list(out.values())


def _sort_params(step: UStep) -> set[str]:
    return {n for n, v in step.params.items() if isinstance(v, USym)}


def targets(u: UEncoding, prop: ir.TemporalProperty, form: Shape) -> list[UTarget]:
    """One target per valuation of the finite binders; a for-all binder is a
    free constant of its sort."""
    pinned, finite = {}, [[]]
    for name, domain in form.binders:
        t = domain.type.elem
        sort = u.sorts.of(t)
        if sort is not None:
            pinned[name] = USym(t, z3.Const(f"{prop.name}.{name}", sort))
        else:
            if u.sorts.touches(t):
                raise Unsupported(f"a binder of type {t}")
            finite = [b + [(name, t, v)] for b in finite for v in t.domain()]
    out = []
    for combo in finite:
        binds = dict(pinned)
        binds.update({n: u.shapes.const(v, t) for n, t, v in combo})
        ev = UEvaluator(u.shapes)
        env = u.env(u.pre, binds)
        p = ev.test(form.p, env)
        q = ev.test(form.q, env) if form.q is not None else None
        out.append(UTarget(prop, form, {n: v for n, _, v in combo},
                           {n: s.t for n, s in pinned.items()}, p, q, disj(*ev.errors)))
    return out


class UReduced:
    """The reduced system; reads like a UEncoding for induct.py and cert.py
    (init, trans, domain, next_of, sorts; vars/pre/post: the state part)."""

    def __init__(self, u: UEncoding, target: UTarget):
        self.u = u
        self.target = target
        self.sorts = u.sorts
        self.vars, self.pre, self.post = u.vars, u.pre, u.post
        self.shadow = [u.shapes.fresh(v.type, v.name + SHADOW) for v in u.vars]
        self.shadow_next = [u.shapes.fresh(v.type, v.name + SHADOW + "'") for v in u.vars]
        self.sel = z3.Int("u2s.sel")
        self.save = z3.Bool("u2s.save")
        self.groups = groups(u)
        self.flags: dict[str, tuple] = {}  # name -> (old, new)
        self._build()

    # ------------------------------------------------------------ flags
    def flag(self, name: str, sort: z3.SortRef | None = None) -> tuple:
        """Old and next value of a flag (an array over `sort` when given)."""
        if name not in self.flags:
            tag = f"l2s.{self.target.form.kind}.{name}"
            if sort is None:
                self.flags[name] = (z3.Bool(tag), z3.Bool(tag + "'"))
            else:
                a = z3.ArraySort(sort, z3.BoolSort())
                self.flags[name] = (z3.Const(tag, a), z3.Const(tag + "'", a))
        return self.flags[name]

    def state_next(self, formula: z3.BoolRef) -> z3.BoolRef:
        return z3.substitute(formula, list(zip(self.u.x, self.u.xn)))

    def enabled(self, g: UGroup, w) -> z3.BoolRef:
        """Some step of the group has a successor (acting for member w)."""
        steps = self.u.steps
        return disj(*(steps[s].enabled if m is None else z3.substitute(steps[s].enabled, (m, w))
                      for s, m in zip(g.steps, g.members)))

    # ------------------------------------------------------------ the system
    def _build(self) -> None:
        u, t = self.u, self.target
        sh = [x for v in self.shadow for x in uleaves(v)]
        shn = [x for v in self.shadow_next for x in uleaves(v)]
        self.domain = conj(u.domain, self._shadow_domain(self.shadow))
        self.domain_next = conj(u.domain_next, self._shadow_domain(self.shadow_next))
        steps = [implies(self.sel == i, conj(s.enabled, *(same(a, b)
                                                          for a, b in zip(u.xn, s.next))))
                 for i, s in enumerate(u.steps)]
        base = conj(self.sel >= 0, self.sel < len(u.steps), *steps)
        if t.form.kind == "always":
            self.x, self.xn, self.rules = list(u.x), list(u.xn), []
            self.init = conj(u.init, u.domain)
            self.domain, self.domain_next = u.domain, u.domain_next
            self.trans = base
            self.bad = conj(u.domain, disj(neg(t.p), t.error))
            return
        saved, saved_n = self.flag("saved")
        self.now_saved = disj(saved, self.save)
        rules = [same(saved_n, self.now_saved)]
        rules += [same(b, ite(saved, s, ite(self.save, a, an)))
                  for a, an, s, b in zip(u.x, u.xn, sh, shn)]
        fair = [self._group_rules(i, g, rules) for i, g in enumerate(self.groups)]
        closes, stutter, run_init = self._formula_rules(rules)
        starts = [old for name, (old, _) in self.flags.items()
                  if run_init is None or name != "run"]
        state_init = conj(*(same(a, s) for a, s in zip(u.x, sh)),
                          *([] if run_init is None else [same(self.flag("run")[0], run_init)]),
                          *(_all_false(f) for f in starts))
        closed = conj(saved, *(same(a, s) for a, s in zip(u.x, sh)), *fair, closes)
        self.x = list(u.x) + sh + [old for old, _ in self.flags.values()]
        self.xn = list(u.xn) + shn + [new for _, new in self.flags.values()]
        self.init = conj(u.init, u.domain, state_init, self.domain)
        self.trans = conj(base, *rules)
        self.bad = conj(self.domain, disj(closed, conj(self._dead_end(), stutter), t.error))

    def _shadow_domain(self, values: list) -> z3.BoolRef:
        return conj(*(self.u.shapes.domain(v, var.type) for v, var in zip(values, self.u.vars)))

    def _since_save(self, name: str, at_save, step, every: bool, rules: list) -> z3.BoolRef:
        """A scalar flag over the states since the save: all (every) or one."""
        old, new = self.flag(name)
        before = ite(self.flag("saved")[0], old, at_save)
        rules.append(same(new, conj(self.now_saved, conj(before, step) if every
                                    else disj(before, step))))
        return old

    def _group_rules(self, i: int, g: UGroup, rules: list) -> z3.BoolRef:
        """The group's flags' rules; the condition that it is fair on the loop
        (l2s.py: weak, one flag `fair`; strong, `taken` and `on`)."""
        if g.sort is None:
            took = disj(*(self.sel == s for s in g.steps))
            en, en_n = self.enabled(g, None), self.state_next(self.enabled(g, None))
            if g.kind == "weak":
                return self._since_save(f"fair{i}", neg(en), disj(took, neg(en_n)), False, rules)
            taken = self._since_save(f"taken{i}", FALSE, took, False, rules)
            on = self._since_save(f"on{i}", en, en_n, False, rules)
            return disj(taken, neg(on))
        w = z3.Const(f"u2s.w{i}", g.sort)
        took = disj(*(conj(self.sel == s, m == w) for s, m in zip(g.steps, g.members)))
        en = self.enabled(g, w)
        en_n = self.state_next(en)
        if g.kind == "weak":
            ok = self._since_save_at(f"fair{i}", g.sort, w, neg(en), disj(took, neg(en_n)), rules)
            return z3.ForAll([w], ok)
        taken = self._since_save_at(f"taken{i}", g.sort, w, FALSE, took, rules)
        on = self._since_save_at(f"on{i}", g.sort, w, en, en_n, rules)
        return z3.ForAll([w], disj(taken, neg(on)))

    def _since_save_at(self, name: str, sort, w, at_save, step, rules: list) -> z3.BoolRef:
        """A flag per member w (an array over the sort): one state or step
        since the save; its old value at w."""
        old, new = self.flag(name, sort)
        saved = self.flag("saved")[0]
        value = conj(self.now_saved, disj(ite(saved, z3.Select(old, w), at_save), step))
        rules.append(z3.ForAll([w], same(z3.Select(new, w), value)))
        return z3.Select(old, w)

    def _formula_rules(self, rules: list) -> tuple:
        """The run/loop flags of the formula: (closes, stutter, run's initial value)."""
        t = self.target
        p, q, kind = t.p, t.q, t.form.kind
        if kind == "eventually":
            run, run_n = self.flag("run")
            rules.append(same(run_n, conj(run, neg(self.state_next(p)))))
            return run, run, neg(p)
        if kind == "leadsto":
            run, run_n = self.flag("run")
            rules.append(same(run_n, conj(disj(run, self.state_next(p)),
                                          neg(self.state_next(q)))))
            loop = self._since_save("loop", neg(q), neg(self.state_next(q)), True, rules)
            return conj(run, loop), run, conj(p, neg(q))
        every = kind == "always_eventually"
        loop = self._since_save("loop", neg(p), neg(self.state_next(p)), every, rules)
        return loop, neg(p), None

    def _dead_end(self) -> z3.BoolRef:
        """No step has a successor, for any member."""
        parts = []
        for s in self.u.steps:
            consts = [v.t for v in s.params.values() if isinstance(v, USym)]
            if not consts:
                parts.append(neg(s.enabled))
                continue
            bound = [z3.Const(f"u2s.d{i}", c.sort()) for i, c in enumerate(consts)]
            parts.append(z3.ForAll(bound, neg(z3.substitute(s.enabled, *zip(consts, bound)))))
        return conj(*parts)

    def next_of(self, formula: z3.BoolRef) -> z3.BoolRef:
        return z3.substitute(formula, list(zip(self.x, self.xn)))


def _all_false(flag) -> z3.BoolRef:
    if z3.is_bool(flag):
        return neg(flag)
    return flag == z3.K(flag.sort().domain(), FALSE)

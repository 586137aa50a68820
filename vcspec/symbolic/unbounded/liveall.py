"""Temporal properties for every size: `forall v in Vc: P leadsto Q` and the
other shapes, under per-VC fairness (`--for-all Vc`).

Method (the safety part's, on the liveness-to-safety reduction):
  1. at size 2, then 3, PDR proves the finite reduction (l2s.py,
     liveproof.py) for the bindings whose for-all binders are the first
     member (the others are their images under a swap of members);
  2. each conjunct of its invariant, over the state, the shadow and the
     loop's flags, is read over the unbounded reduction (ulive.py): the
     first member becomes the binder's constant, every other member a
     variable `forall w` distinct from it and from each other;
  3. the inductive subset over the sort is kept (induct.py) and, when it
     and the ranges exclude the reduced bad states, the certificate block is
     re-checked in a fresh z3 context. Only then HOLDS for every size.
No cutoff is assumed: nothing is believed from the finite sizes but the
candidates, and the proof is the unbounded check.
"""

from __future__ import annotations

import z3

from vcspec.explicit.liveness import shape
from vcspec.model import ir
from vcspec.symbolic import canon
from vcspec.symbolic.bmc import BMC
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.lasso import LassoSearch
from vcspec.symbolic.liveproof import LiveProver
from vcspec.symbolic.unbounded.cert import block, recheck_block
from vcspec.symbolic.unbounded.generalize import concretize
from vcspec.symbolic.unbounded.induct import Induction
from vcspec.symbolic.unbounded.ulive import ANY, UReduced, UTarget, targets
from vcspec.symbolic.zterm import FALSE, conj, subterms

# The sizes PDR proves the finite reduction at. Size 1 first: the reduction
# copies the state, and a VC's own liveness rarely needs the others' facts
# (those come from size 2, as `forall w != v` conjuncts).
SIZES = (1, 2)


def prove_temporal(forall, name: str, out) -> None:
    """HOLDS for every size (out.holds, out.blocks) or UNKNOWN (out.unknown)."""
    u = forall.uenc
    prop = next(p for p in u.model.properties if p.name == name)
    form = shape(prop.formula)
    reduced = [UReduced(u, t) for t in targets(u, prop, form)]
    ind = [Induction(r, forall.budget) for r in reduced]
    pools: list[list] = [[] for _ in reduced]
    done: list = [None] * len(reduced)
    for n in SIZES:
        enc = forall.encoding(n)
        lasso = LassoSearch(enc, BMC(enc, forall.budget, forall.reporter))
        prover = LiveProver(enc, lasso, forall.budget, forall.reporter)
        finite = _first_member_targets(lasso.targets(_prop(enc, name)), u)
        for i, r in enumerate(reduced):
            if done[i] is not None:
                continue
            target = finite[_key(r.target.binding)]
            proof = prover.prove(target, checked=False)
            if proof is None:
                out.unknown[name] = (f"violated with {n} members ({forall.sizes_words(n)}): "
                                     "a fair lasso is reachable there; run the check at that "
                                     "size for it")
                return
            for c in _candidates(enc, prover, r, proof.invariant):
                if not any(c.eq(p) for p in pools[i]):
                    pools[i].append(c)
            kept = ind[i].houdini(pools[i])
            forall.reporter.message(f"for-all: {name}{_where(r.target)}: size {n}: "
                                    f"{len(pools[i])} candidate conjuncts, {len(kept)} inductive")
            if ind[i].ranges_inductive(kept) and ind[i].safe(kept, r.bad) == z3.unsat:
                done[i] = kept
        if all(d is not None for d in done):
            break
    missing = [r for r, d in zip(reduced, done) if d is None]
    if missing:
        out.unknown[name] = (f"no proof for every size: the invariant of the liveness-to-safety "
                             f"reduction found at sizes {', '.join(map(str, SIZES))} "
                             f"does not generalise to an inductive one excluding its bad "
                             f"states{_where(missing[0].target)}")
        return
    texts = []
    for r, kept in zip(reduced, done):
        text = block(r, f"{name}{_where(r.target)} (liveness to safety)", kept, r.bad)
        check = recheck_block(text, forall.budget.left_ms())
        if not check.ok:
            out.unknown[name] = f"the certificate did not re-check ({check.detail})"
            return
        texts.append(text)
    out.blocks += texts
    size = sum(len(d) for d in done)
    each = f" for each of {len(reduced)} bindings" if len(reduced) > 1 else ""
    out.holds[name] = (f"HOLDS for every size of {', '.join(forall.for_all)} (liveness to "
                       f"safety; PDR's invariants generalised{each} to {size} quantified "
                       "conjuncts in all over the state, its saved copy and the loop's flags, "
                       "inductive for the unbounded sort; certificate re-checked)")


def _prop(enc: Encoding, name: str) -> ir.TemporalProperty:
    return next(p for p in enc.model.properties if p.name == name)


def _key(binding: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in binding.items()))


def _where(t: UTarget) -> str:
    if not t.binding:
        return ""
    return " (" + ", ".join(f"{k} = {v}" for k, v in sorted(t.binding.items())) + ")"


def _first_member_targets(finite: list, u) -> dict:
    """The finite targets whose for-all binders are their enum's first member,
    by the values of the other binders."""
    out = {}
    for t in finite:
        types = {n: d.type.elem for n, d in t.form.binders}
        if all(t.binding[n] == types[n].members[0] for n in t.binding
               if u.sorts.of(types[n]) is not None):
            out.setdefault(_key({n: v for n, v in t.binding.items()
                                 if u.sorts.of(types[n]) is None}), t)
    return out


def _candidates(enc: Encoding, prover: LiveProver, r: UReduced, invariant) -> list:
    """The conjuncts of a finite reduction's invariant over the unbounded one."""
    sorts = r.sorts
    members = {name: [z3.Const(f"{name}@{i}", sorts.sorts[name])
                      for i in range(len(enc.model.enums[name].members))]
               for name in sorts.names}
    pairs = []
    shadow = prover.reduction.shadow
    for slot, value, copy in zip(enc.layout.slots, r.pre, r.shadow):
        for finite, unbounded in ((enc.x, value), (shadow, copy)):
            concrete = canon.leaves(concretize(unbounded, slot.type, members, sorts))
            pairs += [(a, b) for a, b in zip(finite[slot.start:slot.stop], concrete)
                      if not a.eq(b)]
    pairs += _flag_pairs(prover, r, members)
    pinned = {name: None for name in sorts.names}
    for const in r.target.pinned.values():
        pinned[const.sort().name()] = const
    out, seen = [], set()
    for part in (invariant.children() if z3.is_and(invariant) else [invariant]):
        general = _quantify(z3.substitute(part, pairs) if pairs else part, members, pinned)
        key = general.sexpr()
        if key not in seen and not z3.is_true(general):
            seen.add(key)
            out.append(general)
    return out


def _flag_pairs(prover: LiveProver, r: UReduced, members: dict) -> list:
    """Finite group flags (l2s.K.fair<g>, taken<g>, on<g>) -> the unbounded ones."""
    lasso = prover.reduction.lasso
    model = prover.enc.model
    instances = lasso.shim.instances
    kind = r.target.form.kind
    ukeys = {(g.fair, g.key): i for i, g in enumerate(r.groups)}
    pairs, g = [], 0
    for fi, fair in enumerate(model.fairness):
        keyed: dict[tuple, object] = {}
        for inst in instances:
            if inst.name in fair.actions:
                keyed.setdefault(inst.args[:fair.per_instance], inst)
        for key, inst in keyed.items():
            ukey, member = [], None
            for value, (_, t) in zip(key, inst.action.params):
                if r.sorts.of(t) is not None:
                    ukey.append(ANY)
                    member = members[t.name][t.members.index(value)]
                else:
                    ukey.append(value)
            i = ukeys.get((fi, tuple(ukey)))
            if i is None:  # its guards are false: the unbounded encoding has no step
                pairs += _never_enabled(r, kind, g)
                g += 1
                continue
            for flag in ("fair", "taken", "on"):
                if f"{flag}{i}" in r.flags:
                    old = r.flags[f"{flag}{i}"][0]
                    finite = z3.Bool(f"l2s.{kind}.{flag}{g}")
                    pairs.append((finite, old if member is None else z3.Select(old, member)))
            g += 1
    return pairs


def _never_enabled(r: UReduced, kind: str, g: int) -> list:
    """A group never enabled: `fair` holds from the save on, `taken` and `on` never."""
    saved = r.flags["saved"][0]
    return [(z3.Bool(f"l2s.{kind}.fair{g}"), saved), (z3.Bool(f"l2s.{kind}.taken{g}"), FALSE),
            (z3.Bool(f"l2s.{kind}.on{g}"), FALSE)]


def _quantify(formula: z3.BoolRef, members: dict, pinned: dict) -> z3.BoolRef:
    """The first member of each sort -> its pinned constant (a binder's, else
    a variable too); every other member mentioned -> a variable, all distinct."""
    used = {e.get_id() for e in subterms(formula) if z3.is_const(e)}
    bound, distinct = [], []
    for name in sorted(members):
        consts = members[name]
        if pinned[name] is not None:
            formula = z3.substitute(formula, (consts[0], pinned[name]))
            consts = consts[1:]
        mentioned = [c for c in consts if c.get_id() in used]
        renamed = [z3.Const(f"{name}_q{i}", c.sort()) for i, c in enumerate(mentioned)]
        if mentioned:
            formula = z3.substitute(formula, list(zip(mentioned, renamed)))
        group = ([pinned[name]] if pinned[name] is not None else []) + renamed
        if len(group) > 1:
            distinct.append(z3.Distinct(*group))
        bound += renamed
    if distinct:
        formula = z3.Implies(conj(*distinct), formula)
    return z3.ForAll(bound, formula) if bound else formula


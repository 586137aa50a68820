"""Bounded search for lasso counterexamples of temporal properties.

A counterexample is a path s0 .. sk from an initial state that either loops
(sk = sl for some l < k: the run repeats sl .. sk forever) or stops in a
state without successor (the run stays in sk forever, "stutters"), on which
the formula fails and every fairness constraint holds (vcspec/explicit/
fairness.py: weak g is taken in the loop or disabled in one of its states,
strong g is taken or disabled in all of them). The shapes are those of
vcspec/explicit/liveness.py, `forall` prefixes binding by binding.

This only finds counterexamples: no lasso up to the depth is BOUNDED, never
HOLDS. Every lasso is replayed on the reference semantics and checked by
vcspec/verify.verify_lasso, like the explicit engine's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import z3

from vcspec.compile.ts import ActionInstance
from vcspec.engine.result import FairnessNote, Trace
from vcspec.engine.trace import ReplayError
from vcspec.engine.verify import verify_lasso
from vcspec.explicit.fairness import fairness_groups
from vcspec.explicit.liveness import Shape, bindings, describe_binding, shape
from vcspec.model import ir
from vcspec.symbolic.bmc import BMC
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.expr import Evaluator, SEnv
from vcspec.symbolic.values import const
from vcspec.symbolic.zterm import FALSE, TRUE, conj, disj, implies, neg


@dataclass
class Target:
    """One temporal property under one valuation of its forall prefix."""

    prop: ir.TemporalProperty
    form: Shape
    binding: dict
    p: z3.BoolRef
    q: z3.BoolRef | None
    error: z3.BoolRef  # evaluating P or Q raises


@dataclass
class LassoFound:
    trace: Trace
    binding: dict


class Loop:
    """Where a lasso of k steps loops: starts[j] (exactly one) says the loop
    starts at frame j; inside[j] that frame j (and step j) is in the loop."""

    def __init__(self, k: int, tag: str = ""):
        self.starts = [z3.Bool(f"loop{tag}@{k}@{j}") for j in range(k)]
        self.one = z3.PbEq([(x, 1) for x in self.starts], 1)
        self.inside, acc = [], FALSE
        for start in self.starts:
            acc = disj(acc, start)
            self.inside.append(acc)

    def start_in(self, model: z3.ModelRef) -> int:
        return next(j for j, x in enumerate(self.starts)
                    if z3.is_true(model.eval(x, model_completion=True)))


class _Instances:
    """What fairness_groups and verify_lasso read from a TransitionSystem."""

    def __init__(self, model: ir.Model):
        self.model = model
        index = itertools.count()
        self.instances = [ActionInstance(next(index), a, tuple(args)) for a in model.actions
                          for args in itertools.product(*(t.domain() for _, t in a.params))]


class LassoSearch:
    def __init__(self, enc: Encoding, bmc: BMC):
        self.enc = enc
        self.bmc = bmc
        self.frames = bmc.frames
        self.done = -1  # lassos of up to this many steps have been looked for
        self.shim = _Instances(enc.model)
        self.groups, _ = fairness_groups(self.shim)
        position = {inst.index: pos for pos, inst in enumerate(enc.instances)}
        self.group_positions = [[position[k] for k in sorted(g.instances) if k in position]
                                for g in self.groups]
        self.has_successor = [conj(i.guard, neg(i.error), i.admit) for i in enc.instances]
        self.enabled = [disj(*(self.has_successor[p] for p in ps))
                        for ps in self.group_positions]
        self.dead_end = neg(disj(*self.has_successor))

    # ------------------------------------------------------------ targets
    def targets(self, prop: ir.TemporalProperty) -> list[Target]:
        form = shape(prop.formula)
        system, monitors = self.enc.pre
        out = []
        for binding in bindings(form.binders):
            types = dict((n, d.type.elem) for n, d in form.binders)
            env = SEnv(system, monitors, {n: const(v, types[n]) for n, v in binding.items()})
            ev = Evaluator()
            p = ev.test(form.p, env)
            q = ev.test(form.q, env) if form.q is not None else None
            out.append(Target(prop, form, binding, p, q, disj(*ev.errors)))
        return out

    # ------------------------------------------------------------ search
    def search(self, targets: list[Target], max_depth: int,
               found: dict[str, LassoFound] | None = None,
               work: int | None = None) -> dict[str, LassoFound]:
        """The first lasso (shortest, then binding order) for each property,
        added to `found`; `done` is the last depth searched in full. Raises
        SolverUnknown, and WorkLimit once the solver has done `work` more."""
        found = {} if found is None else found
        with self.bmc.work_limit(work):
            for k in range(max_depth + 1):
                self.bmc.extend_to(k)
                pending = [t for t in targets if t.prop.name not in found]
                if not pending:
                    break
                if self.any_lasso(pending, k):
                    self.find_each(pending, k, found)
                self.done = k
        return found

    def find_each(self, targets: list[Target], k: int, found: dict[str, LassoFound]) -> None:
        """Lassos of exactly k steps, one per property (its first binding)."""
        for target in targets:
            if target.prop.name not in found:
                lasso = self.find(target, k)
                if lasso is not None:
                    found[target.prop.name] = LassoFound(lasso, target.binding)

    def any_lasso(self, targets: list[Target], k: int) -> bool:
        """Might one of the targets have a counterexample of exactly k steps?"""
        f = self.frames.at
        finite = [disj(t.error, neg(t.p)) if t.form.kind == "always" else t.error
                  for t in targets]
        cases = [f(disj(*finite), k)]
        infinite = [t for t in targets if t.form.kind != "always"]
        if infinite:
            cases.append(conj(f(self.dead_end, k),
                              disj(*(self.violation(t, k, None) for t in infinite))))
            if k > 0:
                loop = Loop(k, "any")
                cases.append(conj(loop.one,
                                  *(implies(loop.starts[j], self.same(j, k)) for j in range(k)),
                                  disj(*(self.violation(t, k, loop) for t in infinite)),
                                  self.fair(k, loop)))
        return self.bmc.path_model(disj(*cases), k) is not None

    def find(self, target: Target, k: int) -> Trace | None:
        f = self.frames.at
        if not z3.is_false(target.error):
            model = self.bmc.model_of(target.error, k)
            if model is not None:
                return self.error_trace(target, model, k)
        if target.form.kind == "always":
            model = self.bmc.model_of(neg(target.p), k)
            return None if model is None else self.finite_trace(target, model, k)
        stutter = conj(f(self.dead_end, k), self.violation(target, k, None))
        model = self.bmc.path_model(stutter, k)
        if model is not None:
            return self.lasso_trace(target, model, k, None)
        if k == 0:
            return None
        loop = Loop(k)
        query = conj(loop.one, *(implies(loop.starts[j], self.same(j, k)) for j in range(k)),
                     self.violation(target, k, loop), self.fair(k, loop))
        model = self.bmc.path_model(query, k)
        if model is None:
            return None
        return self.lasso_trace(target, model, k, loop.start_in(model))

    def same(self, i: int, j: int) -> z3.BoolRef:
        return conj(*(a == b for a, b in zip(self.frames[i], self.frames[j])))

    def violation(self, target: Target, k: int, loop: Loop | None) -> z3.BoolRef:
        """The formula fails on the lasso of length k (loop None: stutter at k)."""
        f, kind = self.frames.at, target.form.kind
        not_p = [neg(f(target.p, j)) for j in range(k + 1)]
        if loop is None:
            inside = [TRUE if j == k else FALSE for j in range(k + 1)]
            start = [TRUE] * (k + 1)  # positions up to the loop's start
        else:
            inside = loop.inside + [FALSE]
            start = [TRUE] + [neg(x) for x in loop.inside]
        if kind == "eventually":
            return conj(*not_p)
        if kind == "always_eventually":
            return conj(*(implies(inside[j], not_p[j]) for j in range(k + 1)))
        if kind == "eventually_always":
            return disj(*(conj(inside[j], not_p[j]) for j in range(k + 1)))
        not_q = [neg(f(target.q, j)) for j in range(k + 1)]
        return disj(*(conj(start[t], f(target.p, t), *not_q[t:]) for t in range(k + 1)))

    def fair(self, k: int, loop: Loop) -> z3.BoolRef:
        """Every fairness constraint holds on the loop's steps."""
        f, sel, inside = self.frames.at, self.frames.sel, loop.inside
        parts = []
        for group, positions, enabled in zip(self.groups, self.group_positions, self.enabled):
            taken = disj(*(conj(inside[j], disj(*(sel(j) == p for p in positions)))
                           for j in range(k)))
            off = [neg(f(enabled, j)) for j in range(k)]
            if group.kind == "weak":
                parts.append(disj(taken, *(conj(inside[j], off[j]) for j in range(k))))
            else:
                parts.append(disj(taken, conj(*(implies(inside[j], off[j]) for j in range(k)))))
        return conj(*parts)

    # ------------------------------------------------------------ traces
    def path(self, model: z3.ModelRef, k: int) -> Trace:
        decoder = self.bmc.decoder
        states = decoder.states(self.frames, model, k)
        return decoder.trace(states, [None] + decoder.instances(self.frames, model, k))

    def finite_trace(self, target: Target, model, k: int) -> Trace:
        trace = self.path(model, k)
        verify_lasso(self.bmc.decoder.replayer, self.shim, target.form, target.binding, trace,
                     self.groups)
        trace.violation = _prefix(target) + f"{_text(target.form.p)} is false at step {k}"
        return trace

    def error_trace(self, target: Target, model, k: int) -> Trace:
        trace = self.path(model, k)
        replayer = self.bmc.decoder.replayer
        exprs = [target.form.p] + ([target.form.q] if target.form.q is not None else [])
        errors = [replayer.holds(e, trace.steps[-1], target.binding) for e in exprs]
        message = next((e for e in errors if isinstance(e, str)), None)
        if message is None:
            raise ReplayError("the temporal property evaluates without error")
        trace.violation = f"{_prefix(target)}evaluating {target.prop.name} fails: {message}"
        return trace

    def lasso_trace(self, target: Target, model, k: int, loop: int | None) -> Trace:
        trace = self.path(model, k)
        trace.loop_start = k if loop is None else loop
        trace.stutters = loop is None
        verify_lasso(self.bmc.decoder.replayer, self.shim, target.form, target.binding, trace,
                     self.groups)
        trace.fairness = self.notes(model, k, loop)
        trace.violation = _prefix(target) + _words(target, trace, bool(self.groups))
        return trace

    def notes(self, model, k: int, loop: int | None) -> list[FairnessNote]:
        out = []
        if loop is None:
            return [FairnessNote(g.description, "never enabled in the loop") for g in self.groups]
        sels = [model.eval(self.frames.sel(j), model_completion=True).as_long()
                for j in range(k)]
        for group, positions, enabled in zip(self.groups, self.group_positions, self.enabled):
            taken = [j for j in range(loop, k) if sels[j] in positions]
            off = [j for j in range(loop, k) if z3.is_false(
                model.eval(self.frames.at(enabled, j), model_completion=True))]
            if taken:
                how = f"taken at step {taken[0] + 1}"
            elif len(off) == k - loop:
                how = "never enabled in the loop"
            else:
                how = f"disabled at step {off[0]}"
            out.append(FairnessNote(group.description, how))
        return out


def _prefix(target: Target) -> str:
    return f"for {describe_binding(target.binding)}: " if target.binding else ""


def _text(expr: ir.Expr) -> str:
    span = getattr(expr, "span", None)
    return f"`{span.text}`" if span is not None and span.text else "the condition"


def _words(target: Target, trace: Trace, fair: bool) -> str:
    """`fair`: the spec declares fairness (a loop of a spec without is just a loop)."""
    form, start = target.form, trace.loop_start
    loop = "fair loop" if fair else "loop"
    end = (f"; the run ends at step {start} with no action enabled" if trace.stutters
           else f"; {loop} from step {start} to step {trace.length}")
    if form.kind == "eventually":
        return f"{_text(form.p)} never holds" + end
    if form.kind == "always_eventually":
        return f"{_text(form.p)} stops holding: from step {start} the run stays where it is " \
               "false" + end
    if form.kind == "eventually_always":
        return f"{_text(form.p)} never holds for good: the loop keeps returning to a state " \
               "where it is false" + end
    return f"{_text(form.p)} holds but {_text(form.q)} never holds afterwards" + end

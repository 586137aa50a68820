"""The model over uninterpreted sorts: one encoding for every size.

Like vcspec/symbolic/encode.py, but each `--for-all` enum is a z3 sort with no
size: a variable keyed by it is a map (arrays, uvalues.py), and an action
parameter of it is one constant per action and parameter, free in every
query, so that `trans` says "some instance acts" (an existential over the
sort) while the arrays' stores keep every other member's entries (the frame).
The other parameters are enumerated as in the finite encoding.

  init(x)       the initial states
  trans(x, x')  some action instance is enabled, raises nothing, and x' is
                its successor (monitor rules included)
  bad           per safety property: an invariant (or a monitor's `always`)
                fails or raises in x; a monitor's step check fails on some
                step from x
  domain(x)     the leaves' ranges (quantified over the sorts)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import z3

from vcspec.model import ir
from vcspec.model.evaluate import Env, evaluate, sorted_values
from vcspec.symbolic.encode import monitor_violations
from vcspec.symbolic.expr import SEnv
from vcspec.symbolic.unbounded.uexpr import UEvaluator, UExecutor, ustore
from vcspec.symbolic.unbounded.uvalues import (
    Shapes,
    Sorts,
    UMap,
    USym,
    index,
    ueq,
    uleaves,
)
from vcspec.symbolic.values import Unsupported
from vcspec.symbolic.zterm import FALSE, conj, disj, neg, same


@dataclass
class UStep:
    label: str
    enabled: z3.BoolRef  # guard holds, nothing raises
    next: list  # the successor's leaves
    viol: dict[str, z3.BoolRef] = field(default_factory=dict)
    action: str = ""
    params: dict = field(default_factory=dict)  # parameter -> value (USym: the free constant)
    finite: dict = field(default_factory=dict)  # the other parameters -> their (python) values


@dataclass
class UProperty:
    name: str
    kind: str
    bad: z3.BoolRef | None  # None: not encoded, for `reason`
    reason: str = ""


class UEncoding:
    def __init__(self, model: ir.Model, for_all: tuple[str, ...]):
        self.model = model
        self.sorts = Sorts(for_all)
        self.shapes = Shapes(self.sorts)
        self.vars = list(model.vars) + [v for m in model.monitors for v in m.vars]
        self.owners = [None] * len(model.vars) + [m.name for m in model.monitors
                                                  for _ in m.vars]
        self.pre = [self.shapes.fresh(v.type, v.name) for v in self.vars]
        self.post = [self.shapes.fresh(v.type, v.name + "'") for v in self.vars]
        self.x = [t for v in self.pre for t in uleaves(v)]
        self.xn = [t for v in self.post for t in uleaves(v)]
        self.params: list = []
        self.domain = self._domain(self.pre)
        self.domain_next = self._domain(self.post)
        self.init = self._init()
        self.steps = list(self._steps())
        self.trans = disj(*(conj(s.enabled, *(same(a, b) for a, b in zip(self.xn, s.next)))
                            for s in self.steps))
        self.properties = self._properties()

    def env(self, values: list, binds: dict | None = None) -> SEnv:
        system = values[:len(self.model.vars)]
        monitors: dict[str, list] = {m.name: [] for m in self.model.monitors}
        for owner, v in zip(self.owners[len(self.model.vars):], values[len(self.model.vars):]):
            monitors[owner].append(v)
        return SEnv(list(system), monitors, binds or {})

    def _domain(self, values: list) -> z3.BoolRef:
        return conj(*(self.shapes.domain(v, var.type) for v, var in zip(values, self.vars)))

    # ------------------------------------------------------------ initial states
    def _init(self) -> z3.BoolRef:
        return conj(*(self._init_var(var, v) for var, v in zip(self.vars, self.pre)))

    def _init_var(self, var: ir.StateVar, x) -> z3.BoolRef:
        t = var.type
        if not var.choice:
            value, _ = ustore(UEvaluator(self.shapes).ev(var.init, SEnv([], {})), t, self.shapes)
            return ueq(x, value)
        if var.init.type is not None and self.sorts.touches(t):
            if isinstance(var.init, ir.Builtin) and var.init.name == "maps" \
                    and isinstance(x, UMap) and not self.sorts.touches(t.value):
                choices = sorted_values(evaluate(var.init.args[1], Env(())),
                                        var.init.args[1].type)
                k = self.sorts.bound(t.key, "k")
                entry = index(x, k)
                return z3.ForAll([k], disj(*(ueq(entry, self.shapes.const(c, t.value))
                                             for c in choices)))
            raise Unsupported(f"{var.name}: a choice of initial values over a for-all enum")
        values = sorted_values(evaluate(var.init, Env(())), var.init.type)
        return disj(*(ueq(x, self.shapes.const(v, t)) for v in values))

    # ------------------------------------------------------------ steps
    def _steps(self):
        rules: dict[str, list] = {}
        for monitor in self.model.monitors:
            for rule in monitor.on_rules:
                rules.setdefault(rule.action, []).append((monitor.name, rule))
        for action in self.model.actions:
            symbolic, finite = {}, []
            for name, t in action.params:
                if self.sorts.of(t) is not None:
                    const = z3.Const(f"{action.name}.{name}", self.sorts.of(t))
                    self.params.append(const)
                    symbolic[name] = USym(t, const)
                else:
                    if self.sorts.touches(t):
                        raise Unsupported(f"{action.name}: a parameter of type {t}")
                    finite.append((name, t))
            for combo in itertools.product(*(t.domain() for _, t in finite)):
                params = dict(symbolic)
                params.update({n: self.shapes.const(v, t) for (n, t), v in zip(finite, combo)})
                label = f"{action.name}({', '.join(str(v) for v in combo)})"
                step = self._step(action, params, rules.get(action.name, []), label)
                if step is not None:
                    step.finite = {n: v for (n, _), v in zip(finite, combo)}
                    yield step

    def _step(self, action: ir.Action, params: dict, rules, label: str) -> UStep | None:
        ev = UEvaluator(self.shapes)
        pre = self.env(self.pre, params)
        guard = ev.test(action.guard, pre)
        if z3.is_false(guard) and not ev.errors:
            return None
        post = self.env(self.pre, params)
        UExecutor(ev).block(action.body, post, guard)
        names = [n for n, _ in action.params]
        binds = [{b: params[n] for b, n in zip(rule.binders, names) if b is not None}
                 for _, rule in rules]
        viol = monitor_violations(UExecutor(ev), rules, binds, pre, post, guard)
        error = disj(*ev.errors)
        nxt = [t for v in post.sys for t in uleaves(v)]
        nxt += [t for m in self.model.monitors for v in post.mon[m.name] for t in uleaves(v)]
        assert len(nxt) == len(self.x), action.name
        return UStep(label, conj(guard, neg(error)), nxt, viol, action.name, params)

    # ------------------------------------------------------------ properties
    def _properties(self) -> dict[str, UProperty]:
        env = self.env(self.pre)
        out = {}
        for prop in self.model.properties:
            if prop.kind not in ("invariant", "monitor"):
                continue
            try:
                if isinstance(prop, ir.Invariant):
                    bad = self.state_bad(prop.expr, env)
                else:
                    now = disj(*(self.state_bad(c.expr, env) for c in prop.always))
                    bad = disj(now, *(s.viol.get(prop.name, FALSE) for s in self.steps))
                out[prop.name] = UProperty(prop.name, prop.kind, bad)
            except Unsupported as why:
                out[prop.name] = UProperty(prop.name, prop.kind, None, str(why))
        return out

    def state_bad(self, expr: ir.Expr, env: SEnv) -> z3.BoolRef:
        ev = UEvaluator(self.shapes)
        holds = ev.test(expr, env)
        return disj(neg(holds), *ev.errors)

    def next_of(self, formula: z3.BoolRef) -> z3.BoolRef:
        return z3.substitute(formula, list(zip(self.x, self.xn)))

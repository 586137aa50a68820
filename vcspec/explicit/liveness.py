"""Temporal properties on the explored graph, under weak and strong fairness.

Supported shapes (vcspec/model/propcheck.py enforces them), each under `forall` prefixes
that are checked binding by binding:
  always P                 a reachable state where P is false (shortest path)
  eventually P             a fair run that stays in not-P from an initial state
  always eventually P      a reachable fair cycle inside not-P
  eventually always P      a reachable fair cycle through a not-P state
  P leadsto Q              a reachable P-and-not-Q state from which a fair run
                           stays in not-Q (also `always (P leadsto Q)`)
A run that reaches a state with no successor stays there forever (stutters);
nothing is enabled there, so every fairness constraint holds on it.

Fair cycles come from FairnessTest.fair_components (SCCs refined for strong
fairness, all components of a subgraph at once, on arrays). A counterexample
is a lasso of real transitions: a prefix and a loop that visits what the
constraints need (a transition taking each group taken in the component, a
state disabling each weak group otherwise).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from vcspec.compile.ts import TransitionSystem
from vcspec.engine.result import FairnessNote
from vcspec.explicit.csr import as_mask
from vcspec.explicit.fairness import Components, FairnessTest
from vcspec.explicit.graph import Graph
from vcspec.model import ir
from vcspec.model.evaluate import Env, EvalError, evaluate, format_value, sorted_values


@dataclass
class Shape:
    binders: list[tuple[str, ir.Expr]]
    kind: str  # always | eventually | always_eventually | eventually_always | leadsto
    p: ir.Expr
    q: ir.Expr | None = None


@dataclass
class Lasso:
    path: list[tuple[int, int | None]]  # (state, edge that led to it); path[0] initial
    loop_start: int | None  # index in path; None: a finite counterexample (always P)
    stutters: bool = False  # the run stays in its last state forever
    notes: list[FairnessNote] = field(default_factory=list)
    dead_end: bool = True  # (when it stutters) no action is enabled there
    fair: bool = True  # the spec declares fairness: the loop is a fair one


@dataclass
class Outcome:
    violated: bool
    binding: dict[str, object] = field(default_factory=dict)
    lasso: Lasso | None = None
    message: str = ""
    error_state: int | None = None  # a predicate failed to evaluate here


def shape(formula: ir.Expr) -> Shape:
    binders = []
    while isinstance(formula, ir.Quant) and formula.kind == "forall":
        binders.append((formula.name, formula.domain))
        formula = formula.body
    op, args = formula.op, formula.args
    if op == "leadsto":
        return Shape(binders, "leadsto", args[0], args[1])
    inner = args[0]
    if isinstance(inner, ir.TemporalOp):
        if inner.op == "leadsto":
            return Shape(binders, "leadsto", inner.args[0], inner.args[1])
        return Shape(binders, f"{op}_{inner.op}", inner.args[0])
    return Shape(binders, op, inner)


def bindings(binders: list[tuple[str, ir.Expr]]) -> list[dict[str, object]]:
    """Every valuation of the forall prefix, in the reference's order."""
    out: list[dict[str, object]] = [{}]
    for name, domain in binders:
        out = [{**b, name: v} for b in out
               for v in sorted_values(evaluate(domain, Env((), {}, b)), domain.type)]
    return out


now = time.monotonic  # tests replace it


class OutOfTime(Exception):
    """The deadline passed between two bindings of a property."""


class Liveness:
    def __init__(self, ts: TransitionSystem, graph: Graph, fairness: FairnessTest,
                 deadline: float | None = None):
        self.ts = ts
        self.graph = graph
        self.fair = fairness
        self.initial = list(range(graph.exploration.level_ends[0]))
        self.deadline = deadline

    def check(self, prop: ir.TemporalProperty) -> Outcome:
        form = shape(prop.formula)
        try:
            valuations = bindings(form.binders)
        except (EvalError, IndexError, KeyError, TypeError):
            raise ValueError("the forall domain of a temporal property must not depend "
                             "on the state") from None
        for binding in valuations:
            if self.deadline is not None and now() > self.deadline:
                raise OutOfTime()
            outcome = self.check_one(form, binding)
            if outcome.violated:
                outcome.binding = binding
                return outcome
        return Outcome(False)

    def truth(self, expr: ir.Expr, binding: dict) -> tuple[bytearray, int | None]:
        """The predicate on every state; the first state where it fails to evaluate."""
        out = bytearray(self.graph.n)
        failed = self.ts.builder.predicate_scan(expr, binding)(self.graph.exploration.states, out)
        return out, (failed if failed >= 0 else None)

    def check_one(self, form: Shape, binding: dict) -> Outcome:
        p, error = self.truth(form.p, binding)
        q = None
        if error is None and form.q is not None:
            q, error = self.truth(form.q, binding)
        if error is not None:
            return Outcome(True, lasso=Lasso(self.graph.tree_path(error), None),
                           error_state=error)
        return getattr(self, "_" + form.kind)(form, p, q)

    # ------------------------------------------------------------ the shapes
    def _always(self, form: Shape, p: bytearray, q) -> Outcome:
        bad = p.find(0)
        if bad < 0:
            return Outcome(False)
        path = self.graph.tree_path(bad)
        return Outcome(True, lasso=Lasso(path, None),
                       message=f"{_text(form.p)} is false at step {len(path) - 1}")

    def _eventually(self, form: Shape, p: bytearray, q) -> Outcome:
        g = self.graph
        outside = _flip(p)
        reachable = g.reach(self.initial, outside)
        components = self.fair.fair_components(reachable)
        if not components:
            return Outcome(False)
        prefix = g.shortest_path(self.initial, components.union(), outside)
        lasso = self.close(prefix, components, [])
        return Outcome(True, lasso=lasso, message=f"{_text(form.p)} never holds" +
                       _loop_words(lasso))

    def _always_eventually(self, form: Shape, p: bytearray, q) -> Outcome:
        components = self.fair.fair_components(_flip(p))
        if not components:
            return Outcome(False)
        entry = components.first()
        lasso = self.close(self.graph.tree_path(entry), components, [])
        return Outcome(True, lasso=lasso, message=f"{_text(form.p)} stops holding: from step "
                       f"{lasso.loop_start} the run stays where it is false" +
                       _loop_words(lasso))

    def _eventually_always(self, form: Shape, p: bytearray, q) -> Outcome:
        everything = bytearray(b"\x01") * self.graph.n
        components = self.fair.fair_components(everything).touching(~as_mask(p))
        if not components:
            return Outcome(False)
        entry = components.first()
        must = [next(u for u in components.members(entry) if not p[u])]
        lasso = self.close(self.graph.tree_path(entry), components, must)
        return Outcome(True, lasso=lasso, message=f"{_text(form.p)} never holds for good: the "
                       "loop keeps returning to a state where it is false" +
                       _loop_words(lasso))

    def _leadsto(self, form: Shape, p: bytearray, q: bytearray) -> Outcome:
        g = self.graph
        outside = _flip(q)
        triggers = np.flatnonzero(as_mask(p) & as_mask(outside))
        if not len(triggers):
            return Outcome(False)
        region = g.reach(triggers, outside)  # a fair run from a trigger stays in here
        components = self.fair.fair_components(region)  # every one reached from a trigger
        if not components:
            return Outcome(False)
        doomed = as_mask(g.backward(np.flatnonzero(components.mask), region))
        hit = triggers[doomed[triggers]]
        if not len(hit):
            return Outcome(False)
        trigger = int(hit[0])
        prefix = g.tree_path(trigger)
        tail = g.shortest_path([trigger], components.union(), region)
        lasso = self.close(prefix + tail[1:], components, [])
        return Outcome(True, lasso=lasso, message=(
            f"{_text(form.p)} holds at step {len(prefix) - 1} but {_text(form.q)} never "
            "holds afterwards" + _loop_words(lasso)))

    # ------------------------------------------------------------ lassos
    def close(self, prefix: list, components: Components, must: list[int]) -> Lasso:
        entry = prefix[-1][0]
        component = components.members(entry)
        loop_start = len(prefix) - 1
        if len(component) == 1 and (self.graph.is_dead_end(entry)
                                    or self.fair.stutter_fair[entry]):
            lasso = Lasso(prefix, loop_start, stutters=True,
                          dead_end=self.graph.is_dead_end(entry))
        else:
            lasso = Lasso(prefix + self.loop(component, entry, must), loop_start)
        lasso.notes = self.notes(lasso)
        lasso.fair = bool(self.fair.groups)
        return lasso

    def loop(self, component: list[int], entry: int, must: list[int]) -> list:
        """Transitions inside the component from `entry` back to it, visiting
        a transition of every taken group, a disabling state of every weak
        group that is not taken, and the `must` states."""
        g = self.graph
        inside = g.mask(component)
        stops: list[tuple[int, int | None]] = []
        taken = self.fair.taken(component, inside)
        for group in self.fair.groups:
            if group.index in taken:
                stops.append(self.edge_for(component, inside, group.index))
            elif group.kind == "weak":
                u = next(u for u in component if group.index not in self.fair.enabled(u))
                stops.append((u, None))
        stops += [(u, None) for u in must]
        path, here = [], entry
        for u, edge in dict.fromkeys(stops):
            path += g.path_to(here, u, inside)[1:]
            here = u
            if edge is not None:
                here = g.targets[edge]
                path.append((here, edge))
        if not path:
            edge = next(p for p in g.edges(entry) if inside[g.targets[p]])
            here = g.targets[edge]
            path.append((here, edge))
        if here != entry:
            path += g.path_to(here, entry, inside)[1:]
        return path

    def edge_for(self, component: list[int], inside: bytearray, group: int) -> tuple[int, int]:
        g = self.graph
        for u in component:
            for p in g.edges(u):
                if inside[g.targets[p]] and group in self.fair.of_instance[g.labels[p]]:
                    return u, p
        raise AssertionError("a taken group has no transition")

    def notes(self, lasso: Lasso) -> list[FairnessNote]:
        """How the loop satisfies each fairness constraint (step numbers of the trace)."""
        g, out = self.graph, []
        start = lasso.loop_start
        loop_states = [s for s, _ in lasso.path[start:-1]] or [lasso.path[start][0]]
        for group in self.fair.groups:
            how = None
            for step, (_, edge) in enumerate(lasso.path[start + 1:], start + 1):
                if group.index in self.fair.of_instance[g.labels[edge]]:
                    how = f"taken at step {step}"
                    break
            if how is None:
                disabled = [i for i, u in enumerate(loop_states, start)
                            if group.index not in self.fair.enabled(u)]
                if len(disabled) == len(loop_states):
                    how = "never enabled in the loop"
                elif group.kind == "weak" and disabled:
                    how = f"disabled at step {disabled[0]}"
                else:
                    raise AssertionError(f"the loop does not satisfy {group.description}")
            out.append(FairnessNote(group.description, how))
        return out


_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _flip(values: bytearray) -> bytearray:
    """The complement of a 0/1 mask."""
    return bytearray(values.translate(_FLIP))


def _text(expr: ir.Expr) -> str:
    span = getattr(expr, "span", None)
    return f"`{span.text}`" if span is not None and span.text else "the condition"


def _loop_words(lasso: Lasso) -> str:
    if lasso.stutters and lasso.dead_end:
        return f"; the run ends at step {lasso.loop_start} with no action enabled"
    if lasso.stutters:
        return (f"; the run stutters at step {lasso.loop_start} forever (semantics "
                "stuttering; no fair action is enabled there)")
    loop = "fair loop" if lasso.fair else "loop"
    return f"; {loop} from step {lasso.loop_start} to step {len(lasso.path) - 1}"


def describe_binding(binding: dict[str, object]) -> str:
    return ", ".join(f"{n} = {format_value(v)}" for n, v in binding.items())


__all__ = ["Liveness", "Outcome", "Lasso", "shape", "bindings", "describe_binding"]

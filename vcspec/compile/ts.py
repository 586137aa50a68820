"""The TransitionSystem every engine consumes.

States are ints (vcspec/compile/layout.py). The system has its initial
states, one action instance per action and parameter valuation (a family's
instance index is the first parameter), and compiled functions:

  steps[k](s, viol) -> successor int, or None when instance k is disabled;
                       raises ActionError on a runtime error of the spec;
                       appends the ids of failed monitor checks to `viol`
  chunk(...)        the fused BFS loop over many states (see compile/build.py)

Properties are described by index: invariants (including monitors' `always`
checks) and monitor transition checks (`require`/`ensure`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vcspec.compile.codegen import ActionError
from vcspec.compile.layout import Layout
from vcspec.model import ir
from vcspec.model.evaluate import format_value


@dataclass(frozen=True)
class ActionInstance:
    index: int
    action: ir.Action
    args: tuple

    @property
    def name(self) -> str:
        return self.action.name

    def label(self) -> str:
        """The call as the spec would write it: Client.NdisClCloseCall(vc1, Success)."""
        inner = ", ".join(format_value(v, t) for v, (_, t) in zip(self.args, self.action.params))
        return f"{self.action.name}({inner})"

    def named_args(self) -> dict[str, object]:
        return {n: v for (n, _), v in zip(self.action.params, self.args)}


@dataclass(frozen=True)
class StateCheck:
    """A state predicate checked on every reachable state."""

    index: int
    property: str  # the property's name
    kind: str  # "invariant" | "monitor"
    expr: ir.Expr
    message: str
    monitor: str | None = None


@dataclass(frozen=True)
class StepCheck:
    """A monitor's require/ensure, checked when its rule matches a step."""

    index: int
    monitor: str
    rule: ir.MonitorRule
    check: ir.Check


@dataclass
class TransitionSystem:
    model: ir.Model
    layout: Layout
    initial: list[int]
    initial_errors: list[str]
    instances: list[ActionInstance]
    steps: list[Callable]
    state_checks: list[StateCheck]
    step_checks: list[StepCheck]
    terminal: Callable[[int], bool]
    builder: object = field(repr=False)  # vcspec.compile.build.Builder
    source: str = field(default="", repr=False)  # the generated code, for debugging
    # the state satisfies every `constraint` (else it is neither stored nor expanded)
    admits: Callable[[int], bool] = field(default=lambda s: True, repr=False)
    excluded_initial: int = 0  # initial states the constraints left out

    def decode(self, state: int) -> tuple:
        return self.layout.decode(state)

    def decode_monitors(self, state: int) -> dict[str, tuple]:
        return self.layout.decode_monitors(state)

    def var_names(self) -> list[str]:
        return [v.name for v in self.layout.all_vars()]

    def decode_named(self, state: int) -> dict[str, object]:
        """Every variable (monitors' too) by qualified name."""
        return {v.name: v.slot.decode(state) for v in self.layout.all_vars()}

    def var_types(self) -> dict:
        return {v.name: v.slot.type for v in self.layout.all_vars()}

    def successors(self, state: int) -> list[tuple[int, int]]:
        """(instance index, successor) for every instance that has one that the
        constraints admit (slow path; instances failing at run time are left out)."""
        out = []
        for k, step in enumerate(self.steps):
            try:
                successor = step(state, [])
                if successor is not None and self.admits(successor):
                    out.append((k, successor))
            except ActionError:
                continue
        return out

    def chunk(self, mode: str, **options) -> Callable:
        return self.builder.chunk(mode, **options)

    def invariant_scan(self, active: tuple[int, ...]) -> Callable:
        return self.builder.invariant_scan(active)

    def predicate(self, expr: ir.Expr, bindings: dict[str, object]) -> Callable[[int], bool]:
        return self.builder.predicate(expr, bindings)

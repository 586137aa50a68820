"""The reachable state graph of a model, for drawing.

One breadth-first search (vcspec/explicit/bfs.py in graph mode, no symmetry
reduction, so states are concrete: Vc1 stays Vc1) keeps every transition with
its action instance. The search is bounded (`max_states`); a diagram drawn
from an incomplete graph says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from vcspec.compile.build import build
from vcspec.compile.ts import ActionInstance, TransitionSystem
from vcspec.engine.limits import Limits
from vcspec.explicit.bfs import Search, Selection
from vcspec.model import ir

MAX_STATES = 200_000


@dataclass
class StateGraph:
    model: ir.Model
    ts: TransitionSystem
    states: list[int]  # state ints in BFS order; a node is an index into this list
    edges: list[tuple[int, int, int]]  # (source, target, action instance index)
    initial: int  # states[:initial] are the initial states
    complete: bool
    stop_reason: str | None = None
    _out: dict[int, list[int]] | None = field(default=None, repr=False)

    def instance(self, k: int) -> ActionInstance:
        return self.ts.instances[k]

    def decode(self, index: int) -> tuple[tuple, dict[str, tuple]]:
        """(state tuple in model.vars order, monitors' variables) of a node."""
        state = self.states[index]
        return self.ts.decode(state), self.ts.decode_monitors(state)

    @cached_property
    def dead_ends(self) -> set[int]:
        """Nodes with no outgoing transition (only meaningful when complete)."""
        has_out = {u for u, _, _ in self.edges}
        return {i for i in range(len(self.states)) if i not in has_out}

    @cached_property
    def terminal(self) -> set[int]:
        """Nodes that are allowed end states (a `terminal` declaration holds)."""
        out = set()
        for i, state in enumerate(self.states):
            try:
                if self.ts.terminal(state):
                    out.add(i)
            except Exception:  # noqa: BLE001 -- an erroring terminal is not an end state
                continue
        return out

    @property
    def deadlocks(self) -> set[int]:
        return self.dead_ends - self.terminal if self.complete else set()

    def index_of(self, state: int) -> int | None:
        return self._index.get(state)

    @cached_property
    def _index(self) -> dict[int, int]:
        return {s: i for i, s in enumerate(self.states)}


def explore(model: ir.Model, max_states: int | None = MAX_STATES,
            max_seconds: float | None = None) -> StateGraph:
    ts = build(model)
    limits = Limits(max_states, max_seconds, None)
    ex = Search(ts, Selection((), (), False, False), limits, None, None, True).run()
    edges = []
    n = min(len(ex.offsets) - 1, len(ex.states))
    for u in range(n):
        for p in range(ex.offsets[u], ex.offsets[u + 1]):
            edges.append((u, ex.targets[p], ex.labels[p]))
    initial = ex.level_ends[0] if ex.level_ends else len(ex.states)
    return StateGraph(model, ts, list(ex.states), edges, initial, ex.complete, ex.stop_reason)

"""Reachable graph (+ view, + trace) -> diagram IR.

  machine(graph, view)       the graph projected onto a view: one node per
                             distinct value of the view's expressions, one
                             edge per pair of nodes that some transition
                             connects, labelled with every action that does
                             (transitions inside one node are not drawn)
  full_graph(graph)          every reachable state (small models)
  region(graph, c, radius)   the states within `radius` steps of state c
  overlay(projection, ...)   a trace drawn over a projection: the path taken,
                             the step numbers, the last (violating) state
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass, field

from vcspec.diagram.explore import StateGraph
from vcspec.diagram.model import Call, Diagram, Edge, Node
from vcspec.diagram.values import ABSENT, leaves, model_types, named_state, split_state, varying
from vcspec.diagram.views import View
from vcspec.engine.result import Trace
from vcspec.model import ir
from vcspec.model.evaluate import format_value

FULL_LIMIT = 60  # states in a full-graph diagram (more is not readable)


class TooLarge(ValueError):
    """The diagram asked for would have too many states to read."""


@dataclass
class Projection:
    """A diagram and the way from a state to its node."""

    diagram: Diagram
    key_of: callable  # (state tuple, monitors) -> node key
    nodes: dict = field(default_factory=dict)  # node key -> node id

    def node_for(self, state: tuple, monitors: dict) -> str | None:
        return self.nodes.get(self.key_of(state, monitors))


# ------------------------------------------------------------ projections
def machine(graph: StateGraph, view: View, title: str | None = None) -> Projection:
    model = graph.model
    keys = [view.values(*graph.decode(i)) for i in range(len(graph.states))]
    ids: dict[tuple, str] = {}
    for key in keys:
        ids.setdefault(key, f"n{len(ids)}")
    nodes = {ids[k]: Node(ids[k], view.lines(k)) for k in ids}
    _mark_nodes(graph, nodes, [ids[k] for k in keys])
    edges = _merge_edges(graph, [ids[k] for k in keys])
    diagram = Diagram(title or view.title, "machine", list(nodes.values()), edges,
                      _processes(model), _notes(graph))
    return Projection(diagram, view.values, ids)


def full_graph(graph: StateGraph, limit: int = FULL_LIMIT) -> Projection:
    n = len(graph.states)
    if n > limit:
        raise TooLarge(f"the state graph has {n:,} states{'' if graph.complete else ' or more'}"
                       f" (a full drawing is limited to {limit}): draw a state machine "
                       "(--process P [--key K], --vars EXPR...) or the region around a state "
                       "(--around EXPR [--radius R])")
    states = [_leaves_of(graph, i) for i in range(n)]
    shown = varying(states)
    ids = [f"n{i}" for i in range(n)]
    nodes = {ids[i]: Node(ids[i], [f"{k} = {states[i][k]}" for k in shown] or ["(state)"],
                          tooltip=_tooltip(states[i])) for i in range(n)}
    _mark_nodes(graph, nodes, ids)
    edges = _merge_edges(graph, ids)
    diagram = Diagram(f"{graph.model.name}: reachable states", "graph", list(nodes.values()),
                      edges, _processes(graph.model), _notes(graph))
    state_ids = {graph.decode(i)[0]: ids[i] for i in range(n)}
    return Projection(diagram, lambda state, monitors: state, state_ids)


def region(graph: StateGraph, center: int, radius: int = 2) -> Diagram:
    """The states within `radius` transitions (either direction) of `center`.
    The center shows every leaf that varies in the region, the others only
    where they differ from it; a dashed node has transitions out of the region."""
    near = _neighbourhood(graph, center, radius)
    order = sorted(near)
    states = {i: _leaves_of(graph, i) for i in order}
    shown = varying([states[i] for i in order])
    ids = {i: f"n{k}" for k, i in enumerate(order)}
    nodes: dict[str, Node] = {}
    for i in order:
        if i == center:
            lines = [f"{k} = {states[i][k]}" for k in shown]
        else:
            lines = [f"{k} = {states[i][k]}" for k in shown if states[i][k] != states[center][k]]
        nodes[ids[i]] = Node(ids[i], lines or ["(state)"], tooltip=_tooltip(states[i]))
    _mark_nodes(graph, nodes, [ids.get(i) for i in range(len(graph.states))])
    nodes[ids[center]].role = "center"
    for u, v, _ in graph.edges:
        if (u in near) != (v in near):
            nodes[ids[u if u in near else v]].partial = True
    kept = [e for e in graph.edges if e[0] in near and e[1] in near]
    edges = _merge_edges(graph, [ids.get(i) for i in range(len(graph.states))], kept)
    steps = "step" if radius == 1 else "steps"
    title = f"{graph.model.name}: {len(order)} states within {radius} {steps} of state {center}"
    return Diagram(title, "roi", list(nodes.values()), edges, _processes(graph.model),
                   _notes(graph) + ["dashed: has transitions to states not drawn"])


def _tooltip(state: dict[str, str]) -> str:
    return "\n".join(f"{k} = {v}" for k, v in state.items())


def _neighbourhood(graph: StateGraph, center: int, radius: int) -> set[int]:
    return neighbourhood(((u, v) for u, v, _ in graph.edges), center, radius)


def neighbourhood(pairs, center, radius: int) -> set:
    """The nodes within `radius` edges of `center`, edges taken either way
    (`pairs`: (source, target) of each edge)."""
    adjacent: dict = {}
    for u, v in pairs:
        adjacent.setdefault(u, set()).add(v)
        adjacent.setdefault(v, set()).add(u)
    seen = {center: 0}
    queue = deque([center])
    while queue:
        u = queue.popleft()
        if seen[u] == radius:
            continue
        for v in sorted(adjacent.get(u, ())):
            if v not in seen:
                seen[v] = seen[u] + 1
                queue.append(v)
    return set(seen)


def _leaves_of(graph: StateGraph, index: int) -> dict[str, str]:
    model = graph.model
    state = named_state(model, *graph.decode(index))
    return leaves(state, model_types(model), model.families)


def _mark_nodes(graph: StateGraph, nodes: dict[str, Node], node_of: list[str | None]) -> None:
    for i in range(graph.initial):
        if node_of[i] is not None:
            nodes[node_of[i]].initial = True
    for i in graph.terminal:
        if node_of[i] is not None:
            nodes[node_of[i]].final = True
    for i in graph.deadlocks:
        if node_of[i] is not None:
            nodes[node_of[i]].deadlock = True


def _merge_edges(graph: StateGraph, node_of: list[str | None],
                 edges: list[tuple[int, int, int]] | None = None) -> list[Edge]:
    """One edge per pair of distinct nodes, with every action that connects them."""
    order = {a.name: k for k, a in enumerate(graph.model.actions)}
    twice = ambiguous(graph.model)
    groups: dict[tuple[str, str], dict[str, set[tuple]]] = {}
    for u, v, k in graph.edges if edges is None else edges:
        a, b = node_of[u], node_of[v]
        if a is None or b is None or a == b:
            continue
        inst = graph.instance(k)
        groups.setdefault((a, b), {}).setdefault(inst.name, set()).add(inst.args)
    out = []
    for (a, b), calls in sorted(groups.items(), key=lambda kv: (_num(kv[0][0]),
                                                                 _num(kv[0][1]))):
        lines = []
        for name in sorted(calls, key=order.__getitem__):
            action = graph.model.actions[order[name]]
            qualify = action.name.partition(".")[2] in twice
            lines += [Call(action.process, text)
                      for text in call_lines(action, calls[name], qualify)]
        out.append(Edge(a, b, lines))
    return out


def ambiguous(model: ir.Model) -> set[str]:
    """Action names that more than one process has."""
    seen: dict[str, int] = {}
    for action in model.actions:
        short = action.name.partition(".")[2]
        seen[short] = seen.get(short, 0) + 1
    return {name for name, n in seen.items() if n > 1}


def _num(node_id: str) -> int:
    return int(node_id[1:])


# ------------------------------------------------------------ edge labels
def call_lines(action: ir.Action, argsets: set[tuple], qualify: bool = False) -> list[str]:
    """The calls of one action between two nodes, as few exact lines as
    possible: a position that takes every value of its type (of more than one
    value) is `_`, several values are `a|b`. The process is named only when
    `qualify` (another process has an action of the same name)."""
    short = action.name if qualify else action.name.partition(".")[2]
    if not action.params:
        return [short]
    types = [t for _, t in action.params]
    return [f"{short}({', '.join(parts)})" for parts in _cover(sorted(argsets, key=_sort_key),
                                                               types)]


def _cover(tuples: list[tuple], types: list) -> list[list[str]]:
    if not types:
        return [[]]
    columns = [_in_order({t[i] for t in tuples}, types[i]) for i in range(len(types))]
    product = 1
    for column in columns:
        product *= len(column)
    if product == len(set(tuples)):
        return [[_position(c, t) for c, t in zip(columns, types)]]
    out = []
    for value in columns[0]:
        rest = [t[1:] for t in tuples if t[0] == value]
        for tail in _cover(rest, types[1:]):
            out.append([format_value(value, types[0]), *tail])
    return out


def _position(values: list, t) -> str:
    domain = t.domain()
    if len(domain) > 1 and len(values) == len(domain):
        return "_"
    return "|".join(format_value(v, t) for v in domain if v in values)


def _in_order(values: set, t) -> list:
    """Values in their type's order (the order the spec declares them)."""
    try:
        position = {v: k for k, v in enumerate(t.domain())}
    except Exception:  # noqa: BLE001 -- an unordered type: a stable order anyway
        return sorted(values, key=_value_key)
    return sorted(values, key=lambda v: (position.get(v, len(position)), _value_key(v)))


def _value_key(value):
    return (value is None, str(type(value)), str(value))


def _sort_key(args: tuple):
    return tuple(_value_key(v) for v in args)


def _processes(model: ir.Model) -> list[str]:
    return list(model.processes)


def _notes(graph: StateGraph) -> list[str]:
    if graph.complete:
        return []
    return [f"partial: the search stopped at {len(graph.states):,} states "
            f"({graph.stop_reason})"]


# ------------------------------------------------------------ traces
def trace_keys(projection: Projection, model: ir.Model, trace: Trace) -> list:
    return [projection.key_of(*split_state(model, step.state)) for step in trace.steps]


def overlay(projection: Projection, model: ir.Model | None, trace: Trace, upto: int | None = None,
            keys: list | None = None) -> Diagram:
    """The projection's diagram with the trace's path highlighted up to step
    `upto` (default: the whole trace, whose last state is the violating one)."""
    diagram = copy.deepcopy(projection.diagram)
    keys = keys if keys is not None else trace_keys(projection, model, trace)
    last = len(trace.steps) - 1 if upto is None else min(upto, len(trace.steps) - 1)
    ids = _path_nodes(diagram, projection, keys[: last + 1])
    twice = ambiguous(model) if model is not None else set()
    for node in diagram.nodes:
        node.role = "inactive"
    for edge in diagram.edges:
        edge.role = "inactive"
    for i, node_id in enumerate(ids):
        node = diagram.node(node_id)
        node.role = "previous"
        node.steps.append(i)
        if i == 0:
            continue
        edge = _path_edge(diagram, ids[i - 1], node_id, trace.steps[i], twice)
        edge.role = "previous"
        edge.steps.append(i)
    current = diagram.node(ids[-1])
    current.role = "active"
    if upto is None or last == len(trace.steps) - 1:
        _mark_end(diagram, trace, ids)
    diagram.kind = "trace"
    return diagram


def _path_nodes(diagram: Diagram, projection: Projection, keys: list) -> list[str]:
    ids = []
    for key in keys:
        node_id = projection.nodes.get(key)
        if node_id is None:  # not in the (partial) graph: add it
            node_id = f"n{len(projection.nodes) + len(ids)}x"
            projection.nodes[key] = node_id
            diagram.nodes.append(Node(node_id, [str(v) for v in key]))
        ids.append(node_id)
    return ids


def _path_edge(diagram: Diagram, a: str, b: str, step, twice: set[str]) -> Edge:
    process, _, text = step.label.partition(".")
    if text.split("(")[0] in twice:
        text = step.label
    if a != b:
        edge = diagram.edge(a, b)
        if edge is not None:
            return edge
    for edge in diagram.edges:  # a self-loop of the view: the trace stayed in the node
        if edge.src == a and edge.dst == b and edge.role == "previous" and a == b:
            if all(c.text != text for c in edge.calls):
                edge.calls.append(Call(process, text))
            return edge
    edge = Edge(a, b, [Call(process, text)])
    diagram.edges.append(edge)
    return edge


def _mark_end(diagram: Diagram, trace: Trace, ids: list[str]) -> None:
    if trace.loop_start is not None:
        start = diagram.node(ids[trace.loop_start])
        start.role = "active"
        if not trace.stutters:
            diagram.node(ids[-1]).role = "previous" if ids[-1] != start.id else "active"
        for edge in diagram.edges:
            if edge.steps and max(edge.steps) > trace.loop_start:
                edge.role = "loop" if min(edge.steps) > trace.loop_start else edge.role
        diagram.notes.append(f"lasso: the steps after step {trace.loop_start} repeat forever")
    if trace.violation:
        diagram.notes.append(f"violation: {trace.violation}")


def trace_path(trace: Trace, model: ir.Model | None = None) -> Diagram:
    """A trace alone (no spec needed): one node per distinct state it visits,
    labelled with the leaves that vary along it, its steps in order."""
    types = model_types(model) if model is not None else trace.types
    families = model.families if model is not None else {}
    states = [leaves(step.state, types, families) for step in trace.steps]
    shown = varying(states)
    keys = [tuple(s.get(k, ABSENT) for k in shown) for s in states]
    ids: dict[tuple, str] = {}
    nodes = []
    for key in keys:
        if key not in ids:
            ids[key] = f"n{len(ids)}"
            nodes.append(Node(ids[key], [f"{k} = {v}" for k, v in zip(shown, key)]
                              or ["(state)"]))
    nodes[0].initial = True
    processes = list(dict.fromkeys(s.action.partition(".")[0] for s in trace.steps[1:]
                                   if s.action)) if model is None else _processes(model)
    diagram = Diagram("trace", "trace", nodes, [], processes)
    projection = Projection(diagram, lambda state, monitors: None, ids)
    return overlay(projection, model, trace, keys=keys)

"""Pictures of models, state spaces and traces (Graphviz).

    from vcspec.model import load
    from vcspec import diagram
    m = load("specs/condis/condis.vcspec", {"NVC": "1"})
    diagram.state_machine(m, vars=["Ndis.call[Vc1]"]).save("call.svg")
    diagram.state_machine(m, process="Ndis", key="Vc1")      # one VC's record
    diagram.state_graph(m, around="Ndis.call[Vc1] == Closing", radius=1)
    diagram.region_machine(m, "Ndis.call[Vc1] == Closing", 1, vars=["Ndis.call[Vc1]"])
    diagram.trace_diagram(trace, m, vars=["Ndis.call[Vc1]"])  # a path over the machine
    diagram.sequence_chart(trace, m)                          # one lane per process
    diagram.log_chart(trace, m, events, rejected)             # a driver's log, explained

Every function returns a Picture: `.source` is the DOT text (no Graphviz
needed), `.svg()` / `.png()` / `.save(path)` lay it out with Graphviz's `dot`
(DotMissing, with how to install it, when absent), and in Jupyter it shows
itself (as SVG, or as the DOT text and the install hint without `dot`).
Pipeline: explore.py (reachable graph) -> views.py (what to project on) ->
extract.py (diagram IR, model.py) -> dot.py; chart.py -> chart_dot.py.
"""

from __future__ import annotations

from collections import OrderedDict
from html import escape
from pathlib import Path

from vcspec.diagram import chart as _chart
from vcspec.diagram import extract
from vcspec.diagram.chart_dot import chart_dot
from vcspec.diagram.dot import INSTALL_HINT, DotMissing, have_dot, render, to_dot
from vcspec.diagram.explore import MAX_STATES, StateGraph, explore
from vcspec.diagram.model import Diagram
from vcspec.diagram.scope import ExprError, compile_expr, evaluate_state
from vcspec.diagram.values import split_state
from vcspec.diagram.views import ViewError, make_view
from vcspec.engine.result import Step, Trace
from vcspec.model import ir

__all__ = ["DotMissing", "ExprError", "Picture", "ViewError", "first_state", "have_dot",
           "log_chart", "picture", "projection", "reachable", "sequence_chart", "state_graph",
           "state_machine", "step_values", "trace_diagram"]

_GRAPHS: OrderedDict = OrderedDict()  # (id(model), max_states) -> StateGraph, a few kept
KEEP_GRAPHS = 4


class Picture:
    """A diagram as DOT text, rendered on demand."""

    def __init__(self, source: str, title: str = "", ir=None):
        self.source = source
        self.title = title
        self.ir = ir  # the Diagram or Chart it was drawn from

    def render(self, fmt: str = "svg") -> bytes:
        return render(self.source, fmt)

    def svg(self) -> str:
        return self.render("svg").decode("utf-8")

    def png(self) -> bytes:
        return self.render("png")

    def save(self, path: str | Path, fmt: str | None = None) -> Path:
        path = Path(path)
        fmt = fmt or path.suffix.lstrip(".") or "svg"
        fmt = "dot" if fmt == "gv" else fmt
        path.write_bytes(self.render(fmt))
        return path

    def __repr__(self) -> str:
        return f"<Picture {self.title!r}: {len(self.source)} characters of DOT>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"{self.title}\n(DOT text: .source; SVG: .svg())"
        try:
            return {"image/svg+xml": self.svg(), "text/plain": text}
        except DotMissing:
            return {"text/html": fallback_html(self.source), "text/plain": text}
        except Exception as error:  # noqa: BLE001 -- display never raises
            return {"text/plain": f"{text}\n(could not draw: {error})"}


def fallback_html(source: str) -> str:
    return (f"<div><p><i>{escape(INSTALL_HINT)}</i></p><details><summary>DOT text"
            f"</summary><pre>{escape(source)}</pre></details></div>")


# ------------------------------------------------------------ state diagrams
def reachable(model: ir.Model, max_states: int | None = MAX_STATES) -> StateGraph:
    """The model's reachable graph (the last few are kept: a notebook draws
    several views of one model)."""
    key = (id(model), max_states)
    graph = _GRAPHS.get(key)
    if graph is not None and graph.model is model:
        _GRAPHS.move_to_end(key)
        return graph
    graph = explore(model, max_states)
    _GRAPHS[key] = graph
    while len(_GRAPHS) > KEEP_GRAPHS:
        _GRAPHS.popitem(last=False)
    return graph


def projection(model: ir.Model, process: str | None = None, key: str | None = None,
               vars: list[str] | None = None,
               max_states: int | None = MAX_STATES) -> extract.Projection:
    view = make_view(model, process, key, vars)
    return extract.machine(reachable(model, max_states), view)


def state_machine(model: ir.Model, process: str | None = None, key: str | None = None,
                  vars: list[str] | None = None,
                  max_states: int | None = MAX_STATES) -> Picture:
    """The reachable graph projected onto a process (at a key / an instance),
    onto expressions, or (nothing given) onto the model's control state."""
    diagram = projection(model, process, key, vars, max_states).diagram
    return picture(diagram)


def state_graph(model: ir.Model, around: str | None = None, radius: int = 2,
                max_states: int | None = MAX_STATES, limit: int = extract.FULL_LIMIT
                ) -> Picture:
    """Every reachable state (small models), or the states within `radius`
    steps of the first state (in breadth-first order) where `around` holds."""
    graph = reachable(model, max_states)
    if around is None:
        return picture(extract.full_graph(graph, limit).diagram)
    return picture(extract.region(graph, first_state(graph, around), radius))


def region_machine(model: ir.Model, around: str, radius: int = 2, process: str | None = None,
                   key: str | None = None, vars: list[str] | None = None,
                   max_states: int | None = MAX_STATES) -> Picture:
    """A state machine (projected as `state_machine` does) cut down to the
    nodes within `radius` steps of the node of the first state where `around`
    holds (vcspec/diagram/around.py)."""
    from vcspec.diagram.around import projected_region

    graph = reachable(model, max_states)
    projection = extract.machine(graph, make_view(model, process, key, vars))
    center = projection.node_for(*graph.decode(first_state(graph, around)))
    return picture(projected_region(projection, center, radius))


def first_state(graph: StateGraph, predicate: str) -> int:
    compiled = compile_expr(graph.model, predicate)
    for i in range(len(graph.states)):
        if evaluate_state(compiled, *graph.decode(i)) is True:
            return i
    raise ViewError(f"no reachable state satisfies {predicate}"
                    + ("" if graph.complete else " (in the part of the state space explored)"))


def picture(diagram: Diagram) -> Picture:
    return Picture(to_dot(diagram), diagram.title, diagram)


# ------------------------------------------------------------ traces
def trace_diagram(trace: Trace, model: ir.Model, process: str | None = None,
                  key: str | None = None, vars: list[str] | None = None,
                  upto: int | None = None, max_states: int | None = MAX_STATES) -> Picture:
    """The trace's path over a state machine of the model: visited states and
    transitions in blue with their step numbers, the last (or `upto`) state red."""
    proj = projection(model, process, key, vars, max_states)
    return picture(extract.overlay(proj, model, trace, upto))


def sequence_chart(trace: Trace, model: ir.Model | None = None, property: str = "",
                   title: str | None = None, exclude: set[str] | None = None) -> Picture:
    """The trace as a message sequence chart (see chart.py for who sends what)."""
    heading = title if title is not None else (
        f"Counterexample to {property}" if property else "Trace")
    chart = _chart.sequence_chart(trace, model, heading, property, exclude=exclude)
    return Picture(chart_dot(chart), heading, chart)


def log_chart(trace: Trace, model: ir.Model | None, events: list[int | None],
              rejected: Step | None = None, title: str = "Log", head: str = "",
              end: str = "") -> Picture:
    """A driver's log explained by the model (vcspec/validate/witness.py): the
    logged events as arrows, the steps the log does not show dotted and grey,
    and the event the model rejects in red with the properties it breaks."""
    chart = _chart.log_chart(trace, model, events, rejected, title, head, end)
    return Picture(chart_dot(chart), title, chart)


def step_values(trace: Trace, model: ir.Model, expression: str) -> list:
    """An expression's value at every step of a trace (`trace.eval`)."""
    compiled = compile_expr(model, expression)
    return [evaluate_state(compiled, *split_state(model, step.state)) for step in trace.steps]


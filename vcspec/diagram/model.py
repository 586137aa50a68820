"""The diagram IR: what a state diagram shows, independent of how it is drawn.

extract.py builds it (from the reachable graph, a view and maybe a trace);
dot.py renders it. Roles follow python-statemachine / transitions:

  node role   default | active (the current or violating state) |
              previous (visited by the trace) | inactive (not on the trace) |
              center (the state a region-of-interest view is built around)
  edge role   default | previous (taken by the trace) | inactive | violating
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Call:
    """One line of an edge label: an action (with its arguments) of a process."""

    process: str
    text: str


@dataclass
class Node:
    id: str  # synthetic (n0, n1, ...): never a user name (DOT ports use ':')
    lines: list[str]  # label lines
    initial: bool = False
    final: bool = False  # an allowed end state (a `terminal` declaration holds)
    deadlock: bool = False  # a reachable state with no enabled action that is not terminal
    role: str = "default"
    partial: bool = False  # region of interest: has transitions to states not drawn
    steps: list[int] = field(default_factory=list)  # trace steps at this node
    tooltip: str = ""


@dataclass
class Edge:
    src: str
    dst: str
    calls: list[Call]
    role: str = "default"
    steps: list[int] = field(default_factory=list)  # trace steps taking this edge


@dataclass
class Diagram:
    title: str
    kind: str  # machine | graph | roi | trace
    nodes: list[Node]
    edges: list[Edge]
    processes: list[str]  # legend, in colour order
    notes: list[str] = field(default_factory=list)  # shown under the title

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def find(self, line: str) -> Node | None:
        """The first node whose label has this line (for tests and users)."""
        return next((n for n in self.nodes if line in n.lines), None)

    def edge(self, src: str, dst: str) -> Edge | None:
        return next((e for e in self.edges if e.src == src and e.dst == dst), None)


def diagram_text(diagram: Diagram) -> str:
    """The diagram as plain text (`vcspec graph --format text`): its states,
    then its transitions, one per line, with no layout to compute."""
    lines = [diagram.title, *diagram.notes, f"states ({len(diagram.nodes)}):"]
    for node in diagram.nodes:
        marks = [m for m, on in (("initial", node.initial), ("terminal", node.final),
                                 ("deadlock", node.deadlock), ("center", node.role == "center"),
                                 ("partial", node.partial)) if on]
        if node.steps:
            marks.append("step " + ", ".join(map(str, node.steps)))
        tag = f" [{', '.join(marks)}]" if marks else ""
        lines.append(f"  {node.id}{tag}: {' · '.join(node.lines) or '(state)'}")
    lines.append(f"transitions ({len(diagram.edges)}):")
    for edge in diagram.edges:
        calls = "; ".join(c.text for c in edge.calls if c.text)
        lines.append(f"  {edge.src} -> {edge.dst}" + (f": {calls}" if calls else ""))
    return "\n".join(lines) + "\n"

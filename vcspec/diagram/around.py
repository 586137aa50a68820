"""The region of a state machine around a state: `vcspec graph --around P`
with a projection (--process/--key/--vars).

Without a projection, --around draws whole states (extract.region). With one,
the machine is the reachable graph projected onto the view, and the region is
its nodes within `radius` edges (either direction) of the node that holds the
first reachable state (breadth-first order) where P holds: the same machine
`vcspec graph --vars ...` draws, cut down to what is near the state of interest.
"""

from __future__ import annotations

from dataclasses import replace

from vcspec.diagram.extract import Projection, neighbourhood
from vcspec.diagram.model import Diagram

DASHED = "dashed: has transitions to states not drawn"


def projected_region(projection: Projection, center: str, radius: int) -> Diagram:
    """The nodes of `projection` within `radius` edges of node `center`."""
    machine = projection.diagram
    near = neighbourhood(((e.src, e.dst) for e in machine.edges), center, radius)
    nodes = [replace(n, role="center" if n.id == center else n.role)
             for n in machine.nodes if n.id in near]
    crossing = {e.src if e.src in near else e.dst for e in machine.edges
                if (e.src in near) != (e.dst in near)}
    for node in nodes:
        node.partial = node.id in crossing
    edges = [e for e in machine.edges if e.src in near and e.dst in near]
    steps = "step" if radius == 1 else "steps"
    label = " / ".join(machine.node(center).lines)
    title = (f"{machine.title}: {len(nodes)} of {len(machine.nodes)} states within {radius} "
             f"{steps} of {label}")
    notes = machine.notes + ([DASHED] if crossing else [])
    return Diagram(title, "roi", nodes, edges, machine.processes, notes)


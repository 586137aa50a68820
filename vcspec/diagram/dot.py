"""Diagram IR -> DOT (graphviz.Digraph), and DOT -> SVG/PNG when `dot` exists.

Layout choices: left to right; node ids are synthetic (n0, n1, ...) with the
text in HTML-like labels (names never reach DOT syntax); parallel
transitions are merged into one edge whose label has one line per call,
coloured by the process that makes it (legend under the title).
Roles: an initial state has an arrow from a dot, an allowed end state a
double border, a deadlock is red; a trace draws its path in blue with step
numbers, the current / violating state in red, the rest grey.
"""

from __future__ import annotations

import html
import shutil
import subprocess

from vcspec.diagram.model import Diagram, Edge, Node
from vcspec.report.values import printable

FONT = "Helvetica"
PATH = "#1565c0"  # a trace's path
ALERT = "#c62828"  # violating / current state, deadlocks
PALETTE = ["#2e7d32", "#6a1b9a", "#e65100", "#00838f", "#ad1457", "#8d6e63", "#558b2f",
           "#37474f"]
INSTALL_HINT = ("Graphviz's `dot` program is not installed, so here is the DOT text; "
                "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: "
                "brew install graphviz; conda: conda install graphviz) to get pictures, or "
                "paste the text into any Graphviz viewer.")

NODE_STYLE = {
    "default": {"color": "#455a64", "fillcolor": "#ffffff"},
    "previous": {"color": PATH, "fillcolor": "#e3f2fd", "penwidth": "1.6"},
    "active": {"color": ALERT, "fillcolor": "#ffcdd2", "penwidth": "2.4"},
    "inactive": {"color": "#b0bec5", "fillcolor": "#fafafa", "fontcolor": "#90a4ae"},
    "center": {"color": "#f9a825", "fillcolor": "#fff8e1", "penwidth": "2.4"},
}
EDGE_STYLE = {
    "default": {"color": "#607d8b"},
    "previous": {"color": PATH, "penwidth": "2.2"},
    "loop": {"color": PATH, "penwidth": "2.2", "style": "dashed"},
    "inactive": {"color": "#cfd8dc"},
}


def colours(processes: list[str]) -> dict[str, str]:
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(processes)}


def to_digraph(diagram: Diagram):
    """The diagram as a graphviz.Digraph (its `.source` is the DOT text)."""
    import graphviz

    g = graphviz.Digraph("vcspec", graph_attr={
        "rankdir": "LR", "fontname": FONT, "fontsize": "11", "labelloc": "t",
        "labeljust": "l", "nodesep": "0.35", "ranksep": "0.6", "newrank": "true",
        "label": _title(diagram)},
        node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT,
                   "fontsize": "10", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})
    palette = colours(diagram.processes)
    for node in diagram.nodes:
        _node(g, node)
    for k, node in enumerate(n for n in diagram.nodes if n.initial):
        g.node(f"init{k}", "", shape="point", width="0.14", style="filled",
               fillcolor="#263238", color="#263238")
        g.edge(f"init{k}", node.id, arrowsize="0.7", color="#263238")
    for edge in diagram.edges:
        _edge(g, edge, palette, faded=edge.role == "inactive")
    return g


def escape(text: str) -> str:
    """Text for an HTML-like label: markup escaped, control characters shown."""
    return html.escape(printable(str(text), newlines=False))


def to_dot(diagram: Diagram) -> str:
    return to_digraph(diagram).source


def _title(diagram: Diagram) -> str:
    parts = [f"<b>{escape(diagram.title)}</b>"]
    parts += [escape(note) for note in diagram.notes]
    palette = colours(diagram.processes)
    acting = {c.process for e in diagram.edges for c in e.calls}
    legend = "  ".join(f'<font color="{palette[p]}">&#9632; {escape(p)}</font>'
                       for p in diagram.processes if p in acting)
    if legend:
        parts.append(f"actions of: {legend}")
    return "<" + '<br align="left"/>'.join(parts) + '<br align="left"/>>'


def _node(g, node: Node) -> None:
    attrs = dict(NODE_STYLE.get(node.role, NODE_STYLE["default"]))
    lines = [escape(line) for line in node.lines]
    if node.steps:
        steps = ", ".join(str(s) for s in node.steps)
        lines.append(f'<font color="{PATH}" point-size="8">step {steps}</font>')
    if node.deadlock:
        attrs.update(color=ALERT, penwidth="2")
        lines.append(f'<font color="{ALERT}" point-size="8">deadlock</font>')
    if node.final:
        attrs["peripheries"] = "2"
    if node.partial:
        attrs["style"] = "rounded,filled,dashed"
    if node.tooltip:
        attrs["tooltip"] = node.tooltip
    align = '<br align="left"/>' if len(node.lines) > 1 else "<br/>"
    body = align.join(lines)
    g.node(node.id, f"<{body}{align if len(node.lines) > 1 else ''}>", **attrs)


def _edge(g, edge: Edge, palette: dict[str, str], faded: bool) -> None:
    attrs = dict(EDGE_STYLE.get(edge.role, EDGE_STYLE["default"]))
    processes = {c.process for c in edge.calls}
    if edge.role == "default" and len(processes) == 1:
        attrs["color"] = palette.get(next(iter(processes)), attrs["color"])
    lines = []
    if edge.steps:
        lines.append(f'<font color="{PATH}"><b>#{", #".join(str(s) for s in edge.steps)}'
                     "</b></font>")
    for call in (c for c in edge.calls if c.text):
        colour = "#b0bec5" if faded else palette.get(call.process, "#37474f")
        lines.append(f'<font color="{colour}">{escape(call.text)}</font>')
    attrs["label"] = "<" + "<br/>".join(lines) + ">" if lines else ""
    g.edge(edge.src, edge.dst, **attrs)


# ------------------------------------------------------------ rendering
def have_dot() -> bool:
    return shutil.which("dot") is not None


class DotMissing(RuntimeError):
    """No `dot` program: only DOT text can be produced."""

    def __init__(self):
        super().__init__(INSTALL_HINT)


def render(source: str, fmt: str = "svg", engine: str = "dot") -> bytes:
    """Lay out DOT text with Graphviz; raise DotMissing without it."""
    if fmt == "dot":
        return source.encode()
    exe = shutil.which(engine)
    if exe is None:
        raise DotMissing()
    proc = subprocess.run([exe, f"-T{fmt}"], input=source.encode(), capture_output=True,
                          timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout

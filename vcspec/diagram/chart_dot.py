"""Sequence chart -> DOT with every position fixed (the layout is computed here).

Graphviz's `dot` bends arrows that jump over a lane, so the chart is laid
out by hand: lanes are columns wide enough for the labels of the arrows
between them, each step is a row as tall as its label, and nodes carry
pinned positions (`pos="x,y!"`, points, `layout=neato`). Any Graphviz
program (`dot -Tsvg chart.dot` too) then draws it as computed.
"""

from __future__ import annotations

import textwrap

from vcspec.diagram.chart import Chart, Message
from vcspec.diagram.dot import ALERT, FONT, PATH, colours, escape
from vcspec.engine.result import loop_marks

MAX_CHANGES = 4
CHAR = {10: 6.3, 9: 5.6, 8: 4.9}  # rough widths of a Helvetica character, by point size
LANE_GAP = 130.0  # least distance between two lanes
STEP_X = -70.0  # the step-number column
LINE = 11.5  # height of a label line
GREY = "#90a4ae"
NOTE = "#546e7a"


def chart_digraph(chart: Chart):
    import graphviz

    g = graphviz.Digraph("msc", graph_attr={
        "layout": "neato", "inputscale": "72", "splines": "false", "overlap": "true",
        "notranslate": "true", "fontname": FONT, "fontsize": "11", "labelloc": "t",
        "labeljust": "l", "label": _title(chart), "pad": "0.3"},
        node_attr={"fontname": FONT, "fontsize": "10"},
        edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})
    palette = colours(chart.processes)
    xs = lane_positions(chart)
    ys = row_positions(chart)
    for k, lane in enumerate(chart.lanes):
        _lane(g, k, lane, xs[k], ys, palette)
    for m in chart.messages:
        _step(g, chart, m, xs, ys[m.step], palette)
    _ending(g, chart, xs, ys)
    return g


def chart_dot(chart: Chart) -> str:
    return chart_digraph(chart).source


# ------------------------------------------------------------ geometry
def label_lines(m: Message) -> list[tuple[str, int]]:
    """(text, point size) of every line of a step's label."""
    lines = [(m.call, 9)]
    shown = m.changes[:MAX_CHANGES]
    if len(m.changes) > MAX_CHANGES:
        shown.append(f"... {len(m.changes) - MAX_CHANGES} more")
    lines += [(c, 8) for c in shown]
    if m.also and len(m.changes) > MAX_CHANGES:  # else their changes name them
        lines.append((f"also {', '.join(m.also)}", 8))
    if m.rejected:
        lines.append(("no behaviour of the model does this here", 8))
    return lines


def label_width(m: Message) -> float:
    return max(len(text) * CHAR[size] for text, size in label_lines(m)) + 16


def lane_positions(chart: Chart) -> list[float]:
    """x of every lane: far enough apart for every arrow's label (spread over
    the gaps it crosses) and every local step's box."""
    n = len(chart.lanes)
    need = [LANE_GAP] * max(0, n - 1)
    halves = [0.0] * n
    for m in chart.messages:
        a = chart.lanes.index(m.sender)
        if m.receiver is None:
            halves[a] = max(halves[a], label_width(m) / 2 + 6)
            continue
        b = chart.lanes.index(m.receiver)
        lo, hi = min(a, b), max(a, b)
        share = (label_width(m) + 24) / (hi - lo)
        for k in range(lo, hi):
            need[k] = max(need[k], share)
    for k in range(n - 1):
        need[k] = max(need[k], halves[k] + halves[k + 1] + 16)
    xs, x = [], 60.0 + halves[0] if n else 0.0
    for k in range(n):
        xs.append(x)
        if k < n - 1:
            x += need[k]
    return xs


def row_positions(chart: Chart) -> dict[int, float]:
    """y of the header (0), of every step (1..n) and of the footer (n + 1); y
    grows downwards here and is negated for Graphviz."""
    ys = {0: 0.0}
    y = 28.0
    for m in chart.messages:
        height = LINE * len(label_lines(m))
        y += height + (14 if m.receiver is None else 10)
        ys[m.step] = y
        y += 14 if m.receiver is None else 6
    ys[len(chart.messages) + 1] = y + 40
    return ys


def _pos(x: float, y: float) -> str:
    return f"{x:.0f},{-y:.0f}!"


# ------------------------------------------------------------ drawing
def _title(chart: Chart) -> str:
    parts = [f"<b>{escape(chart.title)}</b>"] if chart.title else []
    parts.append("one lane per process; an arrow goes from the process that acts to the "
                 "process whose state the step changes")
    return "<" + '<br align="left"/>'.join(parts) + '<br align="left"/>>'


def _colour(lane: str, palette: dict[str, str]) -> str:
    return palette.get(lane.partition("[")[0], "#37474f")


def _lane(g, k: int, lane: str, x: float, ys: dict[int, float], palette) -> None:
    colour = _colour(lane, palette)
    last = max(ys)
    for row, y in sorted(ys.items()):
        name = f"l{k}r{row}"
        if row in (0, last):
            g.node(name, lane, shape="box", style="rounded,filled", fillcolor="#eceff1",
                   color=colour, fontcolor=colour, penwidth="1.5", pos=_pos(x, y))
        else:
            g.node(name, "", shape="point", width="0.03", color=GREY, pos=_pos(x, y))
    rows = sorted(ys)
    for a, b in zip(rows, rows[1:]):
        g.edge(f"l{k}r{a}", f"l{k}r{b}", arrowhead="none", style="dashed", color=GREY)


def _label(m: Message, colour: str) -> str:
    lines = []
    for i, (text, size) in enumerate(label_lines(m)):
        if i == 0:
            name, paren, rest = text.partition("(")
            lines.append(f'<font color="{colour}"><b>{escape(name)}</b>'
                         f"{escape(paren + rest)}</font>")
        else:
            lines.append(f'<font point-size="{size}" color="{NOTE}">{escape(text)}</font>')
    return "<" + "<br/>".join(lines) + ">"


def _step(g, chart: Chart, m: Message, xs: list[float], y: float, palette) -> None:
    colour = ALERT if m.rejected else GREY if m.faint else _colour(m.sender, palette)
    marks = loop_marks(chart.loop_start, len(chart.messages), chart.stutters)
    marker = m.marker or f"{m.step}" + (f" ({marks[m.step]})" if m.step in marks else "")
    g.node(f"s{m.step}", marker, shape="plaintext", fontsize="9",
           fontcolor=ALERT if m.rejected else PATH if m.loop else "#607d8b",
           pos=_pos(STEP_X, y))
    a = chart.lanes.index(m.sender)
    height = LINE * len(label_lines(m))
    if m.receiver is None:
        g.node(f"box{m.step}", _label(m, colour), shape="box", style="rounded,filled",
               fillcolor="#ffebee" if m.rejected else "#ffffff", color=colour, fontsize="9",
               margin="0.06,0.03", pos=_pos(xs[a], y - height / 2 + 4))
        return
    b = chart.lanes.index(m.receiver)
    g.node(f"m{m.step}", _label(m, colour), shape="plaintext", fontsize="9",
           pos=_pos((xs[a] + xs[b]) / 2, y - height / 2 - 4))
    style = "dashed" if m.loop else "dotted" if m.faint else "solid"
    g.edge(f"l{a}r{m.step}", f"l{b}r{m.step}", color=colour,
           penwidth="2.2" if m.rejected else "1.4", style=style)


def _ending(g, chart: Chart, xs: list[float], ys: dict[int, float]) -> None:
    n = len(chart.messages)
    bottom = ys[n + 1]
    if chart.end:
        head = chart.head or (f"{chart.property} violated" if chart.property else "violated")
        body = "<br/>".join(escape(line) for line in textwrap.wrap(chart.end, 80))
        g.node("end", f"<<b>{escape(head)}</b><br/>{body}>", shape="note", color=ALERT,
               fontcolor=ALERT, fontsize="10", style="filled", fillcolor="#ffebee",
               pos=_pos((xs[0] + xs[-1]) / 2 if xs else 0, bottom + 60))
    if chart.loop_start is not None and not chart.stutters and n > chart.loop_start:
        top, low = ys[chart.loop_start + 1], ys[n]
        g.node("loop_a", "", shape="point", width="0.01", color=PATH,
               pos=_pos(STEP_X - 40, low))
        g.node("loop_b", "", shape="point", width="0.01", color=PATH,
               pos=_pos(STEP_X - 40, top))
        g.edge("loop_a", "loop_b", color=PATH, penwidth="1.6", label="loop",
               fontcolor=PATH)

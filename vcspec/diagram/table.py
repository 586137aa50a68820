"""A trace as a table of steps: the call, then the value of every leaf that
varies along the trace, changed values marked (text for the terminal, HTML
for notebooks). Leaves that never change are listed once."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from vcspec.diagram.values import ABSENT, leaves, model_types, varying
from vcspec.engine.result import Trace, loop_marks
from vcspec.model import ir


@dataclass
class StepRow:
    index: int
    call: str
    values: dict[str, str]  # varying leaf -> value
    changed: set[str]  # leaves changed by this step
    loop: bool = False


@dataclass
class StepTable:
    columns: list[str]
    rows: list[StepRow]
    constant: dict[str, str]  # leaves that never change
    violation: str = ""
    loop_start: int | None = None
    stutters: bool = False  # the run stays in loop_start's state (no action enabled)


def step_table(trace: Trace, model: ir.Model | None = None) -> StepTable:
    types = model_types(model) if model is not None else trace.types
    families = model.families if model is not None else {}
    states = [leaves(step.state, types, families) for step in trace.steps]
    columns = varying(states)
    rows, previous = [], None
    for i, (step, state) in enumerate(zip(trace.steps, states)):
        changed = set() if previous is None else {k for k in columns
                                                  if previous.get(k) != state.get(k)}
        loop = trace.loop_start is not None and i > trace.loop_start
        rows.append(StepRow(i, step.label, {k: state.get(k, ABSENT) for k in columns}, changed,
                            loop))
        previous = state
    constant = {k: v for k, v in states[0].items() if k not in columns} if states else {}
    return StepTable(columns, rows, constant, trace.violation, trace.loop_start,
                     trace.stutters)


# ------------------------------------------------------------ text
def text_table(table: StepTable) -> str:
    """Each step with what it changed (the initial state in full)."""
    lines = []
    marks = loop_marks(table.loop_start, len(table.rows) - 1, table.stutters)
    for row in table.rows:
        mark = f"  ({marks[row.index]})" if row.index in marks else ""
        lines.append(f"step {row.index}: {row.call}{mark}")
        shown = table.columns if row.index == 0 else [c for c in table.columns
                                                      if c in row.changed]
        lines += [f"    {c} {'=' if row.index == 0 else ':='} {row.values[c]}" for c in shown]
    if table.loop_start is not None:
        lines.append(f"(the steps after step {table.loop_start} repeat forever)")
    if table.violation:
        lines.append(f"violation: {table.violation}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ HTML
STYLE = ("<style>.vcs-steps td,.vcs-steps th{padding:2px 8px;text-align:left;"
         "font-family:monospace;font-size:12px;white-space:nowrap}"
         ".vcs-steps .ch{background:#fff3b0;font-weight:bold}"
         ".vcs-steps .cur{outline:2px solid #c62828}"
         ".vcs-steps .lp{color:#1565c0}</style>")


def html_table(table: StepTable, current: int | None = None, extra: dict | None = None) -> str:
    """`current` outlines one row (the explorer's step); `extra` adds columns
    (expression -> value per step)."""
    extra = extra or {}
    head = "".join(f"<th>{escape(c)}</th>" for c in ["#", "call", *table.columns, *extra])
    body = []
    for row in table.rows:
        cls = ' class="cur"' if row.index == current else (' class="lp"' if row.loop else "")
        cells = [f"<td>{row.index}</td>", f"<td>{escape(row.call)}</td>"]
        cells += [f'<td{" class=ch" if c in row.changed else ""}>{escape(row.values[c])}</td>'
                  for c in table.columns]
        cells += [f"<td>{escape(str(values[row.index]))}</td>" for values in extra.values()]
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    parts = [STYLE, f'<table class="vcs-steps"><thead><tr>{head}</tr></thead>'
             f"<tbody>{''.join(body)}</tbody></table>"]
    if table.loop_start is not None:
        parts.append(f"<p>The steps after step {table.loop_start} repeat forever.</p>")
    if table.violation:
        parts.append(f"<p><b>Violation:</b> {escape(table.violation)}</p>")
    if table.constant:
        items = ", ".join(f"{escape(k)} = {escape(v)}" for k, v in table.constant.items())
        parts.append(f"<details><summary>unchanged along the trace</summary>"
                     f"<p style='font-family:monospace;font-size:12px'>{items}</p></details>")
    return "<div>" + "".join(parts) + "</div>"

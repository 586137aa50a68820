"""HTML for notebooks: reports, models, traces, diagnostics. Pure functions of
the engine's and the model's types (no IPython import); vcspec/notebook/jupyter.py
registers them as display formatters and vcspec/notebook/__init__.py's wrappers use
them in `_repr_html_`. Pictures are inline SVG, or DOT text with the
install hint when Graphviz is missing."""

from __future__ import annotations

import shlex
from html import escape

from vcspec.diagram.dot import DotMissing
from vcspec.diagram.table import html_table, step_table
from vcspec.engine.result import PropertyResult, Report, Trace, Verdict
from vcspec.model import ir
from vcspec.model.diagnostics import Diagnostic
from vcspec.model.evaluate import format_value

VERDICT_COLOUR = {Verdict.HOLDS: "#2e7d32", Verdict.VIOLATED: "#c62828",
                  Verdict.BOUNDED: "#ef6c00", Verdict.UNKNOWN: "#616161"}
TABLE = ("<style>.vcs td,.vcs th{padding:3px 10px;text-align:left;vertical-align:top}"
         ".vcs .badge{color:white;padding:1px 6px;border-radius:3px;font-weight:bold;"
         "font-size:11px}.vcs code{font-size:12px}</style>")
MODEL_MAX_STATES = 20_000  # exploration budget of a model's own display


def picture_html(picture) -> str:
    """An inline SVG, or (no `dot`) the DOT text under the install hint."""
    from vcspec.diagram import fallback_html

    try:
        return f"<div style='overflow:auto'>{picture.svg()}</div>"
    except DotMissing:
        return fallback_html(picture.source)


def badge(verdict: Verdict) -> str:
    return (f'<span class="badge" style="background:{VERDICT_COLOUR[verdict]}">'
            f"{verdict.value}</span>")


# ------------------------------------------------------------ reports
def report_html(report: Report) -> str:
    s = report.stats
    consts = ", ".join(f"{k}={format_value(v)}" for k, v in report.consts.items())
    head = (f"<p><b>{escape(report.model)}</b> ({escape(report.spec)}) · engine "
            f"{escape(report.engine)}" + (f" · <code>{escape(consts)}</code>" if consts else "")
            + "</p>")
    numbers = (f"<p>{s.initial_states:,} initial · {s.distinct_states:,} distinct states · "
               f"{s.transitions:,} transitions · depth {s.depth} · {s.seconds:.2f} s"
               + ("" if s.complete or not s.stop_reason else
                  f" · <b>stopped: {escape(s.stop_reason)}</b>") + "</p>")
    rows = "".join(_result_row(p) for p in report.properties)
    table = (f'<table class="vcs"><thead><tr><th>property</th><th>kind</th><th>verdict</th>'
             f"<th>rules</th><th>trace</th><th>details</th></tr></thead><tbody>{rows}"
             "</tbody></table>")
    warnings = "".join(f"<li>{escape(w)}</li>" for w in report.warnings)
    extra = f"<details><summary>{len(report.warnings)} warning(s)</summary><ul>{warnings}" \
            "</ul></details>" if warnings else ""
    command = f"<p style='color:#607d8b'>reproduce: <code>{escape(shlex.join(report.command))}" \
              "</code></p>" if report.command else ""
    notes = "".join(f"<p style='color:#607d8b'>{escape(n)}</p>" for n in report.notes)
    return f"<div class='vcs'>{TABLE}{head}{numbers}{table}{extra}{notes}{command}</div>"


def _result_row(p: PropertyResult) -> str:
    length = f"{p.trace_length} steps" if p.trace is not None else ""
    return (f"<tr><td><b>{escape(p.name)}</b></td><td>{escape(p.kind)}</td>"
            f"<td>{badge(p.verdict)}</td><td>{escape(', '.join(p.rules))}</td>"
            f"<td>{length}</td><td>{escape(p.message)}</td></tr>")


def result_html(result: PropertyResult, model: ir.Model | None = None,
                chart: bool = True, exclude: set[str] | None = None) -> str:
    head = (f"<div class='vcs'>{TABLE}<p><b>{escape(result.name)}</b> ({escape(result.kind)})"
            f" {badge(result.verdict)} {escape(', '.join(result.rules))}<br/>"
            f"{escape(result.message)}</p></div>")
    if result.trace is None:
        return head
    return head + trace_html(result.trace, model, result.name, chart, exclude)


# ------------------------------------------------------------ traces
def trace_html(trace: Trace, model: ir.Model | None = None, property: str = "",
               chart: bool = True, exclude: set[str] | None = None) -> str:
    parts = [html_table(step_table(trace, model))]
    if chart and len(trace.steps) > 1:
        from vcspec.diagram import sequence_chart

        parts.append(picture_html(sequence_chart(trace, model, property, exclude=exclude)))
    return "<div>" + "".join(parts) + "</div>"


# ------------------------------------------------------------ models
def model_html(model: ir.Model, diagram: bool = True) -> str:
    rows = []
    for process, names in model.processes.items():
        actions = [a.name.partition(".")[2] for a in model.actions if a.process == process]
        family = model.families.get(process)
        title = f"{process}[{family}]" if family is not None else process
        rows.append(f"<tr><td><b>{escape(title)}</b></td>"
                    f"<td><code>{escape(', '.join(n.partition('.')[2] for n in names))}</code>"
                    f"</td><td>{escape(', '.join(actions))}</td></tr>")
    props = ", ".join(f"{p.name} ({p.kind})" for p in model.properties)
    consts = ", ".join(f"{k}={format_value(v)}" for k, v in model.consts.items())
    parts = [f"<div class='vcs'>{TABLE}<p><b>{escape(model.name)}</b>"
             + (f" · <code>{escape(consts)}</code>" if consts else "") + "</p>",
             "<table class='vcs'><thead><tr><th>process</th><th>variables</th><th>actions</th>"
             f"</tr></thead><tbody>{''.join(rows)}</tbody></table>",
             f"<p>properties: {escape(props) or 'none'}</p>"]
    if diagram:
        parts.append(_model_diagram(model))
    return "".join(parts) + "</div>"


def _model_diagram(model: ir.Model) -> str:
    from vcspec.diagram import picture, projection

    try:
        proj = projection(model, max_states=MODEL_MAX_STATES)
    except Exception as error:  # noqa: BLE001 -- display never raises
        return f"<p><i>no diagram: {escape(str(error))}</i></p>"
    hint = ("<p style='color:#607d8b'>the control state; other views: "
            "<code>diagram.state_machine(model, process=..., key=..., vars=[...])</code></p>")
    return hint + picture_html(picture(proj.diagram))


# ------------------------------------------------------------ diagnostics
def diagnostics_html(diagnostics: list[Diagnostic]) -> str:
    from vcspec.report.diagnostics import render_diagnostic

    items = []
    for d in diagnostics:
        colour = "#c62828" if d.is_error else "#ef6c00"
        text = escape(render_diagnostic(d))
        items.append(f"<pre style='border-left:3px solid {colour};padding-left:8px;"
                     f"margin:4px 0'>{text}</pre>")
    errors = sum(1 for d in diagnostics if d.is_error)
    summary = f"<p>{errors} error(s), {len(diagnostics) - errors} warning(s)</p>"
    return "<div>" + "".join(items) + summary + "</div>"

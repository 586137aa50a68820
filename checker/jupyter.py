"""Jupyter integration: `%load_ext checker.jupyter`.

  * rich display of what users hold, also for the engine's plain objects:
    a Model (processes + control-state diagram), a Report (verdict table),
    a PropertyResult / Trace (step table, changed values highlighted, and the
    sequence chart), diagnostics (with their source lines). Display never
    raises: without `dot` pictures fall back to DOT text and the install hint.
  * `%%vcspec [NAME] [--const N=V ...] [--no-check] [--property P ...]`: the
    cell is a spec; it is analysed (diagnostics shown), checked, and the model
    and report are kept in `cell_results[NAME]` (.model, .report) and in the
    user's namespace as NAME_model / NAME_report (default NAME: vcspec).
  * progress_reporter(): a live line for long checks (a display that updates
    itself; no ipywidgets needed), used by checker.notebook.check.
  * explorer(): play / step through a trace with the diagram, the state table
    and expression columns (ipywidgets; a static table without them).
IPython and ipywidgets are imported only when used.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from html import escape

from checker.diagram import html
from checker.report import Progress

# ------------------------------------------------------------ formatters


def _safe(fn):
    def wrapped(obj):
        try:
            return fn(obj)
        except Exception:  # noqa: BLE001 -- display never raises: IPython shows repr()
            return None
    return wrapped


def register(ipython=None) -> None:
    """Register HTML formatters for the plain model and checker types."""
    from checker.result import PropertyResult, Report, Trace
    from model import Checked, ir
    from model.diagnostics import Diagnostic

    ipython = ipython or _ipython()
    if ipython is None:
        return
    fmt = ipython.display_formatter.formatters["text/html"]
    fmt.for_type(ir.Model, _safe(html.model_html))
    fmt.for_type(Report, _safe(html.report_html))
    fmt.for_type(PropertyResult, _safe(lambda r: html.result_html(r, None)))
    fmt.for_type(Trace, _safe(lambda t: html.trace_html(t, None)))
    fmt.for_type(Checked, _safe(_checked_html))
    fmt.for_type(Diagnostic, _safe(lambda d: html.diagnostics_html([d])))


def _checked_html(checked) -> str:
    parts = [html.diagnostics_html(checked.diagnostics)] if checked.diagnostics else []
    if checked.model is not None:
        parts.append(html.model_html(checked.model))
    return "".join(parts)


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def load_ipython_extension(ipython) -> None:
    register(ipython)
    ipython.register_magic_function(vcspec_magic, magic_kind="cell", magic_name="vcspec")


# ------------------------------------------------------------ %%vcspec
@dataclass
class CellResult:
    model: object  # checker.notebook.Model
    report: object | None = None  # checker.notebook.CheckReport (None with --no-check)


cell_results: dict[str, CellResult] = {}


def vcspec_magic(line: str, cell: str):
    """%%vcspec [NAME] [--const N=V ...] [--no-check] [--property P ...]"""
    from IPython.display import HTML, display

    from checker.notebook import NotebookSpecError, check, loads

    name, consts, run, properties = parse_magic_line(line)
    try:
        model = loads(cell, f"{name}.vcspec", **consts)
    except NotebookSpecError as error:
        display(HTML(html.diagnostics_html(error.diagnostics)))
        return None
    namespace = _ipython().user_ns
    namespace[f"{name}_model"] = model
    cell_results[name] = CellResult(model)
    if model.diagnostics:
        display(HTML(html.diagnostics_html(model.diagnostics)))
    if not run:
        return model
    report = check(model, properties=properties or None)
    namespace[f"{name}_report"] = report
    cell_results[name].report = report
    return report


def parse_magic_line(line: str) -> tuple[str, dict[str, str], bool, list[str]]:
    words = shlex.split(line)
    name, consts, run, properties = "vcspec", {}, True, []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("--const", "-c") and i + 1 < len(words):
            key, _, value = words[i + 1].partition("=")
            consts[key] = value
            i += 2
        elif word in ("--property", "-p") and i + 1 < len(words):
            properties.append(words[i + 1])
            i += 2
        elif word == "--no-check":
            run = False
            i += 1
        elif not word.startswith("-"):
            name = word
            i += 1
        else:
            raise ValueError(f"%%vcspec: unknown option {word}")
    return name, consts, run, properties


# ------------------------------------------------------------ progress
class NotebookReporter:
    """One line that updates itself in the cell's output (an IPython display
    with a display_id), at most every half second; nothing outside IPython."""

    def __init__(self):
        from IPython.display import HTML, display

        self._html = HTML
        self.handle = display(HTML("<i>starting…</i>"), display_id=True)
        self.last = 0.0
        self.latest: Progress | None = None

    def progress(self, progress: Progress) -> None:
        self.latest = progress
        now = time.monotonic()
        if now - self.last >= 0.5:
            self.last = now
            self._show(progress, done=False)

    def message(self, text: str) -> None:
        self.handle.update(self._html(f"<i>{escape(text)}</i>"))

    def close(self) -> None:
        if self.latest is not None:
            self._show(self.latest, done=True)

    def _show(self, p: Progress, done: bool) -> None:
        from checker.progress import line_for

        word = "done" if done else "running"
        self.handle.update(self._html(f"<span style='color:#607d8b'>{word}: "
                                      f"{escape(line_for(p))} · {p.seconds:.1f} s</span>"))


def progress_reporter():
    """A NotebookReporter inside a running IPython kernel, else None."""
    shell = _ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    try:
        return NotebookReporter()
    except Exception:  # noqa: BLE001 -- progress is optional
        return None


# ------------------------------------------------------------ trace explorer
class TraceStepper:
    """What the explorer shows at each step, as plain functions (tests call
    them; the widget only wires them): the diagram with the path so far, and
    the step table with the current row and the expression columns."""

    def __init__(self, trace, model, process=None, key=None, vars=None, expressions=None):
        from checker import diagram
        from checker.diagram.table import step_table

        self.trace = trace
        self.model = model
        self.table = step_table(trace, model)
        self.expressions: dict[str, list] = {}
        self._svg: dict[int, str] = {}
        self.projection = None
        if model is not None:
            self.projection = diagram.projection(model, process, key, vars)
            self.keys = diagram.extract.trace_keys(self.projection, model, trace)
        for text in expressions or []:
            self.add(text)

    @property
    def steps(self) -> int:
        return len(self.trace.steps)

    def add(self, expression: str) -> list:
        """Evaluate an expression at every step and show it as a column."""
        from checker import diagram

        values = diagram.step_values(self.trace, self.model, expression)
        self.expressions[expression] = values
        return values

    def dot(self, step: int) -> str:
        from checker.diagram import extract, to_dot

        if self.projection is None:
            return to_dot(extract.trace_path(self.trace))
        return to_dot(extract.overlay(self.projection, self.model, self.trace, step, self.keys))

    def diagram_html(self, step: int) -> str:
        from checker.diagram import DotMissing, fallback_html, render

        if step not in self._svg:
            source = self.dot(step)
            try:
                self._svg[step] = render(source, "svg").decode()
            except DotMissing:
                self._svg[step] = fallback_html(source)
        return f"<div style='overflow:auto'>{self._svg[step]}</div>"

    def table_html(self, step: int) -> str:
        from checker.diagram.table import html_table

        return html_table(self.table, current=step, extra=self.expressions)


def explorer(trace, model, process=None, key=None, vars=None, expressions=None,
             property: str = ""):
    """A widget: Play + slider over the steps, the diagram highlighting the
    current state, the state table beside it, an expression box."""
    stepper = TraceStepper(trace, model, process, key, vars, expressions)
    try:
        import ipywidgets as w
    except ImportError:
        from IPython.display import HTML

        return HTML("<p><i>ipywidgets is not installed (pip install ipywidgets): the steps "
                    "as a table</i></p>" + stepper.table_html(len(trace.steps) - 1))
    last = stepper.steps - 1
    play = w.Play(min=0, max=last, value=0, interval=900, description="play")
    slider = w.IntSlider(min=0, max=last, value=0, description="step")
    w.jslink((play, "value"), (slider, "value"))
    picture = w.HTML(stepper.diagram_html(0))
    table = w.HTML(stepper.table_html(0))
    box = w.Text(placeholder="an expression, e.g. Ndis.call[Vc1] (Enter adds a column)",
                 continuous_update=False, layout=w.Layout(width="60%"))
    status = w.HTML("")

    def show(change=None):
        i = slider.value
        picture.value = stepper.diagram_html(i)
        table.value = stepper.table_html(i)

    def submit(_):
        if not box.value.strip():
            return
        try:
            stepper.add(box.value.strip())
            status.value = ""
            box.value = ""
        except Exception as error:  # noqa: BLE001 -- shown, not raised
            status.value = f"<pre style='color:#c62828'>{escape(str(error))}</pre>"
        show()

    slider.observe(show, names="value")
    box.observe(submit, names="value")
    title = w.HTML(f"<b>{escape(property or 'trace')}</b>: {stepper.steps - 1} steps")
    return w.VBox([title, w.HBox([play, slider]), picture, w.HBox([box]), status, table])

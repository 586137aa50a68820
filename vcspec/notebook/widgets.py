"""Notebook widgets: a live progress line for long checks and the trace explorer.

  * progress_reporter(): a line that updates itself (an IPython display with a
    display_id; no ipywidgets needed), used by vcspec.notebook.check.
  * explorer(): play / step through a trace with the diagram, the state table
    and expression columns (ipywidgets; a static table without them).
IPython and ipywidgets are imported only when used.
"""

from __future__ import annotations

import time
from html import escape

from vcspec.engine.progress import Progress, line_for


def current_ipython():
    """The running IPython shell, or None (IPython not installed or not running)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


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
        word = "done" if done else "running"
        self.handle.update(self._html(f"<span style='color:#607d8b'>{word}: "
                                      f"{escape(line_for(p))} · {p.seconds:.1f} s</span>"))


def progress_reporter():
    """A NotebookReporter inside a running IPython kernel, else None."""
    shell = current_ipython()
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
        from vcspec import diagram
        from vcspec.diagram.table import step_table

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
        from vcspec import diagram

        values = diagram.step_values(self.trace, self.model, expression)
        self.expressions[expression] = values
        return values

    def dot(self, step: int) -> str:
        from vcspec.diagram import extract, to_dot

        if self.projection is None:
            return to_dot(extract.trace_path(self.trace))
        return to_dot(extract.overlay(self.projection, self.model, self.trace, step, self.keys))

    def diagram_html(self, step: int) -> str:
        from vcspec.diagram import DotMissing, fallback_html, render

        if step not in self._svg:
            source = self.dot(step)
            try:
                self._svg[step] = render(source, "svg").decode()
            except DotMissing:
                self._svg[step] = fallback_html(source)
        return f"<div style='overflow:auto'>{self._svg[step]}</div>"

    def table_html(self, step: int) -> str:
        from vcspec.diagram.table import html_table

        return html_table(self.table, current=step, extra=self.expressions)


def explorer(trace, model, process=None, key=None, vars=None, expressions=None,
             property: str = ""):
    """A widget: Play, a step slider and previous/next buttons, the diagram
    highlighting the current state, the state table beside it, an expression
    box. Its display also carries a static HTML view (the last step's diagram
    and the whole table), which is what an exported notebook shows when the
    widget's state was not saved."""
    stepper = TraceStepper(trace, model, process, key, vars, expressions)
    title_html = f"<b>{escape(property or 'trace')}</b>: {stepper.steps - 1} steps"
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
    previous = w.Button(description="◀ previous", layout=w.Layout(width="auto"))
    following = w.Button(description="next ▶", layout=w.Layout(width="auto"))
    previous.on_click(lambda _: setattr(slider, "value", max(0, slider.value - 1)))
    following.on_click(lambda _: setattr(slider, "value", min(last, slider.value + 1)))
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
    return _explorer_box(w)([w.HTML(title_html), w.HBox([play, slider, previous, following]),
                             picture, w.HBox([box]), status, table],
                            static=lambda: static_html(stepper, title_html))


def static_html(stepper: TraceStepper, title_html: str) -> str:
    """The explorer without a kernel: the last step's diagram and every step."""
    last = stepper.steps - 1
    return (f"<div>{title_html} <i>(static view of the last step: run the notebook to "
            f"step through it)</i>{stepper.diagram_html(last)}{stepper.table_html(last)}</div>")


def _explorer_box(w):
    """A VBox whose display adds text/html (the static view) to the widget's
    own: a live front end shows the widget, an export without widget state the
    HTML. Defined here because ipywidgets is imported only when used."""
    class TraceExplorer(w.VBox):
        def __init__(self, children, static):
            super().__init__(children)
            self._static = static

        def _repr_mimebundle_(self, **kwargs):
            bundle = super()._repr_mimebundle_(**kwargs)
            if isinstance(bundle, tuple):  # (data, metadata)
                bundle[0]["text/html"] = self._static()
            elif isinstance(bundle, dict):
                bundle["text/html"] = self._static()
            return bundle

    return TraceExplorer

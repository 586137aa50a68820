"""Jupyter integration: `%load_ext vcspec.notebook.jupyter`.

  * rich display of what users hold, also for the engine's plain objects:
    a Model (processes + control-state diagram), a Report (verdict table),
    a PropertyResult / Trace (step table, changed values highlighted, and the
    sequence chart), diagnostics (with their source lines). Display never
    raises: without `dot` pictures fall back to DOT text and the install hint.
  * `%%vcspec [NAME] [--const N=V ...] [--no-check] [--property P ...]`: the
    cell is a spec; it is analysed (diagnostics shown), checked, and the model
    and report are kept in `cell_results[NAME]` (.model, .report) and in the
    user's namespace as NAME_model / NAME_report (default NAME: vcspec).
  * the progress line and the trace explorer live in vcspec/notebook/widgets.py.
IPython and ipywidgets are imported only when used.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from vcspec.diagram import html
from vcspec.notebook.widgets import current_ipython as _ipython

# ------------------------------------------------------------ formatters


def _safe(fn):
    def wrapped(obj):
        try:
            return fn(obj)
        except Exception:  # noqa: BLE001 -- display never raises: IPython shows repr()
            return None
    return wrapped


def register(ipython=None) -> None:
    """Register HTML formatters for the plain model and vcspec types."""
    from vcspec.engine.result import PropertyResult, Report, Trace
    from vcspec.model import Checked, ir
    from vcspec.model.diagnostics import Diagnostic

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



def load_ipython_extension(ipython) -> None:
    register(ipython)
    ipython.register_magic_function(vcspec_magic, magic_kind="cell", magic_name="vcspec")


# ------------------------------------------------------------ %%vcspec
@dataclass
class CellResult:
    model: object  # vcspec.notebook.Model
    report: object | None = None  # vcspec.notebook.CheckReport (None with --no-check)


cell_results: dict[str, CellResult] = {}


def vcspec_magic(line: str, cell: str):
    """%%vcspec [NAME] [--const N=V ...] [--no-check] [--property P ...]"""
    from IPython.display import HTML, display

    from vcspec.notebook import NotebookSpecError, check, loads

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
    if not Path(model.spec).is_file():  # the reproduce command names the cell's file
        report.report.notes.append(f"the spec is this cell: save it as {model.spec} "
                                   f"(%%writefile {model.spec}) to run the command below")
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

"""The notebook helpers (plain Python) and the Jupyter integration."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vcspec.notebook import NotebookSpecError, check, jupyter, loads, widgets


@pytest.fixture
def nb_phone(phone_text):
    return loads(phone_text, "phone.vcspec")


def test_wrappers_pass_through_and_display(nb_phone):
    assert nb_phone.name == "Phone" and len(nb_phone.actions) == 5
    assert "Caller" in nb_phone._repr_html_()
    report = check(nb_phone)
    assert report.verdicts()["BusyOnlyOffHook"] == "VIOLATED"
    assert report.stats.distinct_states > 0
    html = report._repr_html_()
    assert "BusyOnlyOffHook" in html and "VIOLATED" in html
    trace = report.find("BusyOnlyOffHook").trace
    assert len(trace) == 4 and trace.steps[0].label == "(initial state)"
    assert trace.eval("Caller.line") == ["OnHook", "Dialing", "Ringing", "OnHook"]
    assert trace.eval("Switch.busy and Caller.line == OnHook")[-1] is True
    assert "<table" in trace._repr_html_()
    assert trace.chart().source.startswith("digraph msc")
    assert "<b>#3</b>" in trace.diagram(process="Caller").source
    assert [r.name for r in report.violated] == ["BusyOnlyOffHook"]


def test_spec_errors_show_their_diagnostics():
    with pytest.raises(NotebookSpecError) as error:
        loads("process P { var x: bool = 3 }", "bad.vcspec")
    assert "bad.vcspec:1:" in error.value._repr_html_()
    assert any("error[" in line for line in error.value._render_traceback_())


def test_display_never_raises(nb_phone, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("no luck")
    monkeypatch.setattr("vcspec.diagram.html.model_html", boom)
    assert "display failed: no luck" in nb_phone._repr_html_()
    assert jupyter._safe(boom)(object()) is None


def test_formatters_are_registered(nb_phone):
    class Formatter:
        def __init__(self):
            self.types = {}

        def for_type(self, cls, fn):
            self.types[cls] = fn

    class Shell:
        def __init__(self):
            self.display_formatter = type("D", (), {"formatters": {"text/html": Formatter()}})

    shell = Shell()
    jupyter.register(shell)
    types = shell.display_formatter.formatters["text/html"].types
    names = {cls.__name__ for cls in types}
    assert {"Model", "Report", "PropertyResult", "Trace", "Checked", "Diagnostic"} <= names
    report = check(nb_phone).report
    fn = next(f for cls, f in types.items() if cls.__name__ == "Report")
    assert "BusyOnlyOffHook" in fn(report)


def test_trace_stepper_frames(nb_phone):
    trace = check(nb_phone).find("BusyOnlyOffHook").trace
    stepper = widgets.TraceStepper(trace.trace, nb_phone.ir, process="Caller",
                                   expressions=["Switch.busy"])
    assert stepper.steps == 4
    assert stepper.expressions["Switch.busy"] == [False, False, True, True]
    assert "step 0" in stepper.dot(0) and "<b>#2</b>" in stepper.dot(2)
    assert "<b>#3</b>" not in stepper.dot(2)
    assert stepper.table_html(2).count('class="cur"') == 1
    assert "Switch.busy" in stepper.table_html(0)


def test_explorer_widget(nb_phone):
    pytest.importorskip("ipywidgets")
    trace = check(nb_phone).find("BusyOnlyOffHook").trace
    widget = trace.explore(process="Caller")
    assert type(widget).__name__ == "TraceExplorer"
    slider = widget.children[1].children[1]
    slider.value = 3
    assert 'class="cur"' in widget.children[-1].value


def test_explorer_steps_with_previous_and_next(nb_phone):
    pytest.importorskip("ipywidgets")
    widget = check(nb_phone).find("BusyOnlyOffHook").trace.explore(process="Caller")
    _, slider, previous, following = widget.children[1].children
    first = widget.children[2].value
    previous.click()
    assert slider.value == 0  # not below the first step
    following.click()
    following.click()
    assert slider.value == 2
    assert widget.children[2].value != first  # the diagram follows the step
    assert widget.children[-1].value.count('class="cur"') == 1
    for _ in range(5):
        following.click()
    assert slider.value == slider.max == 3
    previous.click()
    assert slider.value == 2


def test_an_exported_explorer_shows_a_static_view(nb_phone):
    pytest.importorskip("ipywidgets")
    widget = check(nb_phone).find("BusyOnlyOffHook").trace.explore(process="Caller")
    bundle = widget._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    static = data["text/html"]
    assert "BusyOnlyOffHook" in static and "static view of the last step" in static
    assert static.count("<tr") == 5  # the header and the 4 steps


def test_magic_line():
    assert jupyter.parse_magic_line("demo --const K=1 -p P --no-check") == \
        ("demo", {"K": "1"}, False, ["P"])
    with pytest.raises(ValueError):
        jupyter.parse_magic_line("--frobnicate")


def test_cell_magic_in_a_real_shell(phone_text):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "vcspec.notebook.jupyter")
    report = shell.run_cell_magic("vcspec", "phone", phone_text)
    assert report.verdicts()["BusyOnlyOffHook"] == "VIOLATED"
    shown = report._repr_html_()  # phone.vcspec is no file: the report says how to make it
    assert "reproduce: <code>vcspec check phone.vcspec" in shown
    assert "save it as phone.vcspec (%%writefile phone.vcspec)" in shown
    assert shell.user_ns["phone_model"].name == "Phone"
    assert shell.run_cell_magic("vcspec", "bad", "process P { var x: bool = 3 }") is None


def test_optional_packages_are_imported_lazily():
    code = ("import sys, vcspec.notebook, vcspec.notebook.jupyter, vcspec.diagram\n"
            "import vcspec.cli.graph\n"
            "bad = [m for m in ('graphviz', 'ipywidgets', 'IPython') if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_explorer_without_ipywidgets_is_a_static_table(nb_phone, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    trace = check(nb_phone).find("BusyOnlyOffHook").trace
    shown = trace.explore(process="Caller")
    assert "ipywidgets is not installed" in shown.data and "<table" in shown.data


def test_notebook_progress_line(monkeypatch):
    import IPython.display

    from vcspec.engine.progress import Progress

    updates = []

    class Handle:
        def update(self, obj):
            updates.append(obj.data)

    monkeypatch.setattr(IPython.display, "display", lambda obj, display_id=None: Handle())
    reporter = widgets.NotebookReporter()
    reporter.progress(Progress("explore", 10, 20, 10, 3, 40, 1.0))
    reporter.close()
    assert updates and updates[-1].startswith("<span") and "done: explore" in updates[-1]

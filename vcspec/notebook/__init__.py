"""vcspec in notebooks (and plain Python): load, look, check, explore.

    from vcspec.notebook import check, load, template, validate
    model = load(template("client"), NVC=1)                 # its control-state diagram
    model.diagram(vars=["Ndis.call[Vc1]"])                  # any view (vcspec.diagram)
    report = check(model)                                   # an HTML table of verdicts
    trace = report.find("NoCloseWithSendsOutstanding").trace
    trace.eval("Ndis.call[Vc1]")                            # a value per step
    trace.chart()                                           # the sequence chart
    trace.explore()                                         # play / step (ipywidgets)
    result = validate(model, "driver.jsonl")                # a driver's log
    result.chart()                                          # the log, up to its divergence

The objects wrap the model's and the vcspec's own (`.ir`, `.report`,
`.result`, `.trace` hold them) and pass every other attribute through, so
`report.stats`, `trace.steps`, `model.actions` work as usual. Nothing here
imports IPython, ipywidgets or graphviz at import time.
"""

from __future__ import annotations

from pathlib import Path

from vcspec import diagram
from vcspec.api import check as _check
from vcspec.api import simulate as _simulate
from vcspec.diagram import html
from vcspec.engine.result import PropertyResult, Report, Trace, Verdict
from vcspec.model import analyse, analyse_text, ir
from vcspec.model.diagnostics import SpecError
from vcspec.model.loader import LIBRARY
from vcspec.notebook.validation import Validation, read
from vcspec.validate import mapping as _mapping
from vcspec.validate.run import DEFAULT_DEPTH

__all__ = ["CheckReport", "Model", "Result", "TraceView", "Validation", "check", "load", "loads",
           "simulate", "template", "validate"]


def _consts(values: dict) -> dict[str, str]:
    return {k: ("true" if v else "false") if isinstance(v, bool) else str(v)
            for k, v in values.items()}


def load(path: str | Path, **consts) -> Model:
    """Load and check a spec (constants as keywords: NVC=1, VARIANT="MCM").
    Errors raise SpecError, whose diagnostics display with their source."""
    checked = analyse(path, _consts(consts))
    if checked.model is None:
        raise NotebookSpecError(checked.diagnostics)
    return Model(checked.model, str(path), checked.diagnostics)


def template(kind: str = "client") -> Path:
    """The spec `vcspec init KIND` writes, as installed with vcspec (it imports
    the installed library by name, so it loads from any directory)."""
    path = LIBRARY / "templates" / f"{kind}.vcspec"
    if not path.is_file():
        known = sorted(p.stem for p in (LIBRARY / "templates").glob("*.vcspec"))
        raise ValueError(f"no template {kind!r} (templates: {', '.join(known)})")
    return path


def loads(text: str, name: str = "cell.vcspec", base: str | Path | None = None,
          **consts) -> Model:
    """A spec from text; imports resolve against `base` (default: the working directory)."""
    where = Path(base) if base is not None else Path.cwd() / name
    checked = analyse_text(text, name, _consts(consts), base=where)
    if checked.model is None:
        raise NotebookSpecError(checked.diagnostics)
    return Model(checked.model, name, checked.diagnostics)


class NotebookSpecError(SpecError):
    """SpecError that shows its diagnostics (with source lines) when displayed."""

    def _repr_html_(self) -> str:
        return html.diagnostics_html(self.diagnostics)

    def _render_traceback_(self) -> list[str]:
        from vcspec.report.diagnostics import render_all

        return render_all(self.diagnostics).splitlines()


class _Wrapper:
    _inner = ""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, self._inner), name)


class Model(_Wrapper):
    """A checked model; displays as its processes and its control-state diagram."""

    _inner = "ir"

    def __init__(self, model: ir.Model, spec: str, diagnostics=()):
        self.ir = model
        self.spec = spec
        self.diagnostics = list(diagnostics)

    def diagram(self, process: str | None = None, key: str | None = None,
                vars: list[str] | None = None) -> diagram.Picture:
        return diagram.state_machine(self.ir, process, key, vars)

    def graph(self, around: str | None = None, radius: int = 2, process: str | None = None,
              key: str | None = None, vars: list[str] | None = None) -> diagram.Picture:
        """Every state (small models), the states near the first where `around`
        holds, or with a projection (process/key/vars) that machine near it."""
        if around is not None and (process or key or vars):
            return diagram.region_machine(self.ir, around, radius, process, key, vars)
        return diagram.state_graph(self.ir, around, radius)

    def check(self, **options) -> CheckReport:
        return check(self, **options)

    def __repr__(self) -> str:
        return (f"<vcspec model {self.ir.name}: {len(self.ir.vars)} variables, "
                f"{len(self.ir.actions)} actions, {len(self.ir.properties)} properties>")

    def _repr_html_(self) -> str:
        return _safe(lambda: html.model_html(self.ir), repr(self))


def _unwrap(model) -> ir.Model:
    return model.ir if isinstance(model, Model) else model


def _reporter():
    try:
        from vcspec.notebook.widgets import progress_reporter
    except ImportError:  # pragma: no cover -- no IPython
        return None
    return progress_reporter()


def check(model, **options) -> CheckReport:
    """vcspec.api.check with a progress line in notebooks; a wrapped report."""
    raw = _unwrap(model)
    options.setdefault("spec", getattr(model, "spec", None))
    reporter = options.pop("reporter", None) or _reporter()
    try:
        report = _check(raw, reporter=reporter, **options)
    finally:
        if reporter is not None and hasattr(reporter, "close"):
            reporter.close()
    return CheckReport(report, raw)


def simulate(model, **options) -> CheckReport:
    raw = _unwrap(model)
    options.setdefault("spec", getattr(model, "spec", None))
    return CheckReport(_simulate(raw, **options), raw)


def validate(model, log: str | Path, map: str | Path | None = None, csv: bool | None = None,
             depth: int = DEFAULT_DEPTH) -> Validation:
    """`vcspec validate` in a notebook: does some behaviour of the model produce
    the driver's log? `model`: a loaded Model (or a spec's path); `map`: the
    mapping (default: SPEC.map.json beside the spec); `csv`: the log is CSV
    (default: a .csv file). LogError / MappingError as the CLI's usage errors."""
    if isinstance(model, (str, Path)):
        model = load(model)
    spec = getattr(model, "spec", None)
    if map is None:
        if spec is None:
            raise ValueError("give map=: the model has no spec file to find SPEC.map.json by")
        map = _mapping.default_path(Path(spec), _unwrap(model).files)
    path = Path(log)
    return Validation(_unwrap(model), _mapping.load(Path(map)), read(path, csv),
                      path.as_posix(), depth)


class CheckReport(_Wrapper):
    """A report: an HTML table of properties, verdicts, rules and statistics."""

    _inner = "report"

    def __init__(self, report: Report, model: ir.Model):
        self.report = report
        self.model = model

    @property
    def properties(self) -> list[Result]:
        return [Result(p, self.model) for p in self.report.properties]

    def find(self, name: str) -> Result:
        return Result(self.report.find(name), self.model)

    @property
    def violated(self) -> list[Result]:
        return [r for r in self.properties if r.verdict is Verdict.VIOLATED]

    def verdicts(self) -> dict[str, str]:
        return {p.name: p.verdict.value for p in self.report.properties}

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for p in self.report.properties:
            counts[p.verdict.value] = counts.get(p.verdict.value, 0) + 1
        words = ", ".join(f"{n} {v}" for v, n in counts.items())
        return f"<vcspec report {self.report.model}: {words}>"

    def _repr_html_(self) -> str:
        return _safe(lambda: html.report_html(self.report), repr(self))


class Result(_Wrapper):
    """One property's result; `.trace` is a TraceView (or None)."""

    _inner = "result"

    def __init__(self, result: PropertyResult, model: ir.Model):
        self.result = result
        self.model = model

    @property
    def trace(self) -> TraceView | None:
        if self.result.trace is None:
            return None
        return TraceView(self.result.trace, self.model, self.result.name)

    def __repr__(self) -> str:
        return f"<{self.result.name}: {self.result.verdict.value} {self.result.message}>"

    def _repr_html_(self) -> str:
        return _safe(lambda: html.result_html(self.result, self.model), repr(self))


class TraceView(_Wrapper):
    """A counterexample: step table, sequence chart, diagram, explorer, eval."""

    _inner = "trace"

    def __init__(self, trace: Trace, model: ir.Model | None, property: str = ""):
        self.trace = trace
        self.model = model
        self.property = property

    def __len__(self) -> int:
        return len(self.trace.steps)

    def eval(self, expression: str) -> list:
        """The value of an expression of the language at every step (typed in
        the model's scope, evaluated by the reference semantics)."""
        if self.model is None:
            raise ValueError("evaluating an expression needs the trace's model")
        return diagram.step_values(self.trace, self.model, expression)

    def chart(self) -> diagram.Picture:
        return diagram.sequence_chart(self.trace, self.model, self.property)

    def diagram(self, process: str | None = None, key: str | None = None,
                vars: list[str] | None = None, upto: int | None = None) -> diagram.Picture:
        return diagram.trace_diagram(self.trace, self.model, process, key, vars, upto)

    def table(self, expressions: list[str] | None = None) -> str:
        from vcspec.diagram.table import html_table, step_table

        extra = {e: self.eval(e) for e in expressions or []}
        return html_table(step_table(self.trace, self.model), extra=extra)

    def explore(self, process: str | None = None, key: str | None = None,
                vars: list[str] | None = None, expressions: list[str] | None = None):
        """Play and step through the trace (ipywidgets; a static table without)."""
        from vcspec.notebook.widgets import explorer

        return explorer(self.trace, self.model, process, key, vars, expressions,
                        self.property)

    def __repr__(self) -> str:
        return (f"<trace of {self.property or 'a run'}: {self.trace.length} steps"
                + (f", loop from step {self.trace.loop_start}"
                   if self.trace.loop_start is not None else "") + ">")

    def _repr_html_(self) -> str:
        return _safe(lambda: html.trace_html(self.trace, self.model, self.property), repr(self))


def _safe(make, fallback: str) -> str:
    """Display never raises: on any failure, the plain text and the reason."""
    from html import escape

    try:
        return make()
    except Exception as error:  # noqa: BLE001
        return f"<pre>{escape(fallback)}\n(display failed: {escape(str(error))})</pre>"

"""The report (and spec diagnostics) as SARIF 2.1.0, for IDEs and CI.

One run; tool.driver.rules has one rule per diagnostic code met and one per
property checked (ruleId = the property name). A VIOLATED property is an
`error` result (kind `fail`) at the property's declaration (a runtime error:
at the failing expression) whose counterexample is a codeFlow: one
threadFlowLocation per step, at the action's declaration, with the changed
variables in `state`. BOUNDED/UNKNOWN are `open` results, HOLDS `pass`
results, both with level `none` (SARIF 2.1.0 §3.27.10: a result that is not
a failure has level none). A spec with errors is a run with only the
diagnostics (`report` None), as is `vcspec lint --format sarif`.

File locations are relative to `root` (uriBaseId %SRCROOT%, defined in
originalUriBaseIds as `root`'s file URI) and percent-encoded; a file outside
`root`, and a file of the installed library (`library`: displayed name ->
absolute path), gets an absolute file URI. A violated property declared in
the library (a client checked against the CoNDIS environment) is located at
the user's action that broke it (the last step of the counterexample taken
by an action outside the library), the property's declaration being a
related location. Schema-valid: tests/cli/test_sarif.py.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import quote

from vcspec.engine.result import PropertyResult, Report, Verdict
from vcspec.model.codes import CODES
from vcspec.model.diagnostics import Diagnostic
from vcspec.model.source import Span
from vcspec.report.values import cells

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/vcspec/"
ROOT = "%SRCROOT%"
LEVEL = {Verdict.VIOLATED: ("error", "fail"), Verdict.BOUNDED: ("none", "open"),
         Verdict.UNKNOWN: ("none", "open"), Verdict.HOLDS: ("none", "pass")}


class Locator:
    """Spans -> SARIF locations, relative to `root` (an absolute POSIX path)."""

    def __init__(self, root: str | None = None, library: dict[str, str] | None = None):
        self.root = PurePosixPath(root.replace("\\", "/")) if root else None
        self.library = library or {}

    def artifact(self, file: str) -> dict:
        path = PurePosixPath(self.library.get(file, file).replace("\\", "/"))
        if not path.is_absolute():
            return {"uri": quote(path.as_posix()), "uriBaseId": ROOT}
        if self.root is not None and path.is_relative_to(self.root):
            return {"uri": quote(path.relative_to(self.root).as_posix()), "uriBaseId": ROOT}
        return {"uri": "file://" + quote(path.as_posix())}

    def location(self, span: Span | None, message: str | None = None) -> dict | None:
        if span is None:
            return None
        loc = {"physicalLocation": {
            "artifactLocation": self.artifact(span.file),
            "region": {"startLine": span.line, "startColumn": span.column,
                       "endLine": span.end_line, "endColumn": span.end_column}}}
        if message:
            loc["message"] = {"text": message}
        return loc

    def base_ids(self) -> dict:
        if self.root is None:
            return {}
        uri = "file://" + quote(self.root.as_posix().rstrip("/") + "/")
        return {"originalUriBaseIds": {ROOT: {"uri": uri}}}


def to_sarif(report: Report | None, action_spans: dict[str, Span],
             diagnostics: list[Diagnostic] = (), exit_code: int | None = None,
             root: str | None = None, library: dict[str, str] | None = None) -> dict:
    where = Locator(root, library)
    rules, results = [], []
    for diag in diagnostics:
        if diag.code not in {r["id"] for r in rules}:
            rules.append(_code_rule(diag.code))
        results.append(_diagnostic(diag, rules, where))
    for prop in report.properties if report is not None else ():
        rules.append({"id": prop.name, "name": prop.name,
                      "shortDescription": {"text": f"{prop.kind} {prop.name}"},
                      "properties": {"rules": list(prop.rules)}})
        results.append(_result(report, prop, len(rules) - 1, action_spans, where))
    if exit_code is None:
        exit_code = report.exit_code if report is not None else _lint_exit(diagnostics)
    run = {"tool": {"driver": {"name": "vcspec", "informationUri": INFORMATION_URI,
                               "rules": rules}},
           **where.base_ids(),
           "columnKind": "unicodeCodePoints", "results": results,
           "invocations": [_invocation(exit_code)]}
    return {"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}


def _lint_exit(diagnostics) -> int:
    return 3 if any(d.is_error for d in diagnostics) else 0


def _invocation(code: int) -> dict:
    """exit codes 0, 1 and 4 are runs that did their job; 2, 3 and 5 are not."""
    return {"executionSuccessful": code in (0, 1, 4), "exitCode": code}


def _code_rule(code: str) -> dict:
    known = CODES.get(code)
    rule = {"id": code, "shortDescription": {"text": known.title if known else code}}
    if known:
        rule["fullDescription"] = {"text": " ".join(known.explanation.split())}
    return rule


def _diagnostic(diag: Diagnostic, rules: list[dict], where: Locator) -> dict:
    index = next(i for i, r in enumerate(rules) if r["id"] == diag.code)
    out = {"ruleId": diag.code, "ruleIndex": index,
           "level": "error" if diag.is_error else "warning",
           "message": {"text": diag.message}}
    loc = where.location(diag.span)
    if loc:
        out["locations"] = [loc]
    return out


def _result(report: Report, prop: PropertyResult, index: int, spans: dict,
            where: Locator) -> dict:
    level, kind = LEVEL[prop.verdict]
    out = {"ruleId": prop.name, "ruleIndex": index, "kind": kind, "level": level,
           "message": {"text": f"{prop.name}: {prop.verdict.value}: {prop.message}"}}
    culprit = _user_step(prop, spans, where) if prop.verdict is Verdict.VIOLATED else None
    loc = where.location(prop.span)
    if culprit is not None:
        out["locations"] = [where.location(spans[culprit[1].action],
                                           f"step {culprit[0]}: {culprit[1].label}")]
        if loc:
            loc["message"] = {"text": f"{prop.kind} {prop.name}"}
            out["relatedLocations"] = [{"id": 0, **loc}]
    elif loc:
        out["locations"] = [loc]
    if prop.trace is not None:
        out["codeFlows"] = [{"threadFlows": [{"locations": _flow(report, prop, spans,
                                                                  where)}]}]
        out["partialFingerprints"] = {"vcspecProperty": f"{report.model}/{prop.name}"}
    return out


def _user_step(prop: PropertyResult, spans: dict, where: Locator):
    """(index, step) of the last step taken by an action of the user's files,
    when the property is declared in the library; else None."""
    if prop.trace is None or prop.span is None or prop.span.file not in where.library:
        return None
    for index in range(len(prop.trace.steps) - 1, 0, -1):
        step = prop.trace.steps[index]
        span = spans.get(step.action)
        if span is not None and span.file not in where.library:
            return index, step
    return None


def _flow(report: Report, prop: PropertyResult, spans: dict, where: Locator) -> list[dict]:
    trace, flow, previous = prop.trace, [], None
    for i, step in enumerate(trace.steps):
        now = cells(step.state, trace.types, report.families)
        shown = now if previous is None else {k: v for k, v in now.items()
                                              if previous.get(k) != v}
        entry = {"executionOrder": i, "state": {k: {"text": v} for k, v in shown.items()},
                 "nestingLevel": 0}
        loc = where.location(spans.get(step.action), f"step {i}: {step.label}")
        entry["location"] = loc or {"message": {"text": f"step {i}: {step.label}"}}
        flow.append(entry)
        previous = now
    return flow


def dumps(report: Report | None, action_spans: dict[str, Span],
          diagnostics: list[Diagnostic] = (), exit_code: int | None = None,
          root: str | None = None, library: dict[str, str] | None = None,
          stopped: str | None = None) -> str:
    """`stopped`: why the run ended early ("stopped while parsing and
    checking: time limit", "internal error: ..."), a notification of the
    invocation (the one place it shows when no property was reached)."""
    sarif = to_sarif(report, action_spans, diagnostics, exit_code, root, library)
    if stopped:
        level = "error" if stopped.startswith("internal error") else "warning"
        sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"] = [
            {"level": level, "message": {"text": stopped}}]
    return json.dumps(sarif, indent=2, ensure_ascii=False)

"""The report (and spec diagnostics) as SARIF 2.1.0, for IDEs and CI.

One run; tool.driver.rules has one rule per property checked (ruleId = the
property name) and one per diagnostic code met. A VIOLATED property is an
`error` result at the property's declaration (a runtime error: at the failing
expression) whose counterexample is a codeFlow: one threadFlowLocation per
step, at the action's declaration, with the changed variables in `state`.
BOUNDED/UNKNOWN are `note` results, HOLDS are `pass` results.
"""

from __future__ import annotations

import json

from vcspec.engine.result import PropertyResult, Report, Verdict
from vcspec.model.diagnostics import Diagnostic
from vcspec.model.source import Span
from vcspec.report.values import cells

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Verdict.VIOLATED: ("error", "fail"), Verdict.BOUNDED: ("note", "open"),
         Verdict.UNKNOWN: ("note", "open"), Verdict.HOLDS: ("none", "pass")}


def location(span: Span | None, message: str | None = None) -> dict | None:
    if span is None:
        return None
    loc = {"physicalLocation": {
        "artifactLocation": {"uri": span.file.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": span.line, "startColumn": span.column,
                   "endLine": span.end_line, "endColumn": span.end_column}}}
    if message:
        loc["message"] = {"text": message}
    return loc


def to_sarif(report: Report, action_spans: dict[str, Span],
             diagnostics: list[Diagnostic] = (), exit_code: int | None = None) -> dict:
    rules, results = [], []
    for diag in diagnostics:
        if diag.code not in {r["id"] for r in rules}:
            rules.append({"id": diag.code, "shortDescription": {"text": diag.code}})
        results.append(_diagnostic(diag, rules))
    for prop in report.properties:
        rules.append({"id": prop.name, "name": prop.name,
                      "shortDescription": {"text": f"{prop.kind} {prop.name}"},
                      "properties": {"rules": list(prop.rules)}})
        results.append(_result(report, prop, len(rules) - 1, action_spans))
    run = {"tool": {"driver": {"name": "vcspec", "informationUri":
                               "https://example.invalid/vcspec", "rules": rules}},
           "columnKind": "unicodeCodePoints", "results": results,
           "invocations": [_invocation(report.exit_code if exit_code is None else exit_code)]}
    return {"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}


def _invocation(code: int) -> dict:
    """exit codes 0, 1 and 4 are runs that did their job; 2, 3 and 5 are not."""
    return {"executionSuccessful": code in (0, 1, 4), "exitCode": code}


def _diagnostic(diag: Diagnostic, rules: list[dict]) -> dict:
    index = next(i for i, r in enumerate(rules) if r["id"] == diag.code)
    out = {"ruleId": diag.code, "ruleIndex": index,
           "level": "error" if diag.is_error else "warning",
           "message": {"text": diag.message}}
    loc = location(diag.span)
    if loc:
        out["locations"] = [loc]
    return out


def _result(report: Report, prop: PropertyResult, index: int, spans: dict) -> dict:
    level, kind = LEVEL[prop.verdict]
    out = {"ruleId": prop.name, "ruleIndex": index, "kind": kind, "level": level,
           "message": {"text": f"{prop.name}: {prop.verdict.value}: {prop.message}"}}
    loc = location(prop.span)
    if loc:
        out["locations"] = [loc]
    if prop.trace is not None:
        out["codeFlows"] = [{"threadFlows": [{"locations": _flow(report, prop, spans)}]}]
        out["partialFingerprints"] = {"vcspecProperty": f"{report.model}/{prop.name}"}
    return out


def _flow(report: Report, prop: PropertyResult, spans: dict) -> list[dict]:
    trace, flow, previous = prop.trace, [], None
    for i, step in enumerate(trace.steps):
        now = cells(step.state, trace.types, report.families)
        shown = now if previous is None else {k: v for k, v in now.items()
                                              if previous.get(k) != v}
        entry = {"executionOrder": i, "state": {k: {"text": v} for k, v in shown.items()},
                 "nestingLevel": 0}
        loc = location(spans.get(step.action), f"step {i}: {step.label}")
        entry["location"] = loc or {"message": {"text": f"step {i}: {step.label}"}}
        flow.append(entry)
        previous = now
    return flow


def dumps(report: Report, action_spans: dict[str, Span],
          diagnostics: list[Diagnostic] = (), exit_code: int | None = None) -> str:
    return json.dumps(to_sarif(report, action_spans, diagnostics, exit_code), indent=2,
                      ensure_ascii=False)

"""The report as one JSON object (`--format json`, `--out DIR/report.json`).

Stable keys: spec, model, engine, consts, stats {initial_states,
distinct_states, transitions, depth, seconds, states_per_second,
peak_memory_bytes, complete, stop_reason, distinct_states_unreduced, and for
the symbolic engines solver_seconds (depth: the steps searched by BMC)},
properties [{name, kind, verdict, rules, trace_length, message, binding,
trace}], coverage, warnings, notes, command. Trace states use ITF value encoding
(vcspec/report/values.py).
"""

from __future__ import annotations

import json

from vcspec.engine.result import PropertyResult, Report, Trace
from vcspec.model.diagnostics import Diagnostic
from vcspec.report.values import to_json


def report_dict(report: Report) -> dict:
    s = report.stats
    stats = {
        "initial_states": s.initial_states,
        "distinct_states": s.distinct_states,
        "transitions": s.transitions,
        "depth": s.depth,
        "seconds": round(s.seconds, 6),
        "states_per_second": round(s.states_per_second, 1),
        "peak_memory_bytes": s.peak_memory_bytes,
        "complete": s.complete,
        "stop_reason": s.stop_reason,
        "distinct_states_unreduced": s.distinct_states_unreduced,
    }
    if getattr(s, "generated", None) is not None:
        stats["generated"] = s.generated
    if hasattr(s, "solver_seconds"):
        stats["solver_seconds"] = round(s.solver_seconds, 6)
    return {
        "spec": report.spec,
        "model": report.model,
        "engine": report.engine,
        "consts": {k: to_json(v) for k, v in report.consts.items()},
        "stats": stats,
        "properties": [property_dict(p) for p in report.properties],
        "coverage": dict(report.coverage),
        "warnings": list(report.warnings),
        "notes": list(report.notes),
        "command": list(report.command),
    }


def property_dict(prop: PropertyResult) -> dict:
    return {
        "name": prop.name,
        "kind": prop.kind,
        "verdict": prop.verdict.value,
        "rules": list(prop.rules),
        "trace_length": prop.trace_length,
        "message": prop.message,
        "binding": {k: to_json(v) for k, v in prop.binding.items()},
        "trace": trace_dict(prop.trace) if prop.trace else None,
    }


def trace_dict(trace: Trace) -> dict:
    return {
        "steps": [{"action": step.action,
                   "args": {n: to_json(v) for n, v in step.args},
                   "call": step.label,
                   "state": {n: to_json(v, trace.types.get(n)) for n, v in step.state.items()},
                   "changed": list(step.changed)} for step in trace.steps],
        "loop_start": trace.loop_start,
        "stutters": trace.stutters,
        "fairness": [{"constraint": n.constraint, "how": n.how} for n in trace.fairness],
        "violation": trace.violation,
    }


def dumps(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)


def diagnostic_dict(diag: Diagnostic) -> dict:
    out = {"code": diag.code, "severity": diag.severity.value, "message": diag.message}
    if diag.span is not None:
        s = diag.span
        out.update(file=s.file, line=s.line, column=s.column, end_line=s.end_line,
                   end_column=s.end_column)
    out["notes"] = [note.message for note in diag.notes]
    return out


def diagnostics_dumps(specs: list[str], diags: list[Diagnostic],
                      stopped: str | None = None) -> str:
    """Spec diagnostics as JSON (`lint --format json`, or `check` of a spec
    with errors): {specs, errors, warnings, diagnostics [{code, severity,
    message, file, line, column, end_line, end_column, notes}]}, and
    stop_reason when the lint stopped early (`specs`: those read in full)."""
    errors = sum(1 for d in diags if d.is_error)
    out = {"specs": list(specs), "errors": errors, "warnings": len(diags) - errors,
           "diagnostics": [diagnostic_dict(d) for d in diags]}
    if stopped is not None:
        out["stop_reason"] = stopped
    return json.dumps(out, indent=2, ensure_ascii=False)

"""Traces as ITF JSON (Apalache ADR-015 / Quint): one file per trace.

{"#meta": {format, format-description, source, engine, property, verdict,
 description, consts}, "vars": [...], "states": [{"#meta": {"index",
 "mbt::actionTaken", "mbt::nondetPicks", "call"}, var: value, ...}], "loop": k?}

Integers are written as the ADR requires, {"#bigint": "42"} (the constants
in #meta too, so a reader needs no other file to rebuild the model).

`source` (and `spec`) is the spec's path relative to the ITF file's
directory when the CLI writes the file (`vcspec trace` finds the spec from
any working directory).

Values as in vcspec/report/values.py (sets and maps in canonical order).
For a lasso, `loop` is the index of the loop's first state and the states
end just before the loop returns to it (the closing step is in
`#meta.loopBack`); a run that stops with no action enabled has
`loop` = its last state.
"""

from __future__ import annotations

import json

from vcspec.engine.result import PropertyResult, Report
from vcspec.report.values import to_json

ITF_ADR = "https://apalache-mc.org/docs/adr/015adr-trace.html"


def trace_itf(report: Report, prop: PropertyResult, source: str | None = None) -> dict:
    """`source`: the spec's path as the file will see it (relative to the ITF
    file's directory, so the trace finds its spec from any working directory);
    the path as given on the command line by default."""
    trace = prop.trace
    steps = trace.steps
    source = report.spec if source is None else source
    meta = {"format": "ITF", "format-description": ITF_ADR,
            "spec": source, "source": source, "engine": report.engine,
            "property": prop.name, "verdict": prop.verdict.value,
            "description": trace.violation,
            "consts": {k: to_json(v, bigint=True) for k, v in report.consts.items()}}
    loop = trace.loop_start
    if loop is not None and not trace.stutters:
        meta["loopBack"] = steps[-1].label
        steps = steps[:-1]
    names = list(steps[0].state)
    states = []
    for index, step in enumerate(steps):
        state = {"#meta": {"index": index, "mbt::actionTaken": step.action or "init",
                           "mbt::nondetPicks": {n: to_json(v, bigint=True)
                                                for n, v in step.args},
                           "call": step.label}}
        for name in names:
            state[name] = to_json(step.state[name], trace.types.get(name), bigint=True)
        states.append(state)
    out = {"#meta": meta, "vars": names, "states": states}
    if loop is not None:
        out["loop"] = loop
    return out


def dumps(report: Report, prop: PropertyResult, source: str | None = None) -> str:
    return json.dumps(trace_itf(report, prop, source), indent=2, ensure_ascii=False)

"""A driver's log checked against the model, as notebooks show it.

`vcspec.notebook.validate(model, log)` returns a Validation: it displays as
the verdict (CONFORMS with the coverage; DIVERGES at event N with the event,
the properties it breaks and their rules, and what the model allowed there),
prints as `vcspec validate` does, and `.chart()` draws the log as a sequence
chart up to its divergence (vcspec/validate/witness.py, diagram.log_chart).
Every other attribute is the Outcome's (`.verdict`, `.index`, `.broken`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from vcspec import diagram
from vcspec.compile.build import build
from vcspec.model import ir
from vcspec.validate import log as logs
from vcspec.validate import render
from vcspec.validate.mapping import Mapping
from vcspec.validate.result import CONFORMS, DIVERGES, Outcome
from vcspec.validate.run import Validator
from vcspec.validate.witness import Explanation, explain_log

COLOURS = {CONFORMS: "#2e7d32", DIVERGES: "#c62828"}  # INCONCLUSIVE: amber


def read(path: Path, csv: bool | None = None) -> list[logs.Event]:
    """The log's events (CSV when `csv`, or by default for a .csv file)."""
    csv = path.suffix.lower() == ".csv" if csv is None else csv
    with path.open(encoding="utf-8", newline="" if csv else None) as stream:
        return list((logs.read_csv if csv else logs.read_jsonl)(stream))


class Validation:
    """The verdict on one log; `.chart()` draws it."""

    def __init__(self, model: ir.Model, mapping: Mapping, events: list[logs.Event],
                 log: str, depth: int):
        self.model = model
        self.mapping = mapping
        self.log_events = events  # .events is the Outcome's: the events validated
        self.log = log
        self.depth = depth
        self.ts = build(model)
        self.outcome: Outcome = Validator(self.ts, mapping, depth).run(events)
        self._explained: Explanation | None = None

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, "outcome"), name)

    def explanation(self) -> Explanation:
        """One behaviour of the model that explains the log (up to the divergence)."""
        if self._explained is None:
            self._explained = explain_log(self.ts, self.mapping, self.log_events,
                                          self.depth)
        return self._explained

    def chart(self) -> diagram.Picture:
        found = self.explanation()
        return diagram.log_chart(found.trace, self.model, found.events, found.rejected,
                                 f"{self.log}: {found.head}", found.head, found.end)

    def text(self) -> str:
        return render.text(self.outcome, self.log)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        try:
            return outcome_html(self.outcome, self.log)
        except Exception as error:  # noqa: BLE001 -- display never raises
            return f"<pre>{escape(self.text())}\n(display failed: {escape(str(error))})</pre>"


def outcome_html(o: Outcome, log: str) -> str:
    colour = COLOURS.get(o.verdict, "#ef6c00")
    if o.event is None:
        head = f"{o.verdict}: {o.events} events"
    else:
        head = f"{o.verdict} at event {o.index} (line {o.event.line}): {o.event.short()}"
    parts = [f'<div><p><b style="color:{colour}">{escape(head)}</b> '
             f"<small>{escape(log)}</small></p>"]
    if o.event is not None:
        parts.append(f"<p>{escape(o.reason)}</p>")
        parts.append(_broken_html(o))
        if o.handles:
            parts.append("<p>handles: " + escape(", ".join(
                f"{slot} = {h}" for slot, h in o.handles.items())) + "</p>")
        allowed = "".join(f"<li><code>{escape(a)}</code></li>" for a in o.allowed)
        parts.append(f"<details><summary>the model allowed here ({len(o.allowed)})</summary>"
                     f"<ul>{allowed or '<li>(nothing)</li>'}</ul></details>")
        states = "".join(f"<li><pre>{escape(chr(10).join(s))}</pre></li>" for s in o.before)
        parts.append(f"<details><summary>{o.states_before} model state(s) consistent with "
                     f"the log just before it</summary><ol>{states}</ol></details>")
    parts.append(_coverage_html(o))
    return "".join(parts) + "</div>"


def _broken_html(o: Outcome) -> str:
    if not o.broken:
        return ""
    rows = "".join(
        f"<tr><td>{escape(b.kind)}</td><td><b>{escape(b.property)}</b></td>"
        f"<td>{escape(', '.join(b.rules))}</td><td>{escape(b.message)}</td>"
        f"<td>{b.states} of {o.states_before}</td></tr>" for b in o.broken)
    return ("<table><tr><th>breaks</th><th>property</th><th>rules</th><th>message</th>"
            f"<th>states</th></tr>{rows}</table>")


def _coverage_html(o: Outcome) -> str:
    rows = "".join(f"<tr><td><code>{escape(name)}</code></td><td>{n}</td></tr>"
                   for name, n in o.coverage.items())
    missing = sorted(set(o.observed_actions) - set(o.coverage))
    machines = "".join(f"<li><code>{escape(var)}</code>: {len(moves)} transition(s): "
                       f"{escape('; '.join(moves))}</li>" for var, moves in o.machines.items())
    return (f"<details><summary>coverage: {len(o.coverage)} of {len(o.observed_actions)} "
            f"logged actions exercised; at most {o.most_states} model state(s) at once"
            f"</summary><table><tr><th>action</th><th>events</th></tr>{rows}</table>"
            + (f"<p>not exercised: {escape(', '.join(missing))}</p>" if missing else "")
            + (f"<ul>{machines}</ul>" if machines else "") + "</details>")

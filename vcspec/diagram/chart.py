"""A trace as a message sequence chart: one lane per process, one arrow per call.

Who sends and who receives (the rule, from the model, no naming convention):
  * the sender is the process whose action the step is (for a process
    family, the instance: the action's first argument);
  * the receiver is the other process whose variables the step changed; if
    several did, the one with the most changed entries (map entries and
    record fields count one each), ties going to the one the action's body
    writes first; the others are named under the arrow ("also Remote");
  * a step that changes no other process's variables is a local step: a box
    on the sender's lane.
Under each arrow, in small print, what changed (`call[Vc1] := Closing`).
Lanes are the processes the trace involves, ordered to keep arrows short
(the least total lane distance over all arrows; ties in order of first
appearance). The violated property closes the chart; the steps of a lasso's
loop are marked and an arrow in the step column goes back to where it starts.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from vcspec.diagram.values import leaves
from vcspec.engine.result import Step, Trace
from vcspec.model import ir
from vcspec.model.types import Type

MAX_PERMUTED_LANES = 7


@dataclass
class Message:
    step: int
    sender: str
    receiver: str | None  # None: a local step
    call: str  # the call, without the process: NdisClMakeCall(Vc1, none, Pending)
    changes: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other lanes the step changed
    loop: bool = False
    marker: str = ""  # the step column's text (default: the step number)
    faint: bool = False  # a step the log does not show (a log's chart)
    rejected: bool = False  # the event the model does not explain (a log's chart)


@dataclass
class Chart:
    title: str
    lanes: list[str]
    messages: list[Message]
    processes: list[str]  # colour order (the model's processes)
    end: str = ""  # what is violated, in words
    property: str = ""  # the violated property's name
    loop_start: int | None = None
    stutters: bool = False
    head: str = ""  # the closing note's heading (default: "PROPERTY violated")

    def message(self, step: int) -> Message:
        return next(m for m in self.messages if m.step == step)


# ------------------------------------------------------------ extraction
class Lanes:
    """Which lane a variable leaf and an action belong to."""

    def __init__(self, model: ir.Model | None, trace: Trace, exclude: set[str] | None = None):
        if model is not None:
            self.processes = list(model.processes)
            self.families = dict(model.families)
            self.types: dict[str, Type] = {v.name: v.type for v in model.vars}
            self.actions = {a.name: a for a in model.actions}
            self.var_process = {v.name: v.process for v in model.vars}
        else:  # a trace without its spec: variable prefixes are the processes
            names = [s.action for s in trace.steps if s.action]
            prefixes = [n.partition(".")[0] for n in list(trace.steps[0].state) + names]
            self.processes = [p for p in dict.fromkeys(prefixes) if p not in (exclude or ())]
            self.families, self.actions = {}, {}
            self.types = dict(trace.types)
            self.var_process = {n: n.partition(".")[0] for n in trace.steps[0].state}

    def of_leaf(self, path: str) -> str | None:
        head = path.split(".", 1)[0]
        name = head.partition("[")[0]
        if name in self.families and "[" in head:
            return head
        return name if name in self.processes else None

    def sender(self, step) -> str:
        process = step.action.partition(".")[0]
        if process in self.families and step.args:
            return f"{process}[{_arg_text(step.label)}]"
        return process

    def static_writes(self, action_name: str) -> list[str]:
        action = self.actions.get(action_name)
        if action is None:
            return []
        names = [v for v in self.var_process]
        out: list[str] = []
        for target in _targets(action.body):
            if target.monitor is None and target.var < len(names):
                process = self.var_process[names[target.var]]
                if process and process not in out:
                    out.append(process)
        return out


def _arg_text(label: str) -> str:
    inner = label.partition("(")[2]
    return inner.split(",")[0].rstrip(")").strip()


def _targets(stmts):
    for stmt in stmts:
        if isinstance(stmt, ir.IfStmt):
            yield from _targets(stmt.then)
            yield from _targets(stmt.else_)
        elif hasattr(stmt, "target"):
            yield stmt.target


def sequence_chart(trace: Trace, model: ir.Model | None = None, title: str = "",
                   property: str = "", end: str | None = None,
                   exclude: set[str] | None = None) -> Chart:
    """`exclude`: variable prefixes that are not processes (monitors), used
    only without the model."""
    lanes = Lanes(model, trace, exclude)
    types = lanes.types
    families = lanes.families
    before = leaves(trace.steps[0].state, types, families)
    messages = []
    for i, step in enumerate(trace.steps[1:], start=1):
        after = leaves(step.state, types, families)
        diff = [k for k, v in after.items() if before.get(k) != v]
        messages.append(_message(i, step, lanes, diff, after, trace.loop_start))
        before = after
    order = order_lanes(messages, lanes)
    text = end if end is not None else trace.violation
    return Chart(title, order, messages, lanes.processes, text, property, trace.loop_start,
                 trace.stutters)


def _message(i: int, step, lanes: Lanes, diff: list[str], after: dict[str, str],
             loop_start: int | None) -> Message:
    sender = lanes.sender(step)
    counts: dict[str, int] = {}
    for path in diff:
        lane = lanes.of_leaf(path)
        if lane is not None and lane != sender:
            counts[lane] = counts.get(lane, 0) + 1
    receiver = None
    if counts:
        written = lanes.static_writes(step.action)
        receiver = min(counts, key=lambda lane: (-counts[lane], _rank(lane, written)))
    changes = []
    for path in diff:
        lane = lanes.of_leaf(path)
        if lane is None:
            continue
        shown = path[len(lane) + 1:] if lane == receiver else path
        changes.append(f"{shown} := {after[path]}")
    also = [lane for lane in counts if lane != receiver]
    call = step.label.partition(".")[2] if "." in step.label.split("(")[0] else step.label
    in_loop = loop_start is not None and i > loop_start
    return Message(i, sender, receiver, call, changes, also, in_loop)


def _rank(lane: str, written: list[str]) -> int:
    name = lane.partition("[")[0]
    return written.index(name) if name in written else len(written)


def order_lanes(messages: list[Message], lanes: Lanes) -> list[str]:
    appearance: list[str] = []
    for m in messages:
        for lane in (m.sender, m.receiver, *m.also):
            if lane is not None and lane not in appearance:
                appearance.append(lane)
    if len(appearance) > MAX_PERMUTED_LANES:
        return appearance
    arrows = [(m.sender, m.receiver) for m in messages if m.receiver is not None]

    def cost(order: tuple[str, ...]) -> int:
        at = {lane: k for k, lane in enumerate(order)}
        return sum(abs(at[a] - at[b]) for a, b in arrows)

    best = min(itertools.permutations(appearance),
               key=lambda order: (cost(order), [appearance.index(x) for x in order]))
    return list(best)


def log_chart(trace: Trace, model: ir.Model | None, events: list[int | None],
              rejected: Step | None = None, title: str = "", head: str = "",
              end: str = "") -> Chart:
    """A behaviour that explains a driver's log (vcspec/validate/witness.py) as
    a chart: `events[i]` is the log's event number of step i (None: a step the
    log does not show, drawn faint); `rejected`, the event the model does not
    explain, run from the last state anyway, closes it in red."""
    steps = trace.steps + ([rejected] if rejected is not None else [])
    chart = sequence_chart(Trace(steps, trace.types), model, title, end=end)
    chart.head = head
    for m in chart.messages:
        number = events[m.step] if m.step < len(events) else None
        m.marker = f"event {number}" if number is not None else "not logged"
        m.faint = number is None
        m.rejected = rejected is not None and m.step == len(steps) - 1
    return chart

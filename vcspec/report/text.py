"""The report for terminals (rich): summary, verdict table, traces.

User content (names, values, messages) is always passed as rich Text, never
as markup, so brackets in values are shown as they are. Timings sit on one
line starting with "time:" (golden tests normalise it).
"""

from __future__ import annotations

import re
import shlex

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from vcspec.engine.result import (
    PropertyResult,
    Report,
    Trace,
    Verdict,
    loop_marks,
    steps_words,
)
from vcspec.report.values import cells, printable

VERDICT_STYLE = {Verdict.HOLDS: "bold green", Verdict.VIOLATED: "bold red",
                 Verdict.BOUNDED: "bold yellow", Verdict.UNKNOWN: "bold yellow"}
CHANGED = "bold yellow"


def warning_line(warning: str) -> str:
    """`warning: ...`, or `warning[VCSnnn]: ...` for a warning with a code (the
    code is what `// vcspec: allow` names)."""
    code, sep, rest = warning.partition(": ")
    if sep and re.fullmatch(r"VCS\d{3}", code):
        return f"warning[{code}]: {rest}"
    return f"warning: {warning}"


def render(report: Report, console: Console, coverage: bool = False,
           charts: dict[str, list[str]] | None = None) -> None:
    """`charts`: per property, the command that draws its written trace."""
    head, numbers, timing = summary(report)
    console.print(head)
    where = origins(report)
    if where:
        console.print(Text(where), soft_wrap=True)
    console.print(numbers)
    console.print(timing, soft_wrap=True)
    console.print(verdicts(report))
    if coverage and report.coverage:
        console.print(coverage_table(report))
    for warning in report.warnings:
        console.print(Text(printable(warning_line(warning)), style="yellow"))
    for note in report.notes:
        console.print(Text(printable(note), style="dim"), soft_wrap=True)
    for prop in report.properties:
        if prop.trace is not None:
            console.print()
            console.print(trace_view(prop, report.families))
            console.print(Text("reproduce: " + shlex.join(reproduce(report, prop)), style="dim"),
                          soft_wrap=True)
            if charts and prop.name in charts:
                console.print(Text("chart: " + shlex.join(charts[prop.name]), style="dim"),
                              soft_wrap=True)
    console.print()
    console.print(Text(summary_line(report), style="bold"), soft_wrap=True)


ORDER = {Verdict.VIOLATED: 0, Verdict.UNKNOWN: 1, Verdict.BOUNDED: 2, Verdict.HOLDS: 3}
WORDS = {Verdict.VIOLATED: "violated", Verdict.UNKNOWN: "unknown", Verdict.BOUNDED: "bounded",
         Verdict.HOLDS: "hold"}


def summary_line(report: Report) -> str:
    """'48 properties: 46 hold, 2 violated: A, B' (every verdict but HOLDS with
    its names, groups after the first separated by ';'; a stopped search says why)."""
    props = report.properties
    held = sum(1 for p in props if p.verdict is Verdict.HOLDS)
    named = []
    for verdict in (Verdict.VIOLATED, Verdict.UNKNOWN, Verdict.BOUNDED):
        names = [p.name for p in props if p.verdict is verdict]
        if names:
            named.append(f"{len(names)} {WORDS[verdict]}: {', '.join(names)}")
    line = f"{len(props)} {'property' if len(props) == 1 else 'properties'}: "
    if held:
        line += f"{held} {'holds' if held == 1 else 'hold'}" + (", " if named else "")
    line += "; ".join(named)
    if report.stats.stop_reason and not report.stats.complete and report.engine == "explicit":
        line += f" (search stopped: {report.stats.stop_reason})"
    return printable(line, newlines=False)


def origins(report: Report) -> str:
    """'53 properties: 29 from condis/environment.vcspec, 22 from
    condis/ndis.vcspec, 2 built in (deadlock, runtime)': where the checked
    properties were declared, so an import that brought none shows. Empty
    when they all come from one file."""
    counts: dict[str, int] = {}
    built_in = []
    for prop in report.properties:
        if prop.span is None:
            built_in.append(prop.name)
        else:
            counts[prop.span.file] = counts.get(prop.span.file, 0) + 1
    if len(counts) < 2:
        return ""
    parts = [f"{n} from {file}" for file, n in sorted(counts.items())]
    if built_in:
        parts.append(f"{len(built_in)} built in ({', '.join(built_in)})")
    total = len(report.properties)
    return printable(f"{total} {'property' if total == 1 else 'properties'}: "
                     + ", ".join(parts), newlines=False)


def reproduce(report: Report, prop: PropertyResult) -> list[str]:
    """The command that shows this trace again. A check is narrowed to the
    property (the search order, hence the trace, is the same); a simulation
    is not (its walks stop at the selected properties' violations)."""
    command = list(report.command)
    if report.engine != "simulate" and "--property" not in command:
        command += ["--property", prop.name]
    return command


def summary(report: Report) -> tuple[Text, Text, Text]:
    s = report.stats
    consts = ", ".join(f"{k}={_plain(v)}" for k, v in report.consts.items())
    head = Text.assemble((report.model, "bold"), f" ({report.spec})", " · engine ",
                         report.engine, *( [" · ", consts] if consts else []))
    count = f"{s.distinct_states:,} distinct states"
    if s.distinct_states_unreduced is not None:
        count += (f" ({s.distinct_states_unreduced:,} without symmetry reduction on "
                  f"{', '.join(report.symmetry)})")
    numbers = Text(f"{s.initial_states:,} initial · {count} · {s.transitions:,} transitions · "
                   f"depth {s.depth}" + (f" · {s.generated:,} generated (TLC's count)"
                                         if s.generated is not None else ""))
    if report.engine == "simulate":
        numbers = Text(f"{s.initial_states:,} initial · {s.transitions:,} steps taken · "
                       f"{s.distinct_states:,} distinct states visited")
    elif report.engine != "explicit":  # symbolic engines: a bound, no state counts
        numbers = Text(f"depth reached {s.depth}")
        if s.stop_reason:
            numbers.append(f" · stopped: {s.stop_reason}", style="yellow")
        solver = getattr(s, "solver_seconds", None)
        extra = f" · solver {solver:.2f} s" if solver is not None else ""
        return head, numbers, Text(f"time: {s.seconds:.2f} s{extra}", style="dim")
    elif not s.complete and s.stop_reason:
        numbers.append(f" · stopped: {s.stop_reason}", style="yellow")
    timing = Text(f"time: {s.seconds:.2f} s · {s.states_per_second:,.0f} states/s · peak "
                  f"memory {s.peak_memory_bytes / 1e6:.1f} MB", style="dim")
    return head, numbers, timing


def verdicts(report: Report) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    for name in ("property", "kind", "verdict", "details"):
        table.add_column(name, overflow="fold")
    for prop in sorted(report.properties, key=lambda p: ORDER[p.verdict]):
        details = prop.message
        if prop.rules:
            details = f"[{', '.join(prop.rules)}] " + details
        if prop.trace is not None:
            details += f" (trace: {steps_words(prop.trace.length)})"
        table.add_row(Text(prop.name), Text(prop.kind),
                      Text(str(prop.verdict), style=VERDICT_STYLE[prop.verdict]),
                      Text(printable(details, newlines=False)))
    return table


def coverage_table(report: Report) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, title="coverage",
                  title_justify="left")
    table.add_column("action", overflow="fold")
    table.add_column("fired", justify="right")
    for action, count in report.coverage.items():
        table.add_row(Text(action), Text(f"{count:,}", style="" if count else "yellow"))
    return table


def trace_view(prop: PropertyResult, families) -> Group:
    trace = prop.trace
    kind = "lasso" if trace.loop_start is not None else "trace"
    title = Text.assemble((f"{prop.name}: ", "bold"), f"{kind} of {steps_words(trace.length)} — ",
                          printable(trace.violation))
    return Group(title, steps_table(trace, families), *fairness_lines(trace),
                 last_state(trace, families))


def steps_table(trace: Trace, families) -> Table:
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column("step", justify="right")
    table.add_column("action", overflow="fold")
    table.add_column("state (changes)", overflow="fold")
    previous = None
    marks = loop_marks(trace.loop_start, len(trace.steps) - 1, trace.stutters)
    for i, step in enumerate(trace.steps):
        now = cells(step.state, trace.types, families)
        if previous is None:
            shown = Text(_join(now.items()))
        else:
            changed = [(k, v) for k, v in now.items() if previous.get(k) != v]
            shown = Text(_join(changed) or "(no change)", style=CHANGED if changed else "dim")
        marker = f" ({marks[i]})" if i in marks else ""
        shown.plain = printable(shown.plain, newlines=False)
        table.add_row(str(i), Text(printable(step.label) + marker), shown)
        previous = now
    return table


def fairness_lines(trace: Trace) -> list[Text]:
    if trace.loop_start is None:
        return []
    if trace.stutters:
        why = ("no action is enabled there" if trace.dead_end else
               "it stutters (semantics stuttering) and no fair action is enabled there")
        lines = [Text(f"the run stays in step {trace.loop_start}'s state forever: {why}")]
    else:
        lines = [Text(f"the loop (steps {trace.loop_start}..{trace.length}) repeats forever")]
    if trace.fairness:
        lines.append(Text("fairness on the loop:"))
        idle = [n for n in trace.fairness if n.how == "never enabled in the loop"]
        shown = trace.fairness if len(idle) <= 3 else [n for n in trace.fairness
                                                        if n not in idle]
        lines += [Text(f"  {n.constraint}: {n.how}") for n in shown]
        if len(shown) < len(trace.fairness):
            lines.append(Text(f"  {len(idle)} other constraints: never enabled in the loop"))
    return lines


def last_state(trace: Trace, families) -> Text:
    final = cells(trace.steps[-1].state, trace.types, families)
    return Text(printable(f"state at step {trace.length}: " + _join(final.items())))


def _join(items) -> str:
    return ", ".join(f"{k} = {v}" for k, v in items)


def _plain(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

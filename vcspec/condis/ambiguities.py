"""docs/condis-ambiguities.md: the open questions modelled as constants.

For every constant `OQn` of the flagship (the library's condis/ndis.vcspec), the question
from REFERENCE.md §7 (specs/condis/open_questions.tsv) and, for each reading
and each variant (CM, MCM) at NVC=1, which properties hold and which break,
with the counterexample the checker reports for each broken one.
"""

from __future__ import annotations

import re

from vcspec.condis.data import DataError, Question, load_questions, sentences, trim
from vcspec.condis.runner import GENERATED, VARIANTS, Runner, command, stats_words
from vcspec.engine.result import PropertyResult, Report, Trace, Verdict
from vcspec.model import ir

QUOTE_SENTENCES = 4
QUOTE_LIMIT = 900


def modelled_questions(model: ir.Model) -> list[tuple[str, str, tuple[str, ...]]]:
    """(constant, default reading, readings) of each OQn constant, by number."""
    out = []
    for name, value in model.consts.items():
        match = re.fullmatch(r"OQ(\d+)", name)
        if not match:
            continue
        enums = [e for e in model.enums.values() if value in e.members]
        if len(enums) != 1:
            raise DataError(f"cannot tell which enum holds the readings of {name} = {value}")
        out.append((int(match.group(1)), name, value, enums[0].members))
    return [(name, value, members) for _, name, value, members in sorted(out)]


def ambiguities_document(runner: Runner | None = None, only: list[str] | None = None) -> str:
    """The document; `only` restricts it to some constants (e.g. ["OQ5"])."""
    runner = runner or Runner()
    questions = load_questions()
    model = runner.model()
    modelled = [q for q in modelled_questions(model) if only is None or q[0] in only]
    defaults = {v: runner.report(VARIANT=v) for v in VARIANTS}
    names = [p.name for p in defaults[VARIANTS[0]].properties]
    out = [
        "# CoNDIS open questions modelled as constants", "",
        GENERATED.format(what="ambiguities"), "",
        "The domain reference (`shared/condis/REFERENCE.md` §7) leaves some questions open. "
        "The flagship models "
        + ", ".join(f"`{c}`" for c, _, _ in modelled)
        + " as constants whose values are the readings (the default first; "
        "docs/condis-model.md, section *Open-question readings*, says what each changes). "
        "For each reading and each variant this page gives the result of checking the "
        "flagship with one VC and every other constant at its default "
        f"(`{command(VARIANT='CM')}`, plus `--const OQn=READING`), and, for each property "
        "that breaks, the counterexample the checker reports (for a temporal property a "
        "lasso: the steps after *loop* repeat forever).", "",
        f"The {len(names)} properties checked: " + ", ".join(f"`{n}`" for n in names) + ".",
        "",
    ]
    for const, default, readings in modelled:
        out += _question(runner, questions, const, default, readings, len(names))
    return "\n".join(out)


def _question(runner: Runner, questions: dict[str, Question], const: str, default: str,
              readings: tuple[str, ...], total: int) -> list[str]:
    key = "OQ-" + const[2:]
    if key not in questions:
        raise DataError(f"{const}: open_questions.tsv has no {key}")
    question = questions[key]
    quote = trim(sentences(question.text, QUOTE_SENTENCES), QUOTE_LIMIT)
    shown = ", ".join(f"`{r}`" + (" (default)" if r == default else "") for r in readings)
    out = [f"## {key}: {question.title} (`{const}`)", "", f"> {quote}", "",
           f"Readings: {shown}.", ""]
    for reading in readings:
        suffix = " (default)" if reading == default else ""
        out += [f"### `{const}={reading}`{suffix}", ""]
        for variant in VARIANTS:
            overrides = {"VARIANT": variant}
            if reading != default:
                overrides[const] = reading
            same = reading != default and _same_space(runner.report(**overrides),
                                                      runner.report(VARIANT=variant))
            out += _variant(runner.report(**overrides), variant, total, same)
    return out


def _same_space(report: Report, default: Report) -> bool:
    a, b = report.stats, default.stats
    return (a.distinct_states, a.transitions, a.depth) == (b.distinct_states, b.transitions,
                                                           b.depth)


def _variant(report: Report, variant: str, total: int, same: bool) -> list[str]:
    broken = [p for p in report.properties if p.verdict is not Verdict.HOLDS]
    note = "; as many states and transitions as the default reading" if same else ""
    head = f"- **{variant}** ({stats_words(report)}{note}): "
    if not broken:
        return [head + f"all {total} properties hold.", ""]
    listed = ", ".join(f"`{p.name}` {p.verdict.value}" for p in broken)
    out = [head + f"{listed}; the other {total - len(broken)} hold.", ""]
    for prop in broken:
        out += ["  " + line if line else "" for line in _counterexample(prop)]
    return out


def _counterexample(prop: PropertyResult) -> list[str]:
    if prop.trace is None:
        return [f"`{prop.name}`: {prop.message}", ""]
    trace = prop.trace
    kind = "lasso" if trace.loop_start is not None else "trace"
    words = trace.violation or prop.message
    return [f"`{prop.name}`, {kind} of {trace.length} steps: {words}", "",
            "```text", *render_trace(trace), "```", ""]


def render_trace(trace: Trace) -> list[str]:
    """Numbered steps with the call labels; a lasso's loop is marked."""
    width = len(str(trace.length))
    lines = []
    loop = trace.loop_start
    if loop == 0:
        lines.append(_loop_line(trace, width))
    for i, step in enumerate(trace.steps[1:], 1):
        lines.append(f"{i:>{width}}. {step.label}")
        if loop is not None and i == loop and i < trace.length:
            lines.append(_loop_line(trace, width))
    if loop is not None and loop == trace.length:
        lines.append(" " * (width + 2) + "(the run stays in this state forever: "
                     + ("no action is enabled)" if trace.stutters else "the last step loops)"))
    return lines


def _loop_line(trace: Trace, width: int) -> str:
    first, last = trace.loop_start + 1, trace.length
    where = "the initial state" if trace.loop_start == 0 else f"the state after step " \
        f"{trace.loop_start}"
    span = f"step {first}" if first == last else f"steps {first}..{last}"
    return " " * (width + 2) + f"loop: {span} lead back to {where} and repeat forever"

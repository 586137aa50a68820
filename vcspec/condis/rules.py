"""docs/condis-rules.md: every in-scope rule of REFERENCE.md with the properties
that carry it (their `@rules(...)`) or the reason it is not checked, and the
flagship's verdicts for the CM and the MCM."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from vcspec.condis.data import (
    DataError,
    Rule,
    in_scope,
    load_notes,
    load_reasons,
    load_rules,
)
from vcspec.condis.runner import GENERATED, VARIANTS, Runner, command, stats_words
from vcspec.engine.result import Report, Verdict
from vcspec.model import ir

# why an in-scope rule is not checked: the first word(s) of its reason in unmodelled.tsv
CATEGORIES = ("not behaviour", "outside", "not modelled", "structural", "modelled, no property")


class CoverageError(DataError):
    def __init__(self, problems: list[str]):
        super().__init__("the rule table is inconsistent:\n  " + "\n  ".join(problems))
        self.problems = problems


def carried_rules(model: ir.Model) -> dict[str, list[ir.Property]]:
    """rule id -> the properties whose @rules name it, in declaration order."""
    out: dict[str, list[ir.Property]] = defaultdict(list)
    for prop in model.properties:
        for rule in prop.rules:
            out[rule].append(prop)
    return dict(out)


def coverage_problems(model: ir.Model, rules: dict[str, Rule], reasons: dict[str, str],
                      notes: dict[str, str]) -> list[str]:
    """Everything that makes the table inconsistent (empty when it is complete)."""
    carried = carried_rules(model)
    problems = []
    for rule_id, props in carried.items():
        if rule_id not in rules:
            names = ", ".join(p.name for p in props)
            problems.append(f"{rule_id} (@rules of {names}) is not a rule of rules.tsv")
    for rule in rules.values():
        if not in_scope(rule):
            continue
        if rule.id not in carried and rule.id not in reasons:
            problems.append(f"{rule.id} is in scope but no property carries it (@rules) and "
                            "specs/condis/unmodelled.tsv does not list it")
        if rule.id in carried and rule.id in reasons:
            names = ", ".join(p.name for p in carried[rule.id])
            problems.append(f"{rule.id} is listed in unmodelled.tsv but {names} carries it")
    for rule_id, reason in reasons.items():
        if rule_id not in rules or not in_scope(rules[rule_id]):
            problems.append(f"unmodelled.tsv lists {rule_id}, which is not an in-scope rule")
        if reason.split(":")[0] not in CATEGORIES:
            problems.append(f"unmodelled.tsv: the reason for {rule_id} does not start with "
                            f"one of {', '.join(repr(c + ':') for c in CATEGORIES)}")
    for rule_id in notes:
        if rule_id not in carried:
            problems.append(f"rule_notes.tsv has a note on {rule_id}, which no property carries")
    return problems


# ------------------------------------------------------------ the rules document
def rules_document(runner: Runner | None = None) -> str:
    runner = runner or Runner()
    rules, reasons, notes = load_rules(), load_reasons(), load_notes()
    model = runner.model()
    problems = coverage_problems(model, rules, reasons, notes)
    if problems:
        raise CoverageError(problems)
    reports = {v: runner.report(VARIANT=v) for v in VARIANTS}
    carried = carried_rules(model)
    scope = sorted((r for r in rules.values() if in_scope(r)), key=lambda r: r.number)
    checked = [r for r in scope if r.id in carried]
    categories: dict[str, int] = defaultdict(int)
    for rule in scope:
        if rule.id in reasons:
            categories[reasons[rule.id].split(":")[0]] += 1
    props = {p.name for r in checked for p in carried[r.id]}
    out = [
        "# CoNDIS rules and how vcspec checks them", "",
        GENERATED.format(what="rules"), "",
        "One row per rule of the domain reference (`shared/condis/REFERENCE.md`) §5.1 (R1–R9) "
        "and §5.3–§5.13: its tag ([S] safety, [L] liveness) and first sentence "
        "(`specs/condis/rules.tsv`), the properties that carry it (their `@rules(...)` "
        "attributes, with remarks from `specs/condis/rule_notes.tsv`) or why no property "
        "does (`specs/condis/unmodelled.tsv`), and the verdict of those properties on the "
        "flagship at its default configuration with one VC:", "",
        *[f"- {v}: `{command(VARIANT=v)}` ({stats_words(reports[v])})" for v in VARIANTS], "",
        f"{len(scope)} rules: {len(checked)} checked by {len(props)} properties, "
        f"{len(scope) - len(checked)} not checked ("
        + "; ".join(f"{c}: {categories[c]}" for c in CATEGORIES if categories[c]) + "). "
        "docs/condis-model.md describes the model and its abstractions.", "",
    ]
    section = None
    for rule in scope:
        if rule.section != section:
            section = rule.section
            out += [f"## §{section}", "", "| Rule | Tag | Rule text | How it is checked | "
                    "Verdict |", "|---|---|---|---|---|"]
        how, verdict = _how_and_verdict(rule, carried, reasons, notes, reports)
        out.append(f"| {rule.id} | [{rule.tag}] | {_cell(rule.text)} | {how} | {verdict} |")
        nxt = scope.index(rule) + 1
        if nxt == len(scope) or scope[nxt].section != section:
            out.append("")
    out += _property_table(model, reports)
    outside = sorted((r for r in carried if r in rules and not in_scope(rules[r])),
                     key=lambda r: rules[r].number)
    if outside:
        out += ["## Rules outside the table's scope that properties also carry", ""]
        for rule_id in outside:
            names = ", ".join(f"`{p.name}`" for p in carried[rule_id])
            out.append(f"- {rule_id} [{rules[rule_id].tag}] (§{rules[rule_id].section}): "
                       f"{_cell(rules[rule_id].text)} — {names}")
        out.append("")
    return "\n".join(out)


def _how_and_verdict(rule: Rule, carried, reasons, notes, reports) -> tuple[str, str]:
    if rule.id not in carried:
        return f"not checked — {_cell(reasons[rule.id])}", "—"
    by_spec: dict[str, list[str]] = defaultdict(list)
    for prop in carried[rule.id]:
        by_spec[spec_file(prop)].append(f"`{prop.name}`")
    how = "; ".join(f"{', '.join(names)} ({spec})" for spec, names in by_spec.items())
    if rule.id in notes:
        how += f" — {_cell(notes[rule.id])}"
    return how, rule_verdict([p.name for p in carried[rule.id]], reports)


def rule_verdict(names: list[str], reports: dict[str, Report]) -> str:
    """"HOLDS (CM, MCM)", or per variant e.g. "HOLDS (CM); VIOLATED (MCM: X)"."""
    words: dict[str, list[str]] = defaultdict(list)
    for variant, report in reports.items():
        verdicts = {n: report.find(n).verdict for n in names}
        for verdict in (Verdict.VIOLATED, Verdict.UNKNOWN, Verdict.BOUNDED, Verdict.HOLDS):
            which = [n for n, v in verdicts.items() if v is verdict]
            if which:
                detail = "" if verdict is Verdict.HOLDS else ": " + ", ".join(which)
                words[verdict.value + "|" + detail].append(variant)
                break
    return "; ".join(f"{key.split('|')[0]} ({', '.join(vs)}{key.split('|')[1]})"
                     for key, vs in words.items())


def _property_table(model: ir.Model, reports: dict[str, Report]) -> list[str]:
    out = ["## Properties", "", "| Property | Kind | Spec | Rules | "
           + " | ".join(VARIANTS) + " |", "|---|---|---|---|" + "---|" * len(VARIANTS)]
    for prop in model.properties:
        verdicts = " | ".join(reports[v].find(prop.name).verdict.value for v in VARIANTS)
        out.append(f"| `{prop.name}` | {prop.kind} | {spec_file(prop)} | "
                   f"{', '.join(prop.rules) or '—'} | {verdicts} |")
    return out + [""]


def spec_file(prop: ir.Property) -> str:
    return Path(prop.span.file).name


def _cell(text: str) -> str:
    return text.replace("|", "\\|")

"""The data behind the CoNDIS documents: rules, open questions, unmodelled rules.

REFERENCE.md (the domain reference, outside the repository) is read only by
`extract_reference`, which writes two committed data files:

    specs/condis/rules.tsv           id, section, tag, text (first sentence)
    specs/condis/open_questions.tsv  id, title, text (the whole entry)

Two more data files are written by hand:

    specs/condis/unmodelled.tsv      id, reason: an in-scope rule no property carries
    specs/condis/rule_notes.tsv      id, note: a remark on a rule a property carries

Every .tsv has a header line; lines starting with '#' are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "specs" / "condis"
RULES_TSV = DATA / "rules.tsv"
QUESTIONS_TSV = DATA / "open_questions.tsv"
UNMODELLED_TSV = DATA / "unmodelled.tsv"
NOTES_TSV = DATA / "rule_notes.tsv"

TEXT_LIMIT = 200  # characters of a rule's first sentence kept in rules.tsv
ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "cf")


class DataError(ValueError):
    """A data file or the reference is malformed or inconsistent."""


@dataclass(frozen=True)
class Rule:
    id: str  # "R37"
    section: str  # "5.3 VC creation and ownership"
    tag: str  # "S" (safety) | "L" (liveness)
    text: str  # first sentence, trimmed

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def section_number(self) -> str:
        return self.section.split()[0]


@dataclass(frozen=True)
class Question:
    id: str  # "OQ-5"
    title: str  # "ordering: deactivate vs close-complete"
    text: str  # the whole entry, on one line


# ------------------------------------------------------------ scope
def in_scope(rule: Rule) -> bool:
    """REFERENCE §5.1 R1-R9 (roles and API partition) and §5.3-§5.13 (VC
    creation through data transfer)."""
    major, _, minor = rule.section_number.partition(".")
    if major != "5" or not minor.isdigit():
        return False
    sub = int(minor)
    return (sub == 1 and rule.number <= 9) or 3 <= sub <= 13


# ------------------------------------------------------------ text helpers
def first_sentence(text: str, limit: int = TEXT_LIMIT) -> str:
    """The first sentence of `text`, cut at a word boundary to at most `limit`
    characters (with ' …' when cut)."""
    return trim(sentences(text, 1), limit)


def sentences(text: str, count: int) -> str:
    """The first `count` sentences of `text` (all of it if it has fewer)."""
    text = " ".join(text.split())
    found = 0
    for match in re.finditer(r"[.!?](?=\s+[A-Z(*\"]|$)", text):
        word = re.search(r"([\w.]+)$", text[: match.start()])
        if word and word.group(1).lower() in ABBREVIATIONS:
            continue
        found += 1
        if found == count:
            return text[: match.end()]
    return text


def trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 2].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


# ------------------------------------------------------------ extraction from REFERENCE.md
RULE_LINE = re.compile(r"^- \*\*R(\d+)\. \[([SL])\] [^*]+\*\* — (.*)$")
QUESTION_LINE = re.compile(r"^- \*\*OQ-(\d+) \((.*?)\)\.\*\* (.*)$")
SECTION_LINE = re.compile(r"^###? (\d+(?:\.\d+)?) (.*)$")


def parse_reference(text: str) -> tuple[list[Rule], list[Question]]:
    rules: list[Rule] = []
    entries: list[tuple[str, str, list[str]]] = []  # open questions: id, title, lines
    section = ""
    reading_question = False  # the last line belonged to an open-question entry
    for line in text.splitlines():
        if reading_question and line.startswith("  ") and line.strip():
            entries[-1][2].append(line.strip())
            continue
        reading_question = False
        heading = SECTION_LINE.match(line)
        if heading:
            section = f"{heading.group(1)} {heading.group(2).strip()}"
        rule = RULE_LINE.match(line)
        if rule:
            number, tag, rest = rule.groups()
            body = re.sub(r"\s*\*[^*]+\*\.?$", "", rest)  # the trailing citation
            rules.append(Rule(f"R{number}", section, tag, first_sentence(body)))
        question = QUESTION_LINE.match(line)
        if question:
            number, title, rest = question.groups()
            entries.append((f"OQ-{number}", title, [rest.strip()]))
            reading_question = True
    questions = [Question(id, title, " ".join(lines)) for id, title, lines in entries]
    _check_numbering([r.number for r in rules], "R")
    _check_numbering([int(q.id[3:]) for q in questions], "OQ-")
    return rules, questions


def _check_numbering(numbers: list[int], prefix: str) -> None:
    if not numbers:
        raise DataError(f"no {prefix}n entries found in the reference")
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers))
        raise DataError(f"the reference's {prefix}n entries are not numbered 1..{len(numbers)}"
                        f" (missing: {', '.join(f'{prefix}{n}' for n in missing) or 'none'})")


def extract_reference(reference: Path, rules_out: Path = RULES_TSV,
                      questions_out: Path = QUESTIONS_TSV) -> tuple[int, int]:
    """Write rules.tsv and open_questions.tsv from REFERENCE.md; return the counts."""
    rules, questions = parse_reference(reference.read_text(encoding="utf-8"))
    source = "generated by `python -m vcspec.condis.docs rules --extract-rules REFERENCE.md`"
    write_tsv(rules_out, ("id", "section", "tag", "text"),
              [(r.id, r.section, r.tag, r.text) for r in rules],
              [source, "text: the rule's first sentence, trimmed; tag: S safety, L liveness"])
    write_tsv(questions_out, ("id", "title", "text"),
              [(q.id, q.title, q.text) for q in questions], [source])
    return len(rules), len(questions)


# ------------------------------------------------------------ TSV files
def write_tsv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]],
              comments: list[str] = ()) -> None:
    lines = [f"# {c}" for c in comments] + ["\t".join(header)]
    for row in rows:
        for cell in row:
            if "\t" in cell or "\n" in cell:
                raise DataError(f"{path.name}: a cell holds a tab or a newline: {cell!r}")
        lines.append("\t".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_tsv(path: Path, header: tuple[str, ...]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    seen_header = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = tuple(line.split("\t"))
        if not seen_header:
            if cells != header:
                raise DataError(f"{path.name}:{number}: expected the header "
                                f"{' | '.join(header)}, got {' | '.join(cells)}")
            seen_header = True
            continue
        if len(cells) != len(header) or not all(c.strip() for c in cells):
            raise DataError(f"{path.name}:{number}: expected {len(header)} non-empty "
                            f"tab-separated cells, got {len(cells)}")
        rows.append(cells)
    if not seen_header:
        raise DataError(f"{path.name}: no header line")
    return rows


def _keyed(rows: list[tuple[str, ...]], path: Path) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        if row[0] in out:
            raise DataError(f"{path.name}: {row[0]} is listed twice")
        out[row[0]] = row
    return out


def load_rules(path: Path = RULES_TSV) -> dict[str, Rule]:
    rows = _keyed(read_tsv(path, ("id", "section", "tag", "text")), path)
    rules = {k: Rule(*row) for k, row in rows.items()}
    for rule in rules.values():
        if not re.fullmatch(r"R\d+", rule.id) or rule.tag not in ("S", "L"):
            raise DataError(f"{path.name}: malformed rule row {rule}")
    return rules


def load_questions(path: Path = QUESTIONS_TSV) -> dict[str, Question]:
    rows = _keyed(read_tsv(path, ("id", "title", "text")), path)
    return {k: Question(*row) for k, row in rows.items()}


def load_reasons(path: Path = UNMODELLED_TSV) -> dict[str, str]:
    return {k: row[1] for k, row in _keyed(read_tsv(path, ("id", "reason")), path).items()}


def load_notes(path: Path = NOTES_TSV) -> dict[str, str]:
    return {k: row[1] for k, row in _keyed(read_tsv(path, ("id", "note")), path).items()}

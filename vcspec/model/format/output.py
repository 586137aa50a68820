"""Output lines (code or comment, with trailing comments) and their rendering to
text: no blank line at the ends or twice in a row, trailing comments aligned."""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model.format.layout import Lines


@dataclass
class Line:
    indent: int
    text: str  # "" for a blank line
    code: bool = True
    trailing: list[str] = field(default_factory=list)


BLANK = Line(0, "", code=False)


def output_lines(lines: Lines) -> list[Line]:
    return [Line(indent, text) for indent, text, _ in lines]


def render(lines: list[Line]) -> str:
    # no blank lines at the ends, never two in a row
    kept: list[Line] = []
    for ln in lines:
        if ln is BLANK and (not kept or kept[-1] is BLANK):
            continue
        kept.append(ln)
    while kept and kept[-1] is BLANK:
        kept.pop()
    # align the trailing comments of consecutive lines
    column = [0] * len(kept)
    i = 0
    while i < len(kept):
        if not _alignable(kept[i]):
            i += 1
            continue
        j = i
        while (j < len(kept) and _alignable(kept[j])
               and kept[j].indent == kept[i].indent):
            j += 1
        width = max(kept[k].indent + len(kept[k].text) for k in range(i, j)) + 2
        for k in range(i, j):
            column[k] = width
        i = j
    text = []
    for k, ln in enumerate(kept):
        if ln is BLANK:
            text.append("")
            continue
        line = " " * ln.indent + ln.text
        if ln.trailing:
            pad = max(column[k] - len(line), 2)
            line += " " * pad + " ".join(ln.trailing)
        text.append(line)
    return "\n".join(text) + "\n" if text else ""


def _alignable(ln: Line) -> bool:
    return ln.code and bool(ln.trailing) and not any("\n" in t for t in ln.trailing)

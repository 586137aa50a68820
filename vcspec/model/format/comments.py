"""The spec's comments: where each one is relative to the code around it, handed
out by source position as the printer reaches it."""

from __future__ import annotations

from dataclasses import dataclass

from vcspec.model import syntax as s
from vcspec.model.format.layout import START


@dataclass
class Comment:
    start: int
    end: int
    text: str
    column: int
    own_line: bool  # no code before it on its line
    code_before: int  # where the code before it ends
    blank_before: bool  # an empty line between it and what precedes it
    blank_after: bool  # an empty line between it and what follows it
    joins_previous: bool  # on the same line as the previous comment's end


def clean(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def reindent(text: str, old: int, new: int) -> str:
    """Shift the continuation lines of a block comment that moves from column
    `old` to column `new`, when that is possible."""
    lines = text.split("\n")
    delta = new - old
    if len(lines) == 1 or delta == 0:
        return text
    rest = lines[1:]
    if delta < 0 and any(ln.strip() and not ln.startswith(" " * -delta) for ln in rest):
        return text
    shifted = [(" " * delta + ln if delta > 0 else ln[-delta:]) if ln.strip() else ln
               for ln in rest]
    return "\n".join([lines[0], *shifted])


class Comments:
    """The spec's comments in source order, handed out by position."""

    def __init__(self, spec: s.SpecFile):
        located = [c for c in spec.comments if c.span is not None]
        self.loose = [c.text for c in spec.comments if c.span is None]
        located.sort(key=lambda c: c.span.start)
        self.text = located[0].span.source.text if located else ""
        text = self.text
        ends = {c.span.end: c.span.start for c in located}
        self.items: list[Comment] = []
        prev_end = None
        for c in located:
            start, end = c.span.start, c.span.end
            line_start = text.rfind("\n", 0, start) + 1
            code_before, own_line = self._code_before(start, ends)
            self.items.append(Comment(
                start, end, clean(c.text), start - line_start, own_line, code_before,
                blank_before=_newlines_before(text, start) >= 2,
                blank_after=_newlines_after(text, end) >= 2,
                joins_previous=prev_end is not None and "\n" not in text[prev_end:start]
                and not text[prev_end:start].strip()))
            prev_end = end
        self.pos = 0

    def _code_before(self, start: int, ends: dict[int, int]) -> tuple[int, bool]:
        """Where the code before a comment ends (skipping other comments), and
        whether no code precedes the comment on its line."""
        text, i, own_line = self.text, start, None
        while True:
            j = i - 1
            while j >= 0 and text[j] in " \t\r\n\f":
                if text[j] == "\n" and own_line is None:
                    own_line = True
                j -= 1
            if j + 1 in ends and ends[j + 1] < i:
                i = ends[j + 1]
                continue
            return j + 1, True if j < 0 else bool(own_line)

    def take(self, limit: int | None) -> list[Comment]:
        """Every comment not yet handed out that starts before `limit`."""
        if limit is None:
            return []
        taken = []
        while self.pos < len(self.items) and self.items[self.pos].start < limit:
            taken.append(self.items[self.pos])
            self.pos += 1
        return taken

    def pending(self, limit: int | None) -> bool:
        return (limit is not None and self.pos < len(self.items)
                and self.items[self.pos].start < limit)

    def code_after(self, pos: int | None) -> int:
        """Where the code after `pos` starts (skipping blanks and comments)."""
        if pos is None:
            return START
        starts = {c.start: c.end for c in self.items}
        while True:
            while pos < len(self.text) and self.text[pos] in " \t\r\n\f":
                pos += 1
            if pos not in starts:
                return pos
            pos = starts[pos]

    def brace_after(self, pos: int) -> int | None:
        """Where the first `{` at or after `pos` outside comments is."""
        i = pos
        while True:
            j = self.text.find("{", i)
            if j < 0:
                return None
            inside = next((c for c in self.items if c.start <= j < c.end), None)
            if inside is None:
                return j
            i = inside.end


def _newlines_before(text: str, start: int) -> int:
    j = start
    while j > 0 and text[j - 1] in " \t\r\n\f":
        j -= 1
    return text[j:start].count("\n")


def _newlines_after(text: str, end: int) -> int:
    j = end
    while j < len(text) and text[j] in " \t\r\n\f":
        j += 1
    return text[end:j].count("\n")


def comment_groups(comments: list[Comment]) -> list[list[Comment]]:
    """Comments that share a source line go on one output line."""
    groups: list[list[Comment]] = []
    for c in comments:
        if groups and c.joins_previous:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def start_of(node) -> int | None:
    return node.span.start if getattr(node, "span", None) is not None else None


def end_of(node) -> int | None:
    return node.span.end if getattr(node, "span", None) is not None else None

"""The printer: a file, process, monitor or block as a sequence of items with the
blank lines between them, the comments placed among them, and the dispatch of
each item to the declaration (decls.py) or statement (stmts.py) printer."""

from __future__ import annotations

from vcspec.model import syntax as s
from vcspec.model.format.comments import (
    Comment,
    Comments,
    clean,
    comment_groups,
    end_of,
    reindent,
    start_of,
)
from vcspec.model.format.decls import DeclPrinter
from vcspec.model.format.exprs import STEP
from vcspec.model.format.layout import Lines
from vcspec.model.format.output import BLANK, Line, output_lines, render
from vcspec.model.format.stmts import StmtPrinter
from vcspec.model.parse import keywords

# Neighbours of the same group stay together when both fit on one line.
_GROUP = {s.TypeAlias: s.Enum, s.MonitorAlways: s.OnRule, s.Import: s.SpecHeader}


class Printer(DeclPrinter, StmtPrinter):
    def __init__(self, spec: s.SpecFile):
        self.spec = spec
        self.comments = Comments(spec)

    def run(self) -> str:
        out: list[Line] = []
        children = ([self.spec.header] if self.spec.header else []) + list(self.spec.decls)
        self.children(children, 0, out, "decls", None)
        for text in self.comments.loose:
            out.append(Line(0, clean(text), code=False))
        return render(out)

    # -------------------------------------------------------------- comments
    def comment_lines(self, comments: list[Comment], indent: int, out: list[Line],
                      blank_between: bool = True) -> None:
        groups = comment_groups(comments)
        for i, group in enumerate(groups):
            first = reindent(group[0].text, group[0].column, indent)
            text = " ".join([first] + [c.text for c in group[1:]])
            out.append(Line(indent, text, code=False))
            if blank_between and i < len(groups) - 1 and group[-1].blank_after:
                out.append(BLANK)

    def attach(self, comments: list[Comment], out: list[Line]) -> list[Comment]:
        """Put the leading run of trailing comments at the end of the last output
        line; return the rest (own-line comments)."""
        i = 0
        while (i < len(comments) and not comments[i].own_line and out and out[-1].code
               and can_trail(out[-1], comments[i])):
            out[-1].trailing.append(comments[i].text)
            i += 1
        return comments[i:]

    def place(self, lines: Lines, limit: int | None) -> list[Line]:
        """An item's lines, with the comments inside it (before `limit`) on the
        line they were on: a trailing comment at the end of the line holding the
        code before it, an own-line comment just before the next line (on the
        last line: before it)."""
        out = output_lines(lines)
        comments = self.comments.take(limit)
        if not comments:
            return out
        starts = [src for _, _, src in lines]
        before: list[list[Comment]] = [[] for _ in lines]
        for c in comments:
            k = line_of(starts, c.start if c.own_line else c.code_before - 1)
            if c.own_line or not can_trail(out[k], c):
                before[min(k + 1, len(lines) - 1)].append(c)
            else:
                out[k].trailing.append(c.text)
        placed: list[Line] = []
        for ln, pre in zip(out, before, strict=True):
            self.comment_lines(pre, ln.indent, placed, blank_between=False)
            placed.append(ln)
        return placed

    # -------------------------------------------------------------- containers
    def children(self, nodes, indent: int, out: list[Line], kind: str,
                 end: int | None) -> None:
        """The items of a file, process, monitor or block, then the comments
        before `end` (None: the end of the file)."""
        prev = None  # (node, multi-line)
        for node in nodes:
            before = self.attach(self.comments.take(start_of(node)), out)
            if (kind == "stmts" and prev is not None and not isinstance(prev[0], s.If)
                    and starts_with_keyword(node) and out and out[-1].code):
                out[-1].text += ";"  # else `x := a` + `union := b` reads as `a union ...`
            lines = self.item(node, indent)
            code_lines = sum(1 for ln in lines if ln.code)
            has_pre = bool(before) or not lines[0].code
            if prev is not None:
                if kind == "stmts":
                    blank = bool(before) and before[0].blank_before
                else:
                    same = (_GROUP.get(type(prev[0]), type(prev[0]))
                            is _GROUP.get(type(node), type(node)))
                    blank = has_pre or not same or prev[1] or code_lines > 1
                if blank:
                    out.append(BLANK)
            if before:
                self.comment_lines(before, indent, out)
                if before[-1].blank_after:
                    out.append(BLANK)
            out.extend(lines)
            prev = (node, code_lines > 1)
        rest = self.attach(self.comments.take(end if end is not None else 1 << 62), out)
        if rest:
            if prev is not None and rest[0].blank_before:
                out.append(BLANK)
            self.comment_lines(rest, indent, out)

    def empty(self, nodes, end: int | None) -> bool:
        return not nodes and not self.comments.pending(end)

    def block(self, block: s.Block, indent: int, out: list[Line], end: int | None) -> None:
        """A block's statements (at indent + STEP) and comments before `end`."""
        self.children(block.stmts, indent + STEP, out, "stmts", end)

    def close(self, out: list[Line], lines: Lines, empty: bool) -> None:
        """Append a block's closing line(s); an empty block closes on its opening line."""
        if empty and out and out[-1].code and not out[-1].trailing:
            out[-1].text += lines[0][1]
            lines = lines[1:]
        out.extend(output_lines(lines))

    # -------------------------------------------------------------- items
    def item(self, node: s.Node, indent: int) -> list[Line]:
        out: list[Line] = []
        match node:
            case s.Process():
                self.process(node, indent, out)
            case s.Require():
                self.require(node, indent, out)
            case s.RequiredAction(guard=guard, body=body) if guard or body:
                keyword = "optional action" if node.optional else "action"
                self.action(s.Action(node.name, node.params, guard, body or s.Block(()),
                                     node.span), indent, out, keyword)
            case s.Monitor():
                self.monitor(node, indent, out)
            case s.Action():
                self.action(node, indent, out)
            case s.OnRule():
                self.on_rule(node, indent, out)
            case s.If():
                self.if_stmt(node, indent, out)
            case _:
                out.extend(self.place(self.leaf(node, indent), end_of(node)))
        return out

    def leaf(self, node: s.Node, indent: int) -> Lines:
        lines = self.decl_lines(node, indent)
        if lines is None:
            lines = self.stmt_lines(node, indent)
        if lines is None:
            raise TypeError(f"cannot format {node!r}")
        return lines


def starts_with_keyword(stmt: s.Node) -> bool:
    """Does the statement start with a variable named like a keyword?"""
    if not isinstance(stmt, s.Assign):
        return False
    target = stmt.target
    while isinstance(target, (s.Field, s.Index)):
        target = target.obj
    return isinstance(target, s.Name) and target.id in keywords()


def can_trail(line: Line, comment: Comment) -> bool:
    """Can `comment` go at the end of `line`? After a `//` comment it becomes part
    of that comment, which is fine unless it spans lines (its newline would end
    the `//` comment early)."""
    return not ("\n" in comment.text and any(c.startswith("//") for c in line.trailing))


def line_of(starts: list[int], pos: int) -> int:
    """The last line whose code starts at or before `pos`."""
    k = 0
    for i, start in enumerate(starts):
        if start <= pos:
            k = i
    return k



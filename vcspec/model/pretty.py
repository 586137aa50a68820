"""The canonical text of a spec: `format_source(tree) -> str` (used by `vcspec fmt`).

Guarantees (tests/model/test_pretty.py): parsing the output gives a tree equal
(==) to the input tree; formatting is idempotent; no comment is lost.

Layout
  * 2-space indentation; one declaration, process item or statement per line;
    `process P {` ... `}`, `action A(p: T) when guard {` ... `}`, empty block `{}`.
  * Blank lines: between two neighbours in a file, process or monitor, one blank
    line unless both are one-liners of the same group (imports after `spec`,
    consts, enums and types, vars, defs, rules, ... stay together); an item
    preceded by comments always gets one. Statements get none of their own.
  * Spaces around binary operators, except `..` and the arithmetic inside the
    operands of `..` (`0..N-1`); `{a, b}` sets, `[a, b]` queues, `{f: 1}` records.
  * Parentheses only where the grammar needs them (precedence, non-associative
    comparisons, right operands of left-associative operators, prefix forms
    `forall`/`if`/`always` whose bodies would swallow what follows).
  * Lines over 99 characters: a declaration's expression moves to its own line;
    `and`/`or`/`implies`/`leadsto` chains break before the operator, one operand
    per line (a nested chain indents 2 more; a parenthesised operand breaks
    inside its parentheses); quantifiers break after the `:`; `if`/`then`/`else`
    break before `else` (and `then`); a long guard goes on its own `when` line,
    a rule's clauses one per line, 4 columns in; enums and fairness lists fill.

Comments
  * A comment on its own line stays before the item (declaration, process
    item, statement) it preceded, at that item's indentation; a comment at the
    end of a block stays at the end of that block; the file's header comment
    stays at the top. Blank lines after such comments are kept.
  * A comment after code stays at the end of the output line holding that
    code; trailing comments on consecutive lines are aligned. Inside an item
    that is laid out on several lines, comments stay between the same lines
    (an enum or record type with comments inside keeps one source line per
    line). When code from two lines is joined, their `//` comments join too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vcspec.model import syntax as s
from vcspec.model.parse import keywords

WIDTH = 99
STEP = 2  # indentation step
HANG = 4  # continuation lines of a guard, an assignment or a rule clause

# Precedence levels, lowest first (vcspec/model/grammar.lark).
LEADS, PREFIX, IMPLIES, OR, AND, NOT, CMP, RANGE, SUM, PROD, UNARY, POSTFIX, ATOM = range(13)

# op -> (level, level needed on the left, level needed on the right)
_BINARY = {
    "leadsto": (LEADS, PREFIX, PREFIX),
    "implies": (IMPLIES, OR, IMPLIES),
    "or": (OR, OR, AND),
    "and": (AND, AND, NOT),
    **{op: (CMP, RANGE, RANGE)
       for op in ("==", "!=", "<", "<=", ">", ">=", "in", "notin", "subseteq")},
    "..": (RANGE, SUM, SUM),
    **{op: (SUM, SUM, PROD) for op in ("+", "-", "union")},
    **{op: (PROD, PROD, UNARY) for op in ("*", "/", "%", "inter")},
}
_OP_TEXT = {"notin": "not in"}
_ARITH = {"+", "-", "*", "/", "%"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\Z")


def format_source(spec: s.SpecFile) -> str:
    """The canonical text of a parsed spec, comments included."""
    return _Printer(spec).run()


# ------------------------------------------------------------------ expressions
def level(node: s.Node) -> int:
    """The precedence level at which `node` prints without parentheses."""
    if isinstance(node, s.Binary):
        return _BINARY[node.op][0]
    if isinstance(node, (s.Quant, s.IfExpr, s.TemporalOp)):
        return PREFIX
    if isinstance(node, s.Unary):
        return NOT if node.op == "not" else UNARY
    if isinstance(node, (s.Field, s.Index, s.Call)):
        return POSTFIX
    if isinstance(node, s.IntLit) and node.value < 0:
        return UNARY
    return ATOM


def _open_right(node: s.Node) -> bool:
    """Does the printed node end in a prefix form's body that would swallow a
    binary operator written after it (`forall x in S: p leadsto q`)?"""
    if isinstance(node, s.Quant):
        return True
    if isinstance(node, s.IfExpr):
        return level(node.else_) >= PREFIX and _open_right(node.else_)
    if isinstance(node, s.TemporalOp):
        return level(node.body) >= PREFIX and _open_right(node.body)
    return False


def _needs_parens(node: s.Node, need: int, left: bool, parent: str | None = None) -> bool:
    """Parentheses the grammar needs, plus one kept for readers: an `and`
    operand of `or` is always parenthesised, `(a and b) or c`."""
    clarity = parent == "or" and isinstance(node, s.Binary) and node.op == "and"
    return clarity or level(node) < need or (left and _open_right(node))


def _sub(node: s.Node, need: int, compact: bool = False, left: bool = False,
         parent: str | None = None) -> str:
    """`node` as an operand that must be at least at level `need`; `left`: an
    operator follows it; `parent`: the operator it is an operand of."""
    if _needs_parens(node, need, left, parent):
        return f"({expr(node)})"
    return expr(node, compact)


def expr(node: s.Node, compact: bool = False) -> str:
    """One-line canonical text of an expression. `compact`: no spaces around
    arithmetic operators (inside the operands of `..`)."""
    match node:
        case s.IntLit(value=value):
            return str(value)
        case s.BoolLit(value=value):
            return "true" if value else "false"
        case s.NoneLit():
            return "none"
        case s.Name(id=name):
            return name
        case s.Field(obj=obj, name=name):
            return f"{_sub(obj, POSTFIX)}.{name}"
        case s.Index(obj=obj, key=key):
            return f"{_sub(obj, POSTFIX)}[{expr(key)}]"
        case s.Call(func=func, args=args):
            return f"{func}({_list(args)})"
        case s.Unary(op="not", operand=operand):
            return f"not {_sub(operand, NOT)}"
        case s.Unary(operand=operand):
            return f"-{_sub(operand, UNARY, compact)}"
        case s.Binary(op=op, left=lhs, right=rhs):
            _, lneed, rneed = _BINARY[op]
            tight = op == ".." or (compact and op in _ARITH)
            inner = compact or op == ".."
            text_l = _sub(lhs, lneed, inner, left=True, parent=op)
            text_r = _sub(rhs, rneed, inner, parent=op)
            if tight:
                return f"{text_l}{op}{text_r}"
            return f"{text_l} {_OP_TEXT.get(op, op)} {text_r}"
        case s.Quant(kind=kind, binders=binders, body=body):
            return f"{kind} {_binders(binders)}: {expr(body)}"
        case s.IfExpr(cond=cond, then=then, else_=else_):
            return f"if {expr(cond)} then {expr(then)} else {_sub(else_, PREFIX)}"
        case s.TemporalOp(op=op, body=body):
            return f"{op} {_sub(body, PREFIX)}"
        case s.SetLit(items=items):
            return "{" + _list(items) + "}"
        case s.SetFilter(binder=binder, cond=cond):
            return "{" + f"{_binder(binder)} where {expr(cond)}" + "}"
        case s.SetMap(body=body, binders=binders):
            return "{" + f"{expr(body)} for {_binders(binders)}" + "}"
        case s.RecordLit(fields=fields):
            return "{" + ", ".join(f"{name}: {expr(value)}" for name, value in fields) + "}"
        case s.QueueLit(items=items):
            return f"[{_list(items)}]"
        case s.MapLit(body=body, binder=binder):
            return f"[{expr(body)} for {_binder(binder)}]"
    raise TypeError(f"not an expression: {node!r}")


def _list(items) -> str:
    return ", ".join(expr(item) for item in items)


def _binder(binder: s.Binder) -> str:
    return f"{binder.name} in {_sub(binder.domain, RANGE)}"


def _binders(binders) -> str:
    return ", ".join(_binder(b) for b in binders)


# ------------------------------------------------------------------ types
def _bound(node: s.Node, need: int = 1, compact: bool = False) -> str:
    """A type's constant bound (grammar rule `bound`): + - * on names, ints and
    unary minus; anything else in parentheses. Levels: 1 sum, 2 term, 3 atom."""
    if isinstance(node, s.Binary) and node.op in ("+", "-", "*"):
        lvl, lneed, rneed = (1, 1, 2) if node.op != "*" else (2, 2, 3)
        if lvl >= need:
            sep = node.op if compact else f" {node.op} "
            return _bound(node.left, lneed, compact) + sep + _bound(node.right, rneed, compact)
    elif isinstance(node, s.Unary) and node.op == "-":
        return "-" + _bound(node.operand, 3, compact)
    elif isinstance(node, s.Name) or (isinstance(node, s.IntLit) and node.value >= 0):
        return expr(node)
    return f"({expr(node)})"


def type_text(node: s.Node) -> str:
    match node:
        case s.BoolType():
            return "bool"
        case s.NamedType(name=name):
            return name
        case s.RangeType(lo=lo, hi=hi):
            return f"{_bound(lo, compact=True)}..{_bound(hi, compact=True)}"
        case s.OptionType(inner=inner):
            return f"{type_text(inner)}?"
        case s.MapType(key=key, value=value):
            return f"[{type_text(key)}] -> {type_text(value)}"
        case s.SetType(elem=elem):
            return f"set of {type_text(elem)}"
        case s.QueueType(elem=elem, max=max_):
            return f"queue of {type_text(elem)} max {_bound(max_)}"
        case s.RecordType(fields=fields):
            if not fields:
                return "record {}"
            return "record { " + ", ".join(_field_decl(f) for f in fields) + " }"
    raise TypeError(f"not a type: {node!r}")


def _field_decl(f: s.FieldDecl) -> str:
    return f"{f.name}: {type_text(f.type)}"


def _params(params) -> str:
    if params is None:
        return ""
    return "(" + ", ".join(f"{p.name}: {type_text(p.type)}" for p in params) + ")"


def quote(value: str) -> str:
    """A string literal for `value` (the grammar's escapes: \\" \\\\ \\n)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attr_arg(arg: str | int) -> str:
    if isinstance(arg, int):
        return str(arg)
    if _IDENT.match(arg) and arg not in keywords():
        return arg
    return quote(arg)


# ------------------------------------------------------------------ long lines
# A laid-out line: (indent, text, source position of its first node). The
# positions place a comment found inside an item on the output line it was on.
Lines = list[tuple[int, str, int]]
START = -1  # "the start of the item" (first lines)


def _fits(col: int, text: str) -> bool:
    return col + len(text) <= WIDTH


def _pos(node: s.Node) -> int:
    return node.span.start if getattr(node, "span", None) is not None else START


def lay(node: s.Node, col: int, lead: str, cont: int, suffix: str = "",
        src: int = START) -> Lines:
    """`lead + node + suffix` starting at column `col`, broken over several
    lines if it does not fit; continuation lines start at column `cont`. `src`
    is the source position of the first line."""
    one = lead + expr(node) + suffix
    if _fits(col, one):
        return [(col, one, src)]
    match node:
        case s.Binary(op="and" | "or" as op):
            first, rest = _chain_left(node, op)
            _, lneed, rneed = _BINARY[op]
            lines = _operand(first, lneed, col, lead, cont + STEP, "", src, left=True, parent=op)
            for i, item in enumerate(rest):
                end = suffix if i == len(rest) - 1 else ""
                lines += _operand(item, rneed, cont, f"{op} ", cont + STEP, end, _pos(item),
                                  parent=op)
            return lines
        case s.Binary(op="implies" | "leadsto" as op):
            items = [node.left]
            right = node.right
            while op == "implies" and isinstance(right, s.Binary) and right.op == op:
                items.append(right.left)
                right = right.right
            _, lneed, rneed = _BINARY[op]
            lines = _operand(items[0], lneed, col, lead, cont + STEP, "", src, left=True)
            for item in items[1:]:
                lines += _operand(item, lneed, cont, f"{op} ", cont + STEP, "", _pos(item),
                                  left=True)
            return lines + _operand(right, rneed, cont, f"{op} ", cont + STEP, suffix,
                                    _pos(right))
        case s.Quant(kind=kind, binders=binders, body=body):
            body_col = cont if lead else col + STEP
            head = f"{lead}{kind} {_binders(binders)}:"
            return [(col, head, src)] + lay(body, body_col, "", body_col, suffix, _pos(body))
        case s.IfExpr():
            lines: Lines = []
            while isinstance(node, s.IfExpr):  # an else-if chain: every `else` on its line
                head = f"{lead}if {expr(node.cond)} then {expr(node.then)}"
                if _fits(col, head):
                    lines.append((col, head, src))
                else:  # `then` on a line of its own
                    lines += lay(node.cond, col, f"{lead}if ", cont + STEP, "", src)
                    lines += lay(node.then, cont, "then ", cont + 5, "", _pos(node.then))
                node, col, lead, src = node.else_, cont, "else ", _pos(node.else_)
            return lines + _operand(node, PREFIX, cont, "else ", cont + 5, suffix, src)
        case s.TemporalOp(op=op, body=body) if not _needs_parens(body, PREFIX, False):
            return lay(body, col, f"{lead}{op} ", cont, suffix, src)
        case s.MapLit(body=body, binder=binder) | s.SetMap(body=body, binders=(binder, *_)):
            # `[body` / `for v in S]`, the `for` under the body
            opening, closing = ("[", "]") if isinstance(node, s.MapLit) else ("{", "}")
            binders = _binder(binder) if isinstance(node, s.MapLit) else _binders(node.binders)
            inner = col + len(lead) + 1
            return (lay(body, col, lead + opening, inner, "", src)
                    + [(inner, f"for {binders}{closing}{suffix}", _pos(binder))])
    return [(col, one, src)]


def _chain_left(node: s.Binary, op: str) -> tuple[s.Node, list[s.Node]]:
    rest = []
    while isinstance(node, s.Binary) and node.op == op:
        rest.append(node.right)
        node = node.left
    return node, rest[::-1]


def _operand(node, need, col, lead, cont, suffix, src, left=False, parent=None) -> Lines:
    """An operand that may need parentheses; a long parenthesised one breaks
    inside its parentheses, continuing just right of the `(`."""
    if not _needs_parens(node, need, left, parent):
        return lay(node, col, lead, cont, suffix, src)
    one = f"{lead}({expr(node)}){suffix}"
    if _fits(col, one):
        return [(col, one, src)]
    return lay(node, col, f"{lead}(", col + len(lead) + 1, f"){suffix}", src)


def _fresh(head: str, node: s.Node, indent: int, src: int = START) -> Lines:
    """`head expr` on one line, or `head` then the expression on its own lines."""
    one = f"{head} {expr(node)}"
    if _fits(indent, one):
        return [(indent, one, src)]
    return [(indent, head, src)] + lay(node, indent + STEP, "", indent + STEP, "", _pos(node))


def _clause(lead: str, node: s.Node, message: str | None, col: int, suffix: str,
            src: int, else_src: int = START) -> Lines:
    """`lead expr else "message"` (a rule's when/require/ensure, a monitor's
    always); `else_src`: where the `else` is."""
    if message is None:
        return lay(node, col, lead, col + HANG, suffix, src)
    tail = f" else {quote(message)}{suffix}"
    one = f"{lead}{expr(node)}{tail}"
    if _fits(col, one):
        return [(col, one, src)]
    return lay(node, col, lead, col + HANG, "", src) + [(col, tail.lstrip(), else_src)]


def _fill(first: str, items: list[str], col: int, cont: int, srcs: list[int],
          src: int = START) -> Lines:
    """`first` then the items, comma-separated and filled up to the width;
    continuation lines start at `cont`; `srcs` are the items' positions."""
    lines: Lines = []
    text, line_col, empty = first, col, True
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        joined = text + piece if empty else f"{text} {piece}"
        if empty or _fits(line_col, joined):
            text, empty = joined, False
        else:
            lines.append((line_col, text, src))
            text, src, line_col = piece, srcs[i], cont
    return lines + [(line_col, text, src)]


# ------------------------------------------------------------------ output lines
@dataclass
class _Line:
    indent: int
    text: str  # "" for a blank line
    code: bool = True
    trailing: list[str] = field(default_factory=list)


_BLANK = _Line(0, "", code=False)


def _code(lines: Lines) -> list[_Line]:
    return [_Line(indent, text) for indent, text, _ in lines]


# ------------------------------------------------------------------ comments
@dataclass
class _Comment:
    start: int
    end: int
    text: str
    column: int
    own_line: bool  # no code before it on its line
    code_before: int  # where the code before it ends
    blank_before: bool  # an empty line between it and what precedes it
    blank_after: bool  # an empty line between it and what follows it
    joins_previous: bool  # on the same line as the previous comment's end


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _reindent(text: str, old: int, new: int) -> str:
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


class _Comments:
    """The spec's comments in source order, handed out by position."""

    def __init__(self, spec: s.SpecFile):
        located = [c for c in spec.comments if c.span is not None]
        self.loose = [c.text for c in spec.comments if c.span is None]
        located.sort(key=lambda c: c.span.start)
        self.text = located[0].span.source.text if located else ""
        text = self.text
        ends = {c.span.end: c.span.start for c in located}
        self.items: list[_Comment] = []
        prev_end = None
        for c in located:
            start, end = c.span.start, c.span.end
            line_start = text.rfind("\n", 0, start) + 1
            code_before, own_line = self._code_before(start, ends)
            self.items.append(_Comment(
                start, end, _clean(c.text), start - line_start, own_line, code_before,
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

    def take(self, limit: int | None) -> list[_Comment]:
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


def _groups(comments: list[_Comment]) -> list[list[_Comment]]:
    """Comments that share a source line go on one output line."""
    groups: list[list[_Comment]] = []
    for c in comments:
        if groups and c.joins_previous:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _start(node) -> int | None:
    return node.span.start if getattr(node, "span", None) is not None else None


def _end(node) -> int | None:
    return node.span.end if getattr(node, "span", None) is not None else None


# ------------------------------------------------------------------ the printer
# Neighbours of the same group stay together when both fit on one line.
_GROUP = {s.TypeAlias: s.Enum, s.MonitorAlways: s.OnRule, s.Import: s.SpecHeader}


class _Printer:
    def __init__(self, spec: s.SpecFile):
        self.spec = spec
        self.comments = _Comments(spec)

    def run(self) -> str:
        out: list[_Line] = []
        children = ([self.spec.header] if self.spec.header else []) + list(self.spec.decls)
        self.children(children, 0, out, "decls", None)
        for text in self.comments.loose:
            out.append(_Line(0, _clean(text), code=False))
        return _render(out)

    # -------------------------------------------------------------- comments
    def comment_lines(self, comments: list[_Comment], indent: int, out: list[_Line],
                      blank_between: bool = True) -> None:
        groups = _groups(comments)
        for i, group in enumerate(groups):
            first = _reindent(group[0].text, group[0].column, indent)
            text = " ".join([first] + [c.text for c in group[1:]])
            out.append(_Line(indent, text, code=False))
            if blank_between and i < len(groups) - 1 and group[-1].blank_after:
                out.append(_BLANK)

    def attach(self, comments: list[_Comment], out: list[_Line]) -> list[_Comment]:
        """Put the leading run of trailing comments at the end of the last output
        line; return the rest (own-line comments)."""
        i = 0
        while (i < len(comments) and not comments[i].own_line and out and out[-1].code
               and _can_trail(out[-1], comments[i])):
            out[-1].trailing.append(comments[i].text)
            i += 1
        return comments[i:]

    def place(self, lines: Lines, limit: int | None) -> list[_Line]:
        """An item's lines, with the comments inside it (before `limit`) on the
        line they were on: a trailing comment at the end of the line holding the
        code before it, an own-line comment just before the next line (on the
        last line: before it)."""
        out = _code(lines)
        comments = self.comments.take(limit)
        if not comments:
            return out
        starts = [src for _, _, src in lines]
        before: list[list[_Comment]] = [[] for _ in lines]
        for c in comments:
            k = _line_of(starts, c.start if c.own_line else c.code_before - 1)
            if c.own_line or not _can_trail(out[k], c):
                before[min(k + 1, len(lines) - 1)].append(c)
            else:
                out[k].trailing.append(c.text)
        placed: list[_Line] = []
        for ln, pre in zip(out, before, strict=True):
            self.comment_lines(pre, ln.indent, placed, blank_between=False)
            placed.append(ln)
        return placed

    # -------------------------------------------------------------- containers
    def children(self, nodes, indent: int, out: list[_Line], kind: str,
                 end: int | None) -> None:
        """The items of a file, process, monitor or block, then the comments
        before `end` (None: the end of the file)."""
        prev = None  # (node, multi-line)
        for node in nodes:
            before = self.attach(self.comments.take(_start(node)), out)
            if (kind == "stmts" and prev is not None and not isinstance(prev[0], s.If)
                    and _starts_with_keyword(node) and out and out[-1].code):
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
                    out.append(_BLANK)
            if before:
                self.comment_lines(before, indent, out)
                if before[-1].blank_after:
                    out.append(_BLANK)
            out.extend(lines)
            prev = (node, code_lines > 1)
        rest = self.attach(self.comments.take(end if end is not None else 1 << 62), out)
        if rest:
            if prev is not None and rest[0].blank_before:
                out.append(_BLANK)
            self.comment_lines(rest, indent, out)

    def empty(self, nodes, end: int | None) -> bool:
        return not nodes and not self.comments.pending(end)

    def block(self, block: s.Block, indent: int, out: list[_Line], end: int | None) -> None:
        """A block's statements (at indent + STEP) and comments before `end`."""
        self.children(block.stmts, indent + STEP, out, "stmts", end)

    def close(self, out: list[_Line], lines: Lines, empty: bool) -> None:
        """Append a block's closing line(s); an empty block closes on its opening line."""
        if empty and out and out[-1].code and not out[-1].trailing:
            out[-1].text += lines[0][1]
            lines = lines[1:]
        out.extend(_code(lines))

    # -------------------------------------------------------------- items
    def item(self, node: s.Node, indent: int) -> list[_Line]:
        out: list[_Line] = []
        match node:
            case s.Process():
                self.process(node, indent, out)
            case s.Monitor():
                self.monitor(node, indent, out)
            case s.Action():
                self.action(node, indent, out)
            case s.OnRule():
                self.on_rule(node, indent, out)
            case s.If():
                self.if_stmt(node, indent, out)
            case _:
                out.extend(self.place(self.leaf(node, indent), _end(node)))
        return out

    def leaf(self, node: s.Node, indent: int) -> Lines:
        match node:
            case s.SpecHeader(name=name):
                return [(indent, f"spec {name}", START)]
            case s.Import(path=path):
                return [(indent, f"import {quote(path)}", START)]
            case s.Const(name=name, value=value):
                return _fresh(f"const {name} =", value, indent)
            case s.Enum():
                return self.enum(node, indent)
            case s.TypeAlias():
                return self.type_alias(node, indent)
            case s.Def(name=name, params=params, type=type_, body=body):
                return _fresh(f"def {name}{_params(params)}: {type_text(type_)} =", body, indent)
            case s.Invariant(name=name, expr=e, attrs=attrs):
                return self.attrs(attrs, indent, f"invariant {name}:", e)
            case s.Temporal(name=name, expr=e, attrs=attrs):
                return self.attrs(attrs, indent, f"temporal {name}:", e)
            case s.Terminal(name=name, expr=e):
                return _fresh(f"terminal {name}:" if name else "terminal:", e, indent)
            case s.Fairness(items=items):
                parts = [f"{i.kind} {i.process}" + (f".{i.action}" if i.action else "")
                         for i in items]
                return _fill("fairness ", parts, indent, indent + len("fairness "),
                             [_pos(i) for i in items])
            case s.Var(name=name, type=type_, init=init, choice=choice):
                head = f"var {name}: {type_text(type_)}"
                if init is None:
                    return [(indent, head, START)]
                return lay(init, indent, head + (" in " if choice else " = "), indent + HANG)
            case s.MonitorAlways(expr=e, message=message):
                return _clause("always ", e, message, indent, "", START,
                               self.comments.code_after(_end(e)))
            case s.Assign(target=target, value=value):
                return lay(value, indent, f"{expr(target)} := ", indent + HANG)
            case s.Push(target=target, value=value):
                return lay(value, indent, f"push({expr(target)}, ", indent + HANG, ")")
            case s.Pop(target=target):
                return [(indent, f"pop({expr(target)})", START)]
            case s.Let(name=name, value=value):
                return lay(value, indent, f"let {name} = ", indent + HANG)
        raise TypeError(f"cannot format {node!r}")

    def attrs(self, attrs, indent: int, head: str, node: s.Node) -> Lines:
        """A property: its attributes, one a line, then `head expr`."""
        lines: Lines = []
        for i, a in enumerate(attrs):
            args = f"({', '.join(_attr_arg(x) for x in a.args)})" if a.args else ""
            lines.append((indent, f"@{a.name}{args}", _pos(a) if i else START))
        after = _end(attrs[-1]) if attrs and _end(attrs[-1]) is not None else None
        return lines + _fresh(head, node, indent, self.comments.code_after(after))

    def inside(self, node: s.Node) -> bool:
        """Are there comments inside `node` (not yet placed)?"""
        return self.comments.pending(_end(node))

    def enum(self, node: s.Enum, indent: int) -> Lines:
        head = ("symmetric " if node.symmetric else "") + f"enum {node.name}"
        if node.members is None:
            return [(indent, f"{head}[{_bound(node.size)}]", START)]
        if not node.members:
            return [(indent, f"{head} {{}}", START)]
        spans = node.member_spans or ()
        close = [(indent, "}", node.span.end - 1 if node.span else START)]
        if self.inside(node) and len(spans) == len(node.members):
            # commented members: keep the members of one source line on one line
            lines, group, line = [(indent, head + " {", START)], [], None
            for member, span in zip(node.members, spans, strict=True):
                if group and span.line != line:
                    lines.append((indent + STEP, ", ".join(m for m, _ in group) + ",",
                                  group[0][1].start))
                    group = []
                group.append((member, span))
                line = span.line
            lines.append((indent + STEP, ", ".join(m for m, _ in group), group[0][1].start))
            return lines + close
        one = f"{head} {{ {', '.join(node.members)} }}"
        if _fits(indent, one):
            return [(indent, one, START)]
        srcs = [sp.start for sp in spans] if len(spans) == len(node.members) else \
            [START] * len(node.members)
        return ([(indent, head + " {", START)]
                + _fill("", list(node.members), indent + STEP, indent + STEP, srcs, srcs[0])
                + close)

    def type_alias(self, node: s.TypeAlias, indent: int) -> Lines:
        one = f"type {node.name} = {type_text(node.type)}"
        record = node.type
        if not isinstance(record, s.RecordType) or not record.fields or (
                _fits(indent, one) and not self.inside(node)):
            return [(indent, one, START)]
        return ([(indent, f"type {node.name} = record {{", START)]
                + [(indent + STEP, _field_decl(f) + ",", _pos(f)) for f in record.fields]
                + [(indent, "}", node.span.end - 1 if node.span else START)])

    def process(self, node: s.Process, indent: int, out: list[_Line]) -> None:
        brace = self.brace(node.index.span.end if node.index and node.index.span
                           else _start(node))
        index = f"[{node.index.name}: {type_text(node.index.type)}]" if node.index else ""
        out.extend(self.place([(indent, f"process {node.name}{index} {{", START)], brace))
        empty = self.empty(node.items, _end(node))
        self.children(node.items, indent + STEP, out, "items", _end(node))
        self.close(out, [(indent, "}", START)], empty)

    def monitor(self, node: s.Monitor, indent: int, out: list[_Line]) -> None:
        after = node.attrs[-1].span.end if node.attrs and node.attrs[-1].span else _start(node)
        lines = [(indent, f"@{a.name}" + (f"({', '.join(_attr_arg(x) for x in a.args)})"
                                          if a.args else ""), _pos(a) if i else START)
                 for i, a in enumerate(node.attrs)]
        keyword = self.comments.code_after(after if node.attrs else None)
        lines.append((indent, f"monitor {node.name} {{", keyword))
        out.extend(self.place(lines, self.brace(after)))
        empty = self.empty(node.items, _end(node))
        self.children(node.items, indent + STEP, out, "items", _end(node))
        self.close(out, [(indent, "}", START)], empty)

    def brace(self, pos: int | None) -> int | None:
        if pos is None or not self.comments.items:
            return pos
        return self.comments.brace_after(pos)

    def action(self, node: s.Action, indent: int, out: list[_Line]) -> None:
        body = node.body
        empty = not body.stmts and not self._any_between(_start(body), _end(body))
        opener = " {}" if empty else " {"
        head = f"action {node.name}{_params(node.params)}"
        one = f"{head} when {expr(node.guard)}{opener}" if node.guard else head + opener
        if _fits(indent, one) or node.guard is None:
            lines = [(indent, one, START)]
        else:  # `when` and the guard on lines of their own
            lines = [(indent, head, START)] + lay(node.guard, indent + HANG, "when ",
                                                   indent + HANG, opener, _pos(node.guard))
        out.extend(self.place(lines, _start(body)))
        if not empty:
            self.block(body, indent, out, _end(body))
            out.append(_Line(indent, "}"))

    def _any_between(self, lo: int | None, hi: int | None) -> bool:
        return lo is not None and hi is not None and any(
            lo <= c.start < hi for c in self.comments.items[self.comments.pos:])

    def on_rule(self, node: s.OnRule, indent: int, out: list[_Line]) -> None:
        body = node.body
        empty = body is not None and not body.stmts and not self._any_between(
            _start(body), _end(body))
        opener = "" if body is None else (" {}" if empty else " {")
        head = f"on {node.process}.{node.action}({', '.join(node.binders)})"
        clauses = ([("when ", node.when, None)] if node.when is not None else []) + [
            (f"{c.kind} ", c.expr, c.message) for c in node.checks]
        one = head + "".join(
            f" {lead}{expr(e)}" + (f" else {quote(m)}" if m is not None else "")
            for lead, e, m in clauses) + opener
        if _fits(indent, one) or not clauses:
            lines = [(indent, one, START)]
        else:
            lines = [(indent, head, START)]
            for i, (lead, e, m) in enumerate(clauses):
                end = opener if i == len(clauses) - 1 else ""
                lines += _clause(lead, e, m, indent + HANG, end, _pos(e),
                                 self.comments.code_after(_end(e)))
        out.extend(self.place(lines, _start(body) if body else _end(node)))
        if body is not None and not empty:
            self.block(body, indent, out, _end(body))
            out.append(_Line(indent, "}"))

    def if_stmt(self, node: s.If, indent: int, out: list[_Line]) -> None:
        out.extend(self.place(lay(node.cond, indent, "if ", indent + HANG, " {"),
                              _start(node.then)))
        current = node
        while True:
            then, else_ = current.then, current.else_
            if else_ is None:
                until = _end(then)
            else:
                until = _start(else_.then if isinstance(else_, s.If) else else_)
            empty = self.empty(then.stmts, until)
            opened = len(out)
            self.block(then, indent, out, _end(then))
            between = self.comments.take(until)  # after `}`, before the next `{`
            if between:
                if between[0].blank_before and len(out) > opened:
                    out.append(_BLANK)
                self.comment_lines(between, indent + STEP, out)
            if else_ is None:
                self.close(out, [(indent, "}", START)], empty)
                return
            if isinstance(else_, s.Block):
                self.close(out, [(indent, "} else {", START)], empty)
                empty = self.empty(else_.stmts, _end(else_))
                self.block(else_, indent, out, _end(else_))
                self.close(out, [(indent, "}", START)], empty)
                return
            self.close(out, lay(else_.cond, indent, "} else if ", indent + HANG, " {"), empty)
            current = else_


def _starts_with_keyword(stmt: s.Node) -> bool:
    """Does the statement start with a variable named like a keyword?"""
    if not isinstance(stmt, s.Assign):
        return False
    target = stmt.target
    while isinstance(target, (s.Field, s.Index)):
        target = target.obj
    return isinstance(target, s.Name) and target.id in keywords()


def _can_trail(line: _Line, comment: _Comment) -> bool:
    """Can `comment` go at the end of `line`? After a `//` comment it becomes part
    of that comment, which is fine unless it spans lines (its newline would end
    the `//` comment early)."""
    return not ("\n" in comment.text and any(c.startswith("//") for c in line.trailing))


def _line_of(starts: list[int], pos: int) -> int:
    """The last line whose code starts at or before `pos`."""
    k = 0
    for i, start in enumerate(starts):
        if start <= pos:
            k = i
    return k


# ------------------------------------------------------------------ rendering
def _render(lines: list[_Line]) -> str:
    # no blank lines at the ends, never two in a row
    kept: list[_Line] = []
    for ln in lines:
        if ln is _BLANK and (not kept or kept[-1] is _BLANK):
            continue
        kept.append(ln)
    while kept and kept[-1] is _BLANK:
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
        if ln is _BLANK:
            text.append("")
            continue
        line = " " * ln.indent + ln.text
        if ln.trailing:
            pad = max(column[k] - len(line), 2)
            line += " " * pad + " ".join(ln.trailing)
        text.append(line)
    return "\n".join(text) + "\n" if text else ""


def _alignable(ln: _Line) -> bool:
    return ln.code and bool(ln.trailing) and not any("\n" in t for t in ln.trailing)

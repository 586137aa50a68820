"""Long lines: an expression laid out over several lines when it does not fit in
the width, as (indent, text, source position) triples."""

from __future__ import annotations

from vcspec.model import syntax as s
from vcspec.model.format.exprs import (
    BINARY,
    HANG,
    PREFIX,
    STEP,
    WIDTH,
    binder_text,
    binders_text,
    expr,
    needs_parens,
    quote,
)

# A laid-out line: (indent, text, source position of its first node). The
# positions place a comment found inside an item on the output line it was on.
Lines = list[tuple[int, str, int]]
START = -1  # "the start of the item" (first lines)


def fits(col: int, text: str) -> bool:
    return col + len(text) <= WIDTH


def node_pos(node: s.Node) -> int:
    return node.span.start if getattr(node, "span", None) is not None else START


def lay(node: s.Node, col: int, lead: str, cont: int, suffix: str = "",
        src: int = START) -> Lines:
    """`lead + node + suffix` starting at column `col`, broken over several
    lines if it does not fit; continuation lines start at column `cont`. `src`
    is the source position of the first line."""
    one = lead + expr(node) + suffix
    if fits(col, one):
        return [(col, one, src)]
    match node:
        case s.Binary(op="and" | "or" as op):
            first, rest = _chain_left(node, op)
            _, lneed, rneed = BINARY[op]
            lines = _operand(first, lneed, col, lead, cont + STEP, "", src, left=True, parent=op)
            for i, item in enumerate(rest):
                end = suffix if i == len(rest) - 1 else ""
                lines += _operand(item, rneed, cont, f"{op} ", cont + STEP, end, node_pos(item),
                                  parent=op)
            return lines
        case s.Binary(op="implies" | "leadsto" as op):
            items = [node.left]
            right = node.right
            while op == "implies" and isinstance(right, s.Binary) and right.op == op:
                items.append(right.left)
                right = right.right
            _, lneed, rneed = BINARY[op]
            lines = _operand(items[0], lneed, col, lead, cont + STEP, "", src, left=True)
            for item in items[1:]:
                lines += _operand(item, lneed, cont, f"{op} ", cont + STEP, "", node_pos(item),
                                  left=True)
            return lines + _operand(right, rneed, cont, f"{op} ", cont + STEP, suffix,
                                    node_pos(right))
        case s.Quant(kind=kind, binders=binders, body=body):
            body_col = cont if lead else col + STEP
            head = f"{lead}{kind} {binders_text(binders)}:"
            return [(col, head, src)] + lay(body, body_col, "", body_col, suffix, node_pos(body))
        case s.IfExpr():
            lines: Lines = []
            while isinstance(node, s.IfExpr):  # an else-if chain: every `else` on its line
                head = f"{lead}if {expr(node.cond)} then {expr(node.then)}"
                if fits(col, head):
                    lines.append((col, head, src))
                else:  # `then` on a line of its own
                    lines += lay(node.cond, col, f"{lead}if ", cont + STEP, "", src)
                    lines += lay(node.then, cont, "then ", cont + 5, "", node_pos(node.then))
                node, col, lead, src = node.else_, cont, "else ", node_pos(node.else_)
            return lines + _operand(node, PREFIX, cont, "else ", cont + 5, suffix, src)
        case s.TemporalOp(op=op, body=body) if not needs_parens(body, PREFIX, False):
            return lay(body, col, f"{lead}{op} ", cont, suffix, src)
        case s.MapLit(body=body, binder=binder) | s.SetMap(body=body, binders=(binder, *_)):
            # `[body` / `for v in S]`, the `for` under the body
            opening, closing = ("[", "]") if isinstance(node, s.MapLit) else ("{", "}")
            binders = (binder_text(binder) if isinstance(node, s.MapLit)
                       else binders_text(node.binders))
            inner = col + len(lead) + 1
            return (lay(body, col, lead + opening, inner, "", src)
                    + [(inner, f"for {binders}{closing}{suffix}", node_pos(binder))])
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
    if not needs_parens(node, need, left, parent):
        return lay(node, col, lead, cont, suffix, src)
    one = f"{lead}({expr(node)}){suffix}"
    if fits(col, one):
        return [(col, one, src)]
    return lay(node, col, f"{lead}(", col + len(lead) + 1, f"){suffix}", src)


def fresh(head: str, node: s.Node, indent: int, src: int = START) -> Lines:
    """`head expr` on one line, or `head` then the expression on its own lines."""
    one = f"{head} {expr(node)}"
    if fits(indent, one):
        return [(indent, one, src)]
    return [(indent, head, src)] + lay(node, indent + STEP, "", indent + STEP, "", node_pos(node))


def clause(lead: str, node: s.Node, message: str | None, col: int, suffix: str,
           src: int, else_src: int = START) -> Lines:
    """`lead expr else "message"` (a rule's when/require/ensure, a monitor's
    always); `else_src`: where the `else` is."""
    if message is None:
        return lay(node, col, lead, col + HANG, suffix, src)
    tail = f" else {quote(message)}{suffix}"
    one = f"{lead}{expr(node)}{tail}"
    if fits(col, one):
        return [(col, one, src)]
    return lay(node, col, lead, col + HANG, "", src) + [(col, tail.lstrip(), else_src)]


def fill(first: str, items: list[str], col: int, cont: int, srcs: list[int],
         src: int = START) -> Lines:
    """`first` then the items, comma-separated and filled up to the width;
    continuation lines start at `cont`; `srcs` are the items' positions."""
    lines: Lines = []
    text, line_col, empty = first, col, True
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        joined = text + piece if empty else f"{text} {piece}"
        if empty or fits(line_col, joined):
            text, empty = joined, False
        else:
            lines.append((line_col, text, src))
            text, src, line_col = piece, srcs[i], cont
    return lines + [(line_col, text, src)]

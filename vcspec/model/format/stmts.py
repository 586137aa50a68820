"""Statements and the blocks that hold them: actions, `on` rules, `if`,
assignments, `push`, `pop`, `let` (a mixin of the Printer)."""

from __future__ import annotations

from vcspec.model import syntax as s
from vcspec.model.format.comments import end_of, start_of
from vcspec.model.format.exprs import HANG, STEP, expr, params_text, quote
from vcspec.model.format.layout import START, Lines, clause, fits, lay, node_pos
from vcspec.model.format.output import BLANK, Line


class StmtPrinter:
    def stmt_lines(self, node: s.Node, indent: int) -> Lines | None:
        """A simple statement on its lines; None if `node` is not one."""
        match node:
            case s.Assign(target=target, value=value):
                return lay(value, indent, f"{expr(target)} := ", indent + HANG)
            case s.Push(target=target, value=value):
                return lay(value, indent, f"push({expr(target)}, ", indent + HANG, ")")
            case s.Pop(target=target):
                return [(indent, f"pop({expr(target)})", START)]
            case s.Let(name=name, value=value):
                return lay(value, indent, f"let {name} = ", indent + HANG)
        return None

    def action(self, node: s.Action, indent: int, out: list[Line],
               keyword: str = "action") -> None:
        body = node.body
        empty = not body.stmts and not self._any_between(start_of(body), end_of(body))
        opener = " {}" if empty else " {"
        head = f"{keyword} {node.name}{params_text(node.params)}"
        one = f"{head} when {expr(node.guard)}{opener}" if node.guard else head + opener
        if fits(indent, one) or node.guard is None:
            lines = [(indent, one, START)]
        else:  # `when` and the guard on lines of their own
            lines = [(indent, head, START)] + lay(node.guard, indent + HANG, "when ",
                                                   indent + HANG, opener, node_pos(node.guard))
        out.extend(self.place(lines, start_of(body)))
        if not empty:
            self.block(body, indent, out, end_of(body))
            out.append(Line(indent, "}"))

    def _any_between(self, lo: int | None, hi: int | None) -> bool:
        return lo is not None and hi is not None and any(
            lo <= c.start < hi for c in self.comments.items[self.comments.pos:])

    def on_rule(self, node: s.OnRule, indent: int, out: list[Line]) -> None:
        body = node.body
        empty = body is not None and not body.stmts and not self._any_between(
            start_of(body), end_of(body))
        opener = "" if body is None else (" {}" if empty else " {")
        head = f"on {node.process}.{node.action}({', '.join(node.binders)})"
        clauses = ([("when ", node.when, None)] if node.when is not None else []) + [
            (f"{c.kind} ", c.expr, c.message) for c in node.checks]
        one = head + "".join(
            f" {lead}{expr(e)}" + (f" else {quote(m)}" if m is not None else "")
            for lead, e, m in clauses) + opener
        if fits(indent, one) or not clauses:
            lines = [(indent, one, START)]
        else:
            lines = [(indent, head, START)]
            for i, (lead, e, m) in enumerate(clauses):
                end = opener if i == len(clauses) - 1 else ""
                lines += clause(lead, e, m, indent + HANG, end, node_pos(e),
                                self.comments.code_after(end_of(e)))
        out.extend(self.place(lines, start_of(body) if body else end_of(node)))
        if body is not None and not empty:
            self.block(body, indent, out, end_of(body))
            out.append(Line(indent, "}"))

    def if_stmt(self, node: s.If, indent: int, out: list[Line]) -> None:
        out.extend(self.place(lay(node.cond, indent, "if ", indent + HANG, " {"),
                              start_of(node.then)))
        current = node
        while True:
            then, else_ = current.then, current.else_
            if else_ is None:
                until = end_of(then)
            else:
                until = start_of(else_.then if isinstance(else_, s.If) else else_)
            empty = self.empty(then.stmts, until)
            opened = len(out)
            self.block(then, indent, out, end_of(then))
            between = self.comments.take(until)  # after `}`, before the next `{`
            if between:
                if between[0].blank_before and len(out) > opened:
                    out.append(BLANK)
                self.comment_lines(between, indent + STEP, out)
            if else_ is None:
                self.close(out, [(indent, "}", START)], empty)
                return
            if isinstance(else_, s.Block):
                self.close(out, [(indent, "} else {", START)], empty)
                empty = self.empty(else_.stmts, end_of(else_))
                self.block(else_, indent, out, end_of(else_))
                self.close(out, [(indent, "}", START)], empty)
                return
            self.close(out, lay(else_.cond, indent, "} else if ", indent + HANG, " {"), empty)
            current = else_


"""Declarations and process items: `spec`, `import`, consts, enums, types, defs,
properties, fairness, vars, processes and monitors (a mixin of the Printer)."""

from __future__ import annotations

from vcspec.model import syntax as s
from vcspec.model.format.comments import end_of, start_of
from vcspec.model.format.exprs import (
    HANG,
    STEP,
    attr_arg,
    bound_text,
    field_decl,
    params_text,
    quote,
    type_text,
)
from vcspec.model.format.layout import START, Lines, clause, fill, fits, fresh, lay, node_pos
from vcspec.model.format.output import Line


class DeclPrinter:
    def decl_lines(self, node: s.Node, indent: int) -> Lines | None:
        """A declaration or process item on its lines; None if `node` is neither."""
        match node:
            case s.SpecHeader(name=name):
                return [(indent, f"spec {name}", START)]
            case s.Import(path=path):
                return [(indent, f"import {quote(path)}", START)]
            case s.RequiredAction(name=name, params=params, optional=optional):
                keyword = "optional action" if optional else "action"
                return [(indent, f"{keyword} {name}{params_text(params)}", START)]
            case s.Const(name=name, value=value):
                return fresh(f"const {name} =", value, indent)
            case s.Enum():
                return self.enum(node, indent)
            case s.TypeAlias():
                return self.type_alias(node, indent)
            case s.Def(name=name, params=params, type=type_, body=body):
                head = f"def {name}{params_text(params)}: {type_text(type_)} ="
                return fresh(head, body, indent)
            case s.Invariant(name=name, expr=e, attrs=attrs):
                return self.attrs(attrs, indent, f"invariant {name}:", e)
            case s.Temporal(name=name, expr=e, attrs=attrs):
                return self.attrs(attrs, indent, f"temporal {name}:", e)
            case s.Terminal(name=name, expr=e):
                return fresh(f"terminal {name}:" if name else "terminal:", e, indent)
            case s.InitPredicate(expr=e):
                return fresh("init:", e, indent)
            case s.Constraint(name=name, expr=e):
                return fresh(f"constraint {name}:" if name else "constraint:", e, indent)
            case s.StepProperty(name=name, expr=e, attrs=attrs):
                return self.attrs(attrs, indent, f"always step {name}:", e)
            case s.Semantics(kind=kind):
                return [(indent, f"semantics {kind}", START)]
            case s.Fairness(items=items):
                parts = [f"{i.kind} {'any ' if i.any else ''}{i.process}"
                         + (f".{i.action}" if i.action else "") for i in items]
                return fill("fairness ", parts, indent, indent + len("fairness "),
                            [node_pos(i) for i in items])
            case s.Var(name=name, type=type_, init=init, choice=choice):
                head = f"var {name}: {type_text(type_)}"
                if init is None:
                    return [(indent, head, START)]
                return lay(init, indent, head + (" in " if choice else " = "), indent + HANG)
            case s.MonitorAlways(expr=e, message=message):
                return clause("always ", e, message, indent, "", START,
                              self.comments.code_after(end_of(e)))
        return None

    def attrs(self, attrs, indent: int, head: str, node: s.Node) -> Lines:
        """A property: its attributes, one a line, then `head expr`."""
        lines: Lines = []
        for i, a in enumerate(attrs):
            args = f"({', '.join(attr_arg(x) for x in a.args)})" if a.args else ""
            lines.append((indent, f"@{a.name}{args}", node_pos(a) if i else START))
        after = end_of(attrs[-1]) if attrs and end_of(attrs[-1]) is not None else None
        return lines + fresh(head, node, indent, self.comments.code_after(after))

    def inside(self, node: s.Node) -> bool:
        """Are there comments inside `node` (not yet placed)?"""
        return self.comments.pending(end_of(node))

    def enum(self, node: s.Enum, indent: int) -> Lines:
        head = ("symmetric " if node.symmetric else "") + f"enum {node.name}"
        if node.members is None:
            return [(indent, f"{head}[{bound_text(node.size)}]", START)]
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
        if fits(indent, one):
            return [(indent, one, START)]
        srcs = [sp.start for sp in spans] if len(spans) == len(node.members) else \
            [START] * len(node.members)
        return ([(indent, head + " {", START)]
                + fill("", list(node.members), indent + STEP, indent + STEP, srcs, srcs[0])
                + close)

    def type_alias(self, node: s.TypeAlias, indent: int) -> Lines:
        one = f"type {node.name} = {type_text(node.type)}"
        record = node.type
        if not isinstance(record, s.RecordType) or not record.fields or (
                fits(indent, one) and not self.inside(node)):
            return [(indent, one, START)]
        return ([(indent, f"type {node.name} = record {{", START)]
                + [(indent + STEP, field_decl(f) + ",", node_pos(f)) for f in record.fields]
                + [(indent, "}", node.span.end - 1 if node.span else START)])

    def process(self, node: s.Process, indent: int, out: list[Line]) -> None:
        brace = self.brace(node.index.span.end if node.index and node.index.span
                           else start_of(node))
        index = f"[{node.index.name}: {type_text(node.index.type)}]" if node.index else ""
        out.extend(self.place([(indent, f"process {node.name}{index} {{", START)], brace))
        empty = self.empty(node.items, end_of(node))
        self.children(node.items, indent + STEP, out, "items", end_of(node))
        self.close(out, [(indent, "}", START)], empty)

    def require(self, node: s.Require, indent: int, out: list[Line]) -> None:
        out.extend(self.place([(indent, f"require process {node.process} {{", START)],
                              self.brace(start_of(node))))
        empty = self.empty(node.actions, end_of(node))
        self.children(node.actions, indent + STEP, out, "items", end_of(node))
        self.close(out, [(indent, "}", START)], empty)

    def monitor(self, node: s.Monitor, indent: int, out: list[Line]) -> None:
        after = node.attrs[-1].span.end if node.attrs and node.attrs[-1].span else start_of(node)
        lines = [(indent, f"@{a.name}" + (f"({', '.join(attr_arg(x) for x in a.args)})"
                                          if a.args else ""), node_pos(a) if i else START)
                 for i, a in enumerate(node.attrs)]
        keyword = self.comments.code_after(after if node.attrs else None)
        lines.append((indent, f"monitor {node.name} {{", keyword))
        out.extend(self.place(lines, self.brace(after)))
        empty = self.empty(node.items, end_of(node))
        self.children(node.items, indent + STEP, out, "items", end_of(node))
        self.close(out, [(indent, "}", START)], empty)

    def brace(self, pos: int | None) -> int | None:
        if pos is None or not self.comments.items:
            return pos
        return self.comments.brace_after(pos)


"""The syntax tree's statements: blocks, assignments, `push`, `pop`, `let`, `if`."""

from __future__ import annotations

from dataclasses import dataclass

from vcspec.model.source import Span
from vcspec.model.syntax.exprs import Node, span_field


# ------------------------------------------------------------------ statements
@dataclass(frozen=True)
class Block(Node):
    stmts: tuple[Node, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class Assign(Node):
    target: Node  # Name | Field | Index
    value: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Push(Node):
    target: Node
    value: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Pop(Node):
    target: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Let(Node):
    name: str
    value: Node
    span: Span = span_field()


@dataclass(frozen=True)
class If(Node):
    cond: Node
    then: Block
    else_: Block | If | None
    span: Span = span_field()

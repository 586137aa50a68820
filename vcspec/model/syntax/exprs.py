"""The syntax tree's expressions and types, and `Node`, the base of every node."""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model.source import Span


def span_field() -> Span:
    """A node's span: not compared, not shown."""
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


# ------------------------------------------------------------------ expressions
@dataclass(frozen=True)
class Node:
    pass


@dataclass(frozen=True)
class IntLit(Node):
    value: int
    span: Span = span_field()


@dataclass(frozen=True)
class BoolLit(Node):
    value: bool
    span: Span = span_field()


@dataclass(frozen=True)
class NoneLit(Node):
    span: Span = span_field()


@dataclass(frozen=True)
class Name(Node):
    id: str
    span: Span = span_field()


@dataclass(frozen=True)
class Field(Node):
    obj: Node
    name: str
    span: Span = span_field()
    name_span: Span = span_field()


@dataclass(frozen=True)
class Index(Node):
    obj: Node
    key: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "not" | "-"
    operand: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Binary(Node):
    """op is one of: + - * / % == != < <= > >= in notin subseteq union inter
    and or implies .. leadsto"""

    op: str
    left: Node
    right: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Binder(Node):
    name: str
    domain: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Quant(Node):
    kind: str  # "forall" | "exists" | "count"
    binders: tuple[Binder, ...]
    body: Node
    span: Span = span_field()


@dataclass(frozen=True)
class IfExpr(Node):
    cond: Node
    then: Node
    else_: Node
    span: Span = span_field()


@dataclass(frozen=True)
class TemporalOp(Node):
    op: str  # "always" | "eventually"
    body: Node
    span: Span = span_field()


@dataclass(frozen=True)
class SetLit(Node):
    items: tuple[Node, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class SetFilter(Node):
    binder: Binder
    cond: Node
    span: Span = span_field()


@dataclass(frozen=True)
class QueueFilter(Node):
    """[x in q where cond]: the elements of queue q satisfying cond, in order."""

    binder: Binder
    cond: Node
    span: Span = span_field()


@dataclass(frozen=True)
class SetMap(Node):
    body: Node
    binders: tuple[Binder, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class RecordLit(Node):
    fields: tuple[tuple[str, Node], ...]
    span: Span = span_field()


@dataclass(frozen=True)
class QueueLit(Node):
    items: tuple[Node, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class MapLit(Node):
    body: Node
    binder: Binder
    span: Span = span_field()


# ------------------------------------------------------------------ types
@dataclass(frozen=True)
class BoolType(Node):
    span: Span = span_field()


@dataclass(frozen=True)
class NamedType(Node):
    name: str
    span: Span = span_field()


@dataclass(frozen=True)
class RangeType(Node):
    lo: Node
    hi: Node
    span: Span = span_field()


@dataclass(frozen=True)
class OptionType(Node):
    inner: Node
    span: Span = span_field()


@dataclass(frozen=True)
class MapType(Node):
    key: Node
    value: Node
    span: Span = span_field()


@dataclass(frozen=True)
class SetType(Node):
    elem: Node
    span: Span = span_field()


@dataclass(frozen=True)
class QueueType(Node):
    elem: Node
    max: Node
    span: Span = span_field()


@dataclass(frozen=True)
class FieldDecl(Node):
    name: str
    type: Node
    span: Span = span_field()


@dataclass(frozen=True)
class RecordType(Node):
    fields: tuple[FieldDecl, ...]
    span: Span = span_field()

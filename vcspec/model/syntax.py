"""The syntax tree: frozen dataclasses named after grammar rules, each with a span.

Built by vcspec/model/build.py from lark's tree; printed back by vcspec/model/format/.
Equality ignores spans (`compare=False`), so parse -> format -> parse can be
compared with `==`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model.source import Span


def _span() -> Span:
    return field(default=None, compare=False, repr=False)  # type: ignore[return-value]


# ------------------------------------------------------------------ expressions
@dataclass(frozen=True)
class Node:
    pass


@dataclass(frozen=True)
class IntLit(Node):
    value: int
    span: Span = _span()


@dataclass(frozen=True)
class BoolLit(Node):
    value: bool
    span: Span = _span()


@dataclass(frozen=True)
class NoneLit(Node):
    span: Span = _span()


@dataclass(frozen=True)
class Name(Node):
    id: str
    span: Span = _span()


@dataclass(frozen=True)
class Field(Node):
    obj: Node
    name: str
    span: Span = _span()
    name_span: Span = _span()


@dataclass(frozen=True)
class Index(Node):
    obj: Node
    key: Node
    span: Span = _span()


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "not" | "-"
    operand: Node
    span: Span = _span()


@dataclass(frozen=True)
class Binary(Node):
    """op is one of: + - * / % == != < <= > >= in notin subseteq union inter
    and or implies .. leadsto"""

    op: str
    left: Node
    right: Node
    span: Span = _span()


@dataclass(frozen=True)
class Binder(Node):
    name: str
    domain: Node
    span: Span = _span()


@dataclass(frozen=True)
class Quant(Node):
    kind: str  # "forall" | "exists" | "count"
    binders: tuple[Binder, ...]
    body: Node
    span: Span = _span()


@dataclass(frozen=True)
class IfExpr(Node):
    cond: Node
    then: Node
    else_: Node
    span: Span = _span()


@dataclass(frozen=True)
class TemporalOp(Node):
    op: str  # "always" | "eventually"
    body: Node
    span: Span = _span()


@dataclass(frozen=True)
class SetLit(Node):
    items: tuple[Node, ...]
    span: Span = _span()


@dataclass(frozen=True)
class SetFilter(Node):
    binder: Binder
    cond: Node
    span: Span = _span()


@dataclass(frozen=True)
class SetMap(Node):
    body: Node
    binders: tuple[Binder, ...]
    span: Span = _span()


@dataclass(frozen=True)
class RecordLit(Node):
    fields: tuple[tuple[str, Node], ...]
    span: Span = _span()


@dataclass(frozen=True)
class QueueLit(Node):
    items: tuple[Node, ...]
    span: Span = _span()


@dataclass(frozen=True)
class MapLit(Node):
    body: Node
    binder: Binder
    span: Span = _span()


# ------------------------------------------------------------------ types
@dataclass(frozen=True)
class BoolType(Node):
    span: Span = _span()


@dataclass(frozen=True)
class NamedType(Node):
    name: str
    span: Span = _span()


@dataclass(frozen=True)
class RangeType(Node):
    lo: Node
    hi: Node
    span: Span = _span()


@dataclass(frozen=True)
class OptionType(Node):
    inner: Node
    span: Span = _span()


@dataclass(frozen=True)
class MapType(Node):
    key: Node
    value: Node
    span: Span = _span()


@dataclass(frozen=True)
class SetType(Node):
    elem: Node
    span: Span = _span()


@dataclass(frozen=True)
class QueueType(Node):
    elem: Node
    max: Node
    span: Span = _span()


@dataclass(frozen=True)
class FieldDecl(Node):
    name: str
    type: Node
    span: Span = _span()


@dataclass(frozen=True)
class RecordType(Node):
    fields: tuple[FieldDecl, ...]
    span: Span = _span()


# ------------------------------------------------------------------ statements
@dataclass(frozen=True)
class Block(Node):
    stmts: tuple[Node, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Assign(Node):
    target: Node  # Name | Field | Index
    value: Node
    span: Span = _span()


@dataclass(frozen=True)
class Push(Node):
    target: Node
    value: Node
    span: Span = _span()


@dataclass(frozen=True)
class Pop(Node):
    target: Node
    span: Span = _span()


@dataclass(frozen=True)
class Let(Node):
    name: str
    value: Node
    span: Span = _span()


@dataclass(frozen=True)
class If(Node):
    cond: Node
    then: Block
    else_: Block | If | None
    span: Span = _span()


# ------------------------------------------------------------------ declarations
@dataclass(frozen=True)
class Param(Node):
    name: str
    type: Node
    span: Span = _span()


@dataclass(frozen=True)
class SpecHeader(Node):
    name: str
    span: Span = _span()


@dataclass(frozen=True)
class Import(Node):
    path: str
    span: Span = _span()


@dataclass(frozen=True)
class Const(Node):
    name: str
    value: Node
    span: Span = _span()


@dataclass(frozen=True)
class Enum(Node):
    name: str
    members: tuple[str, ...] | None  # None for a sized enum
    size: Node | None
    symmetric: bool
    span: Span = _span()
    member_spans: tuple[Span, ...] = _span()


@dataclass(frozen=True)
class TypeAlias(Node):
    name: str
    type: Node
    span: Span = _span()


@dataclass(frozen=True)
class Def(Node):
    name: str
    params: tuple[Param, ...] | None  # None: no parentheses
    type: Node
    body: Node
    span: Span = _span()


@dataclass(frozen=True)
class Var(Node):
    name: str
    type: Node
    init: Node | None
    choice: bool  # True: `in S` (nondeterministic), False: `= e`
    span: Span = _span()


@dataclass(frozen=True)
class Action(Node):
    name: str
    params: tuple[Param, ...] | None
    guard: Node | None
    body: Block
    span: Span = _span()


@dataclass(frozen=True)
class Process(Node):
    name: str
    index: Param | None
    items: tuple[Node, ...]  # Var | Action, in order
    span: Span = _span()


@dataclass(frozen=True)
class Attribute(Node):
    name: str
    args: tuple[str | int, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Invariant(Node):
    name: str
    expr: Node
    attrs: tuple[Attribute, ...] = ()
    span: Span = _span()


@dataclass(frozen=True)
class Temporal(Node):
    name: str
    expr: Node
    attrs: tuple[Attribute, ...] = ()
    span: Span = _span()


@dataclass(frozen=True)
class Check(Node):
    kind: str  # "require" | "ensure"
    expr: Node
    message: str | None
    span: Span = _span()


@dataclass(frozen=True)
class OnRule(Node):
    process: str
    action: str
    binders: tuple[str, ...]
    when: Node | None
    checks: tuple[Check, ...]
    body: Block | None
    span: Span = _span()


@dataclass(frozen=True)
class MonitorAlways(Node):
    expr: Node
    message: str | None
    span: Span = _span()


@dataclass(frozen=True)
class Monitor(Node):
    name: str
    items: tuple[Node, ...]  # Var | OnRule | MonitorAlways, in order
    attrs: tuple[Attribute, ...] = ()
    span: Span = _span()


@dataclass(frozen=True)
class FairnessItem(Node):
    kind: str  # "weak" | "strong"
    process: str
    action: str | None
    span: Span = _span()


@dataclass(frozen=True)
class Fairness(Node):
    items: tuple[FairnessItem, ...]
    span: Span = _span()


@dataclass(frozen=True)
class Terminal(Node):
    name: str | None
    expr: Node
    span: Span = _span()


@dataclass(frozen=True)
class Comment:
    text: str
    span: Span = _span()


@dataclass(frozen=True)
class SpecFile(Node):
    header: SpecHeader | None
    decls: tuple[Node, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)
    span: Span = _span()

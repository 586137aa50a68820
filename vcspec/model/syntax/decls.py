"""The syntax tree's declarations: the file, its declarations, processes,
properties, monitors and fairness."""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model.source import Span
from vcspec.model.syntax.exprs import Node, span_field
from vcspec.model.syntax.stmts import Block


# ------------------------------------------------------------------ declarations
@dataclass(frozen=True)
class Param(Node):
    name: str
    type: Node
    span: Span = span_field()


@dataclass(frozen=True)
class SpecHeader(Node):
    name: str
    span: Span = span_field()


@dataclass(frozen=True)
class Import(Node):
    path: str
    span: Span = span_field()


@dataclass(frozen=True)
class Const(Node):
    name: str
    value: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Enum(Node):
    name: str
    members: tuple[str, ...] | None  # None for a sized enum
    size: Node | None
    symmetric: bool
    span: Span = span_field()
    member_spans: tuple[Span, ...] = span_field()


@dataclass(frozen=True)
class TypeAlias(Node):
    name: str
    type: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Def(Node):
    name: str
    params: tuple[Param, ...] | None  # None: no parentheses
    type: Node
    body: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Var(Node):
    name: str
    type: Node
    init: Node | None
    choice: bool  # True: `in S` (nondeterministic), False: `= e`
    span: Span = span_field()


@dataclass(frozen=True)
class Action(Node):
    name: str
    params: tuple[Param, ...] | None
    guard: Node | None
    body: Block
    span: Span = span_field()


@dataclass(frozen=True)
class Process(Node):
    name: str
    index: Param | None
    items: tuple[Node, ...]  # Var | Action, in order
    span: Span = span_field()


@dataclass(frozen=True)
class RequiredAction(Node):
    name: str
    params: tuple[Param, ...] | None
    optional: bool  # may be left out: then never enabled
    guard: Node | None = None  # the library's part of the guard
    body: Block | None = None  # what the library does, before the process's statements
    span: Span = span_field()


@dataclass(frozen=True)
class Require(Node):
    """`require process P { action A(x: T) ... }`: a library's contract with a
    process that the importing spec declares."""
    process: str
    actions: tuple[RequiredAction, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class Attribute(Node):
    name: str
    args: tuple[str | int, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class Invariant(Node):
    name: str
    expr: Node
    attrs: tuple[Attribute, ...] = ()
    span: Span = span_field()


@dataclass(frozen=True)
class Temporal(Node):
    name: str
    expr: Node
    attrs: tuple[Attribute, ...] = ()
    span: Span = span_field()


@dataclass(frozen=True)
class Check(Node):
    kind: str  # "require" | "ensure"
    expr: Node
    message: str | None
    span: Span = span_field()


@dataclass(frozen=True)
class OnRule(Node):
    process: str
    action: str
    binders: tuple[str, ...]
    when: Node | None
    checks: tuple[Check, ...]
    body: Block | None
    span: Span = span_field()


@dataclass(frozen=True)
class MonitorAlways(Node):
    expr: Node
    message: str | None
    span: Span = span_field()


@dataclass(frozen=True)
class Monitor(Node):
    name: str
    items: tuple[Node, ...]  # Var | OnRule | MonitorAlways, in order
    attrs: tuple[Attribute, ...] = ()
    span: Span = span_field()


@dataclass(frozen=True)
class FairnessItem(Node):
    kind: str  # "weak" | "strong"
    process: str
    action: str | None
    span: Span = span_field()
    any: bool = False  # `weak any P.A`: one constraint over every parameter valuation


@dataclass(frozen=True)
class Fairness(Node):
    items: tuple[FairnessItem, ...]
    span: Span = span_field()


@dataclass(frozen=True)
class Terminal(Node):
    name: str | None
    expr: Node
    span: Span = span_field()


@dataclass(frozen=True)
class InitPredicate(Node):
    """`init: P`: the initial states are those of the variables' initial
    values in which P holds."""
    expr: Node
    span: Span = span_field()


@dataclass(frozen=True)
class Constraint(Node):
    """`constraint [name]: P` (TLC's CONSTRAINT): a state where P is false is
    neither stored nor expanded."""
    name: str | None
    expr: Node
    span: Span = span_field()


@dataclass(frozen=True)
class StepProperty(Node):
    """`always step Name: P`: P holds on every step, reading the state after
    it and, through old(e), the state before (TLA+'s [][P]_vars)."""
    name: str
    expr: Node
    attrs: tuple = ()
    span: Span = span_field()


@dataclass(frozen=True)
class Semantics(Node):
    """`semantics stuttering | progress`: the runs temporal properties are about."""
    kind: str
    span: Span = span_field()
    kind_span: Span = span_field()


@dataclass(frozen=True)
class Comment:
    text: str
    span: Span = span_field()


@dataclass(frozen=True)
class SpecFile(Node):
    header: SpecHeader | None
    decls: tuple[Node, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)
    span: Span = span_field()

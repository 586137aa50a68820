"""The checked model: what every engine consumes.

Everything here is resolved and typed: names point at state variables, locals
or literal values; `def`s are inlined (as `LetIn`); process families are
desugared (a family's variable is a map indexed by the instance, and each of
its actions takes the instance as its first parameter). Every node keeps the
span of the text it came from. Values follow vcspec/model/types.py.

Evaluation order and meaning (the reference semantics: vcspec/model/evaluate.py for
expressions and statements; monitor rules as replayed by vcspec/engine/trace.py):
- an action instance is enabled when its guard holds for its arguments;
- its statements run in order on a copy of the state (later statements see
  earlier assignments); a runtime error (range, empty/full queue, division by
  zero, none where a value is needed) makes the step a violation;
- a monitor rule's `when`, `require` and body read the state before the step,
  `ensure` reads the state after it (with the monitor's own variables as they
  are before the rule's body runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model.source import Span
from vcspec.model.types import EnumT, Type


# ------------------------------------------------------------------ expressions
@dataclass(frozen=True, eq=False)
class Expr:
    type: Type
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Lit(Expr):
    value: object


@dataclass(frozen=True, eq=False)
class VarRef(Expr):
    """A state variable (index into Model.vars) or a monitor variable
    (monitor is not None: index into that monitor's vars)."""

    var: int
    monitor: str | None = None


@dataclass(frozen=True, eq=False)
class Local(Expr):
    """An action parameter, quantifier-bound name, `let` name or def parameter."""

    name: str


@dataclass(frozen=True, eq=False)
class Unary(Expr):
    op: str  # "not" | "neg"
    arg: Expr


@dataclass(frozen=True, eq=False)
class Binary(Expr):
    """op: add sub mul div mod | eq ne lt le gt ge | and or implies |
    in subseteq union inter diff | range (a..b as a set)"""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, eq=False)
class Ite(Expr):
    cond: Expr
    then: Expr
    else_: Expr


@dataclass(frozen=True, eq=False)
class Quant(Expr):
    """forall / exists / count over one bound name; several binders nest."""

    kind: str
    name: str
    domain: Expr  # a set-valued expression
    body: Expr


@dataclass(frozen=True, eq=False)
class SetFilter(Expr):
    name: str
    domain: Expr
    cond: Expr


@dataclass(frozen=True, eq=False)
class QueueFilter(Expr):
    """[name in domain where cond]: a queue's elements that satisfy cond, in
    queue order (the type is the domain's queue type)."""

    name: str
    domain: Expr
    cond: Expr


@dataclass(frozen=True, eq=False)
class SetMap(Expr):
    """{body for name in domain} (several binders nest as unions)."""

    name: str
    domain: Expr
    body: Expr


@dataclass(frozen=True, eq=False)
class MapLit(Expr):
    """[body for name in K]: a map over the whole key type K."""

    name: str
    body: Expr


@dataclass(frozen=True, eq=False)
class SetLit(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class QueueLit(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class RecordLit(Expr):
    items: tuple[Expr, ...]  # in the record type's field order


@dataclass(frozen=True, eq=False)
class Index(Expr):
    base: Expr  # a map
    key: Expr


@dataclass(frozen=True, eq=False)
class FieldGet(Expr):
    base: Expr  # a record
    index: int
    name: str


@dataclass(frozen=True, eq=False)
class Builtin(Expr):
    """len (queue or set) | head | tail | append | min | max |
    at (q[i], 0-based) | last | remove_at | slice (q, from, to: half-open) |
    some (an optional value used as a plain one: EvalError on none) |
    maps (all maps from the key type into a set of values: per-instance
    initial choices of a family's variables)"""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, eq=False)
class LetIn(Expr):
    name: str
    value: Expr
    body: Expr


@dataclass(frozen=True, eq=False)
class TemporalOp(Expr):
    """always / eventually (one arg) or leadsto (two args)."""

    op: str
    args: tuple[Expr, ...]


# ------------------------------------------------------------------ statements
@dataclass(frozen=True, eq=False)
class LValue:
    """A state or monitor variable and a path into it."""

    var: int
    monitor: str | None
    path: tuple[tuple[str, object], ...]  # ("index", (key Expr, key Type)) | ("field", int)
    type: Type  # the type of the place assigned
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Stmt:
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Assign(Stmt):
    target: LValue
    value: Expr


@dataclass(frozen=True, eq=False)
class Push(Stmt):
    target: LValue
    value: Expr


@dataclass(frozen=True, eq=False)
class Pop(Stmt):
    target: LValue


@dataclass(frozen=True, eq=False)
class LetStmt(Stmt):
    name: str
    value: Expr


@dataclass(frozen=True, eq=False)
class IfStmt(Stmt):
    cond: Expr
    then: tuple[Stmt, ...]
    else_: tuple[Stmt, ...]


# ------------------------------------------------------------------ declarations
@dataclass(frozen=True, eq=False)
class StateVar:
    """`name` is qualified ("Ndis.call"); `init` is a value expression, or a
    set expression when `choice` (the initial states range over its elements).
    `init` may read other state variables (`var ack: 0..1 = rdy`): it is then
    evaluated after them (model/initial.py orders the variables)."""

    name: str
    process: str | None
    type: Type
    init: Expr | None
    choice: bool
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Action:
    """`name` is qualified ("Client.NdisClCloseCall"). For a process family the
    first parameter is the instance index."""

    name: str
    process: str
    params: tuple[tuple[str, Type], ...]
    guard: Expr
    body: tuple[Stmt, ...]
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Check:
    kind: str  # "require" | "ensure" | "always"
    expr: Expr
    message: str
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class MonitorRule:
    action: str  # qualified action name
    binders: tuple[str | None, ...]  # positional; None ignores the argument
    when: Expr | None
    checks: tuple[Check, ...]
    body: tuple[Stmt, ...]
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Property:
    name: str
    kind: str  # "invariant" | "monitor" | "temporal"
    rules: tuple[str, ...]
    span: Span = field(repr=False)


@dataclass(frozen=True, eq=False)
class Invariant(Property):
    expr: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class Monitor(Property):
    vars: tuple[StateVar, ...] = ()
    on_rules: tuple[MonitorRule, ...] = ()
    always: tuple[Check, ...] = ()


@dataclass(frozen=True, eq=False)
class TemporalProperty(Property):
    """formula: TemporalOp trees and plain state predicates, possibly under
    Quant("forall") prefixes."""

    formula: Expr = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class Fairness:
    """Fairness over a group of action instances. `per_instance` is how many
    leading parameters identify one fair "instance": 0 means the whole group is
    one constraint (a singleton process), 1 a family instance, and for action
    fairness every parameter (each valuation is fair on its own)."""

    kind: str  # "weak" | "strong"
    process: str
    actions: tuple[str, ...]
    per_instance: int
    span: Span = field(repr=False)
    any: bool = False  # `weak any P.A`: the action's own parameters form one group


@dataclass(frozen=True, eq=False)
class Model:
    name: str
    consts: dict[str, object]
    enums: dict[str, EnumT]
    vars: tuple[StateVar, ...]
    actions: tuple[Action, ...]
    properties: tuple[Property, ...]
    fairness: tuple[Fairness, ...]
    terminals: tuple[Expr, ...]
    processes: dict[str, tuple[str, ...]]  # process -> qualified var names
    families: dict[str, Type]  # family process -> index type
    symmetry: tuple[str, ...]  # symmetric enums that the spec treats symmetrically
    files: tuple[str, ...]
    # `init: P` predicates: the initial states are the combinations of the
    # variables' initial values (model/initial.py) in which every one holds
    inits: tuple[Expr, ...] = ()
    # `constraint` predicates (TLC's CONSTRAINT): a state where one is false is
    # neither stored nor expanded (its step is still a transition)
    constraints: tuple[Expr, ...] = ()
    # runs of temporal properties: "progress" (a run never stutters while an
    # action is enabled) or "stuttering" (TLA+: a run may stutter forever)
    semantics: str = "progress"

    def var_index(self, name: str) -> int:
        return [v.name for v in self.vars].index(name)

    def find_property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(name)

    @property
    def invariants(self) -> tuple[Invariant, ...]:
        return tuple(p for p in self.properties if isinstance(p, Invariant))

    @property
    def monitors(self) -> tuple[Monitor, ...]:
        return tuple(p for p in self.properties if isinstance(p, Monitor))

    @property
    def temporals(self) -> tuple[TemporalProperty, ...]:
        return tuple(p for p in self.properties if isinstance(p, TemporalProperty))

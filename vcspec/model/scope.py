"""The global environment of a spec: constants, enums, types, defs, processes; and
the Context of one expression (its local names, what it may read).

Filled by vcspec/model/check.py in dependency order; read by the type checker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.types import (
    ANY,
    BOOL,
    MAX_DOMAIN,
    EnumT,
    IntT,
    MapT,
    OptionT,
    QueueT,
    RecordT,
    SetT,
    Type,
    capped_size,
)

MAX_SET_ELEMENTS = 20
MAX_QUEUE = 64


@dataclass
class Globals:
    diags: Diagnostics
    consts: dict[str, tuple[object, Type]] = field(default_factory=dict)
    enums: dict[str, EnumT] = field(default_factory=dict)
    members: dict[str, list[EnumT]] = field(default_factory=dict)
    types: dict[str, Type] = field(default_factory=dict)
    aliases: dict[str, s.TypeAlias] = field(default_factory=dict)
    defs: dict[str, s.Def] = field(default_factory=dict)
    processes: dict[str, s.Process] = field(default_factory=dict)
    process_vars: dict[str, dict[str, tuple[int, Type]]] = field(default_factory=dict)
    families: dict[str, tuple[str, Type]] = field(default_factory=dict)
    monitor_vars: dict[str, dict[str, tuple[int, Type]]] = field(default_factory=dict)
    const_int: Callable[[s.Node, str], int | None] | None = None
    _resolving: list[str] = field(default_factory=list)

    def value_names(self) -> set[str]:
        return (set(self.consts) | set(self.members) | set(self.defs) | set(self.types)
                | set(self.processes))

    def resolve_type(self, node: s.Node) -> Type:
        """A syntax type -> a type term; errors give ANY (one diagnostic each).
        Its size is not limited here: a variable is stored by its bit width;
        only a type whose values are enumerated (finite(), a type used as a
        set) must stay within MAX_DOMAIN values (VCS311)."""
        return self._resolve(node)

    def enumerable(self, t: Type, what: str, span) -> Type:
        """`t` unless it is too large to enumerate as `what` (then VCS311, ANY)."""
        if t.finite and t is not ANY and _too_big(t):
            self.diags.error("VCS311", f"{what} ranges over every value of {t}, more than "
                             f"{MAX_DOMAIN:,} (2^20) values: too many to enumerate; a variable "
                             "of this type is fine (it is stored by its bit width), but here "
                             "use a smaller type, a range or a set expression", span)
            return ANY
        return t

    def _resolve(self, node: s.Node) -> Type:
        if isinstance(node, s.BoolType):
            return BOOL
        if isinstance(node, s.NamedType):
            return self._named(node)
        if isinstance(node, s.RangeType):
            return self._range(node)
        if isinstance(node, s.OptionType):
            inner = self._resolve(node.inner)
            return inner if inner is ANY or isinstance(inner, OptionT) else OptionT(inner)
        if isinstance(node, s.MapType):
            key = self.finite(node.key, "a map key")
            value = self._resolve(node.value)
            if ANY in (key, value):
                return ANY
            if entries(MapT(key, value)) > MAX_DOMAIN:
                self.diags.error("VCS311", f"a map over {key} holds more than {MAX_DOMAIN:,} "
                                 "(2^20) values in all (every entry is part of each state); "
                                 "use smaller key or value types", node.span)
                return ANY
            return MapT(key, value)
        if isinstance(node, s.SetType):
            elem = self.finite(node.elem, "a set element")
            if elem is not ANY and capped_size(elem) > MAX_SET_ELEMENTS:
                self.diags.error("VCS311", f"a set of {elem} ({_count(elem)} values) has too "
                                 f"many subsets; at most {MAX_SET_ELEMENTS} elements",
                                 node.span)
                return ANY
            return ANY if elem is ANY else SetT(elem)
        if isinstance(node, s.QueueType):
            return self._queue(node)
        if isinstance(node, s.RecordType):
            return self._record(node)
        raise AssertionError(node)

    def finite(self, node: s.Node, what: str) -> Type:
        t = self.resolve_type(node)
        if t is not ANY and not t.finite:
            self.diags.error("VCS307", f"{what} must have a finite type, found {t}", node.span)
            return ANY
        return self.enumerable(t, what, node.span)

    def _named(self, node: s.NamedType) -> Type:
        if node.name in self.types:
            return self.types[node.name]
        if node.name in self.aliases:
            if node.name in self._resolving:
                self.diags.error("VCS207", f"type '{node.name}' refers to itself", node.span)
                return ANY
            self._resolving.append(node.name)
            try:
                t = self._resolve(self.aliases[node.name].type)
            finally:
                self._resolving.pop()
            if isinstance(t, RecordT):
                t = RecordT(t.fields, node.name)
            self.types[node.name] = t
            return t
        self.diags.error("VCS201", f"undefined type '{node.name}'", node.span)
        return ANY

    def _range(self, node: s.RangeType) -> Type:
        lo = self.const_int(node.lo, "a range bound")
        hi = self.const_int(node.hi, "a range bound")
        if lo is None or hi is None:
            return ANY
        if hi < lo:
            self.diags.error("VCS305", f"empty range {lo}..{hi}", node.span)
            return ANY
        return IntT(lo, hi)

    def _queue(self, node: s.QueueType) -> Type:
        elem = self._resolve(node.elem)
        bound = self.const_int(node.max, "a queue bound")
        if bound is None or elem is ANY:
            return ANY
        if not 1 <= bound <= MAX_QUEUE:
            self.diags.error("VCS306", f"a queue's max must be between 1 and {MAX_QUEUE}, "
                             f"found {bound}", node.max.span)
            return ANY
        return QueueT(elem, bound)

    def _record(self, node: s.RecordType) -> Type:
        fields, seen = [], set()
        for f in node.fields:
            if f.name in seen:
                self.diags.error("VCS202", f"field '{f.name}' declared twice", f.span)
            seen.add(f.name)
            fields.append((f.name, self._resolve(f.type)))
        if any(t is ANY for _, t in fields):
            return ANY
        return RecordT(tuple(fields))


def _count(t: Type) -> str:
    size = capped_size(t)
    return f"over {MAX_DOMAIN:,}" if size > MAX_DOMAIN else str(size)


def entries(t: Type, cap: int = MAX_DOMAIN) -> int:
    """The scalar values a state holds for a value of type `t` (a map: one
    per key, each entry's own), saturated at cap + 1: never computed exactly
    for a huge type."""
    if isinstance(t, MapT):
        return min(cap + 1, capped_size(t.key, cap) * entries(t.value, cap))
    if isinstance(t, RecordT):
        return min(cap + 1, sum(entries(f, cap) for _, f in t.fields))
    if isinstance(t, QueueT) and t.elem is not None:
        return min(cap + 1, t.max * entries(t.elem, cap) + 1)
    if isinstance(t, OptionT):
        return min(cap + 1, entries(t.inner, cap) + 1)
    return 1


def _too_big(t: Type) -> bool:
    try:
        return capped_size(t) > MAX_DOMAIN
    except (NotImplementedError, AttributeError, TypeError):
        return False


@dataclass
class Context:
    """Where an expression stands: what names it may use and read."""

    locals: dict[str, Type] = field(default_factory=dict)
    process: str | None = None
    monitor: str | None = None
    state: bool = True  # may read state variables
    temporal: bool = False  # may use always/eventually/leadsto
    step: bool = False  # may use old(e): the state before the step (step properties, `ensure`)
    where: str = "expression"

    def with_local(self, name: str, t: Type) -> Context:
        return replace(self, locals={**self.locals, name: t})

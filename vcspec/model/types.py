"""Type terms of the checked model, and the finite domains they denote.

Semantic values (what traces, the reference semantics and every engine's
decoder agree on):
  bool -> bool, integers -> int, enum members -> str (the member name),
  none -> None, records -> tuple of field values in declaration order,
  maps -> tuple of values in the key type's domain order,
  sets -> frozenset, queues -> tuple (head first).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

MAX_DOMAIN = 1 << 20


class Type:
    finite = True

    def domain(self) -> tuple:
        """Every value of the type, in canonical order."""
        raise NotImplementedError(type(self).__name__)

    def size(self) -> int:
        return len(self.domain())

    def default(self):
        raise NotImplementedError(type(self).__name__)


@dataclass(frozen=True)
class BoolT(Type):
    def domain(self) -> tuple:
        return (False, True)

    def size(self) -> int:
        return 2

    def default(self):
        return False

    def __str__(self) -> str:
        return "bool"


@dataclass(frozen=True)
class IntT(Type):
    """An integer range lo..hi; `IntT(None, None)` is the unbounded type of
    arithmetic results (checked against ranges when assigned)."""

    lo: int | None = None
    hi: int | None = None

    @property
    def finite(self) -> bool:  # type: ignore[override]
        return self.lo is not None and self.hi is not None

    def domain(self) -> tuple:
        return tuple(range(self.lo, self.hi + 1))

    def size(self) -> int:
        return self.hi - self.lo + 1

    def default(self):
        return self.lo if self.lo is not None else 0

    def contains(self, value: int) -> bool:
        return (self.lo is None or value >= self.lo) and (self.hi is None or value <= self.hi)

    def __str__(self) -> str:
        return "int" if not self.finite else f"{self.lo}..{self.hi}"


@dataclass(frozen=True)
class EnumT(Type):
    name: str
    members: tuple[str, ...]
    symmetric: bool = False

    def domain(self) -> tuple:
        return self.members

    def size(self) -> int:
        return len(self.members)

    def default(self):
        return self.members[0]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class NoneT(Type):
    """The type of the literal `none` before it meets an option type."""

    def domain(self) -> tuple:
        return (None,)

    def default(self):
        return None

    def __str__(self) -> str:
        return "none"


@dataclass(frozen=True)
class OptionT(Type):
    inner: Type

    @property
    def finite(self) -> bool:  # type: ignore[override]
        return self.inner.finite

    def domain(self) -> tuple:
        return (None,) + self.inner.domain()

    def size(self) -> int:
        return 1 + self.inner.size()

    def default(self):
        return None

    def __str__(self) -> str:
        return f"{self.inner}?"


@dataclass(frozen=True)
class RecordT(Type):
    fields: tuple[tuple[str, Type], ...]
    name: str | None = None

    @property
    def finite(self) -> bool:  # type: ignore[override]
        return all(t.finite for _, t in self.fields)

    def field_type(self, name: str) -> Type | None:
        return dict(self.fields).get(name)

    def field_index(self, name: str) -> int:
        return [f for f, _ in self.fields].index(name)

    def domain(self) -> tuple:
        return tuple(itertools.product(*(t.domain() for _, t in self.fields)))

    def size(self) -> int:
        return _product(t.size() for _, t in self.fields)

    def default(self):
        return tuple(t.default() for _, t in self.fields)

    def __str__(self) -> str:
        if self.name:
            return self.name
        return "record { " + ", ".join(f"{f}: {t}" for f, t in self.fields) + " }"


@dataclass(frozen=True)
class MapT(Type):
    key: Type
    value: Type

    @property
    def finite(self) -> bool:  # type: ignore[override]
        return self.key.finite and self.value.finite

    def domain(self) -> tuple:
        return tuple(itertools.product(self.value.domain(), repeat=self.key.size()))

    def size(self) -> int:
        return self.value.size() ** self.key.size()

    def default(self):
        return (self.value.default(),) * self.key.size()

    def key_index(self, key) -> int:
        return self.key.domain().index(key)

    def __str__(self) -> str:
        return f"[{self.key}] -> {self.value}"


@dataclass(frozen=True)
class SetT(Type):
    elem: Type | None  # None: the empty set literal's element type, not yet known

    def domain(self) -> tuple:
        elems = self.elem.domain()
        return tuple(frozenset(c) for n in range(len(elems) + 1)
                     for c in itertools.combinations(elems, n))

    def size(self) -> int:
        return 2 ** self.elem.size()

    def default(self):
        return frozenset()

    def __str__(self) -> str:
        return f"set of {self.elem}" if self.elem else "set"


@dataclass(frozen=True)
class QueueT(Type):
    elem: Type | None
    max: int

    def domain(self) -> tuple:
        elems = self.elem.domain()
        return tuple(q for n in range(self.max + 1) for q in itertools.product(elems, repeat=n))

    def size(self) -> int:
        n = self.elem.size()
        return sum(n ** k for k in range(self.max + 1))

    def default(self):
        return ()

    def __str__(self) -> str:
        return f"queue of {self.elem} max {self.max}" if self.elem else "queue"


@dataclass(frozen=True)
class TemporalT(Type):
    """The type of a temporal formula: only valid as a temporal property."""

    finite = False

    def __str__(self) -> str:
        return "temporal formula"


def capped_size(t: Type, cap: int = MAX_DOMAIN) -> int:
    """The number of values of `t`, or `cap + 1` if there are more: computed
    with saturation, so a huge type never costs a huge integer or a loop."""
    over = cap + 1
    if isinstance(t, IntT):
        return min(t.hi - t.lo + 1, over) if t.finite else over
    if isinstance(t, OptionT):
        return min(1 + capped_size(t.inner, cap), over)
    if isinstance(t, RecordT):
        return _capped_product((capped_size(f, cap) for _, f in t.fields), over)
    if isinstance(t, MapT):
        keys, values = capped_size(t.key, cap), capped_size(t.value, cap)
        return _capped_product(itertools.repeat(values, keys) if values > 1 else (values,),
                               over)
    if isinstance(t, SetT):
        elems = capped_size(t.elem, cap) if t.elem is not None else 0
        return min(2 ** min(elems, over.bit_length()), over)
    if isinstance(t, QueueT):
        elems = capped_size(t.elem, cap) if t.elem is not None else 0
        total, power = 0, 1
        for _ in range(t.max + 1):
            total += power
            if total >= over:
                return over
            power = min(power * elems, over)
        return total
    if not t.finite:
        return over
    return min(t.size(), over)


def _capped_product(sizes, over: int) -> int:
    result = 1
    for size in sizes:
        if size == 0:
            return 0
        result = min(result * size, over)
        if result == over:
            return over
    return result


def _product(sizes) -> int:
    result = 1
    for size in sizes:
        result *= size
    return result


@dataclass(frozen=True)
class AnyT(Type):
    """The type given to an expression that already has an error: it fits
    everywhere, so one mistake yields one diagnostic."""

    finite = False

    def __str__(self) -> str:
        return "?"


ANY = AnyT()
BOOL = BoolT()
INT = IntT()
NONE = NoneT()


def is_int(t: Type) -> bool:
    return isinstance(t, IntT)


def compatible(target: Type, source: Type) -> bool:
    """Whether a value of type `source` may be stored where `target` is expected
    (integer ranges are checked at run time, not here)."""
    if isinstance(target, AnyT) or isinstance(source, AnyT):
        return True
    if isinstance(target, IntT) and isinstance(source, IntT):
        return True
    if isinstance(target, OptionT):
        if isinstance(source, NoneT):
            return True
        inner = source.inner if isinstance(source, OptionT) else source
        return compatible(target.inner, inner)
    if isinstance(target, SetT) and isinstance(source, SetT):
        return source.elem is None or target.elem is None or compatible(target.elem, source.elem)
    if isinstance(target, QueueT) and isinstance(source, QueueT):
        return source.elem is None or target.elem is None or compatible(target.elem, source.elem)
    if isinstance(target, MapT) and isinstance(source, MapT):
        return same_shape(target.key, source.key) and compatible(target.value, source.value)
    if isinstance(target, RecordT) and isinstance(source, RecordT):
        return ([f for f, _ in target.fields] == [f for f, _ in source.fields]
                and all(compatible(a, b) for (_, a), (_, b) in zip(target.fields, source.fields)))
    return target == source


def same_shape(a: Type, b: Type) -> bool:
    """Types compared for equality tests and map keys: ranges need not match."""
    if isinstance(a, IntT) and isinstance(b, IntT):
        return True
    return compatible(a, b) or compatible(b, a)


def join(a: Type, b: Type) -> Type | None:
    """The type of `if c then a else b` or a literal holding both."""
    if isinstance(a, AnyT) or isinstance(b, AnyT):
        return ANY
    if isinstance(a, IntT) and isinstance(b, IntT):
        if a.finite and b.finite:
            return IntT(min(a.lo, b.lo), max(a.hi, b.hi))
        return INT
    if isinstance(a, NoneT) and not isinstance(b, NoneT):
        return b if isinstance(b, OptionT) else OptionT(b)
    if isinstance(b, NoneT) and not isinstance(a, NoneT):
        return a if isinstance(a, OptionT) else OptionT(a)
    if isinstance(a, SetT) and isinstance(b, SetT):
        if a.elem is None or b.elem is None:
            return a if b.elem is None else b
        elem = join(a.elem, b.elem)
        return SetT(elem) if elem else None
    if isinstance(a, QueueT) and isinstance(b, QueueT):
        if a.elem is None or b.elem is None:
            return a if b.elem is None else b
        elem = join(a.elem, b.elem)
        return QueueT(elem, max(a.max, b.max)) if elem else None
    if compatible(a, b):
        return a
    if compatible(b, a):
        return b
    return None

"""The state layout: every variable as a bit field of one Python int.

A state is one non-negative int. Each variable (system variables first, then
the monitors' variables) owns a slot: a range of bits. Slots nest:

  Leaf    bool, integer range, enum, option of those, small other types:
          the value's index in its domain (for integers: value - lo)
  Record  the fields' slots one after another
  Map     one slot per key, in key-domain order
  Set     one bit per element of the element domain
  Queue   a length field, then `max` element slots (head first); unused
          slots are zero, so equal queues have equal bits
  Boxed   an option of a record/map/set/queue: a presence bit and the inner
          slot (zero when none)

Bits that hold no value are zero, so equal states are equal ints. Encoding
checks that the value fits the type (vcspec/model/evaluate.check_fits) first.
"""

from __future__ import annotations

from dataclasses import dataclass

from vcspec.model.evaluate import check_fits
from vcspec.model.types import (
    BoolT,
    EnumT,
    IntT,
    MapT,
    OptionT,
    QueueT,
    RecordT,
    SetT,
    Type,
)

LEAF_TABLE_LIMIT = 1 << 12


def bits_for(count: int) -> int:
    """Bits to store `count` distinct codes."""
    return max(0, (count - 1).bit_length())


class Slot:
    """A value of `type` stored at bit `off` with `width` bits."""

    type: Type
    off: int
    width: int

    @property
    def mask(self) -> int:
        return ((1 << self.width) - 1) << self.off

    @property
    def low_mask(self) -> int:
        return (1 << self.width) - 1

    def decode(self, state: int):
        raise NotImplementedError

    def encode(self, value) -> int:
        """The value's bits, already shifted to `off` (value checked by the caller)."""
        raise NotImplementedError

    def leaves(self):
        yield self


@dataclass(eq=False)
class Leaf(Slot):
    """A value coded by its index in the type's domain. Integer ranges use
    arithmetic (code = value - lo); option of an integer range codes none as 0."""

    type: Type
    off: int
    width: int
    lo: int | None  # integer ranges: the low bound
    domain: tuple | None  # other types: every value, in code order
    index: dict | None

    def code_of(self, value) -> int | None:
        """The code of a value, or None if it is not in the domain."""
        t = self.type
        if isinstance(t, IntT):
            if isinstance(value, int) and t.lo <= value <= t.hi:
                return value - t.lo
            return None
        if self.index is not None:
            return self.index.get(value)
        inner = t.inner  # option of a large integer range
        if value is None:
            return 0
        if isinstance(value, int) and inner.lo <= value <= inner.hi:
            return value - inner.lo + 1
        return None

    def value_of(self, code: int):
        t = self.type
        if isinstance(t, IntT):
            return code + t.lo
        if self.domain is not None:
            return self.domain[code]
        return None if code == 0 else code - 1 + t.inner.lo

    def decode(self, state: int):
        return self.value_of((state >> self.off) & self.low_mask)

    def encode(self, value) -> int:
        return self.code_of(value) << self.off


@dataclass(eq=False)
class Record(Slot):
    type: RecordT
    off: int
    width: int
    fields: tuple[Slot, ...]

    def decode(self, state: int):
        return tuple(f.decode(state) for f in self.fields)

    def encode(self, value) -> int:
        bits = 0
        for slot, item in zip(self.fields, value):
            bits |= slot.encode(item)
        return bits

    def leaves(self):
        for f in self.fields:
            yield from f.leaves()


@dataclass(eq=False)
class Map(Slot):
    type: MapT
    off: int
    width: int
    entries: tuple[Slot, ...]
    keys: tuple
    key_index: dict

    def decode(self, state: int):
        return tuple(e.decode(state) for e in self.entries)

    def encode(self, value) -> int:
        bits = 0
        for slot, item in zip(self.entries, value):
            bits |= slot.encode(item)
        return bits

    def leaves(self):
        for e in self.entries:
            yield from e.leaves()


@dataclass(eq=False)
class Set(Slot):
    type: SetT
    off: int
    width: int
    elems: tuple
    elem_index: dict

    def decode(self, state: int):
        bits = (state >> self.off) & self.low_mask
        return frozenset(e for i, e in enumerate(self.elems) if bits >> i & 1)

    def encode(self, value) -> int:
        return self.bits_of(value) << self.off

    def bits_of(self, value) -> int:
        bits = 0
        for item in value:
            bits |= 1 << self.elem_index[item]
        return bits


@dataclass(eq=False)
class Queue(Slot):
    type: QueueT
    off: int
    width: int
    length: Leaf
    items: tuple[Slot, ...]

    @property
    def item_width(self) -> int:
        return self.items[0].width if self.items else 0

    @property
    def items_off(self) -> int:
        return self.length.off + self.length.width

    def decode(self, state: int):
        n = self.length.decode(state)
        return tuple(self.items[i].decode(state) for i in range(n))

    def encode(self, value) -> int:
        bits = self.length.encode(len(value))
        for slot, item in zip(self.items, value):
            bits |= slot.encode(item)
        return bits

    def leaves(self):
        yield self.length
        for item in self.items:
            yield from item.leaves()


@dataclass(eq=False)
class Boxed(Slot):
    """An option of a structured type: presence bit at `off`, inner after it."""

    type: OptionT
    off: int
    width: int
    inner: Slot

    def decode(self, state: int):
        return self.inner.decode(state) if state >> self.off & 1 else None

    def encode(self, value) -> int:
        return 0 if value is None else (1 << self.off) | self.inner.encode(value)

    def leaves(self):
        yield from self.inner.leaves()


def _is_leaf_type(t: Type) -> bool:
    if isinstance(t, (BoolT, IntT, EnumT)):
        return True
    if isinstance(t, OptionT):
        return _is_leaf_type(t.inner) or t.size() <= LEAF_TABLE_LIMIT
    return False


def make_slot(t: Type, off: int) -> Slot:
    """Lay out a value of type t from bit `off`."""
    if isinstance(t, IntT):
        return Leaf(t, off, bits_for(t.size()), t.lo, None, None)
    if isinstance(t, (BoolT, EnumT)):
        domain = t.domain()
        return Leaf(t, off, bits_for(len(domain)), None, domain,
                    {v: i for i, v in enumerate(domain)})
    if isinstance(t, OptionT) and _is_leaf_type(t):
        if isinstance(t.inner, IntT) and t.size() > LEAF_TABLE_LIMIT:
            return Leaf(t, off, bits_for(t.size()), None, None, None)
        domain = t.domain()
        return Leaf(t, off, bits_for(len(domain)), None, domain,
                    {v: i for i, v in enumerate(domain)})
    if isinstance(t, OptionT):
        inner = make_slot(t.inner, off + 1)
        return Boxed(t, off, inner.width + 1, inner)
    if isinstance(t, RecordT):
        fields, at = [], off
        for _, ft in t.fields:
            fields.append(make_slot(ft, at))
            at += fields[-1].width
        return Record(t, off, at - off, tuple(fields))
    if isinstance(t, MapT):
        keys = t.key.domain()
        entries, at = [], off
        for _ in keys:
            entries.append(make_slot(t.value, at))
            at += entries[-1].width
        return Map(t, off, at - off, tuple(entries), keys, {k: i for i, k in enumerate(keys)})
    if isinstance(t, SetT):
        elems = t.elem.domain()
        return Set(t, off, len(elems), elems, {e: i for i, e in enumerate(elems)})
    if isinstance(t, QueueT):
        length = make_slot(IntT(0, t.max), off)
        items, at = [], off + length.width
        for _ in range(t.max):
            items.append(make_slot(t.elem, at))
            at += items[-1].width
        return Queue(t, off, at - off, length, tuple(items))
    raise TypeError(f"cannot lay out a value of type {t}")


@dataclass(eq=False)
class VarSlot:
    name: str  # qualified: "Ndis.call", or "Monitor.var" for a monitor variable
    monitor: str | None
    index: int  # index in Model.vars, or in the monitor's vars
    slot: Slot


class Layout:
    """Slots of the system variables and the monitors' variables."""

    def __init__(self, system: list[tuple[str, Type]],
                 monitors: dict[str, list[tuple[str, Type]]]):
        self.system: list[VarSlot] = []
        self.monitors: dict[str, list[VarSlot]] = {}
        at = 0
        for i, (name, t) in enumerate(system):
            self.system.append(VarSlot(name, None, i, make_slot(t, at)))
            at += self.system[-1].slot.width
        for monitor, mvars in monitors.items():
            slots = []
            for i, (name, t) in enumerate(mvars):
                slots.append(VarSlot(name, monitor, i, make_slot(t, at)))
                at += slots[-1].slot.width
            self.monitors[monitor] = slots
        self.width = at

    def var(self, index: int, monitor: str | None = None) -> Slot:
        if monitor is None:
            return self.system[index].slot
        return self.monitors[monitor][index].slot

    def all_vars(self) -> list[VarSlot]:
        return self.system + [v for vs in self.monitors.values() for v in vs]

    def encode(self, state: tuple, monitors: dict[str, tuple] | None = None) -> int:
        bits = 0
        for var, value in zip(self.system, state):
            check_fits(var.slot.type, value, None)
            bits |= var.slot.encode(value)
        for name, slots in self.monitors.items():
            for var, value in zip(slots, (monitors or {})[name]):
                check_fits(var.slot.type, value, None)
                bits |= var.slot.encode(value)
        return bits

    def decode(self, bits: int) -> tuple:
        return tuple(v.slot.decode(bits) for v in self.system)

    def decode_monitors(self, bits: int) -> dict[str, tuple]:
        return {name: tuple(v.slot.decode(bits) for v in slots)
                for name, slots in self.monitors.items()}

"""State variables flattened to z3 scalars.

Every variable of the model (system variables first, then each monitor's, in
declaration order) becomes scalar leaves, named after the variable and the
path into it (`Ndis.call[Vc1]`, `Channel.data.len`, `Channel.data[0].bit`):

  bool                 Bool
  integer range lo..hi Int, lo <= x <= hi
  enum                 Int, the member's index
  T?                   Bool (present) and T's leaves (T's default when absent)
  record, map          the leaves of each field / each key's value
  set of T             one Bool per value of T
  queue of T max N     Int length 0..N, then N slots (defaults past the length)

`domain(vars)` states the ranges and the canonical-form conditions, so that two
assignments of the leaves that satisfy it denote two different states.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from vcspec.model import ir
from vcspec.model.evaluate import format_value
from vcspec.model.types import BoolT, EnumT, IntT, MapT, OptionT, QueueT, RecordT, SetT, Type
from vcspec.symbolic.canon import canonical_leaves, decode
from vcspec.symbolic.values import (
    SV,
    SBool,
    SEnum,
    SInt,
    SMap,
    SOpt,
    SQueue,
    SRec,
    SSet,
    Unsupported,
    default,
    eq,
)
from vcspec.symbolic.zterm import cmp, conj, implies, neg


@dataclass(frozen=True)
class VarSlot:
    """One variable: its qualified name, type, and its leaves' positions."""

    name: str
    type: Type
    monitor: str | None
    index: int  # in Model.vars, or in the monitor's vars
    start: int
    stop: int


class Layout:
    def __init__(self, model: ir.Model):
        self.slots: list[VarSlot] = []
        self.leaf_names: list[str] = []
        self.leaf_sorts: list[str] = []  # "bool" | "int"
        for i, var in enumerate(model.vars):
            self._add(var.name, var.type, None, i)
        for monitor in model.monitors:
            for i, var in enumerate(monitor.vars):
                self._add(var.name, var.type, monitor.name, i)
        self.monitors = [m.name for m in model.monitors]

    def _add(self, name: str, t: Type, monitor: str | None, index: int) -> None:
        start = len(self.leaf_names)
        for path, sort in _leaf_specs(t, name):
            self.leaf_names.append(path)
            self.leaf_sorts.append(sort)
        self.slots.append(VarSlot(name, t, monitor, index, start, len(self.leaf_names)))

    def __len__(self) -> int:
        return len(self.leaf_names)

    def make_vars(self, suffix: str) -> list:
        """Fresh z3 constants for every leaf, named `<leaf><suffix>`."""
        return [z3.Bool(n + suffix) if s == "bool" else z3.Int(n + suffix)
                for n, s in zip(self.leaf_names, self.leaf_sorts)]

    def values(self, terms: list) -> tuple[list[SV], dict[str, list[SV]]]:
        """The symbolic state (system values, monitor values) over leaf terms."""
        system: list[SV] = []
        monitors: dict[str, list[SV]] = {m: [] for m in self.monitors}
        for slot in self.slots:
            it = iter(terms[slot.start:slot.stop])
            value = _build(slot.type, it)
            (system if slot.monitor is None else monitors[slot.monitor]).append(value)
        return system, monitors

    def domain(self, terms: list) -> z3.BoolRef:
        """Ranges and canonical form of every leaf."""
        system, monitors = self.values(terms)
        values = system + [v for m in self.monitors for v in monitors[m]]
        return conj(*(_domain(v, slot.type) for v, slot in zip(values, self.slots)))

    def decode(self, terms: list, model: z3.ModelRef) -> tuple[tuple, dict[str, tuple]]:
        system, monitors = self.values(terms)
        return (tuple(decode(v, model) for v in system),
                {m: tuple(decode(v, model) for v in vs) for m, vs in monitors.items()})

    def encode(self, system: tuple, monitors: dict[str, tuple]) -> list:
        """Leaf constants of a semantic state (canonical)."""

        out = []
        for slot in self.slots:
            value = (system[slot.index] if slot.monitor is None
                     else monitors[slot.monitor][slot.index])
            out.extend(canonical_leaves(value, slot.type))
        assert len(out) == len(self.leaf_names)
        return out

    def describe(self, system: tuple, monitors: dict[str, tuple]) -> dict[str, str]:
        out = {}
        for slot in self.slots:
            value = (system[slot.index] if slot.monitor is None
                     else monitors[slot.monitor][slot.index])
            out[slot.name] = format_value(value, slot.type)
        return out


def _leaf_specs(t: Type, path: str) -> list[tuple[str, str]]:
    if isinstance(t, BoolT):
        return [(path, "bool")]
    if isinstance(t, (IntT, EnumT)):
        if isinstance(t, IntT) and not t.finite:
            raise Unsupported(f"{path}: an unbounded integer variable")
        return [(path, "int")]
    if isinstance(t, OptionT):
        return [(path + "?", "bool")] + _leaf_specs(t.inner, path)
    if isinstance(t, RecordT):
        return [x for name, ft in t.fields for x in _leaf_specs(ft, f"{path}.{name}")]
    if isinstance(t, MapT):
        return [x for k in t.key.domain()
                for x in _leaf_specs(t.value, f"{path}[{format_value(k, t.key)}]")]
    if isinstance(t, SetT):
        return [(f"{path}{{{format_value(v, t.elem)}}}", "bool") for v in t.elem.domain()]
    if isinstance(t, QueueT):
        out = [(f"{path}.len", "int")]
        for i in range(t.max):
            out += _leaf_specs(t.elem, f"{path}[{i}]")
        return out
    raise Unsupported(f"{path}: a variable of type {t}")


def _build(t: Type, it) -> SV:
    if isinstance(t, BoolT):
        return SBool(next(it))
    if isinstance(t, IntT):
        return SInt(next(it), t.lo, t.hi)
    if isinstance(t, EnumT):
        return SEnum(t, next(it))
    if isinstance(t, OptionT):
        some = next(it)
        return SOpt(some, _build(t.inner, it))
    if isinstance(t, RecordT):
        return SRec(tuple(_build(ft, it) for _, ft in t.fields))
    if isinstance(t, MapT):
        return SMap(t.key.domain(), tuple(_build(t.value, it) for _ in t.key.domain()))
    if isinstance(t, SetT):
        domain = t.elem.domain()
        return SSet(domain, tuple(next(it) for _ in domain))
    if isinstance(t, QueueT):
        length = next(it)
        return SQueue(length, tuple(_build(t.elem, it) for _ in range(t.max)))
    raise Unsupported(f"a variable of type {t}")


def _domain(v: SV, t: Type) -> z3.BoolRef:
    if isinstance(t, IntT):
        return conj(cmp("ge", v.t, z3.IntVal(t.lo)), cmp("le", v.t, z3.IntVal(t.hi)))
    if isinstance(t, EnumT):
        return conj(cmp("ge", v.t, z3.IntVal(0)), cmp("lt", v.t, z3.IntVal(len(t.members))))
    if isinstance(t, OptionT):
        return conj(_domain(v.val, t.inner), implies(neg(v.some), eq(v.val, default(t.inner))))
    if isinstance(t, RecordT):
        return conj(*(_domain(x, ft) for x, (_, ft) in zip(v.fields, t.fields)))
    if isinstance(t, MapT):
        return conj(*(_domain(x, t.value) for x in v.entries))
    if isinstance(t, QueueT):
        parts = [cmp("ge", v.length, z3.IntVal(0)), cmp("le", v.length, z3.IntVal(t.max))]
        for i, slot in enumerate(v.slots):
            inside = cmp("lt", z3.IntVal(i), v.length)
            parts.append(_domain(slot, t.elem))
            parts.append(implies(neg(inside), eq(slot, default(t.elem))))
        return conj(*parts)
    return conj()

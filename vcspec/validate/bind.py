"""A mapping bound to a compiled model: events -> action instances, and back.

`Bound.candidates` turns one event (with its handles already replaced by
slots) into the action instances it may be; `Bound.event_of` renders an
instance as the event a driver would log (log generation, and the events the
model allowed where a log diverges).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from vcspec.compile.ts import TransitionSystem
from vcspec.model.types import EnumT, OptionT, Type
from vcspec.validate.handles import OPEN
from vcspec.validate.mapping import Entry, Mapping, MappingError


@dataclass(frozen=True)
class Param:
    name: str
    type: Type
    field: str | None  # the event field it reads; None: always open
    kind: str  # "handle" | "status" | "open"


@dataclass(frozen=True)
class BoundEntry:
    entry: Entry
    params: tuple[Param, ...]


class Bound:
    def __init__(self, mapping: Mapping, ts: TransitionSystem):
        self.mapping = mapping
        self.ts = ts
        actions = {a.name: a for a in ts.model.actions}
        self.index: dict[str, dict[tuple, int]] = {}
        for inst in ts.instances:
            self.index.setdefault(inst.name, {})[inst.args] = inst.index
        self.by_event: dict[str, list[BoundEntry]] = {}
        self.by_action: dict[str, BoundEntry] = {}
        for entry in mapping.entries:
            action = actions.get(entry.action)
            if action is None:
                raise MappingError(f"mapping {mapping.source}: event {entry.event}: the model "
                                   f"has no action {entry.action}")
            bound = BoundEntry(entry, tuple(self._param(entry, n, t) for n, t in action.params))
            self.by_event.setdefault(entry.event, []).append(bound)
            self.by_action.setdefault(entry.action, bound)
        for kind in mapping.handles:
            if kind.enum not in ts.model.enums:
                raise MappingError(f"mapping {mapping.source}: no enum {kind.enum} in the model")
        self.observed = frozenset(k for name in self.by_action
                                  for k in self.index.get(name, {}).values())
        self.unobserved = tuple(i.index for i in ts.instances if i.index not in self.observed)
        self._cache: dict[tuple, tuple[int, ...]] = {}

    def _param(self, entry: Entry, name: str, t: Type) -> Param:
        base = t.inner if isinstance(t, OptionT) else t
        if entry.args is not None:
            field = dict(entry.args).get(name)
            if field is None:
                return Param(name, t, None, "open")
            if field == "status":
                return Param(name, t, field, "status")
            if self.mapping.kind(field) is None:
                raise MappingError(f"mapping {self.mapping.source}: event {entry.event}: "
                                   f"field {field!r} is neither \"status\" nor a handle field")
            return Param(name, t, field, "handle")
        for kind in self.mapping.handles:
            if isinstance(base, EnumT) and base.name == kind.enum:
                return Param(name, t, kind.field, "handle")
        if isinstance(base, EnumT) and base.name == self.mapping.status_enum:
            return Param(name, t, "status", "status")
        return Param(name, t, None, "open")

    # ------------------------------------------------------------ event -> instances
    def entries(self, function: str, caller: str | None) -> list[BoundEntry]:
        found = self.by_event.get(function, [])
        if caller is None:
            return found
        return [b for b in found if b.entry.caller in (None, caller)]

    def candidates(self, function: str, caller: str | None, values: dict[str, object]
                   ) -> tuple[int, ...]:
        """Instances the event may be; `values`: field -> slot member, the status's
        enum member, or None for an absent field."""
        key = (function, caller, tuple(sorted(values.items(), key=lambda kv: kv[0])))
        hit = self._cache.get(key)
        if hit is None:
            out = []
            for bound in self.entries(function, caller):
                out.extend(self._instances(bound, values))
            hit = self._cache[key] = tuple(sorted(set(out)))
        return hit

    def _instances(self, bound: BoundEntry, values: dict[str, object]):
        table = self.index.get(bound.entry.action, {})
        choices = []
        for p in bound.params:
            value = values.get(p.field) if p.field is not None else None
            if p.field is not None and value is not None and value != OPEN:
                choices.append([value])
            elif value == OPEN:
                choices.append(list(p.type.domain()))
            elif p.field is not None and isinstance(p.type, OptionT) and p.kind == "handle":
                choices.append([None])
            else:
                choices.append(list(p.type.domain()))
        for args in itertools.product(*choices):
            k = table.get(tuple(args))
            if k is not None:
                yield k

    # ------------------------------------------------------------ instance -> event
    def event_of(self, k: int) -> tuple[BoundEntry, dict[str, object]] | None:
        """The entry that logs instance k and its fields (slot members and the
        status member), or None for an unobserved instance."""
        inst = self.ts.instances[k]
        bound = self.by_action.get(inst.name)
        if bound is None:
            return None
        fields = {}
        for p, value in zip(bound.params, inst.args):
            if p.field is not None:
                fields[p.field] = value
        return bound, fields

    def label(self, k: int, names: dict[str, dict[object, str]]) -> str:
        """Instance k as a logged event; `names`: field -> slot -> real handle."""
        found = self.event_of(k)
        if found is None:
            return self.ts.instances[k].label()
        bound, fields = found
        shown = []
        for field, value in fields.items():
            if value is None:
                continue
            if field == "status":
                shown.append(self.mapping.status_text(value))
            elif field in names:
                shown.append(names[field].get(value, f"<a new {field}>"))
            else:
                shown.append(f"<{field} {value}>")
        who = f"{bound.entry.caller}: " if bound.entry.caller else ""
        return f"{who}{bound.entry.event}({', '.join(shown)})"

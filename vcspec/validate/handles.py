"""Real handles -> the model's slots (members of a symmetric enum).

A handle is bound to the first unbound slot when first seen, and unbound
after an event of its kind's `free_after` list; a scoped kind (parties
within a VC) is bound per handle of its scope, unbound with it and reset by
`reset_before` events. Choosing the first unbound slot loses nothing: the
slots are members of a symmetric enum and the unbound ones are
interchangeable in every state the validator keeps. More live handles than
slots raises OutOfSlots: the model is too small for the log (never a guess).
"""

from __future__ import annotations

from vcspec.validate.log import Event
from vcspec.validate.mapping import HandleKind

OPEN = "*open*"  # the slot of a handle the log does not record: every slot is tried


class OutOfSlots(Exception):
    def __init__(self, kind: HandleKind, handle: str, slots: int):
        super().__init__(f"{handle} would be live {kind.field} number {slots + 1}, but the "
                         f"model has {slots} {kind.enum} slot(s)")
        self.kind = kind
        self.handle = handle
        self.slots = slots


class Handles:
    def __init__(self, kinds: tuple[HandleKind, ...], domains: dict[str, tuple]):
        self.kinds = kinds
        self.domains = domains
        # field -> scope handle (None: unscoped) -> real handle -> slot member
        self.bound: dict[str, dict[str | None, dict[str, object]]] = {k.field: {}
                                                                    for k in kinds}
        self.most = 0  # most live handles of a kind seen at once

    def values(self, event: Event) -> dict[str, object]:
        """field -> slot member for each handle the event names (binding new
        ones; `reset_before` applied first)."""
        out: dict[str, object] = {}
        for kind in self.kinds:
            if kind.field in event.unrecorded:
                out[kind.field] = OPEN
                continue
            handle = event.field(kind.field)
            scope = event.field(kind.within) if kind.within else None
            if kind.within and event.function in kind.reset_before:
                self.bound[kind.field].pop(scope, None)
            if handle is None:
                continue
            table = self.bound[kind.field].setdefault(scope, {})
            slot = table.get(handle)
            if slot is None:
                used = set(table.values())
                free = [m for m in self.domains[kind.enum] if m not in used]
                if not free:
                    raise OutOfSlots(kind, handle, len(used))
                slot = table[handle] = free[0]
                self.most = max(self.most, len(table))
            out[kind.field] = slot
        return out

    def after(self, event: Event) -> None:
        """Unbind what the event frees (a handle, and the handles it scopes)."""
        for kind in self.kinds:
            if event.function not in kind.free_after:
                continue
            handle = event.field(kind.field)
            scope = event.field(kind.within) if kind.within else None
            self.bound[kind.field].get(scope, {}).pop(handle, None)
            for inner in self.kinds:
                if inner.within == kind.field:
                    self.bound[inner.field].pop(handle, None)

    def names(self, event: Event | None = None) -> dict[str, dict[object, str]]:
        """field -> slot -> real handle (scoped kinds: within the event's scope)."""
        out = {}
        for kind in self.kinds:
            scope = event.field(kind.within) if kind.within and event else None
            if kind.within and event is None:
                continue
            table = self.bound[kind.field].get(scope, {})
            out[kind.field] = {slot: handle for handle, slot in table.items()}
        return out

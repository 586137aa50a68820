"""The mapping file: which model action each logged event is, and how the
event's fields become the action's arguments (docs/validate.md).

    {"format": "vcspec-map/1",
     "handles": [{"enum": "Vc", "field": "handle",
                  "free_after": ["NdisCoDeleteVc", "NdisMCmDeleteVc"]},
                 {"enum": "Party", "field": "party", "within": "handle",
                  "reset_before": ["NdisClMakeCall"]}],
     "status_enum": "Status",
     "status": {"NDIS_STATUS_SUCCESS": "Success", "NDIS_STATUS_PENDING": "Pending",
                "*": "Failure"},
     "ignore": ["NdisAllocateNetBufferListPool"],
     "machines": ["Ndis.call", "Ndis.act"],
     "events": [{"event": "NdisClMakeCall", "caller": "Client",
                 "action": "Client.NdisClMakeCall"}, ...]}

An event's `args` (param -> field) may be omitted: a parameter whose type is
a handle kind's enum (or an optional one) takes that kind's field, one of the
status enum takes "status", any other is left open (every value is tried).
An optional parameter whose field is absent from the event is `none`; any
other parameter whose field is absent is left open. Actions named by no
entry are unobserved: the validator searches them between events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vcspec.model.loader import LIBRARY

FORMAT = "vcspec-map/1"
WILDCARD = "*"


class MappingError(ValueError):
    pass


@dataclass(frozen=True)
class HandleKind:
    enum: str  # the symmetric enum whose members are the slots
    field: str  # the event field holding the real handle
    free_after: frozenset[str] = frozenset()  # events after which the handle is free
    within: str | None = None  # a handle field that scopes this one (parties of a VC)
    reset_before: frozenset[str] = frozenset()  # events that free every handle in the scope


@dataclass(frozen=True)
class Entry:
    event: str
    action: str
    caller: str | None = None
    args: tuple[tuple[str, str], ...] | None = None  # (param, field); None: by type


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]
    handles: tuple[HandleKind, ...]
    status: tuple[tuple[str, str], ...]  # (logged status or "*", enum member)
    status_enum: str | None = None
    ignore: frozenset[str] = frozenset()
    source: str = "<mapping>"
    machines: tuple[str, ...] = ()  # map variables whose transitions coverage reports

    def status_member(self, text: str) -> str | None:
        table = dict(self.status)
        return table.get(text, table.get(WILDCARD))

    def status_text(self, member: str) -> str:
        """The logged status that stands for an enum member (first in the file)."""
        for text, value in self.status:
            if value == member and text != WILDCARD:
                return text
        return member

    def kind(self, field: str) -> HandleKind | None:
        return next((k for k in self.handles if k.field == field), None)


def default_path(spec: Path, files: Iterable[str] = ()) -> Path:
    """The default mapping of a spec: SPEC.map.json beside it; else the one
    installed with a library spec it imports (`files`: the model's files as
    displayed; vcspec/library/condis.map.json for `import "condis"`); else
    SPEC.map.json, missing (the caller says so)."""
    beside = spec.with_suffix(".map.json")
    if beside.is_file():
        return beside
    for name in files:
        shipped = LIBRARY / Path(name).with_suffix(".map.json")
        if not Path(name).is_absolute() and (LIBRARY / name).is_file() and shipped.is_file():
            return shipped
    return beside


def load(path: Path) -> Mapping:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"cannot read the mapping {path}: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise MappingError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    return parse(data, str(path))


def parse(data: object, source: str = "<mapping>") -> Mapping:
    where = f"mapping {source}"
    if not isinstance(data, dict):
        raise MappingError(f"{where}: expected a JSON object")
    if data.get("format") != FORMAT:
        raise MappingError(f"{where}: \"format\" must be \"{FORMAT}\"")
    unknown = sorted(set(data) - {"format", "handles", "status", "status_enum", "ignore",
                                  "events", "comment", "machines"})
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(unknown)}")
    handles = tuple(_handle(h, where) for h in _list(data, "handles", where))
    fields = [h.field for h in handles]
    if len(set(fields)) != len(fields):
        raise MappingError(f"{where}: two handle kinds read the same field")
    for h in handles:
        if h.within is not None and h.within not in fields:
            raise MappingError(f"{where}: \"within\": {h.within!r} is no handle field")
    status = data.get("status", {})
    if not isinstance(status, dict) or not all(isinstance(v, str) for v in status.values()):
        raise MappingError(f"{where}: \"status\" maps logged statuses to enum members")
    entries = tuple(_entry(e, where) for e in _list(data, "events", where))
    if not entries:
        raise MappingError(f"{where}: no events")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        raise MappingError(f"{where}: \"ignore\" is a list of function names")
    machines = data.get("machines", [])
    if not isinstance(machines, list) or not all(isinstance(x, str) for x in machines):
        raise MappingError(f"{where}: \"machines\" is a list of variable names")
    return Mapping(entries, handles, tuple(status.items()), data.get("status_enum"),
                   frozenset(ignore), source, tuple(machines))


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise MappingError(f"{where}: \"{key}\" must be a list")
    return value


def _names(item: dict, key: str, where: str) -> frozenset[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise MappingError(f"{where}: \"{key}\" is a list of event names")
    return frozenset(value)


def _handle(item: object, where: str) -> HandleKind:
    if not isinstance(item, dict) or not isinstance(item.get("enum"), str) \
            or not isinstance(item.get("field"), str):
        raise MappingError(f"{where}: a handle kind needs \"enum\" and \"field\"")
    unknown = sorted(set(item) - {"enum", "field", "free_after", "within", "reset_before"})
    if unknown:
        raise MappingError(f"{where}: handle kind {item['enum']}: unknown key(s) "
                           f"{', '.join(unknown)}")
    if item["field"] not in ("handle", "party"):
        raise MappingError(f"{where}: handle kind {item['enum']}: \"field\" must be "
                           f"\"handle\" or \"party\" (the log's handle fields)")
    return HandleKind(item["enum"], item["field"], _names(item, "free_after", where),
                      item.get("within"), _names(item, "reset_before", where))


def _entry(item: object, where: str) -> Entry:
    if not isinstance(item, dict) or not isinstance(item.get("event"), str) \
            or not isinstance(item.get("action"), str):
        raise MappingError(f"{where}: an event entry needs \"event\" and \"action\"")
    unknown = sorted(set(item) - {"event", "action", "caller", "args"})
    if unknown:
        raise MappingError(f"{where}: event {item['event']}: unknown key(s) "
                           f"{', '.join(unknown)}")
    args = item.get("args")
    if args is not None:
        if not isinstance(args, dict) or not all(isinstance(v, str) for v in args.values()):
            raise MappingError(f"{where}: event {item['event']}: \"args\" maps parameters "
                               f"to event fields")
        args = tuple(sorted(args.items()))
    caller = item.get("caller")
    if caller is not None and not isinstance(caller, str):
        raise MappingError(f"{where}: event {item['event']}: \"caller\" must be a string")
    return Entry(item["event"], item["action"], caller, args)

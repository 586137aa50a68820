"""A driver's call log: JSON Lines (one event a line) or a plain CSV export.

Each event names the NDIS function or callback, the handle(s) it uses, the
status, and optionally who called it, a timestamp and a thread:

    {"function": "NdisClMakeCall", "handle": "0xffffa80c1d2e3000",
     "party": null, "status": "NDIS_STATUS_PENDING", "caller": "Client",
     "time": 12.5, "thread": 4}

Readers are generators over the lines of an open text stream: each line is
read once, and a bad line raises LogError with its line number when it is
reached (the events before it have been handed out already). Unknown fields
are ignored; blank lines are skipped. docs/validate.md describes the format.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

# field -> the JSON types it may have (None: JSON null)
TEXT_FIELDS = ("handle", "party", "status", "caller")
ANY_FIELDS = ("time", "thread")
CSV_COLUMNS = ("time", "function", "handle", "status")
UNRECORDED = frozenset({"party"})  # a CSV log without a party column: parties left open


class LogError(ValueError):
    """A line of the log that cannot be read."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Event:
    line: int  # line number in the log (1-based)
    function: str
    handle: str | None = None
    party: str | None = None
    status: str | None = None
    caller: str | None = None
    time: object = None
    thread: object = None
    unrecorded: frozenset[str] = frozenset()  # fields the log does not record (CSV columns)

    def field(self, name: str) -> str | None:
        return getattr(self, name)

    def short(self) -> str:
        """FunctionName(handle, party, status) as shown in reports."""
        inner = [x for x in (self.handle, self.party, self.status) if x is not None]
        who = f"{self.caller}: " if self.caller else ""
        return f"{who}{self.function}({', '.join(inner)})"

    def to_json(self) -> dict:
        out: dict = {"function": self.function}
        for name in TEXT_FIELDS + ANY_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.unrecorded:
            out["unrecorded"] = sorted(self.unrecorded)
        return out


def read_jsonl(lines: Iterable[str]) -> Iterator[Event]:
    """Events of a JSON Lines log, one at a time."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise LogError(number, f"not JSON: {error.msg} (column {error.colno})") from None
        yield event_of(record, number)


def event_of(record: object, number: int) -> Event:
    """One log record (a decoded JSON object) -> an Event, or LogError."""
    if not isinstance(record, dict):
        raise LogError(number, f"expected a JSON object, got {type(record).__name__}")
    function = record.get("function")
    if not isinstance(function, str) or not function.strip():
        raise LogError(number, "missing \"function\" (the NDIS function or callback name)")
    values = {}
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise LogError(number, f"\"{name}\" must be a string or null, "
                                   f"got {json.dumps(value)}")
        values[name] = value
    for name in ANY_FIELDS:
        value = record.get(name)
        if isinstance(value, (dict, list)):
            raise LogError(number, f"\"{name}\" must be a number or a string")
        values[name] = value
    unrecorded = record.get("unrecorded", [])
    if not isinstance(unrecorded, list) or not set(unrecorded) <= {"party"}:
        raise LogError(number, "\"unrecorded\" lists fields the log does not record: "
                               "only [\"party\"] is supported")
    return Event(number, function.strip(), **values, unrecorded=frozenset(unrecorded))


def read_csv(lines: Iterable[str]) -> Iterator[Event]:
    """Events of a CSV export: time,function,handle,status (a header row with
    these names, in any order and with extra columns party, caller, thread, is
    optional). Empty cells are absent fields; without a party column, the
    party of every event is left open (JSON Lines: an absent party is none)."""
    columns = list(CSV_COLUMNS)
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if number == 1 and "function" in cells:
            columns = _header(cells)
            continue
        if len(cells) != len(columns):
            raise LogError(number, f"expected {len(columns)} columns "
                                   f"({','.join(columns)}), got {len(cells)}")
        record = {name: cell for name, cell in zip(columns, cells) if cell}
        event = event_of(record, number)
        yield event if "party" in columns else replace(event, unrecorded=UNRECORDED)


def _header(cells: list[str]) -> list[str]:
    known = set(CSV_COLUMNS) | {"party", "caller", "thread"}
    unknown = sorted(set(cells) - known)
    if unknown:
        raise LogError(1, f"unknown CSV column(s) {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(known))})")
    if len(set(cells)) != len(cells):
        raise LogError(1, "a CSV column is named twice")
    return cells


def dumps(events: Iterable[Event | dict]) -> str:
    """JSON Lines text of events (Events or plain records)."""
    out = []
    for event in events:
        record = event.to_json() if isinstance(event, Event) else event
        out.append(json.dumps(record, separators=(", ", ": ")))
    return "".join(line + "\n" for line in out)

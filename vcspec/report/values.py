"""Values for people and for JSON.

`cells` flattens a state for display: a process family's variable becomes one
cell per instance (`Vc[0].st`), everything else one cell per variable.
`to_json` encodes a semantic value the way ITF does: records as objects,
sets as {"#set": [...]}, maps as {"#map": [[k, v], ...]}, both in canonical
order, queues as lists, none as the variant {"tag": "None", ...}.
"""

from __future__ import annotations

import re

from vcspec.model.evaluate import format_value, sorted_values
from vcspec.model.types import MapT, OptionT, QueueT, RecordT, SetT, Type

NONE_JSON = {"tag": "None", "value": {"#tup": []}}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, newlines: bool = True) -> str:
    """`text` with control characters shown as escapes (\\x1b), so text from a
    spec never drives the terminal or breaks a DOT file; tabs (and newlines
    unless `newlines` is False) are kept."""
    if not newlines:
        text = text.replace("\n", "\\n")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def cells(state: dict[str, object], types: dict[str, Type], families) -> dict[str, str]:
    """Display name -> formatted value: variables in order, except that a
    family's variables are grouped by instance (Vc[0].st, Vc[0].owner, Vc[1].st...)."""
    out: dict[str, str] = {}
    grouped: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for name, value in state.items():
        t = types.get(name)
        process, _, var = name.partition(".")
        if process in families and isinstance(t, MapT):
            if process not in grouped:
                grouped[process] = {}
                out[process] = ""  # placeholder keeps the family's position
            for i, (key, item) in enumerate(zip(t.key.domain(), value)):
                grouped[process].setdefault(i, []).append(
                    (f"{process}[{format_value(key, t.key)}].{var}", format_value(item, t.value)))
        else:
            out[name] = format_value(value, t)
    result: dict[str, str] = {}
    for name, text in out.items():
        if name in grouped:
            for i in sorted(grouped[name]):
                result.update(grouped[name][i])
        else:
            result[name] = text
    return result


def to_json(value, t: Type | None = None, bigint: bool = False):
    """A semantic value as JSON; `bigint` writes integers as ITF requires,
    {"#bigint": "42"} (the report's JSON keeps plain numbers)."""
    if value is None:
        return NONE_JSON
    if isinstance(value, int) and not isinstance(value, bool) and bigint:
        return {"#bigint": str(value)}
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(t, OptionT):
        return to_json(value, t.inner, bigint)
    if isinstance(value, frozenset):
        elem = t.elem if isinstance(t, SetT) else None
        return {"#set": [to_json(v, elem, bigint) for v in sorted_values(value, t)]}
    if isinstance(t, RecordT):
        return {f: to_json(v, ft, bigint) for (f, ft), v in zip(t.fields, value)}
    if isinstance(t, MapT):
        return {"#map": [[to_json(k, t.key, bigint), to_json(v, t.value, bigint)]
                         for k, v in zip(t.key.domain(), value)]}
    elem = t.elem if isinstance(t, QueueT) else None
    return [to_json(v, elem, bigint) for v in value]

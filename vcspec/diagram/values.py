"""States as leaves: `Ndis.call[Vc1] = Connected` rather than a whole map.

Maps (a family's variables too) and records are opened down to their
entries, so diagrams and tables show only what varies or changed, at the
key where it changed. Sets, queues and options stay whole.
"""

from __future__ import annotations

from vcspec.model import ir
from vcspec.model.evaluate import format_value
from vcspec.model.types import MapT, RecordT, Type

ABSENT = "(absent)"  # a leaf some state of a malformed trace lacks (an ITF file is data)


def leaves(state: dict[str, object], types: dict[str, Type],
           families: dict[str, Type] | None = None) -> dict[str, str]:
    """Every leaf of a state (variables by qualified name) -> its value as text."""
    out: dict[str, str] = {}
    families = families or {}
    for name, value in state.items():
        t = types.get(name)
        process, _, var = name.partition(".")
        if process in families and isinstance(t, MapT) and isinstance(value, tuple):
            for key, item in zip(t.key.domain(), value):
                _open(f"{process}[{format_value(key, t.key)}].{var}", item, t.value, out)
        else:
            _open(name, value, t, out)
    return out


def _open(path: str, value, t: Type | None, out: dict[str, str]) -> None:
    if isinstance(t, MapT) and isinstance(value, tuple) and len(value) == t.key.size():
        for key, item in zip(t.key.domain(), value):
            _open(f"{path}[{format_value(key, t.key)}]", item, t.value, out)
    elif isinstance(t, RecordT) and isinstance(value, tuple):
        for (field, ft), item in zip(t.fields, value):
            _open(f"{path}.{field}", item, ft, out)
    else:
        out[path] = format_value(value, t)


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Leaves whose text differs (in `after`'s order)."""
    return [k for k, v in after.items() if before.get(k) != v]


def varying(states: list[dict[str, str]]) -> list[str]:
    """Leaves that take more than one value among the states (in order)."""
    if not states:
        return []
    first = states[0]
    keys = dict.fromkeys(k for state in states for k in state)  # a state may lack a leaf
    return [k for k in keys if any(s.get(k) != first.get(k) for s in states[1:])]


def model_types(model: ir.Model) -> dict[str, Type]:
    types = {v.name: v.type for v in model.vars}
    for monitor in model.monitors:
        types.update({v.name: v.type for v in monitor.vars})
    return types


def named_state(model: ir.Model, state: tuple, monitors: dict[str, tuple]) -> dict[str, object]:
    """A decoded state by qualified variable name (monitors' variables too)."""
    out = {v.name: value for v, value in zip(model.vars, state)}
    for monitor in model.monitors:
        values = monitors.get(monitor.name, ())
        out.update({v.name: value for v, value in zip(monitor.vars, values)})
    return out


def split_state(model: ir.Model, state: dict[str, object]) -> tuple[tuple, dict[str, tuple]]:
    """A state by name (a trace step's) -> (state tuple, monitors) for evaluation."""
    values = tuple(state[v.name] for v in model.vars)
    monitors = {m.name: tuple(state[v.name] for v in m.vars) for m in model.monitors}
    return values, monitors

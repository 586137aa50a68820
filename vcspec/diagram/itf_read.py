"""ITF trace files (vcspec/report/itf.py writes them) back into Traces.

With the model, values are decoded by the variables' types (and must fit
them: a trace from other constants is refused with the reason). Without it,
types are inferred from the JSON (maps keyed by what they list), which is
enough to show and chart the trace but not to evaluate expressions on it.
A lasso's closing step, which ITF keeps in `#meta.loopBack`, is restored as
the last step (as engines produce it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from vcspec.diagram.values import model_types
from vcspec.engine.result import Step, Trace
from vcspec.model import ir
from vcspec.model import types as ty
from vcspec.model.evaluate import format_value


class ItfError(ValueError):
    """Not an ITF trace, or not a trace of this model."""


@dataclass
class ItfTrace:
    trace: Trace
    property: str
    verdict: str
    source: str  # the spec the trace came from (#meta.source), "" if unknown
    meta: dict


def read_itf(path: str | Path, model: ir.Model | None = None) -> ItfTrace:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ItfError(f"cannot read {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise ItfError(f"{path} is not JSON: {error}") from None
    except RecursionError:
        raise ItfError(f"{path}: JSON nested too deeply") from None
    return parse_itf(data, model)


def parse_itf(data: dict, model: ir.Model | None = None) -> ItfTrace:
    """Any ITF trace (vcspec's, Quint's, Apalache's); anything malformed is
    an ItfError with the reason, never another exception."""
    try:
        return _parse(data, model)
    except ItfError:
        raise
    except RecursionError:
        raise ItfError("not a valid ITF trace: values nested too deeply") from None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
        raise ItfError(f"not a valid ITF trace: {type(error).__name__}: {error}") from None


def _parse(data: dict, model: ir.Model | None) -> ItfTrace:
    if not isinstance(data, dict) or not isinstance(data.get("states"), list) \
            or not data["states"]:
        raise ItfError("not an ITF trace: no \"states\"")
    if not all(isinstance(raw, dict) for raw in data["states"]):
        raise ItfError("not an ITF trace: a state is not an object")
    meta = data.get("#meta", {}) if isinstance(data.get("#meta"), dict) else {}
    names = data.get("vars") or [k for k in data["states"][0] if not k.startswith("#")]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ItfError("not an ITF trace: \"vars\" is not a list of names")
    types = _types(model, names, data["states"][0])
    actions = {a.name: a for a in model.actions} if model is not None else {}
    steps, previous = [], None
    for index, raw in enumerate(data["states"]):
        state = {n: decode(raw.get(n), types[n], n) for n in names}
        for name in names:
            if model is not None and not fits(state[name], types[name]):
                raise ItfError(f"state {index}: {name} = {raw.get(name)!r:.80} is not a "
                               f"value of its type {types[name]} in the spec")
            if model is None:
                format_value(state[name], types[name])  # values that cannot be shown fail here
        step_meta = raw.get("#meta") if isinstance(raw.get("#meta"), dict) else {}
        steps.append(_step(step_meta, state, previous, actions, index))
        previous = state
    trace = Trace(steps, types, violation=str(meta.get("description", "")))
    _restore_loop(trace, data.get("loop"), meta, actions)
    return ItfTrace(trace, str(meta.get("property", "")), str(meta.get("verdict", "")),
                    str(meta.get("source", "")), meta)


def _types(model: ir.Model | None, names: list[str], first: dict) -> dict[str, ty.Type]:
    if model is None:
        return {n: infer(first.get(n)) for n in names}
    known = model_types(model)
    missing = [n for n in names if n not in known]
    if missing:
        raise ItfError(f"the trace has variables the spec does not: {', '.join(missing)}")
    return {n: known[n] for n in names}


def _step(meta: dict, state: dict, previous: dict | None, actions: dict, index: int) -> Step:
    changed = () if previous is None else tuple(n for n in state if state[n] != previous[n])
    taken = meta.get("mbt::actionTaken")
    if previous is None or taken == "init":
        return Step(None, (), str(meta.get("call", "(initial state)")), state, changed)
    if not isinstance(taken, str) or not taken:  # Quint without --mbt, Apalache
        return Step(None, (), str(meta.get("call", f"(step {index})")), state, changed)
    picks = meta.get("mbt::nondetPicks", {}) or {}
    if not isinstance(picks, dict):
        raise ItfError(f"state {index}: mbt::nondetPicks is not an object")
    action = actions.get(taken)
    params = dict(action.params) if action is not None else {}
    args = tuple((n, decode(v, params.get(n) or infer(v), n)) for n, v in picks.items())
    return Step(taken, args, str(meta.get("call", taken)), state, changed)


def _restore_loop(trace: Trace, loop, meta: dict, actions: dict) -> None:
    if not isinstance(loop, int) or not 0 <= loop < len(trace.steps):
        return
    trace.loop_start = loop
    back = meta.get("loopBack")
    if not back:
        trace.stutters = True
        return
    name = str(back).split("(")[0]
    state = trace.steps[loop].state
    last = trace.steps[-1].state
    changed = tuple(n for n in state if state[n] != last[n])
    trace.steps.append(Step(name, (), str(back),
                            state, changed))


# ------------------------------------------------------------ values
def _none(value) -> bool:
    return isinstance(value, dict) and value.get("tag") == "None"


def decode(value, t: ty.Type | None, where: str = "value"):
    if isinstance(value, dict) and "#bigint" in value:
        return _bigint(value["#bigint"], where)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)
                                    and abs(value) > MAX_INT):
        raise ItfError(f"{where}: {value!r:.40} is not an ITF integer (use #bigint)")
    if _none(value):
        return None
    if isinstance(t, ty.OptionT):
        return decode(value, t.inner, where)
    if isinstance(value, dict) and "#set" in value:
        elem = t.elem if isinstance(t, ty.SetT) else None
        return frozenset(decode(v, elem, where) for v in value["#set"])
    if isinstance(value, dict) and "#map" in value:
        return _map(value["#map"], t, where)
    if isinstance(value, dict) and "#tup" in value:
        return tuple(decode(v, None, where) for v in value["#tup"])
    if isinstance(value, dict) and "#unserializable" in value:
        return str(value["#unserializable"])
    if isinstance(value, dict):
        fields = t.fields if isinstance(t, ty.RecordT) else [(k, None) for k in value]
        return tuple(decode(value.get(f), ft, where) for f, ft in fields)
    if isinstance(value, list):
        elem = t.elem if isinstance(t, ty.QueueT) else None
        return tuple(decode(v, elem, where) for v in value)
    return value


MAX_INT = 1 << 64  # larger integers are no state value of a finite spec


def _bigint(text, where: str) -> int:
    if not isinstance(text, str) or not re.fullmatch(r"-?[0-9]{1,40}", text):
        raise ItfError(f"{where}: #bigint must be a string of decimal digits, got {text!r:.40}")
    return int(text)


def fits(value, t: ty.Type) -> bool:
    """Is `value` a semantic value of type `t`? (a trace from another spec or
    other constants is refused before anything is drawn)"""
    if isinstance(t, ty.OptionT):
        return value is None or fits(value, t.inner)
    if isinstance(t, ty.BoolT):
        return isinstance(value, bool)
    if isinstance(t, ty.IntT):
        return (isinstance(value, int) and not isinstance(value, bool)
                and t.contains(value))
    if isinstance(t, ty.EnumT):
        return isinstance(value, str) and value in t.members
    if isinstance(t, ty.RecordT):
        return (isinstance(value, tuple) and len(value) == len(t.fields)
                and all(fits(v, ft) for v, (_, ft) in zip(value, t.fields)))
    if isinstance(t, ty.MapT):
        return (isinstance(value, tuple) and len(value) == ty.capped_size(t.key)
                and all(fits(v, t.value) for v in value))
    if isinstance(t, ty.SetT):
        return isinstance(value, frozenset) and all(fits(v, t.elem) for v in value)
    if isinstance(t, ty.QueueT):
        return (isinstance(value, tuple) and len(value) <= t.max
                and all(fits(v, t.elem) for v in value))
    return True


def _map(pairs: list, t: ty.Type | None, where: str) -> tuple:
    key_t = t.key if isinstance(t, ty.MapT) else None
    value_t = t.value if isinstance(t, ty.MapT) else None
    found = {decode(k, key_t, where): decode(v, value_t, where) for k, v in pairs}
    domain = key_t.domain() if key_t is not None else tuple(found)
    if set(found) != set(domain):
        raise ItfError(f"{where}: the trace's keys {sorted(map(str, found))} are not the "
                       f"spec's {sorted(map(str, domain))} (other constants? pass --const)")
    return tuple(found[k] for k in domain)


def infer(value) -> ty.Type:
    """A type that formats and orders a JSON value as the spec would."""
    if isinstance(value, bool):
        return ty.BoolT()
    if isinstance(value, int) or (isinstance(value, dict) and "#bigint" in value):
        return ty.IntT()
    if isinstance(value, str):
        return ty.EnumT("?", (value,))
    if value is None or _none(value):
        return ty.NoneT()
    if isinstance(value, list):
        return ty.QueueT(_first(value), max(1, len(value)))
    if "#set" in value:
        return ty.SetT(_first(value["#set"]))
    if "#map" in value:
        keys = [decode(k, None) for k, _ in value["#map"]]
        values = [v for _, v in value["#map"]]
        return ty.MapT(ty.EnumT("?", tuple(keys)), _first(values))
    if "#tup" in value:
        return ty.NoneT()
    return ty.RecordT(tuple((k, infer(v)) for k, v in value.items()))


def _first(values: list) -> ty.Type | None:
    real = [v for v in values if not _none(v)]
    return infer(real[0]) if real else None

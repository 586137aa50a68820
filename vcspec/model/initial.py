"""The initial states of a checked model: the reference semantics every
engine follows (the explicit engine enumerates them with this module; the
symbolic encoding states them as one constraint and is held against it).

A variable's initial value (or set of choices) may read other state
variables; variables are evaluated in the order of declaration, except that a
variable comes after every variable its initial value reads (the checker
rejects cycles). The candidates are every combination of the variables'
values, in lexicographic order of the declaration order (the first variable
varies slowest); a candidate whose value does not fit its type is an error and
dropped, and one in which some `init:` predicate is false is no initial state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vcspec.model import ir
from vcspec.model.evaluate import Env, EvalError, check_fits, evaluate, sorted_values

Slot = tuple[str | None, int]  # (monitor or None for the system, index)
CANDIDATE_LIMIT = 1 << 22  # combinations of initial values enumerated at most


@dataclass
class Initial:
    """Initial (system values, monitor name -> values) pairs, in a fixed
    order and without duplicates, and the errors met computing them."""

    states: list[tuple[tuple, dict[str, tuple]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def slots(model: ir.Model) -> list[tuple[Slot, ir.StateVar]]:
    out: list[tuple[Slot, ir.StateVar]] = [((None, i), v) for i, v in enumerate(model.vars)]
    for monitor in model.monitors:
        out += [((monitor.name, i), v) for i, v in enumerate(monitor.vars)]
    return out


def reads(expr, monitor: str | None = None) -> set[Slot]:
    """The variables an expression reads (monitor variables as (monitor, i))."""
    out, stack = set(), [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.VarRef):
            out.add((node.monitor, node.var))
        if isinstance(node, ir.Lit):
            continue  # a value, however large (a default map), reads nothing
        if isinstance(node, ir.Expr):
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__
                         if f not in ("type", "span"))
        elif isinstance(node, tuple):
            stack.extend(node)
    return out


def dependent(model: ir.Model) -> bool:
    """Some initial value reads a state variable, or `init:` predicates exist."""
    return bool(model.inits) or any(v.init is not None and reads(v.init) for _, v in slots(model))


def order(model: ir.Model) -> list[int] | None:
    """Positions in slots(model), each after the variables its initial value
    reads, otherwise in declaration order; None on a cycle."""
    all_slots = slots(model)
    position = {slot: i for i, (slot, _) in enumerate(all_slots)}
    needs = [{position[r] for r in (reads(v.init) if v.init is not None else ()) if r in position}
             for _, v in all_slots]
    done: list[int] = []
    placed: set[int] = set()
    while len(done) < len(all_slots):
        ready = next((i for i in range(len(all_slots))
                      if i not in placed and needs[i] <= placed), None)
        if ready is None:
            return None
        done.append(ready)
        placed.add(ready)
    return done


def initial_states(model: ir.Model) -> Initial:
    all_slots = slots(model)
    sequence = order(model)
    out = Initial()
    if sequence is None:
        out.errors.append("initial values read each other in a cycle")
        return out
    values: list = [None] * len(all_slots)
    n_sys = len(model.vars)
    seen: set = set()
    candidates = [0]

    def env() -> Env:
        return Env(values[:n_sys], _monitors(model, values[n_sys:]))

    def assign(step: int) -> bool:
        """Enumerate from sequence[step]; False after an evaluation error."""
        if step == len(sequence):
            candidates[0] += 1
            if candidates[0] > CANDIDATE_LIMIT:
                out.errors.append(f"more than {CANDIDATE_LIMIT:,} combinations of initial "
                                  "values: give the variables initial values or narrower "
                                  "`in` sets")
                return False
            _candidate(model, all_slots, values, env(), seen, out)
            return True
        i = sequence[step]
        var = all_slots[i][1]
        try:
            value = evaluate(var.init, env())
        except EvalError as error:
            out.errors.append(f"initial value of {var.name}: {error.message}")
            return False
        for choice in (sorted_values(value, var.init.type) if var.choice else [value]):
            values[i] = choice
            if not assign(step + 1):
                return False
        return True

    if not assign(0):
        out.states.clear()
    return out


def _candidate(model, all_slots, values, env: Env, seen: set, out: Initial) -> None:
    try:
        for (slot, var), value in zip(all_slots, values):
            if slot[0] is None:
                check_fits(var.type, value, var.span)
    except EvalError as error:
        out.errors.append(f"initial state: {error.message}")
        return
    for predicate in model.inits:
        try:
            if not evaluate(predicate, env):
                return
        except EvalError as error:
            out.errors.append(f"initial condition: {error.message}")
            return
    key = (tuple(env.state), tuple(sorted(env.monitors.items())))
    if key not in seen:
        seen.add(key)
        out.states.append((tuple(env.state), dict(env.monitors)))


def _monitors(model: ir.Model, rest: list) -> dict[str, tuple]:
    out, at = {}, 0
    for monitor in model.monitors:
        out[monitor.name] = tuple(rest[at:at + len(monitor.vars)])
        at += len(monitor.vars)
    return out

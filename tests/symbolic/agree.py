"""The z3 encoding held against the reference explorer state by state."""

from __future__ import annotations

import reference as R
import z3

from vcspec.symbolic.encode import Encoding


def z3_successors(enc: Encoding, state) -> set:
    """Every state x' with T(state, x') (each z3 model, decoded)."""
    system, monitors = state
    values = enc.layout.encode(system, dict(monitors))
    solver = z3.Solver()
    solver.add([a == b for a, b in zip(enc.x, values)])
    solver.add(enc.trans(enc.x, enc.xn, enc.sel))
    out = set()
    while solver.check() == z3.sat:
        m = solver.model()
        sys_values, mons = enc.layout.decode(enc.xn, m)
        successor = (sys_values, tuple((name, mons[name]) for name, _ in monitors))
        assert successor not in out, "two models decode to one state: not canonical"
        out.add(successor)
        solver.add(z3.Or([xn != m.eval(xn, model_completion=True) for xn in enc.xn]))
    return out


def z3_bad(enc: Encoding, state) -> set[str]:
    """The safety properties whose bad predicate holds in `state`."""
    system, monitors = state
    pairs = list(zip(enc.x, enc.layout.encode(system, dict(monitors))))
    out = set()
    for prop in enc.properties:
        value = z3.simplify(z3.substitute(prop.bad, pairs))
        assert z3.is_true(value) or z3.is_false(value), (prop.name, value)
        if z3.is_true(value):
            out.add(prop.name)
    return out


def reference_bad(model, state) -> set[str]:
    outcomes, dead = R.outcomes(model, state)
    out = set(R.state_violations(model, state))
    for o in outcomes:
        out.update(o.failed)
        if o.successor is None:
            out.add("runtime")
    if dead and not R.terminal(model, state):
        out.add("deadlock")
    return out


def z3_initial(enc: Encoding) -> set:
    solver = z3.Solver()
    solver.add(enc.init, enc.domain)
    out = set()
    while solver.check() == z3.sat:
        m = solver.model()
        sys_values, mons = enc.layout.decode(enc.x, m)
        out.add((sys_values, tuple((name, mons[name]) for name in enc.layout.monitors)))
        solver.add(z3.Or([x != m.eval(x, model_completion=True) for x in enc.x]))
    return out


def compare(model, max_states: int = 60) -> int:
    """Breadth-first over the reference: initial states, and for each state its
    successors and bad properties, must be the encoding's. Returns the number
    of states compared."""
    enc = Encoding(model)
    initial = R.initial_states(model)
    assert z3_initial(enc) == set(initial)
    assert enc.initial_count == len(initial)
    seen, frontier, n = set(initial), list(initial), 0
    while frontier and n < max_states:
        state = frontier.pop(0)
        n += 1
        outcomes, _ = R.outcomes(model, state)
        expected = {o.successor for o in outcomes
                    if o.successor is not None and R.admitted(model, o.successor)}
        assert z3_successors(enc, state) == expected, state
        assert z3_bad(enc, state) == reference_bad(model, state), state
        for successor in sorted(expected, key=repr):
            if successor not in seen:
                seen.add(successor)
                frontier.append(successor)
    return n

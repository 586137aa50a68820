"""The unbounded encoding (vcspec/symbolic/unbounded) held against the
reference explorer at one size n: the sort is made to have exactly the n
members (constants e1..en, distinct, and every element one of them); member
i of the enum is e_i. Initial states, each state's successors and each
state's bad properties must be the reference's."""

from __future__ import annotations

import reference as R
import z3

from vcspec.model.types import EnumT, MapT, OptionT, RecordT, SetT
from vcspec.symbolic import canon
from vcspec.symbolic import values as V
from vcspec.symbolic.unbounded.uencode import UEncoding
from vcspec.symbolic.unbounded.uvalues import UMap, USet, USym, index, uleaves
from vcspec.symbolic.zterm import conj


def _check(solver: z3.Solver):
    """solver.check(), retried with other seeds on 'incomplete quantifiers':
    z3's quantifier instantiation depends on term order, which depends on what
    earlier tests built in the same context."""
    for seed in range(8):
        solver.set("smt.random_seed", seed)
        result = solver.check()
        if result != z3.unknown:
            return result
    return result


class Pinned:
    def __init__(self, model, enum: str):
        self.model = model
        self.u = UEncoding(model, (enum,))
        self.enum = model.enums[enum]
        sort = self.u.sorts.sorts[enum]
        self.elems = [z3.Const(f"e{i + 1}", sort) for i in range(len(self.enum.members))]
        x = z3.Const("any", sort)
        self.universe = [z3.Distinct(*self.elems) if len(self.elems) > 1 else z3.BoolVal(True),
                         z3.ForAll([x], z3.Or(*(x == e for e in self.elems)))]

    # ------------------------------------------------------------ states <-> constraints
    def pin(self, sv, value, t) -> z3.BoolRef:
        if isinstance(sv, UMap):
            return conj(*(self.pin(index(sv, e), value[i], t.value)
                          for i, e in enumerate(self.elems)))
        if isinstance(sv, USym):
            return sv.t == self.elems[self.enum.members.index(value)]
        if isinstance(sv, USet):
            return conj(*(z3.Select(sv.t, e) == z3.BoolVal(m in value)
                          for m, e in zip(self.enum.members, self.elems)))
        if isinstance(t, OptionT) and isinstance(sv, V.SOpt):
            if value is None:
                return z3.Not(sv.some)
            return conj(sv.some, self.pin(sv.val, value, t.inner))
        if isinstance(t, RecordT):
            return conj(*(self.pin(f, v, ft) for f, v, (_, ft) in zip(sv.fields, value, t.fields)))
        if isinstance(t, MapT):
            return conj(*(self.pin(e, v, t.value) for e, v in zip(sv.entries, value)))
        return V.eq_const(sv, value)

    def pin_state(self, values: list, state) -> z3.BoolRef:
        system, monitors = state
        flat = list(system) + [v for _, vs in monitors for v in vs]
        return conj(*(self.pin(sv, v, var.type)
                      for sv, v, var in zip(values, flat, self.u.vars)))

    def read(self, sv, t, m):
        if isinstance(sv, UMap):
            return tuple(self.read(index(sv, e), t.value, m) for e in self.elems)
        if isinstance(sv, USym):
            got = m.eval(sv.t, model_completion=True)
            return next(mem for mem, e in zip(self.enum.members, self.elems)
                        if z3.is_true(m.eval(got == e, model_completion=True)))
        if isinstance(sv, USet):
            return frozenset(mem for mem, e in zip(self.enum.members, self.elems)
                             if z3.is_true(m.eval(z3.Select(sv.t, e), model_completion=True)))
        if isinstance(t, OptionT) and isinstance(sv, V.SOpt):
            some = z3.is_true(m.eval(sv.some, model_completion=True))
            return self.read(sv.val, t.inner, m) if some else None
        if isinstance(t, RecordT):
            return tuple(self.read(f, ft, m) for f, (_, ft) in zip(sv.fields, t.fields))
        if isinstance(t, MapT):
            return tuple(self.read(e, t.value, m) for e in sv.entries)
        return canon.decode(sv, m)

    def read_state(self, values: list, m):
        flat = [self.read(sv, var.type, m) for sv, var in zip(values, self.u.vars)]
        n = len(self.model.vars)
        system, rest, monitors = tuple(flat[:n]), flat[n:], []
        for monitor in self.model.monitors:
            monitors.append((monitor.name, tuple(rest[:len(monitor.vars)])))
            rest = rest[len(monitor.vars):]
        return system, tuple(monitors)

    # ------------------------------------------------------------ queries
    def models(self, *formulas, values: list) -> set:
        s = z3.Solver()
        s.add(*self.universe, *formulas)
        out = set()
        while (result := _check(s)) == z3.sat:
            state = self.read_state(values, s.model())
            assert state not in out
            out.add(state)
            s.add(z3.Not(self.pin_state(values, state)))
        assert result == z3.unsat, (result, s.reason_unknown())
        return out

    def successors(self, state) -> set:
        return self.models(self.pin_state(self.u.pre, state), self.u.trans, values=self.u.post)

    def initial(self) -> set:
        return self.models(self.u.init, values=self.u.pre)

    def bad(self, state) -> set[str]:
        out = set()
        for name, prop in self.u.properties.items():
            if prop.bad is None:  # not encoded (Unsupported): not compared
                continue
            s = z3.Solver()
            s.add(*self.universe, self.pin_state(self.u.pre, state), prop.bad)
            result = s.check()
            assert result != z3.unknown, name
            if result == z3.sat:
                out.add(name)
        return out


def reference_bad(model, state) -> set[str]:
    outcomes, _ = R.outcomes(model, state)
    out = set(R.state_violations(model, state))
    for o in outcomes:
        out.update(o.failed)
    return out


def compare(model, enum: str = "Vc", max_states: int = 200) -> int:
    """Breadth-first over the reference; returns the number of states compared."""
    p = Pinned(model, enum)
    initial = R.initial_states(model)
    assert p.initial() == set(initial)
    seen, frontier, n = set(initial), list(initial), 0
    while frontier and n < max_states:
        state = frontier.pop(0)
        n += 1
        outcomes, _ = R.outcomes(model, state)
        expected = {o.successor for o in outcomes if o.successor is not None}
        assert p.successors(state) == expected, state
        encoded = {n for n, prop in p.u.properties.items() if prop.bad is not None}
        assert p.bad(state) == reference_bad(model, state) & encoded, state
        for successor in sorted(expected, key=repr):
            if successor not in seen:
                seen.add(successor)
                frontier.append(successor)
    return n


__all__ = ["compare", "EnumT", "SetT", "uleaves"]

"""Helpers called by generated code (and the compiler's set conversions).
Each raises ActionError where vcspec/model/evaluate raises EvalError."""

from __future__ import annotations

from vcspec.compile.codegen import ActionError
from vcspec.model import ir
from vcspec.model.evaluate import Env, EvalError, evaluate, key_position, sequence_op


def bits_to_set(elems: tuple):
    if len(elems) <= 10:
        table = tuple(frozenset(e for i, e in enumerate(elems) if m >> i & 1)
                      for m in range(1 << len(elems)))
        return table.__getitem__
    return lambda m: frozenset(e for i, e in enumerate(elems) if m >> i & 1)


def map_reader(slot):
    entries, index = slot.entries, slot.key_index

    def read(state: int, key):
        position = index.get(key)
        if position is None:
            raise ActionError()
        return entries[position].decode(state)
    return read


def index_at(key_type):
    positions = key_position(key_type)

    def at(base, key):
        position = positions.get(key)
        if position is None:
            raise ActionError()
        return base[position]
    return at


def index_const(e: ir.Index, base, key):
    span = e.span
    return evaluate(ir.Index(e.type, span, ir.Lit(e.base.type, span, base),
                             ir.Lit(e.key.type, span, key)), Env(()))


def field_getter(index: int):
    def get(value):
        if value is None:
            raise ActionError()
        return value[index]
    return get


def some(value):
    if value is None:
        raise ActionError()
    return value


def head(q):
    if not q:
        raise ActionError()
    return q[0]


def tail(q):
    if not q:
        raise ActionError()
    return q[1:]


def sequence(name: str):
    """q[i], last(q), remove_at(q, i), slice(q, a, b) over semantic tuples."""
    def op(*args):
        if name == "last" and not args[0]:
            raise ActionError()
        try:
            return sequence_op(name, list(args), None)
        except EvalError:
            raise ActionError() from None
    return op


def div(a: int, b: int) -> int:
    """Floor division (vcspec/model/evaluate.py): -7 / 2 == -4."""
    if b == 0:
        raise ActionError()
    return a // b


def mod(a: int, b: int) -> int:
    """The remainder of floor division, with the divisor's sign: -7 % 2 == 1."""
    if b == 0:
        raise ActionError()
    return a % b

"""The reference semantics of the checked model: a plain evaluator of IR
expressions and statements over semantic values (vcspec/model/types.py).

It is deliberately simple: constant folding, lints, trace replay and the tests
that hold the fast engines against it all use this one definition.
"""

from __future__ import annotations

import itertools
from functools import cache

from vcspec.model import ir
from vcspec.model.source import Span
from vcspec.model.types import EnumT, IntT, MapT, OptionT, QueueT, RecordT, SetT, Type


class EvalError(Exception):
    """A runtime error of the spec (range, empty queue, ...): a violation."""

    def __init__(self, message: str, span: Span | None):
        super().__init__(message)
        self.message = message
        self.span = span


@cache
def key_position(key_type: Type) -> dict:
    return {v: i for i, v in enumerate(key_type.domain())}


class Env:
    """What an expression reads: the state, the monitors' states, and locals.
    `work`, when given, bounds the evaluation (see `Work`)."""

    __slots__ = ("state", "monitors", "locals", "work", "old")

    def __init__(self, state: tuple | list, monitors: dict | None = None,
                 locals_: dict | None = None, work: Work | None = None,
                 old: Env | None = None):
        self.state = state
        self.monitors = monitors or {}
        self.locals = locals_ or {}
        self.work = work
        self.old = old  # on a step: what old(e) reads (the state before it)

    def bind(self, name: str, value) -> Env:
        return Env(self.state, self.monitors, {**self.locals, name: value}, self.work, self.old)


class Work:
    """A budget of elements visited by ranges, quantifiers, set builders and
    map literals: a constant such as `forall x in 0..10^6: forall y in
    0..10^6: ...` is an EvalError after `limit` elements, not an hour of work."""

    __slots__ = ("left", "limit")

    def __init__(self, limit: int):
        self.left = self.limit = limit

    def charge(self, count: int, span: Span | None) -> None:
        self.left -= count
        if self.left < 0:
            raise EvalError(f"evaluating this visits more than {self.limit} values", span)


def _charge(env: Env, count: int, span: Span | None) -> None:
    if env.work is not None:
        env.work.charge(count, span)


def evaluate(expr: ir.Expr, env: Env):
    return _EVAL[type(expr)](expr, env)


def _lit(e: ir.Lit, env: Env):
    return e.value


def _var(e: ir.VarRef, env: Env):
    if e.monitor is not None:
        return env.monitors[e.monitor][e.var]
    return env.state[e.var]


def _local(e: ir.Local, env: Env):
    return env.locals[e.name]


def _unary(e: ir.Unary, env: Env):
    value = evaluate(e.arg, env)
    return (not value) if e.op == "not" else -value


def _binary(e: ir.Binary, env: Env):
    op = e.op
    if op == "and":
        return evaluate(e.left, env) and evaluate(e.right, env)
    if op == "or":
        return evaluate(e.left, env) or evaluate(e.right, env)
    if op == "implies":
        return (not evaluate(e.left, env)) or evaluate(e.right, env)
    a, b = evaluate(e.left, env), evaluate(e.right, env)
    if op in ("div", "mod"):
        if b == 0:
            raise EvalError("division by zero", e.span)
        return a // b if op == "div" else a % b  # floor division, as TLA+ and Python
    if op == "range":
        if b - a >= MAX_RANGE:
            raise EvalError(f"range {a}..{b} has more than {MAX_RANGE} values", e.span)
        _charge(env, max(0, b - a + 1), e.span)
        return frozenset(range(a, b + 1))
    return _BINARY[op](a, b)


_BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
    "in": lambda a, b: a in b, "subseteq": lambda a, b: a <= b,
    "union": lambda a, b: a | b, "inter": lambda a, b: a & b, "diff": lambda a, b: a - b,
}

MAX_RANGE = 1 << 20


def _ite(e: ir.Ite, env: Env):
    return evaluate(e.then, env) if evaluate(e.cond, env) else evaluate(e.else_, env)


def _quant(e: ir.Quant, env: Env):
    domain = sorted_values(evaluate(e.domain, env), e.domain.type)
    _charge(env, len(domain), e.span)
    results = (evaluate(e.body, env.bind(e.name, x)) for x in domain)
    if e.kind == "forall":
        return all(results)
    if e.kind == "exists":
        return any(results)
    return sum(1 for r in results if r)


def _set_filter(e: ir.SetFilter, env: Env):
    domain = evaluate(e.domain, env)
    _charge(env, len(domain), e.span)
    return frozenset(x for x in domain if evaluate(e.cond, env.bind(e.name, x)))


def _queue_filter(e: ir.QueueFilter, env: Env):
    domain = evaluate(e.domain, env)
    _charge(env, len(domain), e.span)
    return tuple(x for x in domain if evaluate(e.cond, env.bind(e.name, x)))


def _set_map(e: ir.SetMap, env: Env):
    domain = evaluate(e.domain, env)
    _charge(env, len(domain), e.span)
    return frozenset(evaluate(e.body, env.bind(e.name, x)) for x in domain)


def _map_lit(e: ir.MapLit, env: Env):
    _charge(env, e.type.key.size(), e.span)
    return tuple(evaluate(e.body, env.bind(e.name, k)) for k in e.type.key.domain())


def _set_lit(e: ir.SetLit, env: Env):
    return frozenset(evaluate(i, env) for i in e.items)


def _tuple_lit(e, env: Env):
    return tuple(evaluate(i, env) for i in e.items)


def _index(e: ir.Index, env: Env):
    base, key = evaluate(e.base, env), evaluate(e.key, env)
    position = key_position(e.base.type.key).get(key)
    if position is None:
        raise EvalError(f"key {format_value(key)} is not in {e.base.type.key}", e.key.span)
    return base[position]


def _field(e: ir.FieldGet, env: Env):
    base = evaluate(e.base, env)
    if base is None:
        raise EvalError(f"field '{e.name}' of none", e.span)
    return base[e.index]


def _builtin(e: ir.Builtin, env: Env):
    if e.name == "old":
        old = env.old if env.old is not None else env
        return evaluate(e.args[0], Env(old.state, old.monitors, env.locals, env.work))
    args = [evaluate(a, env) for a in e.args]
    if e.name == "some":
        if args[0] is None:
            raise EvalError("none where a value is needed", e.args[0].span)
        return args[0]
    if e.name == "len":
        return len(args[0])
    if e.name in ("head", "tail", "last") and not args[0]:
        raise EvalError(f"{e.name} of an empty queue", e.span)
    if e.name in SEQUENCE_OPS:
        return sequence_op(e.name, args, e.span)
    if e.name == "head":
        return args[0][0]
    if e.name == "tail":
        return args[0][1:]
    if e.name == "append":
        return args[0] + (args[1],)
    if e.name == "min":
        return min(args)
    if e.name == "max":
        return max(args)
    if e.name == "maps":
        keys, values = e.type.elem.key.domain(), sorted_values(args[1], e.type.elem.value)
        return frozenset(itertools.product(values, repeat=len(keys)))
    raise AssertionError(e.name)


SEQUENCE_OPS = ("at", "last", "remove_at", "slice")


def sequence_op(name: str, args: list, span: Span | None):
    """q[i] (`at`), last(q), remove_at(q, i), slice(q, a, b): positions are
    0-based, a slice is half-open (q[a], ..., q[b-1]); a position outside the
    queue is a runtime error, as an index outside a map's keys."""
    q = args[0]
    if name == "last":
        return q[-1]
    if name == "slice":
        a, b = args[1], args[2]
        if not 0 <= a <= b <= len(q):
            raise EvalError(f"slice({a}, {b}) of a queue of {len(q)} elements", span)
        return q[a:b]
    i = args[1]
    if not 0 <= i < len(q):
        raise EvalError(f"position {i} of a queue of {len(q)} elements", span)
    return q[i] if name == "at" else q[:i] + q[i + 1:]


def _let(e: ir.LetIn, env: Env):
    return evaluate(e.body, env.bind(e.name, evaluate(e.value, env)))


_EVAL = {
    ir.Lit: _lit, ir.VarRef: _var, ir.Local: _local, ir.Unary: _unary, ir.Binary: _binary,
    ir.Ite: _ite, ir.Quant: _quant, ir.SetFilter: _set_filter, ir.SetMap: _set_map,
    ir.QueueFilter: _queue_filter,
    ir.MapLit: _map_lit, ir.SetLit: _set_lit, ir.QueueLit: _tuple_lit,
    ir.RecordLit: _tuple_lit, ir.Index: _index, ir.FieldGet: _field, ir.Builtin: _builtin,
    ir.LetIn: _let,
}


# ------------------------------------------------------------------ statements
def admitted(model: ir.Model, env: Env) -> bool:
    """The state satisfies every `constraint` (TLC's CONSTRAINT): else it is
    neither stored nor expanded, though the step reaching it is a transition."""
    return all(evaluate(c, env) for c in model.constraints)


def execute(stmts: tuple[ir.Stmt, ...], env: Env) -> None:
    """Run statements in order; `env.state` must be a list and `env.monitors`
    a dict of lists (both updated in place)."""
    for stmt in stmts:
        if isinstance(stmt, ir.LetStmt):
            env = env.bind(stmt.name, evaluate(stmt.value, env))
        elif isinstance(stmt, ir.IfStmt):
            execute(stmt.then if evaluate(stmt.cond, env) else stmt.else_, env)
        elif isinstance(stmt, ir.Assign):
            _store(stmt.target, evaluate(stmt.value, env), env, stmt.span)
        elif isinstance(stmt, ir.Push):
            queue = _load(stmt.target, env)
            if len(queue) >= stmt.target.type.max:
                raise EvalError(f"push to a full queue (max {stmt.target.type.max})", stmt.span)
            _store(stmt.target, queue + (evaluate(stmt.value, env),), env, stmt.span)
        elif isinstance(stmt, ir.Pop):
            queue = _load(stmt.target, env)
            if not queue:
                raise EvalError("pop from an empty queue", stmt.span)
            _store(stmt.target, queue[1:], env, stmt.span)
        else:
            raise AssertionError(stmt)


def _container(target: ir.LValue, env: Env) -> list:
    return env.monitors[target.monitor] if target.monitor is not None else env.state


def _load(target: ir.LValue, env: Env):
    value = _container(target, env)[target.var]
    for _, step in _steps(target, env):
        value = value[step]
    return value


def _steps(target: ir.LValue, env: Env) -> list[tuple[str, int]]:
    steps = []
    for kind, item in target.path:
        if kind == "index":
            key_expr, key_type = item
            position = key_position(key_type).get(evaluate(key_expr, env))
            if position is None:
                raise EvalError(f"key {format_value(evaluate(key_expr, env))} is not in "
                                f"{key_type}", key_expr.span)
            steps.append((kind, position))
        else:
            steps.append((kind, item))
    return steps


def _store(target: ir.LValue, value, env: Env, span: Span) -> None:
    check_fits(target.type, value, span)
    container = _container(target, env)
    steps = [position for _, position in _steps(target, env)]
    container[target.var] = _replace(container[target.var], steps, value, span)


def _replace(old, steps: list[int], value, span: Span):
    if not steps:
        return value
    if old is None:
        raise EvalError("assignment into a field of none", span)
    head, rest = steps[0], steps[1:]
    return old[:head] + (_replace(old[head], rest, value, span),) + old[head + 1:]


def check_fits(t: Type, value, span: Span | None) -> None:
    """Raise EvalError unless `value` is a value of type `t`."""
    if isinstance(t, IntT):
        if not t.contains(value):
            raise EvalError(f"value {value} is out of range {t}", span)
    elif isinstance(t, OptionT):
        if value is not None:
            check_fits(t.inner, value, span)
    elif isinstance(t, QueueT):
        if len(value) > t.max:
            raise EvalError(f"queue of {len(value)} elements exceeds max {t.max}", span)
        for item in value:
            check_fits(t.elem, item, span)
    elif isinstance(t, SetT) and t.elem is not None:
        for item in value:
            check_fits(t.elem, item, span)
    elif isinstance(t, MapT):
        for item in value:
            check_fits(t.value, item, span)
    elif isinstance(t, RecordT):
        for (_, ft), item in zip(t.fields, value):
            check_fits(ft, item, span)


# ------------------------------------------------------------------ values
def sorted_values(values, t: Type) -> list:
    """A set's (or queue's) elements in canonical order: sets are unordered, and
    iteration order must never depend on hashing."""
    if isinstance(values, tuple):
        return list(values)
    elem = t.elem if isinstance(t, SetT) else None
    if elem is not None and elem.finite:
        order = key_position(elem)
        return sorted(values, key=lambda v: order.get(v, -1))
    return sorted(values, key=value_sort_key)


def value_sort_key(value):
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int):
        return (2, value)
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, frozenset):
        return (4, sorted(map(value_sort_key, value)))
    return (5, tuple(map(value_sort_key, value)))


def format_value(value, t: Type | None = None) -> str:
    """A value as the spec would write it."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(t, OptionT):
        return format_value(value, t.inner)
    if isinstance(value, frozenset):
        elem = t.elem if isinstance(t, SetT) else None
        return "{" + ", ".join(format_value(v, elem) for v in sorted_values(value, t)) + "}"
    if isinstance(t, RecordT):
        inner = ", ".join(f"{f}: {format_value(v, ft)}" for (f, ft), v in zip(t.fields, value))
        return "{" + inner + "}"
    if isinstance(t, MapT):
        keys = t.key.domain()
        inner = ", ".join(f"{format_value(k, t.key)}: {format_value(v, t.value)}"
                          for k, v in zip(keys, value))
        return "[" + inner + "]"
    elem = t.elem if isinstance(t, QueueT) else None
    return "[" + ", ".join(format_value(v, elem) for v in value) + "]"


def enum_of(value: str, enums: dict[str, EnumT]) -> EnumT | None:
    for enum in enums.values():
        if value in enum.members:
            return enum
    return None

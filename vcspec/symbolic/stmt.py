"""Symbolic execution of statements, agreeing with vcspec/model/evaluate.execute.

Statements run in order on an SEnv whose lists are the values being built;
an `if` runs both branches on copies and merges them with if-then-else.
Errors (a value that does not fit, a bad key, a full or empty queue) are
recorded on the Evaluator under the path condition, as for expressions.
"""

from __future__ import annotations

import z3

from vcspec.model import ir
from vcspec.symbolic.canon import store
from vcspec.symbolic.expr import Evaluator, SEnv, append, in_domain, index_map
from vcspec.symbolic.values import (
    SV,
    SMap,
    SOpt,
    SQueue,
    SRec,
    Unsupported,
    eq_const,
    select,
)
from vcspec.symbolic.zterm import cmp, conj, neg


class Executor:
    merge = staticmethod(select)  # how an `if`'s two branches join (the unbounded encoding's own)

    def __init__(self, evaluator: Evaluator):
        self.ev = evaluator

    def block(self, stmts: tuple[ir.Stmt, ...], env: SEnv, g: z3.BoolRef) -> None:
        for stmt in stmts:
            if z3.is_false(g):
                return
            if isinstance(stmt, ir.LetStmt):
                env = env.bind(stmt.name, self.ev.ev(stmt.value, env, g))
            elif isinstance(stmt, ir.IfStmt):
                self.if_stmt(stmt, env, g)
            elif isinstance(stmt, ir.Assign):
                value = self.ev.ev(stmt.value, env, g)
                self.assign(stmt.target, value, env, g)
            elif isinstance(stmt, ir.Push):
                queue = self.load(stmt.target, env, g)
                self.ev.error(g, cmp("ge", queue.length, z3.IntVal(stmt.target.type.max)))
                value = self.ev.ev(stmt.value, env, g)
                self.assign(stmt.target, append(queue, value), env, g)
            elif isinstance(stmt, ir.Pop):
                queue = self.load(stmt.target, env, g)
                self.ev.error(g, cmp("le", queue.length, z3.IntVal(0)))
                self.assign(stmt.target, SQueue(queue.length - 1, queue.slots[1:]), env, g)
            else:
                raise Unsupported(f"the statement {type(stmt).__name__}")

    def if_stmt(self, stmt: ir.IfStmt, env: SEnv, g: z3.BoolRef) -> None:
        c = self.ev.test(stmt.cond, env, g)
        if z3.is_true(c) or z3.is_false(c):
            self.block(stmt.then if z3.is_true(c) else stmt.else_, env, g)
            return
        then, else_ = env.copy(), env.copy()
        self.block(stmt.then, then, conj(g, c))
        self.block(stmt.else_, else_, conj(g, neg(c)))
        env.sys[:] = [self.merge(c, a, b) for a, b in zip(then.sys, else_.sys)]
        for m, values in env.mon.items():
            values[:] = [self.merge(c, a, b) for a, b in zip(then.mon[m], else_.mon[m])]

    # ------------------------------------------------------------ places
    def container(self, target: ir.LValue, env: SEnv) -> list:
        return env.mon[target.monitor] if target.monitor is not None else env.sys

    def steps(self, target: ir.LValue, env: SEnv, g) -> list:
        out = []
        for kind, item in target.path:
            if kind == "index":
                key_expr, key_type = item
                key = self.ev.ev(key_expr, env, g)
                self.ev.error(g, neg(self.key_fits(key, key_type)))
                out.append(("index", key))
            else:
                out.append(("field", item))
        return out

    def load(self, target: ir.LValue, env: SEnv, g) -> SV:
        value = self.container(target, env)[target.var]
        for kind, step in self.steps(target, env, g):
            if isinstance(value, SOpt):
                value = value.val
            value = self.index(value, step) if kind == "index" else value.fields[step]
        return value

    # hooks the unbounded encoding overrides for its symbolic members and maps
    def key_fits(self, key: SV, key_type) -> z3.BoolRef:
        return in_domain(key, key_type)

    def index(self, value: SV, key: SV) -> SV:
        return index_map(value, key)

    def store(self, value: SV, t) -> tuple[SV, z3.BoolRef]:
        return store(value, t)

    def assign(self, target: ir.LValue, value: SV, env: SEnv, g) -> None:
        stored, fits = self.store(value, target.type)
        self.ev.error(g, neg(fits))
        container = self.container(target, env)
        steps = self.steps(target, env, g)
        container[target.var] = self.replace(container[target.var], steps, stored, g)

    def replace(self, old: SV, steps: list, value: SV, g) -> SV:
        if not steps:
            return value
        (kind, step), rest = steps[0], steps[1:]
        if isinstance(old, SOpt):
            self.ev.error(g, neg(old.some))
            return SOpt(old.some, self.replace(old.val, steps, value, g))
        if kind == "field":
            assert isinstance(old, SRec)
            fields = list(old.fields)
            fields[step] = self.replace(fields[step], rest, value, g)
            return SRec(tuple(fields))
        assert isinstance(old, SMap)
        entries = []
        for k, entry in zip(old.keys, old.entries):
            hit = eq_const(step, k)
            if z3.is_false(hit):
                entries.append(entry)
            else:
                entries.append(select(hit, self.replace(entry, rest, value, conj(g, hit)), entry))
        return SMap(old.keys, tuple(entries))

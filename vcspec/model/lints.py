"""Structural warnings (VCS4xx) on a checked model: modeling errors in disguise."""

from __future__ import annotations

import itertools

from vcspec.model import ir
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.evaluate import Env, EvalError, evaluate
from vcspec.model.initial import reads
from vcspec.model.intervals import may_be_negative

MAX_GUARD_VALUATIONS = 4096


def lint_model(model: ir.Model, reads: set[int], diags: Diagnostics) -> None:
    for index, var in enumerate(model.vars):
        if index not in reads:
            diags.warning("VCS401", f"variable '{var.name}' is never read", var.span)
    for action in model.actions:
        if never_enabled(action):
            diags.warning("VCS402", f"action '{action.name}' can never be enabled: its guard "
                          "is false for every value of its parameters", action.guard.span)
    division_notes(model, diags)


_DIV_SYMBOL = {"div": "/", "mod": "%"}


def division_notes(model: ir.Model, diags: Diagnostics) -> None:
    """VCS406: `/` and `%` round toward minus infinity (TLA+, Python); before
    they truncated toward zero (C). Where an operand can be negative the two
    meanings differ, so an old spec may mean something else now."""
    for node in _walk((model.vars, model.actions, model.properties, model.terminals)):
        if isinstance(node, ir.Binary) and node.op in _DIV_SYMBOL:
            if may_be_negative(node.left) or may_be_negative(node.right):
                sym = _DIV_SYMBOL[node.op]
                diags.warning("VCS406", f"'{sym}' with an operand that can be negative: "
                              f"'{sym}' rounds toward minus infinity (-7 / 2 == -4, "
                              "-7 % 2 == 1), not toward zero as before", node.span)


def _walk(root):
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, (tuple, list)):
            stack.extend(node)
        elif hasattr(node, "__dataclass_fields__") and type(node).__module__ == ir.__name__:
            yield node
            if isinstance(node, ir.Lit):
                continue  # a value (a default map can be large): no expression inside
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__
                         if f not in ("type", "span"))


def never_enabled(action: ir.Action) -> bool:
    """True when the guard reads no state and is false for every valuation."""
    if reads(action.guard):
        return False
    if not all(t.finite for _, t in action.params):
        return False
    count = 1
    for _, t in action.params:
        count *= t.size()
    if count > MAX_GUARD_VALUATIONS:
        return False
    domains = [t.domain() for _, t in action.params]
    names = [n for n, _ in action.params]
    for values in itertools.product(*domains):
        try:
            if evaluate(action.guard, Env((), {}, dict(zip(names, values)))):
                return False
        except (EvalError, KeyError, TypeError, IndexError):
            return False
    return True

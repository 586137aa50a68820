"""Structural warnings (VCS4xx) on a checked model: modeling errors in disguise."""

from __future__ import annotations

import itertools

from vcspec.model import ir
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.evaluate import Env, EvalError, evaluate

MAX_GUARD_VALUATIONS = 4096


def lint_model(model: ir.Model, reads: set[int], diags: Diagnostics) -> None:
    for index, var in enumerate(model.vars):
        if index not in reads:
            diags.warning("VCS401", f"variable '{var.name}' is never read", var.span)
    for action in model.actions:
        if never_enabled(action):
            diags.warning("VCS402", f"action '{action.name}' can never be enabled: its guard "
                          "is false for every value of its parameters", action.guard.span)


def never_enabled(action: ir.Action) -> bool:
    """True when the guard reads no state and is false for every valuation."""
    if reads_state(action.guard):
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


def reads_state(expr) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.VarRef):
            return True
        if isinstance(node, ir.Expr):
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__
                         if f not in ("type", "span"))
        elif isinstance(node, tuple):
            stack.extend(node)
    return False

"""Integer bounds of a checked expression, as far as its types tell.

Used by lints (VCS406: a division whose operands can be negative). The
answer is sound (every value lies within it) and deliberately simple: ranges of
typed variables and parameters, literals, + - * unary minus, conditionals,
min/max, len and count; None for an unknown end.
"""

from __future__ import annotations

from vcspec.model import ir
from vcspec.model.types import IntT

Bounds = tuple[int | None, int | None]
UNKNOWN: Bounds = (None, None)


def bounds(e: ir.Expr) -> Bounds:
    if isinstance(e, ir.Lit) and isinstance(e.value, int) and not isinstance(e.value, bool):
        return (e.value, e.value)
    if isinstance(e, ir.Unary) and e.op == "neg":
        lo, hi = bounds(e.arg)
        return (None if hi is None else -hi, None if lo is None else -lo)
    if isinstance(e, ir.Binary) and e.op in _COMBINE:
        return _COMBINE[e.op](bounds(e.left), bounds(e.right))
    if isinstance(e, ir.Ite):
        return _hull(bounds(e.then), bounds(e.else_))
    if isinstance(e, ir.LetIn):
        return bounds(e.body)
    if isinstance(e, ir.Builtin) and e.name in ("min", "max") and len(e.args) == 2:
        (a, b), (c, d) = bounds(e.args[0]), bounds(e.args[1])
        pick = min if e.name == "min" else max
        return (_both(a, c, pick), _both(b, d, pick))
    if (isinstance(e, ir.Builtin) and e.name == "len") or \
            (isinstance(e, ir.Quant) and e.kind == "count"):
        return (0, None)
    if isinstance(e.type, IntT):
        return (e.type.lo, e.type.hi)
    return UNKNOWN


def may_be_negative(e: ir.Expr) -> bool:
    lo, _ = bounds(e)
    return lo is None or lo < 0


def _both(a, b, f):
    return None if a is None or b is None else f(a, b)


def _hull(x: Bounds, y: Bounds) -> Bounds:
    return (_both(x[0], y[0], min), _both(x[1], y[1], max))


def _add(x: Bounds, y: Bounds) -> Bounds:
    return (_both(x[0], y[0], int.__add__), _both(x[1], y[1], int.__add__))


def _sub(x: Bounds, y: Bounds) -> Bounds:
    return (_both(x[0], y[1], int.__sub__), _both(x[1], y[0], int.__sub__))


def _mul(x: Bounds, y: Bounds) -> Bounds:
    if None in x or None in y:
        return UNKNOWN
    products = [a * b for a in x for b in y]
    return (min(products), max(products))


_COMBINE = {"add": _add, "sub": _sub, "mul": _mul}

"""z3 Boolean and integer helpers that fold constants as they build terms.

Guards and error conditions are mostly constant once an action's arguments
are known; folding here keeps the formulas handed to the solvers small.
"""

from __future__ import annotations

import z3

TRUE = z3.BoolVal(True)
FALSE = z3.BoolVal(False)


def subterms(formula: z3.ExprRef):
    """Every distinct subterm of `formula` (the formula included), once each."""
    seen, stack = set(), [formula]
    while stack:
        e = stack.pop()
        if e.get_id() not in seen:
            seen.add(e.get_id())
            yield e
            stack.extend(e.children())


def is_true(x) -> bool:
    return z3.is_true(x)


def is_false(x) -> bool:
    return z3.is_false(x)


def conj(*xs) -> z3.BoolRef:
    out = []
    for x in xs:
        if z3.is_false(x):
            return FALSE
        if z3.is_true(x):
            continue
        if z3.is_and(x):
            out.extend(x.children())
        else:
            out.append(x)
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else z3.And(out)


def disj(*xs) -> z3.BoolRef:
    out = []
    for x in xs:
        if z3.is_true(x):
            return TRUE
        if z3.is_false(x):
            continue
        if z3.is_or(x):
            out.extend(x.children())
        else:
            out.append(x)
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else z3.Or(out)


def neg(x) -> z3.BoolRef:
    if z3.is_true(x):
        return FALSE
    if z3.is_false(x):
        return TRUE
    if z3.is_not(x):
        return x.arg(0)
    return z3.Not(x)


def implies(a, b) -> z3.BoolRef:
    return disj(neg(a), b)


def ite(c, a, b):
    if z3.is_true(c):
        return a
    if z3.is_false(c):
        return b
    if a.eq(b):
        return a
    if z3.is_bool(a):
        if z3.is_true(a) and z3.is_false(b):
            return c
        if z3.is_false(a) and z3.is_true(b):
            return neg(c)
    return z3.If(c, a, b)


def int_value(x) -> int | None:
    """The Python int of a constant integer term, else None."""
    return x.as_long() if z3.is_int_value(x) else None


def same(a, b) -> z3.BoolRef:
    """a == b for two Bool or two Int terms."""
    if a.eq(b):
        return TRUE
    if z3.is_bool(a):
        if z3.is_true(a) or z3.is_false(a):
            if z3.is_true(b) or z3.is_false(b):
                return z3.BoolVal(z3.is_true(a) == z3.is_true(b))
            return b if z3.is_true(a) else neg(b)
        if z3.is_true(b):
            return a
        if z3.is_false(b):
            return neg(a)
        return a == b
    va, vb = int_value(a), int_value(b)
    if va is not None and vb is not None:
        return z3.BoolVal(va == vb)
    return a == b


def cmp(op: str, a, b) -> z3.BoolRef:
    va, vb = int_value(a), int_value(b)
    if va is not None and vb is not None:
        return z3.BoolVal({"lt": va < vb, "le": va <= vb, "gt": va > vb, "ge": va >= vb}[op])
    return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]


def total(terms) -> z3.ArithRef:
    """The sum of integer terms, folding constants."""
    const, rest = 0, []
    for t in terms:
        v = int_value(t)
        if v is None:
            rest.append(t)
        else:
            const += v
    if not rest:
        return z3.IntVal(const)
    out = rest[0] if len(rest) == 1 else z3.Sum(rest)
    return out + const if const else out


def count(bits) -> z3.ArithRef:
    return total([ite(b, z3.IntVal(1), z3.IntVal(0)) for b in bits])

"""Operators of the expression compiler: logic with masked-test merging,
comparisons, membership, set algebra on bitmasks, quantifiers, builtins."""

from __future__ import annotations

from vcspec.compile import runtime
from vcspec.compile.layout import Boxed, Leaf, Queue, Set
from vcspec.compile.quant import Quantifiers
from vcspec.compile.values import (
    CV,
    Bits,
    Code,
    Const,
    SlotRef,
    Test,
    elem_index,
    field_code,
    guarded,
    masked,
    type_elems,
)
from vcspec.model import ir
from vcspec.model.evaluate import SEQUENCE_OPS, EvalError, check_fits
from vcspec.model.types import BOOL, INT, IntT

_COMPARE = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_FLIP = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}
_ARITH = {"add": "+", "sub": "-", "mul": "*"}
_SET_BITS = {"union": "({a} | {b})", "inter": "({a} & {b})", "diff": "({a} & ~{b})"}
_SET_SEM = {"union": "|", "inter": "&", "diff": "-"}
FALSE = Const(False, BOOL)
TRUE = Const(True, BOOL)


class Ops:
    def __init__(self, compiler):
        self.c = compiler
        self.quant = Quantifiers(self)

    # ------------------------------------------------------------ logic
    def logic(self, e: ir.Binary, scope) -> CV:
        if e.op == "and":
            return self.chain("and", [self.c.compile(x, scope) for x in _flatten(e, "and")])
        left = self.c.compile(e.left, scope)
        if e.op == "implies":
            left = self.negate(self.c.as_test(left)) if not isinstance(left, Const) else \
                Const(not left.value, BOOL)
        rest = _flatten(e.right, "or") if e.op == "implies" else _flatten(e, "or")[1:]
        operands = [left]
        for x in rest:
            if isinstance(operands[-1], Const) and operands[-1].value:
                break  # short-circuit: the rest is never evaluated
            operands.append(self.c.compile(x, scope))
        return self.chain("or", operands)

    def chain(self, op: str, operands: list[CV]) -> CV:
        """`and`/`or` of compiled operands, left to right, short-circuiting."""
        stop = op == "or"  # the constant that decides the chain
        tests: list[CV] = []
        for cv in operands:
            if isinstance(cv, Const):
                if bool(cv.value) != stop:
                    continue
                if not any(t.fails for t in tests):
                    return Const(stop, BOOL)
                tests.append(cv)
                break
            tests.append(self.c.as_test(cv))
        if not tests:
            return Const(not stop, BOOL)
        tests = self.merge(tests, negated=(op == "or"))
        if len(tests) == 1:
            return tests[0]
        code = f" {op} ".join(self.c.test(t) for t in tests)
        is_bool = all(isinstance(t, Const) or t.is_bool for t in tests)
        parts = tuple(tests) if op == "and" else ()
        return Test(f"({code})", BOOL, any(t.fails for t in tests), is_bool, conjuncts=parts)

    def merge(self, tests: list[CV], negated: bool) -> list[CV]:
        """Merge adjacent masked equalities on one state (`and`) or masked
        inequalities (`or`) into one masked test."""
        out: list[CV] = []
        for t in tests:
            prev = out[-1] if out else None
            if (isinstance(t, Test) and isinstance(prev, Test) and t.eq and prev.eq
                    and t.eq[0] == prev.eq[0] and t.eq[3] == negated == prev.eq[3]
                    and not t.eq[1] & prev.eq[1]):
                src, mask, bits = t.eq[0], t.eq[1] | prev.eq[1], t.eq[2] | prev.eq[2]
                out[-1] = masked(src, mask, bits, negated)
            else:
                out.append(t)
        return out

    def negate(self, t: Test | Const) -> CV:
        if isinstance(t, Const):
            return Const(not t.value, BOOL)
        if t.eq:
            src, mask, bits, neg = t.eq
            return masked(src, mask, bits, not neg)
        return Test(f"(not {t.code})", BOOL, t.fails)

    # ------------------------------------------------------------ binary operators
    def binary(self, e: ir.Binary, left: CV, right: CV) -> CV:
        op, c = e.op, self.c
        fails = left.fails or right.fails
        if op in ("eq", "ne"):
            test = self.equality(left, right)
            return test if op == "eq" else self.negate(test)
        if op in _COMPARE:
            return self.compare(op, left, right)
        if op in _ARITH:
            return Code(f"({c.sem(left)} {_ARITH[op]} {c.sem(right)})", INT, fails)
        if op in ("div", "mod"):
            helper = c.ns.add("_div", runtime.div if op == "div" else runtime.mod)
            return Code(f"{helper}({c.sem(left)}, {c.sem(right)})", INT, True)
        if op == "in":
            return self.membership(left, right)
        if op == "range":
            return Code(f"frozenset(range({c.sem(left)}, {c.sem(right)} + 1))", e.type, fails)
        return self.set_op(e, left, right)

    def equality(self, left: CV, right: CV) -> CV:
        c = self.c
        if isinstance(left, Const):
            left, right = right, left
        if isinstance(left, SlotRef) and isinstance(right, Const):
            bits = _encode(left.slot, right.value)
            if bits is None:
                return _checked_const(left, False)
            if left.check is None:
                return masked(left.src, left.slot.mask, bits, False)
            return Test(guarded(left, f"(({left.src} & {left.slot.mask}) == {bits})"), BOOL, True)
        if (isinstance(left, SlotRef) and isinstance(right, SlotRef)
                and left.slot.type == right.slot.type and left.slot.width == right.slot.width):
            a = guarded(left, _raw(left))
            b = guarded(right, _raw(right))
            if left.slot.off != right.slot.off:
                a = guarded(left, field_code(left.src, left.slot.off, left.slot.width))
                b = guarded(right, field_code(right.src, right.slot.off, right.slot.width))
            return Test(f"({a} == {b})", BOOL, left.fails or right.fails)
        elems = _set_elems(left) or _set_elems(right)
        if elems is not None:
            a, b = c.bits(left, elems), c.bits(right, elems)
            if a is not None and b is not None:
                return Test(f"({a.code} == {b.code})", BOOL, a.fails or b.fails)
        return Test(f"({c.sem(left)} == {c.sem(right)})", BOOL, left.fails or right.fails)

    def compare(self, op: str, left: CV, right: CV) -> CV:
        c = self.c
        if isinstance(left, Const) and not isinstance(right, Const):
            left, right, op = right, left, _FLIP[op]
        if (isinstance(left, SlotRef) and isinstance(left.slot, Leaf)
                and isinstance(left.slot.type, IntT) and isinstance(right, Const)
                and type(right.value) is int):
            return self.compare_field(op, left, right.value - left.slot.type.lo)
        return Test(f"({c.sem(left)} {_COMPARE[op]} {c.sem(right)})", BOOL,
                    left.fails or right.fails)

    def compare_field(self, op: str, left: SlotRef, code: int) -> CV:
        """An integer field against a constant (in code space), compared in
        place: the field's bits are code << off, so no shift is needed."""
        slot = left.slot
        top = (1 << slot.width) - 1
        if op in ("gt", "ge"):  # code' >= k
            k = code + 1 if op == "gt" else code
            if k <= 0 or k > top:
                return _checked_const(left, k <= 0)
            if k == 1 and left.check is None:
                return masked(left.src, slot.mask, 0, True)
            return Test(guarded(left, f"(({left.src} & {slot.mask}) >= {k << slot.off})"),
                        BOOL, left.fails)
        k = code + 1 if op == "le" else code  # code' < k
        if k <= 0 or k > top:
            return _checked_const(left, k > top)
        if k == 1 and left.check is None:
            return masked(left.src, slot.mask, 0, False)
        return Test(guarded(left, f"(({left.src} & {slot.mask}) < {k << slot.off})"), BOOL,
                    left.fails)

    def membership(self, elem: CV, coll: CV) -> CV:
        c = self.c
        elems = _set_elems(coll)
        if elems is not None:
            bits = c.bits(coll, elems)
            if isinstance(elem, Const):
                index = elem_index(elems).get(elem.value)
                if index is None:
                    if bits.fails:
                        return Test(f"({bits.code} < 0)", BOOL, True)
                    return FALSE
                if isinstance(coll, SlotRef) and coll.check is None:
                    bit = 1 << (coll.slot.off + index)
                    return masked(coll.src, bit, bit, False)
                return Test(f"(({bits.code} >> {index}) & 1 == 1)", BOOL, bits.fails)
            table = c.ns.add("_bit", {v: 1 << i for i, v in enumerate(elems)})
            return Test(f"(({bits.code} & {table}.get({c.sem(elem)}, 0)) != 0)", BOOL,
                        bits.fails or elem.fails)
        if isinstance(coll, Const) and isinstance(coll.value, frozenset):
            if isinstance(elem, SlotRef) and isinstance(elem.slot, Leaf):
                return self.leaf_in(elem, coll.value)
        return Test(f"({c.sem(elem)} in {c.sem(coll)})", BOOL, elem.fails or coll.fails)

    def leaf_in(self, elem: SlotRef, values: frozenset) -> CV:
        slot = elem.slot
        codes = sorted({slot.code_of(v) for v in values} - {None})
        if not codes:
            return _checked_const(elem, False)
        if len(codes) == slot.type.size() and elem.check is None:
            return TRUE
        if len(codes) == 1:
            if elem.check is None:
                return masked(elem.src, slot.mask, codes[0] << slot.off, False)
        shifted = [code << slot.off for code in codes]
        if len(shifted) <= 4:
            options = "(" + "".join(f"{v}, " for v in shifted) + ")"
        else:
            options = self.c.ns.const(frozenset(shifted))
        return Test(guarded(elem, f"(({elem.src} & {slot.mask}) in {options})"), BOOL, elem.fails)

    def set_op(self, e: ir.Binary, left: CV, right: CV) -> CV:
        c, op = self.c, e.op
        elems = _set_elems(left) or _set_elems(right) or type_elems(e.type)
        if elems is not None:
            a, b = c.bits(left, elems), c.bits(right, elems)
            if a is not None and b is not None:
                fails = a.fails or b.fails
                if op == "subseteq":
                    return Test(f"(({a.code} & ~{b.code}) == 0)", BOOL, fails)
                return Bits(_SET_BITS[op].format(a=a.code, b=b.code), elems, e.type, fails)
        fails = left.fails or right.fails
        if op == "subseteq":
            return Test(f"({c.sem(left)} <= {c.sem(right)})", BOOL, fails)
        return Code(f"({c.sem(left)} {_SET_SEM[op]} {c.sem(right)})", e.type, fails)

    # ------------------------------------------------------------ builtins
    def builtin(self, e: ir.Builtin, args: list[CV]) -> CV:
        c, name = self.c, e.name
        first = args[0]
        fails = any(a.fails for a in args)
        if name == "len":
            if isinstance(first, SlotRef) and isinstance(first.slot, Queue):
                return SlotRef(first.slot.length, first.src, e.type, first.check)
            if isinstance(first, SlotRef) and isinstance(first.slot, Set):
                first = c.bits(first, first.slot.elems)
            if isinstance(first, Bits):
                return Code(f"{first.code}.bit_count()", INT, first.fails)
            return Code(f"len({c.sem(first)})", INT, fails)
        if name == "head" and isinstance(first, SlotRef) and isinstance(first.slot, Queue):
            slot = first.slot
            nonempty = f"({first.src} & {slot.length.mask})"
            check = nonempty if first.check is None else f"({first.check} and {nonempty})"
            return c.slot_ref(slot.items[0], first.src, e.type, check)
        if name == "some":
            return self.unwrap(e, first)
        if name in ("head", "tail"):
            helper = c.ns.add("_q", runtime.head if name == "head" else runtime.tail)
            return Code(f"{helper}({c.sem(first)})", e.type, True)
        if name in SEQUENCE_OPS:
            helper = c.ns.add("_seq", runtime.sequence(name))
            inner = ", ".join(c.sem(a) for a in args)
            return Code(f"{helper}({inner})", e.type, True)
        if name == "append":
            return Code(f"({c.sem(first)} + ({c.sem(args[1])},))", e.type, fails)
        if name in ("min", "max"):
            return Code(f"{name}({c.sem(first)}, {c.sem(args[1])})", INT, fails)
        raise TypeError(f"{name}() cannot be compiled in an action")


    def unwrap(self, e: ir.Builtin, value: CV) -> CV:
        """some(x): an optional value used as a plain one; none is an error.
        In a leaf, code 0 is none; a boxed option has a presence bit."""
        c = self.c
        if isinstance(value, SlotRef) and isinstance(value.slot, (Leaf, Boxed)):
            slot = value.slot
            present = (f"({value.src} & {slot.mask})" if isinstance(slot, Leaf)
                       else f"({value.src} & {1 << slot.off})")
            check = present if value.check is None else f"({value.check} and {present})"
            inner = slot if isinstance(slot, Leaf) else slot.inner
            return SlotRef(inner, value.src, e.type, check)
        helper = c.ns.add("_q", runtime.some)
        return Code(f"{helper}({c.sem(value)})", e.type, True)


# ------------------------------------------------------------ module helpers
def _checked_const(cv: CV, value: bool) -> CV:
    if isinstance(cv, SlotRef) and cv.check is not None:
        return Test(f"({value} if {cv.check} else _fail())", BOOL, True)
    return Const(value, BOOL)


def _raw(cv: SlotRef) -> str:
    return f"({cv.src} & {cv.slot.mask})"


def _encode(slot, value) -> int | None:
    """The slot bits of a constant, or None if no value of the slot equals it."""
    if isinstance(slot, Leaf):
        code = slot.code_of(value)
        return None if code is None else code << slot.off
    try:
        check_fits(slot.type, value, None)
        return slot.encode(value)
    except (EvalError, KeyError, TypeError, IndexError, ValueError):
        return None


def _set_elems(cv: CV) -> tuple | None:
    if isinstance(cv, Bits):
        return cv.elems
    if isinstance(cv, SlotRef) and isinstance(cv.slot, Set):
        return cv.slot.elems
    return None


def _flatten(e: ir.Expr, op: str) -> list[ir.Expr]:
    if isinstance(e, ir.Binary) and e.op == op:
        return _flatten(e.left, op) + _flatten(e.right, op)
    return [e]



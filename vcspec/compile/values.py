"""What the expression compiler knows about a compiled expression.

  Const    the value is known at compile time (parameters are folded)
  SlotRef  the value sits in a slot of a state int held in local `src`;
           reads stay symbolic so that tests become masked comparisons
  Bits     a set as a bitmask over a fixed element domain
  Test     a condition: `code` is truthy exactly when it holds; `eq` keeps
           (src, mask, bits, negated) of a masked equality for merging
  Code     any other value: `code` evaluates to the exact semantic value

`fails` means evaluating may raise ActionError (a runtime error of the spec).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vcspec.compile.layout import Leaf, Set, Slot
from vcspec.model.types import BOOL, INT, BoolT, IntT, Type


@dataclass(frozen=True)
class Const:
    value: object
    type: Type
    fails = False


@dataclass(frozen=True)
class SlotRef:
    slot: Slot
    src: str
    type: Type
    check: str | None = None  # must be truthy, else ActionError

    @property
    def fails(self) -> bool:
        return self.check is not None


@dataclass(frozen=True)
class Bits:
    code: str
    elems: tuple
    type: Type
    fails: bool = False


@dataclass(frozen=True)
class Test:
    code: str
    type: Type
    fails: bool = False
    is_bool: bool = True  # code yields True/False (not only truthy values)
    eq: tuple | None = None  # (src, mask, bits, negated)
    conjuncts: tuple = ()  # an `and` chain: its operands, in order


@dataclass(frozen=True)
class Code:
    code: str
    type: Type
    fails: bool = False


CV = Const | SlotRef | Bits | Test | Code


def guarded(cv: SlotRef, code: str) -> str:
    """Wrap code that reads a slot in the slot's validity check."""
    if cv.check is None:
        return code
    return f"({code} if {cv.check} else _fail())"


def shifted(src: str, off: int) -> str:
    return src if off == 0 else f"({src} >> {off})"


def field_code(src: str, off: int, width: int) -> str:
    """The raw code of a field: (src >> off) & mask."""
    return f"({shifted(src, off)} & {(1 << width) - 1})"


def leaf_value(slot: Leaf, src: str, ns) -> str:
    """Source for the semantic value of a leaf slot."""
    code = field_code(src, slot.off, slot.width)
    t = slot.type
    if isinstance(t, IntT):
        return code if t.lo == 0 else f"({code} + {t.lo})"
    if isinstance(t, BoolT):
        return f"({code} == 1)"
    if slot.domain is not None:
        return f"{ns.const(slot.domain)}[{code}]"
    return f"{ns.add('_leaf', slot.value_of)}({code})"


def is_bits_slot(slot: Slot) -> bool:
    return isinstance(slot, Set)


def masked(src: str, mask: int, bits: int, negated: bool) -> Test:
    op = "!=" if negated else "=="
    return Test(f"(({src} & {mask}) {op} {bits})", BOOL, False, True, (src, mask, bits, negated))


def type_elems(t) -> tuple | None:
    elem = getattr(t, "elem", None)
    if elem is None or not elem.finite or elem.size() > 64:
        return None
    return elem.domain()


def elem_type(e):
    return e.domain.type.elem if getattr(e.domain.type, "elem", None) else INT


@cache
def elem_index(elems: tuple) -> dict:
    return {v: i for i, v in enumerate(elems)}


def scoped(code: str) -> str:
    """A comprehension's iterable may not hold `:=`: evaluate it in a lambda."""
    return f"(lambda: {code})()" if ":=" in code else code

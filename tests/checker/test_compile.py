"""The state layout and the generated code."""

from __future__ import annotations

import io
import keyword
import re
import tokenize

import pytest
from conftest import ROOT, spec

from vcspec.compile.build import build
from vcspec.compile.layout import make_slot
from vcspec.explicit.symmetry import Symmetry
from vcspec.model import load
from vcspec.model.types import BoolT, EnumT, IntT, MapT, OptionT, QueueT, RecordT, SetT

E = EnumT("E", ("A", "B", "C"))
TYPES = [
    BoolT(), IntT(-2, 3), IntT(5, 5), E, OptionT(E), OptionT(IntT(0, 2)), SetT(E),
    QueueT(IntT(0, 2), 2), MapT(E, IntT(0, 1)), RecordT((("f", BoolT()), ("g", OptionT(E)))),
    OptionT(RecordT((("a", IntT(0, 1)),))), QueueT(RecordT((("k", E), ("n", BoolT()))), 2),
    MapT(IntT(0, 1), QueueT(E, 1)), SetT(RecordT((("x", BoolT()), ("y", OptionT(E))))),
]


@pytest.mark.parametrize("t", TYPES, ids=str)
def test_every_value_round_trips_and_equal_values_have_equal_bits(t):
    slot = make_slot(t, 7)
    seen = {}
    for value in t.domain():
        bits = slot.encode(value)
        assert bits & ~slot.mask == 0
        assert slot.decode(bits) == value
        assert bits not in seen
        seen[bits] = value
    assert len(seen) == t.size()


SAFE_NAMES = re.compile(
    r"(_(k|t|s|bset|dec|leaf|ix|at|fld|div|q|sv|bit|set|enc|qop|img|canon|orbit|pred|"
    r"terminal|admits|scan|pscan|chunk|step)\d*|c\d+|[stdijr]|push|par|add|tgt|lab|offs|seen|states|"
    r"parents|lo|hi|counts|errs|viol|dead|canon|targets|labels|offsets|out|append|get|"
    r"bit_count|ActionError|_fail|range|len|min|max|frozenset|sum|all|any|bool|"
    r"enumerate)\Z")


def names_in(source: str) -> set[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.string for t in tokens if t.type == tokenize.NAME
            and not keyword.iskeyword(t.string)}


HOSTILE = """
enum Evil { __import__, system, exec, eval }
process os {
  var open : Evil = system
  var q : queue of Evil max 2
  action __class__(globals: Evil) when open != globals { open := globals  push(q, open) }
  action remove when len(q) > 0 { pop(q) }
}
invariant getattr: os.open != eval
monitor subprocess {
  on os.__class__(g) require g != exec else "\\"); import os; os.system('x') #"
}
"""


def test_generated_code_holds_no_spec_text():
    ts = build(spec(HOSTILE))
    ts.chunk("plain")
    ts.chunk("graph")
    ts.invariant_scan((0,))
    ts.builder.predicate_scan(ts.model.invariants[0].expr)
    source = "\n".join(ts.builder.sources)
    assert "'" not in source and '"' not in source
    assert names_in(source) <= {n for n in names_in(source) if SAFE_NAMES.match(n)}
    for name in ("__import__", "system", "exec", "eval", "os", "globals", "getattr",
                 "subprocess", "remove", "__class__", "open"):
        assert name not in names_in(source)


def test_symmetry_code_holds_no_spec_text():
    model = spec("const N = 3\nsymmetric enum system[N]\nprocess os { var m : [system] -> "
                 "system?\n action exec(x: system) { m[x] := x } }\n")
    ts = build(model)
    sym = Symmetry(ts.layout, [model.enums["system"]])
    assert sym.count == 6


def test_fixed_fields_compile_to_masked_tests():
    ts = build(load(ROOT / "specs" / "examples" / "covc.vcspec", {"K": "2"}))
    # Vc.DeleteVc(0): st == Closing and pend == 0 merge into one masked test
    assert "if not (((s & 3079) == 3) and ((s & 192) != 0)):" in ts.source
    assert "t = (s & -200) | 65" in ts.source  # CmCreate(0): two fields in one update

"""Action properties: `always step Name: P` with old(e) reading the state before
the step (and old(e) in a monitor's `ensure`), in the explicit engine (both
backends), the naive explorer on the reference semantics and the z3 encoding
(BMC, k-induction, PDR)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import spec
from naive import explore

from vcspec.api import check
from vcspec.model import analyse_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "symbolic"))

TEXT = """
spec Mono
process P {
  var x: 0..3
  var y: 0..3
  action Inc when x < 3 { x := x + 1 }
  action Drop when y > 0 and x == 3 { y := y - 1  x := 0 }
  action Up when y < 3 { y := y + 1 }
}
always step XGrows: P.x >= old(P.x)
always step YMovesByOne: P.y - old(P.y) in -1..1
monitor UpAddsOne {
  on P.Up() ensure P.y == old(P.y) + 1
}
"""


def test_verdicts_and_shortest_traces_agree_with_the_naive_explorer():
    model = spec(TEXT)
    report = check(model)
    naive = explore(model)
    assert report.find("XGrows").verdict.name == "VIOLATED"
    # the shortest: Up (y = 1), Inc three times, Drop (x back to 0) = 5 steps
    assert len(report.find("XGrows").trace.steps) - 1 == naive.violations["XGrows"] == 5
    assert "YMovesByOne" not in naive.violations and "UpAddsOne" not in naive.violations
    assert report.find("YMovesByOne").verdict.name == "HOLDS"
    assert report.find("UpAddsOne").verdict.name == "HOLDS"
    assert check(model, backend="native").find("XGrows").verdict.name == "VIOLATED"


def test_symbolic_engines_agree():
    pytest.importorskip("z3")
    from agree import compare

    from vcspec.symbolic.api import check_symbolic

    model = spec(TEXT)
    assert compare(model, max_states=16) == 16
    bmc = check_symbolic(model, "bmc", properties=["XGrows"]).find("XGrows")
    assert bmc.verdict.name == "VIOLATED" and len(bmc.trace.steps) - 1 == 5
    for engine in ("kind", "pdr"):
        found = check_symbolic(model, engine, properties=["YMovesByOne"]).find("YMovesByOne")
        assert found.verdict.name == "HOLDS", engine


def test_old_outside_a_step_is_an_error():
    text = TEXT.replace("invariant", "").replace(
        "action Inc when x < 3", "action Inc when x < old(x)") + "invariant I: old(P.x) == 0\n"
    checked = analyse_text(text, name="t.vcspec")
    codes = [d.code for d in checked.diagnostics if d.is_error]
    assert codes == ["VCS210", "VCS210"]


def test_step_properties_format_back():
    from vcspec.model.diagnostics import Diagnostics
    from vcspec.model.format import format_source
    from vcspec.model.parse import parse_source
    from vcspec.model.source import SourceFile

    out = format_source(parse_source(SourceFile("t.vcspec", TEXT), Diagnostics()))
    assert "always step XGrows: P.x >= old(P.x)" in out
    assert "on P.Up() ensure P.y == old(P.y) + 1" in out

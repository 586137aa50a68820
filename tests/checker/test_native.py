"""The native backend (vcspec/native: successors in generated C) against the
Python reference engine: the same states in the same order, parents,
transitions (graph mode), per-instance counts, dead ends, runtime errors,
monitor failures and first violations; the same reports (verdicts, counts,
traces). Where the native path does not apply, the python backend runs and
the report says why."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, spec
from hypothesis import HealthCheck, assume, given, settings
from specgen import specs

import vcspec.native.expander as native_expander
from vcspec.api import check
from vcspec.compile.build import build
from vcspec.engine.limits import Limits
from vcspec.explicit.bfs import Search, Selection
from vcspec.model import analyse_text, load
from vcspec.native.cgen import Unsupported
from vcspec.native.expander import NativeExpander
from vcspec.report.json_report import report_dict

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None,
                                reason="no C compiler")

SUPPORTED = [
    ("covc", {"K": "3"}), ("covc_bug", {"K": "2"}), ("dining_philosophers", {"N": "3"}),
    ("dining_philosophers", {"N": "3", "ORDERED": "false"}), ("tcp_connection", {"CAP": "2"}),
    ("two_phase_commit", {}), ("alternating_bit", {}), ("readers_writers", {}),
]
FIELDS = ("states", "parents", "level_ends", "counts", "invariants", "monitors", "runtime",
          "deadlock", "dead_ends", "targets", "labels", "offsets")


def explorations(ts, graph: bool):
    selection = Selection(tuple(range(len(ts.state_checks))), tuple(range(len(ts.step_checks))),
                          True)
    reference = Search(ts, selection, Limits(), graph=graph).run()
    fast = Search(ts, selection, Limits(), graph=graph, expander=NativeExpander(ts, graph)).run()
    return reference, fast


def assert_same_exploration(ts) -> None:
    for graph in (False, True):
        reference, fast = explorations(ts, graph)
        for name in FIELDS:
            assert getattr(fast, name) == getattr(reference, name), (name, graph)


def comparable(report) -> dict:
    out = report_dict(report)
    for key in ("seconds", "states_per_second", "peak_memory_bytes"):
        out["stats"].pop(key)
    out.pop("notes")
    return out


def assert_same_reports(model) -> None:
    reference = check(model)
    fast = check(model, backend="native")
    assert fast.notes and fast.notes[0].startswith("backend: native"), fast.notes
    assert comparable(fast) == comparable(reference)


@pytest.mark.parametrize("name, consts", SUPPORTED, ids=str)
def test_examples_native_equals_python(name, consts):
    model = load(ROOT / "specs" / "examples" / f"{name}.vcspec", consts)
    assert_same_exploration(build(model))
    assert_same_reports(model)


def test_a_violated_invariant_and_a_deadlock_have_the_same_first_trace():
    model = load(ROOT / "specs" / "examples" / "covc_bug.vcspec", {"K": "2"})
    reference, fast = check(model), check(model, backend="native")
    violated = [p for p in reference.properties if p.trace is not None]
    assert violated  # the seeded bug is found
    for prop in violated:
        other = fast.find(prop.name)
        assert [s.state for s in other.trace.steps] == [s.state for s in prop.trace.steps]


MONITORED = """
process P {
  var x: 0..3 = 0
  var y: bool = false
  action Up when x < 3 { x := x + 1 }
  action Flip { y := not y }
  action Down when x > 0 { x := x - 2 }
}
monitor M {
  var ups: 0..1 = 0
  on P.Up() require not P.y else "up while y"
  on P.Flip() ensure P.x < 3 else "flipped at 3"
  on P.Down() { ups := 1 }
}
invariant Small: P.x < 3
"""


def test_runtime_errors_and_monitors_agree():
    model = spec(MONITORED)
    ts = build(model)
    assert ts.step_checks
    assert_same_exploration(ts)
    assert_same_reports(model)
    reference, _ = explorations(ts, False)
    assert reference.runtime is not None and reference.monitors and reference.invariants


def test_instances_outside_the_subset_are_called_back():
    """alternating_bit encodes a record into a queue: those instances run
    their Python step function from C (and the states still agree, above)."""
    model = load(ROOT / "specs" / "examples" / "alternating_bit.vcspec")
    ts = build(model)
    expander = NativeExpander(ts, False)
    assert expander.called_back and len(expander.called_back) < len(expander.order)


def test_the_flagship_agrees_with_every_property():
    """CoNDIS at NVC=1: monitors, fairness, temporal properties (graph mode),
    two instances called back."""
    model = load(ROOT / "specs" / "condis" / "condis.vcspec", {"NVC": "1"})
    assert_same_exploration(build(model))
    assert_same_reports(model)


WIDE = "process P {\n" + "".join(f"  var v{n}: 0..255 = 0\n" for n in range(8)) + \
    "  action Up when v0 < 255 { v0 := v0 + 1 }\n}\n"


def test_unsupported_models_fall_back_to_python_with_a_note():
    model = spec(WIDE)  # 64 bits of state
    with pytest.raises(Unsupported):
        NativeExpander(build(model), False)
    fast = check(model, backend="native")
    assert fast.notes[0].startswith("backend: python (native unsupported: the state needs 64")
    assert comparable(fast) == comparable(check(model))


def test_symmetry_keeps_python_with_a_note():
    model = load(ROOT / "specs" / "condis" / "condis.vcspec", {"NVC": "1"})
    fast = check(model, backend="native", properties=["NoDataTransferAfterClose"])
    assert fast.notes and fast.notes[0].startswith("backend: python")


def test_no_compiler_falls_back(monkeypatch, tmp_path):
    monkeypatch.setenv("VCSPEC_NATIVE_CACHE", str(tmp_path))
    monkeypatch.setattr(native_expander.shutil, "which", lambda name: None)
    model = load(ROOT / "specs" / "examples" / "two_phase_commit.vcspec")
    fast = check(model, backend="native")
    assert fast.notes == ["backend: python (native unsupported: no C compiler (gcc or cc) "
                          "on the PATH)"]


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(specs())
def test_random_specs_native_equals_python(text):
    checked = analyse_text(text, "random.vcspec")
    assume(checked.ok)
    ts = build(checked.model)
    try:
        NativeExpander(ts, False)
    except Unsupported:
        assume(False)
    assert_same_exploration(ts)
    assert_same_reports(checked.model)

"""ITF files back into traces (typed by the spec or inferred), and step tables."""

from __future__ import annotations

import json

import pytest

from vcspec.api import check
from vcspec.diagram.itf_read import ItfError, parse_itf
from vcspec.diagram.table import html_table, step_table, text_table
from vcspec.model import loads
from vcspec.report import itf

SEESAW = """
process P { var x: 0..2 = 0  var log: set of 0..2 = {}
  action Up when x < 2 { x := x + 1  log := log union {x} }
  action Down when x > 0 { x := x - 1 } }
temporal ReachesTwo: eventually P.x == 2
"""


def _round_trip(model, name):
    report = check(model, properties=[name])
    result = report.find(name)
    return result.trace, json.loads(itf.dumps(report, result))


def test_typed_round_trip(phone):
    trace, data = _round_trip(phone, "BusyOnlyOffHook")
    back = parse_itf(data, phone)
    assert back.property == "BusyOnlyOffHook" and back.verdict == "VIOLATED"
    assert [s.state for s in back.trace.steps] == [s.state for s in trace.steps]
    assert [s.label for s in back.trace.steps] == [s.label for s in trace.steps]
    assert [s.args for s in back.trace.steps] == [s.args for s in trace.steps]
    assert back.trace.violation == trace.violation


def test_lasso_round_trip_restores_the_closing_step():
    model = loads(SEESAW, "seesaw.vcspec")
    trace, data = _round_trip(model, "ReachesTwo")
    assert "loopBack" in data["#meta"]
    back = parse_itf(data, model).trace
    assert back.loop_start == trace.loop_start and not back.stutters
    assert [s.state for s in back.steps] == [s.state for s in trace.steps]
    assert back.steps[-1].label == trace.steps[-1].label


def test_untyped_decoding_is_enough_to_show(phone):
    _, data = _round_trip(phone, "BusyOnlyOffHook")
    back = parse_itf(data).trace
    table = step_table(back)
    assert table.columns == ["Caller.line", "Switch.busy"]
    assert table.rows[-1].values == {"Caller.line": "OnHook", "Switch.busy": "true"}


def test_a_trace_of_other_constants_is_refused(example):
    covc = example("covc", K=1)
    report = check(covc, properties=["NoDataOnDeadVc"], max_states=50)
    assert report.find("NoDataOnDeadVc").trace is None
    data = {"vars": ["Vc.st"], "states": [{"Vc.st": {"#map": [[0, "Idle"], [1, "Idle"]]}}]}
    with pytest.raises(ItfError, match="other constants"):
        parse_itf(data, covc)
    with pytest.raises(ItfError, match="no .states."):
        parse_itf({"vars": []})


def test_step_tables(phone_trace, phone):
    table = step_table(phone_trace, phone)
    assert [r.changed for r in table.rows] == [set(), {"Caller.line"},
                                               {"Caller.line", "Switch.busy"}, {"Caller.line"}]
    text = text_table(table)
    assert "step 2: Caller.Dial(true)" in text or "step 2: Caller.Dial(false)" in text
    assert "    Switch.busy := true" in text
    assert text.rstrip().endswith("violation: BusyOnlyOffHook is false in the last state")
    html = html_table(table, current=2, extra={"Switch.busy": [False, False, True, True]})
    assert html.count('class="cur"') == 1 and "class=ch" in html
    assert "<th>Switch.busy</th>" in html

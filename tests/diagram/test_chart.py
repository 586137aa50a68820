"""Sequence charts: who sends, who receives, lanes, loops, and the fixed layout."""

from __future__ import annotations

import re
from pathlib import Path

from vcspec.api import check
from vcspec.diagram.chart import sequence_chart
from vcspec.diagram.chart_dot import chart_dot, lane_positions
from vcspec.model import analyse_text, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"

RELAY = """
enum Msg { NoMsg, Req, Ack }
process Client {
  var asked: bool = false
  action Ask when not asked { asked := true  Ndis.inbox := Req }
  action Think when asked { asked := asked }
}
process Ndis {
  var inbox: Msg = NoMsg
  var seen: 0..3 = 0
  action Forward when inbox == Req {
    inbox := NoMsg  seen := seen + 1  Cm.got := true  Remote.rung := true  Remote.count := 1
  }
}
process Cm { var got: bool = false
  action Answer when got { got := false  Ndis.inbox := Ack } }
process Remote { var rung: bool = false  var count: 0..1 = 0 }
invariant NoAck: Ndis.inbox != Ack
"""


def _trace(model, name):
    return check(model, properties=[name]).find(name).trace


def test_sender_receiver_rule():
    model = loads(RELAY, "relay.vcspec")
    chart = sequence_chart(_trace(model, "NoAck"), model, "t", "NoAck")
    ask, forward, answer = chart.messages
    assert (ask.sender, ask.receiver) == ("Client", "Ndis")
    assert ask.changes == ["Client.asked := true", "inbox := Req"]
    # Forward changes Ndis itself, Remote (2 entries) and Cm (1): Remote receives
    assert (forward.sender, forward.receiver, forward.also) == ("Ndis", "Remote", ["Cm"])
    assert (answer.sender, answer.receiver) == ("Cm", "Ndis")
    assert chart.end == "NoAck is false in the last state" and chart.property == "NoAck"


def test_local_steps_and_families():
    checked = analyse_text('import "covc.vcspec"\ninvariant Two: Vc[1].st != Active',
                           "two.vcspec", {"K": "2"}, base=EXAMPLES / "two.vcspec")
    model = checked.model
    trace = _trace(model, "Two")
    chart = sequence_chart(trace, model)
    assert chart.lanes == ["Vc[1]"]
    assert all(m.receiver is None and m.sender == "Vc[1]" for m in chart.messages)


def test_lanes_keep_arrows_short():
    model = loads(RELAY, "relay.vcspec")
    chart = sequence_chart(_trace(model, "NoAck"), model)
    at = {lane: k for k, lane in enumerate(chart.lanes)}
    cost = sum(abs(at[m.sender] - at[m.receiver]) for m in chart.messages)
    assert cost == 4  # Ndis talks to three lanes: one of them is two lanes away
    # ties: in order of first appearance (Remote receives before Cm sends)
    assert chart.lanes == ["Client", "Ndis", "Remote", "Cm"]


SEESAW = """
process P { var x: 0..2 = 0
  action Up when x < 2 { x := x + 1 }
  action Down when x > 0 { x := x - 1 } }
temporal ReachesTwo: eventually P.x == 2
"""


def test_lasso_is_marked():
    model = loads(SEESAW, "seesaw.vcspec")
    trace = _trace(model, "ReachesTwo")
    assert trace.loop_start is not None and not trace.stutters
    chart = sequence_chart(trace, model, property="ReachesTwo")
    assert all(m.loop == (m.step > chart.loop_start) for m in chart.messages)
    assert any(m.loop for m in chart.messages)
    assert "label=loop" in chart_dot(chart)


def test_chart_dot_pins_every_node(phone, phone_trace):
    chart = sequence_chart(phone_trace, phone, "Counterexample", "BusyOnlyOffHook")
    source = chart_dot(chart)
    assert "layout=neato" in source and "inputscale=72" in source
    nodes = [n for n in re.findall(r"^\t(\w+) \[", source, re.M)
             if n not in ("graph", "node", "edge")]
    pinned = re.findall(r"^\t(\w+) \[.*pos=\"-?\d+,-?\d+!\"", source, re.M)
    assert nodes and set(nodes) == set(pinned)
    xs = lane_positions(chart)
    assert xs == sorted(xs) and xs[1] - xs[0] >= 130

"""Monitors: explored as a product with their own variables; require/ensure
on steps, always on states."""

from __future__ import annotations

from conftest import spec

from vcspec.api import check
from vcspec.engine.result import Verdict

BASE = """
enum Vc { v1, v2 }
enum St { Idle, Open }
process Ndis { var st : [Vc] -> St = Idle }
process Client {
  action Open(v: Vc) when Ndis.st[v] == Idle { Ndis.st[v] := Open }
  action Close(v: Vc) when Ndis.st[v] == Open { Ndis.st[v] := Idle }
  action Send(v: Vc) { }
}
"""


def test_monitor_variables_are_part_of_the_state():
    plain = check(spec(BASE)).stats.distinct_states
    counted = check(spec(BASE + """
    monitor Opens {
      var opened : 0..3 = 0
      on Client.Open(v) { opened := min(opened + 1, 3) }
    }
    """)).stats.distinct_states
    assert plain == 4 and counted > plain


def test_require_reads_the_state_before_the_step():
    report = check(spec(BASE + """
    monitor NoSendOnIdle {
      on Client.Send(v) require Ndis.st[v] == Open else "send on a VC that is not open"
    }
    """))
    prop = report.find("NoSendOnIdle")
    assert prop.verdict is Verdict.VIOLATED
    assert prop.trace_length == 1
    assert prop.trace.steps[-1].label == "Client.Send(v1)"
    assert "send on a VC that is not open" in prop.message


def test_ensure_reads_the_state_after_the_step_and_when_filters():
    report = check(spec(BASE + """
    monitor OpenOpens {
      var closes : 0..1 = 0
      on Client.Open(v) ensure Ndis.st[v] == Open else "open did not open"
      on Client.Close(v) when v == v2 { closes := 1 }
      always closes == 0 else "v2 was closed"
    }
    """))
    prop = report.find("OpenOpens")
    assert prop.verdict is Verdict.VIOLATED
    assert prop.message == "v2 was closed"
    assert [s.label for s in prop.trace.steps[1:]] == ["Client.Open(v2)", "Client.Close(v2)"]
    assert prop.trace.steps[-1].state["OpenOpens.closes"] == 1

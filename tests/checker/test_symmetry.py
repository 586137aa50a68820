"""Symmetry reduction on symmetric enums: fewer states, the same verdicts,
real traces, and counts reported both ways."""

from __future__ import annotations

import pytest
from conftest import spec

from vcspec.api import check
from vcspec.engine.result import Verdict

VCS = """
const NVC = 2
symmetric enum Vc[NVC]
enum St { Idle, Open, Closing }
process Ndis {
  var st      : [Vc] -> St = Idle
  var sending : set of Vc = {}
  var last    : Vc? = none
  var order   : queue of Vc max 2
}
process Client {
  action Open(v: Vc) when Ndis.st[v] == Idle {
    Ndis.st[v] := Open
    Ndis.last := v
    if len(Ndis.order) < 2 { push(Ndis.order, v) }
  }
  action Send(v: Vc) when Ndis.st[v] == Open { Ndis.sending := Ndis.sending union {v} }
  action Close(v: Vc) when Ndis.st[v] == Open { Ndis.st[v] := Closing }
  action Done(v: Vc) when Ndis.st[v] == Closing {
    Ndis.st[v] := Idle
    Ndis.sending := Ndis.sending - {v}
    if len(Ndis.order) > 0 { pop(Ndis.order) }
  }
}
invariant NoSendWhenIdle: forall v in Vc: Ndis.st[v] == Idle implies v not in Ndis.sending
invariant TwoClosing: (count v in Vc: Ndis.st[v] == Closing) < 2
"""

FAMILY = """
const N = 2
symmetric enum Node[N]
enum Mode { Out, Waiting, In }
process Lock { var holder : Node? = none }
process P[n: Node] {
  var mode : Mode = Out
  action Ask when mode == Out { mode := Waiting }
  action Enter when mode == Waiting and Lock.holder == none { mode := In  Lock.holder := n }
  action Leave when mode == In { mode := Out  Lock.holder := none }
}
invariant Mutex: forall a in Node, b in Node: P[a].mode == In and P[b].mode == In implies a == b
"""


@pytest.mark.parametrize("text, consts", [(VCS, {"NVC": 3}), (FAMILY, {"N": 3}),
                                          (FAMILY, {"N": 4})])
def test_reduction_counts_both_ways(text, consts):
    model = spec(text, **consts)
    full = check(model, symmetry=False)
    reduced = check(model)
    assert reduced.symmetry and not full.symmetry
    assert full.stats.distinct_states_unreduced is None
    assert reduced.stats.distinct_states < full.stats.distinct_states
    assert reduced.stats.distinct_states_unreduced == full.stats.distinct_states
    assert reduced.stats.depth == full.stats.depth
    for a, b in zip(full.properties, reduced.properties):
        assert (a.name, a.verdict, a.trace_length) == (b.name, b.verdict, b.trace_length)


def test_trace_under_symmetry_is_real_and_shortest():
    report = check(spec(VCS, NVC=3), properties=["TwoClosing"])
    prop = report.find("TwoClosing")
    assert prop.verdict is Verdict.VIOLATED and prop.trace_length == 4
    labels = [s.label for s in prop.trace.steps[1:]]
    assert sorted(label.split("(")[0] for label in labels) == [
        "Client.Close", "Client.Close", "Client.Open", "Client.Open"]


def test_symmetry_is_off_with_temporal_properties():
    text = FAMILY + "temporal Enters: forall n in Node: P[n].mode == Waiting leadsto " \
                    "P[n].mode == In\nfairness weak P, weak Lock\n"
    report = check(spec(text, N=3))
    assert not report.symmetry
    assert any("symmetry reduction is off" in w for w in report.warnings)
    safety = check(spec(text, N=3), properties=["Mutex"])
    assert safety.symmetry


@pytest.mark.parametrize("text, consts", [(VCS, {"NVC": 3}), (FAMILY, {"N": 3})])
def test_compiled_permutations_agree_with_renaming_values(text, consts):
    from vcspec.compile.build import build
    from vcspec.engine.limits import Limits
    from vcspec.explicit.bfs import Search, Selection
    from vcspec.explicit.symmetry import make_symmetry, permutations, rename

    model = spec(text, **consts)
    ts = build(model)
    sym = make_symmetry(model, ts.layout)
    perms = permutations([model.enums[n] for n in model.symmetry])
    ex = Search(ts, Selection((), (), False), Limits()).run()
    types = [v.type for v in model.vars]
    for state in ex.states:
        values = ts.decode(state)
        images = {ts.layout.encode(tuple(rename(v, t, pi) for v, t in zip(values, types)), {})
                  for pi in perms}
        assert sym.canon(state) == min(images)
        assert sym.orbit(state) == len(images)


def test_runtime_and_monitor_traces_use_the_permuted_instance():
    # Busy has code 0, so the canonical state puts the busy VC last while the
    # concrete path (first instance first) makes Vc1 busy: the failing step
    # must be the counterpart instance at the concrete state.
    model = spec("""
    const N = 3
    symmetric enum Vc[N]
    enum St { Busy, Idle }
    process P {
      var st : [Vc] -> St = Idle
      var x : 0..3 = 0
      action Take(v: Vc) when st[v] == Idle { st[v] := Busy }
      action Fail(v: Vc) when st[v] == Busy { x := x + 5 }
    }
    monitor M { on P.Take(v) require forall w in Vc: P.st[w] == Idle else "second take" }
    """)
    report = check(model)
    assert report.symmetry
    runtime = report.find("runtime")
    assert runtime.verdict is Verdict.VIOLATED and runtime.trace_length == 1
    assert runtime.message.startswith("P.Fail(Vc1) fails")
    monitor = report.find("M")
    assert monitor.verdict is Verdict.VIOLATED and monitor.trace_length == 2

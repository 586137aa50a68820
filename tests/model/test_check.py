"""The checked model: name resolution, desugaring, constants, imports, and the
reference semantics of vcspec/model/evaluate.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcspec.model import analyse, analyse_text, ir, loads
from vcspec.model.evaluate import Env, EvalError, evaluate, execute
from vcspec.model.types import EnumT, IntT, MapT, SetT


def codes(text: str, **consts: str) -> list[str]:
    return [d.code for d in analyse_text(text, consts=consts).diagnostics]


def errors(text: str, **consts: str) -> list[str]:
    return [d.code for d in analyse_text(text, consts=consts).diagnostics if d.is_error]


COUNTER = """
spec Counter
const MAX = 3
process P {
  var x : 0..MAX = 0
  action Inc when x < MAX { x := x + 1 }
  action Reset(to: 0..1) when x == MAX { x := to }
}
invariant Bounded: x_ok(P.x)
def x_ok(v: 0..MAX): bool = v <= MAX
"""


def step(model: ir.Model, action: str, state: tuple, **args) -> tuple:
    act = next(a for a in model.actions if a.name == action)
    env = Env(state, {}, args)
    assert evaluate(act.guard, env), f"{action} not enabled"
    out = list(state)
    execute(act.body, Env(out, {}, args))
    return tuple(out)


def initial(model: ir.Model) -> tuple:
    return tuple(evaluate(v.init, Env(())) for v in model.vars)


def test_counter_checks_and_steps() -> None:
    model = loads(COUNTER)
    assert [v.name for v in model.vars] == ["P.x"]
    assert model.vars[0].type == IntT(0, 3)
    assert [a.name for a in model.actions] == ["P.Inc", "P.Reset"]
    state = initial(model)
    for _ in range(3):
        state = step(model, "P.Inc", state)
    assert state == (3,)
    assert step(model, "P.Reset", state, to=1) == (1,)
    invariant = model.invariants[0]
    assert evaluate(invariant.expr, Env(state)) is True


def test_const_override_changes_types() -> None:
    model = loads(COUNTER, consts={"MAX": "5"})
    assert model.vars[0].type == IntT(0, 5)
    assert model.consts["MAX"] == 5


@pytest.mark.parametrize(("value", "code"), [("x", "VCS309"), ("true", "VCS309")])
def test_bad_const_override(value: str, code: str) -> None:
    assert code in errors(COUNTER, MAX=value)


def test_unknown_const_override() -> None:
    assert errors(COUNTER, NOPE="1") == ["VCS206"]


def test_sequential_assignment_semantics() -> None:
    model = loads("""
process P {
  var a : 0..9 = 1
  var b : 0..9 = 0
  action Step { a := a + 1  b := a * 2 }
}
invariant I: P.b <= 9
""")
    assert step(model, "P.Step", initial(model)) == (2, 4)


def test_runtime_range_error_is_an_eval_error() -> None:
    model = loads("""
process P {
  var a : 0..2 = 2
  action Up { a := a + 1 }
}
invariant I: P.a >= 0
""")
    with pytest.raises(EvalError, match="out of range 0..2"):
        step(model, "P.Up", initial(model))


def test_queue_push_pop_and_bounds() -> None:
    model = loads("""
process P {
  var q : queue of 0..3 max 2 = []
  action Put(v: 0..3) { push(q, v) }
  action Take when len(q) > 0 { pop(q) }
}
invariant I: len(P.q) <= 2
""")
    state = step(model, "P.Put", initial(model), v=3)
    state = step(model, "P.Put", state, v=1)
    assert state == ((3, 1),)
    with pytest.raises(EvalError, match="full queue"):
        step(model, "P.Put", state, v=0)
    assert step(model, "P.Take", state) == ((1,),)


def test_process_family_is_desugared_to_maps() -> None:
    model = loads("""
const N = 3
process Phil[p: 0..N-1] {
  var eating : bool = false
  action Eat when not eating and not Phil[(p + 1) % N].eating { eating := true }
}
invariant NotAll: exists p in 0..N-1: not Phil[p].eating
""")
    var = model.vars[0]
    assert var.name == "Phil.eating"
    assert var.type == MapT(IntT(0, 2), model.vars[0].type.value)
    action = model.actions[0]
    assert action.params[0] == ("p", IntT(0, 2))
    state = initial(model)
    assert state == ((False, False, False),)
    state = step(model, "Phil.Eat", state, p=0)
    assert state == ((True, False, False),)
    guard_env = Env(state, {}, {"p": 2})
    assert evaluate(action.guard, guard_env) is False  # neighbour 0 eats
    assert model.families == {"Phil": IntT(0, 2)}


def test_map_broadcast_init_and_nondeterministic_choice() -> None:
    model = loads("""
enum Call { Idle, Busy }
symmetric enum Vc[2]
process Ndis {
  var call : [Vc] -> Call = Idle
  var start : 0..3 in {1, 2}
  action Go(v: Vc) when call[v] == Idle { call[v] := Busy }
}
invariant I: Ndis.start > 0 and forall v in Vc: Ndis.call[v] in {Idle, Busy}
""")
    call, start = model.vars
    assert evaluate(call.init, Env(())) == ("Idle", "Idle")
    assert start.choice and evaluate(start.init, Env(())) == frozenset({1, 2})
    assert model.enums["Vc"] == EnumT("Vc", ("Vc1", "Vc2"), True)
    assert model.symmetry == ("Vc",)


def test_symmetric_member_named_disables_symmetry() -> None:
    result = analyse_text("""
symmetric enum Vc { a, b }
process P {
  var s : set of Vc = {}
  action Add(v: Vc) { s := s union {v} }
}
invariant I: a in P.s or true
""")
    assert result.model.symmetry == ()
    assert "VCS404" in [d.code for d in result.diagnostics]


def test_monitor_rules_bind_arguments() -> None:
    model = loads("""
enum Actor { Client, Cm }
process P {
  var owner : Actor? = none
  action Create(a: Actor) when owner == none { owner := a }
  action Delete(a: Actor) when owner != none { owner := none }
}
@rules(R60, R61)
monitor CreatorDeletes {
  var deletes : 0..3 = 0
  on P.Delete(who) require P.owner == who else "only the creator deletes"
  on P.Delete(_) when deletes < 3 { deletes := deletes + 1 }
  always deletes <= 3
}
""")
    monitor = model.monitors[0]
    assert monitor.rules == ("R60", "R61")
    assert [r.action for r in monitor.on_rules] == ["P.Delete", "P.Delete"]
    assert monitor.on_rules[0].binders == ("who",)
    assert monitor.on_rules[1].binders == (None,)
    check = monitor.on_rules[0].checks[0]
    assert check.kind == "require" and check.message == "only the creator deletes"
    env = Env(("Client",), {"CreatorDeletes": [0]}, {"who": "Cm"})
    assert evaluate(check.expr, env) is False


def test_fairness_groups() -> None:
    model = loads("""
process Phil[p: 0..1] {
  var x : bool
  action Flip { x := not x }
}
process Net {
  var y : bool
  action Send(n: 0..2) { y := not y }
}
temporal T: always eventually Net.y
fairness weak Phil, strong Net.Send, weak Net
""")
    weak_phil, strong_send, weak_net = model.fairness
    assert (weak_phil.actions, weak_phil.per_instance) == (("Phil.Flip",), 1)
    assert (strong_send.kind, strong_send.per_instance) == ("strong", 1)
    assert (weak_net.actions, weak_net.per_instance) == (("Net.Send",), 0)


@pytest.mark.parametrize("formula", [
    "always P.x", "eventually P.x", "always eventually P.x", "eventually always P.x",
    "P.x leadsto not P.x", "forall i in 0..1: P.x leadsto i == 0",
])
def test_supported_temporal_shapes(formula: str) -> None:
    text = f"process P {{ var x: bool action A {{ x := not x }} }}\ntemporal T: {formula}"
    assert errors(text) == []


@pytest.mark.parametrize("formula", ["always always P.x", "not eventually P.x",
                                     "eventually P.x and eventually not P.x"])
def test_unsupported_temporal_shapes(formula: str) -> None:
    text = f"process P {{ var x: bool action A {{ x := not x }} }}\ntemporal T: {formula}"
    assert "VCS310" in errors(text)


def test_all_errors_are_collected_not_just_the_first() -> None:
    text = """
process P {
  var x : 0..2
  action A { x := true  y := 1 }
  action B when x + true { x := 1 }
}
invariant I: z
"""
    assert errors(text) == ["VCS303", "VCS201", "VCS302", "VCS201"]


def test_quantifiers_sets_and_builtins_evaluate() -> None:
    model = loads("""
process P {
  var s : set of 0..4 = {1, 3}
  action A { s := {x + 1 for x in s} }
}
invariant I: (count x in 0..4: x in P.s) == len(P.s)
  and {x in 0..4 where x > 2} == {3, 4}
  and max(1, 2) == 2 and (forall x in P.s: x % 2 == 1 or x > 1)
  and [x > 2 for x in 0..4] [3]
""")
    state = initial(model)
    assert state == (frozenset({1, 3}),)
    assert evaluate(model.invariants[0].expr, Env(state)) is True
    assert step(model, "P.A", state) == (frozenset({2, 4}),)


def test_imports_merge_files_and_detect_cycles(tmp_path: Path) -> None:
    (tmp_path / "env.vcspec").write_text(
        "enum Call { Idle, Busy }\nprocess Ndis { var c : Call action Go { c := Busy } }\n")
    (tmp_path / "main.vcspec").write_text(
        'spec Main\nimport "env.vcspec"\ninvariant I: Ndis.c in {Idle, Busy}\n')
    checked = analyse(tmp_path / "main.vcspec")
    assert checked.ok and checked.model.name == "Main"
    assert [v.name for v in checked.model.vars] == ["Ndis.c"]
    (tmp_path / "a.vcspec").write_text('import "b.vcspec"\n')
    (tmp_path / "b.vcspec").write_text('import "a.vcspec"\n')
    assert [d.code for d in analyse(tmp_path / "a.vcspec").diagnostics] == ["VCS204"]


def test_imports_cannot_escape_to_arbitrary_files(tmp_path: Path) -> None:
    (tmp_path / "main.vcspec").write_text('import "/etc/passwd"\nimport "secret.txt"\n')
    diags = analyse(tmp_path / "main.vcspec").diagnostics
    assert [d.code for d in diags] == ["VCS203", "VCS203"]
    assert "a relative path to a '.vcspec' file" in diags[0].message
    assert "not found" in diags[1].message  # a library name: secret.txt.vcspec


def test_records_and_type_aliases() -> None:
    model = loads("""
enum Kind { Data, Ack }
type Msg = record { kind: Kind, seq: 0..1 }
process Ch {
  var q : queue of Msg max 2 = []
  var last : Msg = {kind: Ack, seq: 1}
  action Send(s: 0..1) { push(q, {kind: Data, seq: s}) }
  action Recv when len(q) > 0 { last := head(q)  pop(q) }
}
invariant I: Ch.last.seq <= 1
""")
    state = step(model, "Ch.Send", initial(model), s=1)
    state = step(model, "Ch.Recv", state)
    assert state == ((), ("Data", 1))
    assert isinstance(model.vars[0].type.elem.fields[0][1], EnumT)


def test_set_types_carry_element_types() -> None:
    model = loads("""
enum E { a, b }
process P { var s : set of E  action Add(x: E) { s := s union {x} } }
invariant I: len(P.s) <= 2
""")
    assert model.vars[0].type == SetT(EnumT("E", ("a", "b")))


def test_constant_ranges_keep_their_bounds() -> None:
    model = loads("""
const K = 3
process P {
  var m : [0..K-1] -> bool = [i == 0 for i in 0..K-1]
  action A(i: 0..K-1) { m[i] := not m[i] }
}
invariant I: (count i in 0..K-1: P.m[i]) <= K
""")
    assert evaluate(model.vars[0].init, Env(())) == (True, False, False)
    quant = model.invariants[0].expr.left
    assert quant.domain.type == SetT(IntT(0, 2))


def test_optional_values_unwrap_with_a_runtime_check() -> None:
    model = loads("""
enum Kind { A, B }
type R = record { k: Kind }
process P {
  var x : 0..3? = none
  var y : 0..3 = 0
  var r : R? = none
  var m : [0..3] -> bool = false
  action Set { x := 2  r := {k: B} }
  action Use when x != none { y := x + 1  m[x] := true }
  action Careless { y := x }
  action Read when r != none and r.k == B { y := 0 }
}
invariant I: P.y <= 3
""")
    state = step(model, "P.Set", initial(model))
    assert step(model, "P.Use", state)[1:] == (3, ("B",), (False, False, True, False))
    with pytest.raises(EvalError, match="none where a value is needed"):
        step(model, "P.Careless", initial(model))
    assert step(model, "P.Read", state)[1] == 0

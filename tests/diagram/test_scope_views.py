"""Expressions typed in the model's scope, and the views built from them."""

from __future__ import annotations

import pytest

from vcspec.diagram.scope import EvalFailure, ExprError, compile_expr, evaluate_state
from vcspec.diagram.views import ViewError, default_view, make_view, short_names
from vcspec.model import loads


def test_expression_is_typed_in_the_model_scope(phone):
    c = compile_expr(phone, "Caller.line")
    assert str(c.type) == "Line"
    assert evaluate_state(c, ("Ringing", True)) == "Ringing"
    assert evaluate_state(compile_expr(phone, "Caller.line == Ringing and Switch.busy"),
                          ("Ringing", True)) is True


def test_expression_errors_point_at_the_text(phone):
    with pytest.raises(ExprError) as error:
        compile_expr(phone, "Caller.lin == OnHook")
    assert "undefined name 'Caller.lin'" in str(error.value)
    assert "  ^^^^^^^^^^" in str(error.value)
    with pytest.raises(ExprError, match="unexpected end of file"):
        compile_expr(phone, "Caller.line ==")


def test_runtime_error_is_a_value_not_an_exception():
    model = loads("process P { var x: 0..2 = 0  action A when x < 2 { x := x + 1 } }")
    value = evaluate_state(compile_expr(model, "10 / P.x"), (0,))
    assert isinstance(value, EvalFailure) and "division by zero" in str(value)


def test_defs_and_families_are_in_scope(example):
    covc = example("covc", K=2)
    assert str(compile_expr(covc, "Vc[1].st").type) == "St"
    tcp = example("tcp_connection")
    assert compile_expr(tcp, "synchronized(Host[A].state)").type.__class__.__name__ == "BoolT"


def test_views(phone, example):
    assert make_view(phone, process="Caller").names == ["Caller.line"]
    assert make_view(phone, vars=["Caller.line", "Switch.busy"]).names == \
        ["Caller.line", "Switch.busy"]
    covc = example("covc", K=2)
    family = make_view(covc, process="Vc", key="1")
    assert [c.text for c in family.exprs] == ["Vc[1].st", "Vc[1].owner", "Vc[1].pend"]
    assert family.names == ["st", "owner", "pend"]
    assert [c.text for c in make_view(covc, process="Vc[0]").exprs][0] == "Vc[0].st"
    assert default_view(covc).title == "Vc[0].st"
    assert default_view(phone).title == "Caller.line"


def test_map_variables_are_taken_at_the_key():
    model = loads("""
        symmetric enum Vc[2]
        enum Call { Idle, Up }
        process Ndis {
          var call: [Vc] -> Call = Idle
          var count: 0..1 = 0
          action Up(v: Vc) when call[v] == Idle { call[v] := Up }
        }""")
    view = make_view(model, process="Ndis", key="Vc1")
    assert [c.text for c in view.exprs] == ["Ndis.call[Vc1]", "Ndis.count"]
    assert default_view(model).title == "Ndis.call[Vc1]"


@pytest.mark.parametrize("kwargs, words", [
    ({"process": "Nope"}, "no process 'Nope'"),
    ({"process": "Caller[0]"}, "not a family"),
    ({"key": "Vc1"}, "a key needs a process"),
    ({"process": "Caller", "vars": ["Caller.line"]}, "not both"),
])
def test_view_errors(phone, kwargs, words):
    with pytest.raises(ViewError, match=words.replace("[", r"\[").replace("]", r"\]")):
        make_view(phone, **kwargs)


def test_short_names():
    assert short_names(["Ndis.creator[Vc1]", "Ndis.act[Vc1]"]) == ["creator", "act"]
    assert short_names(["Ndis.call[Vc1]"]) == ["Ndis.call[Vc1]"]
    assert short_names(["A.x", "B.y"]) == ["A.x", "B.y"]


def test_a_client_under_a_contract_is_in_scope():
    """The scope re-reads the spec as analyse does, contracts applied (a client
    that leaves optional actions out and whose actions NDIS's statements join)."""
    from vcspec.model import load
    from vcspec.model.loader import LIBRARY

    model = load(LIBRARY / "templates" / "client.vcspec", {"NVC": "1"})
    compiled = compile_expr(model, "Ndis.sends[Vc1] + 1")
    assert compiled is not None

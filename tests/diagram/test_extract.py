"""Reachable graph -> diagram IR: projections, merged edges, roles, regions, traces."""

from __future__ import annotations

import pytest

from vcspec import diagram
from vcspec.diagram import extract
from vcspec.diagram.explore import explore
from vcspec.diagram.extract import TooLarge, call_lines, full_graph, machine, overlay, region
from vcspec.diagram.views import make_view
from vcspec.model import loads


def test_projection_merges_states_and_parallel_edges(phone):
    d = machine(explore(phone), make_view(phone, process="Caller")).diagram
    assert [n.lines for n in d.nodes] == [["OnHook"], ["Dialing"], ["Ringing"], ["Talking"]]
    ids = {n.lines[0]: n.id for n in d.nodes}
    dial = d.edge(ids["Dialing"], ids["Ringing"])
    assert [c.text for c in dial.calls] == ["Dial(_)"]  # both argument values: `_`
    assert [c.process for c in d.edge(ids["Ringing"], ids["Talking"]).calls] == ["Switch"]
    assert all(e.src != e.dst for e in d.edges)  # Switch.Free does not move Caller.line
    assert d.node(ids["OnHook"]).initial and d.node(ids["OnHook"]).final
    assert not d.node(ids["Talking"]).final


def test_deadlocks_are_marked():
    model = loads("""
        enum S { A, B, C }
        process P { var s: S = A
          action Go when s == A { s := B }
          action Stop when s == A { s := C } }
        terminal: P.s == B""")
    d = machine(explore(model), make_view(model, process="P")).diagram
    by = {n.lines[0]: n for n in d.nodes}
    assert by["B"].final and not by["B"].deadlock
    assert by["C"].deadlock and not by["C"].final


def test_call_lines_are_exact():
    model = loads("""
        enum St { Success, Pending, Failure }
        process P { var x: 0..1 = 0
          action Do(a: bool, s: St) when x == 0 { x := 1 } }""")
    action = model.actions[0]
    every = {(a, s) for a in (False, True) for s in ("Success", "Pending", "Failure")}
    assert call_lines(action, every) == ["Do(_, _)"]
    assert call_lines(action, {(True, "Success"), (True, "Failure")}) == \
        ["Do(true, Success|Failure)"]
    assert call_lines(action, {(False, "Success"), (True, "Failure")}) == \
        ["Do(false, Success)", "Do(true, Failure)"]
    assert call_lines(action, every, qualify=True) == ["P.Do(_, _)"]


def test_full_graph_and_its_limit(example):
    graph = explore(example("covc", K=1))
    d = full_graph(graph).diagram
    assert len(d.nodes) == 17  # covc.vcspec: 17 local states per VC
    assert d.nodes[0].lines == ["Vc[0].st = Idle", "Vc[0].owner = NoOwner", "Vc[0].pend = 0"]
    with pytest.raises(TooLarge, match="has 289 states"):
        full_graph(explore(example("covc", K=2)))


def test_region_around_a_state(example):
    model = example("covc", K=2)
    graph = explore(model)
    center = diagram.first_state(graph, "Vc[0].st == Closing and Vc[1].st == Closing")
    d = region(graph, center, radius=1)
    roles = [n.role for n in d.nodes]
    assert roles.count("center") == 1
    middle = next(n for n in d.nodes if n.role == "center")
    assert "Vc[0].st = Closing" in middle.lines
    others = [n for n in d.nodes if n.role != "center"]
    assert others and all(len(n.lines) < len(middle.lines) for n in others)  # differences only
    assert any(n.partial for n in d.nodes)
    assert "1 step of" in d.title


def test_overlay_marks_the_path(phone, phone_trace):
    proj = diagram.projection(phone, process="Caller")
    d = overlay(proj, phone, phone_trace)
    by = {n.lines[0]: n for n in d.nodes}
    assert by["OnHook"].role == "active" and by["OnHook"].steps == [0, 3]
    assert by["Dialing"].role == "previous" and by["Talking"].role == "inactive"
    taken = [e for e in d.edges if e.role == "previous"]
    assert sorted(s for e in taken for s in e.steps) == [1, 2, 3]
    assert "violation: BusyOnlyOffHook is false in the last state" in d.notes
    half = overlay(proj, phone, phone_trace, upto=1)
    assert next(n for n in half.nodes if n.role == "active").lines == ["Dialing"]
    assert proj.diagram.nodes[0].role == "default"  # the projection itself is untouched


def test_overlay_self_loop_for_steps_inside_a_node(phone, phone_trace):
    d = diagram.projection(phone, vars=["Switch.busy"]).diagram
    assert len(d.nodes) == 2
    over = overlay(diagram.projection(phone, vars=["Switch.busy"]), phone, phone_trace)
    loops = [e for e in over.edges if e.src == e.dst]
    assert loops and loops[0].role == "previous"


def test_trace_path_without_a_spec(phone, phone_trace):
    d = extract.trace_path(phone_trace)
    assert len(d.nodes) == 4 and d.nodes[0].initial
    assert d.nodes[-1].role == "active"
    assert d.nodes[-1].lines == ["Caller.line = OnHook", "Switch.busy = true"]


def test_partial_exploration_is_said(example):
    graph = explore(example("covc", K=3), max_states=100)
    assert not graph.complete
    d = machine(graph, make_view(graph.model, process="Vc[0]")).diagram
    assert d.notes and d.notes[0].startswith("partial")

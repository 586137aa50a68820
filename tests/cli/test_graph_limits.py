"""`vcspec graph`: a text format with no layout, and a clean refusal (with
advice) instead of handing Graphviz more states than it can lay out."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
COVC = ROOT / "specs" / "examples" / "covc.vcspec"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_graph_text_lists_states_and_transitions():
    result = invoke("graph", COVC, "--const", "K=2", "--format", "text")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Vc[0].st", "states (5):", "  n0 [initial]: Idle"]
    assert "transitions (5):" in lines
    assert "  n0 -> n1: CmCreate(0); ClientCreate(0)" in lines


def test_too_many_states_to_lay_out_is_refused_with_advice(tmp_path):
    result = invoke("graph", COVC, "--const", "K=3", "--around", "Vc[0].st == Active",
                    "--radius", "4", "--format", "svg", "--out", tmp_path / "g.svg")
    assert result.exit_code == 2
    assert "509 states are too many to lay out (--max-nodes 250)" in result.stderr
    assert "--around" in result.stderr
    assert not (tmp_path / "g.svg").exists()


def test_too_many_states_still_go_to_dot_text():
    result = invoke("graph", COVC, "--const", "K=3", "--around", "Vc[0].st == Active",
                    "--radius", "2", "--max-nodes", "50", "--format", "dot")
    assert result.exit_code == 0
    assert result.stdout.startswith("digraph")
    assert result.stdout.count("fillcolor") >= 64


def test_negative_radius_is_a_usage_error():
    result = invoke("graph", COVC, "--around", "true", "--radius", "-1", "--format", "dot")
    assert result.exit_code == 2
    assert "--radius must be at least 0" in result.stderr


VC_STATES = ["--vars", "Vc[0].st", "--vars", "Vc[1].st"]


def test_around_with_a_projection_draws_that_machine_near_the_state():
    whole = invoke("graph", COVC, "--const", "K=2", *VC_STATES, "--format", "text")
    near = invoke("graph", COVC, "--const", "K=2", *VC_STATES, "--around",
                  "Vc[0].st == Closing and Vc[1].st == Closing", "--radius", "1",
                  "--format", "text")
    assert whole.exit_code == 0 and near.exit_code == 0, near.output
    total = int(whole.stdout.split("states (")[1].split(")")[0])
    drawn = [line for line in near.stdout.splitlines() if line.startswith("  n") and ":" in line
             and "->" not in line]
    title = f"Vc[0].st, Vc[1].st: {len(drawn)} of {total} states within 1 step"
    assert near.stdout.startswith(title)
    center = [line for line in drawn if "[center" in line]
    assert len(center) == 1 and center[0].endswith("Vc[0].st = Closing · Vc[1].st = Closing")
    # each of the two VCs moves one step: Active -> Closing, Closing -> Deleted (or stays)
    assert len(drawn) == 5


def test_a_large_region_of_a_projection_is_refused_with_advice(tmp_path):
    result = invoke("graph", COVC, "--const", "K=2", *VC_STATES, "--around", "Vc[0].st == Active",
                    "--radius", "8", "--max-nodes", "10", "--format", "svg",
                    "--out", tmp_path / "g.svg")
    assert result.exit_code == 2, result.output
    assert "too many to lay out (--max-nodes 10)" in result.stderr
    assert "--radius" in result.stderr and "Traceback" not in result.output

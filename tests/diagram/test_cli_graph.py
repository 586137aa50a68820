"""`vcspec graph` and `vcspec trace` from the command line (DOT and text output)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vcspec.cli import app

runner = CliRunner()


@pytest.fixture
def phone_file(tmp_path, phone_text):
    path = tmp_path / "phone.vcspec"
    path.write_text(phone_text, encoding="utf-8")
    return path


@pytest.fixture
def trace_dir(phone_file, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(phone_file), "--out", str(out)])
    assert result.exit_code == 1
    return out


def test_graph_views(phone_file):
    result = runner.invoke(app, ["graph", str(phone_file), "--process", "Caller", "-f", "dot"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("digraph vcspec {")
    assert "label=<Talking>" in result.stdout
    result = runner.invoke(app, ["graph", str(phone_file), "--vars", "Switch.busy", "-f", "dot"])
    assert "Switch.busy = true" in result.stdout


def test_graph_writes_a_file(phone_file, tmp_path):
    out = tmp_path / "caller.dot"
    result = runner.invoke(app, ["graph", str(phone_file), "-P", "Caller", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("digraph")


@pytest.mark.parametrize("args, words", [
    (["--process", "Nobody"], "no process 'Nobody'"),
    (["--vars", "Caller.line +"], "unexpected end of file"),
    (["--around", "Caller.line == Talking", "--full"], "does not go with --full"),
    (["--around", "Caller.line == Talking and not Switch.busy"], "no reachable state satisfies"),
])
def test_graph_usage_errors(phone_file, args, words):
    result = runner.invoke(app, ["graph", str(phone_file), "-f", "dot", *args])
    assert result.exit_code == 2
    assert words in result.stderr


def test_graph_spec_errors_exit_3(tmp_path):
    bad = tmp_path / "bad.vcspec"
    bad.write_text("process P { var x: bool = 3 }")
    assert runner.invoke(app, ["graph", str(bad), "-f", "dot"]).exit_code == 3


def test_trace_from_a_check_directory(trace_dir):
    itf = trace_dir / "BusyOnlyOffHook.itf.json"
    over = runner.invoke(app, ["trace", str(itf), "-f", "dot"])
    assert over.exit_code == 0, over.output
    assert "#1" in over.stdout and "violation: BusyOnlyOffHook" in over.stdout
    chart = runner.invoke(app, ["trace", str(itf), "--chart", "-f", "dot"])
    assert chart.exit_code == 0 and "digraph msc" in chart.stdout
    text = runner.invoke(app, ["trace", str(itf), "-f", "text"])
    assert "step 1: Caller.PickUp()" in text.stdout
    view = runner.invoke(app, ["trace", str(itf), "--vars", "Switch.busy", "-f", "dot"])
    assert "Switch.busy = true" in view.stdout


def test_trace_without_its_spec(trace_dir, tmp_path):
    data = json.loads((trace_dir / "BusyOnlyOffHook.itf.json").read_text())
    data["#meta"]["source"] = str(tmp_path / "gone.vcspec")
    lone = tmp_path / "lone.itf.json"
    lone.write_text(json.dumps(data))
    result = runner.invoke(app, ["trace", str(lone), "-f", "dot"])
    assert result.exit_code == 0 and "drawing the trace alone" in result.stderr
    assert "Caller.line = OnHook" in result.stdout
    assert runner.invoke(app, ["trace", str(lone), "--vars", "Switch.busy", "-f", "dot"]
                         ).exit_code == 2


def test_trace_with_other_constants_is_refused(tmp_path):
    spec = tmp_path / "k.vcspec"
    spec.write_text("const K = 1\nprocess P[i: 0..K] { var on: bool = false\n"
                    "  action Go when not on { on := true } }\ninvariant Off: not P[0].on\n")
    out = tmp_path / "out"
    assert runner.invoke(app, ["check", str(spec), "--out", str(out)]).exit_code == 1
    itf = out / "Off.itf.json"
    same = runner.invoke(app, ["trace", str(itf), "-f", "dot"])  # report.json gives K=1
    assert same.exit_code == 0
    other = runner.invoke(app, ["trace", str(itf), "--const", "K=2", "-f", "dot"])
    assert other.exit_code == 2 and "other constants" in other.stderr


def test_missing_dot_falls_back_to_dot_text(phone_file, monkeypatch):
    monkeypatch.setattr("vcspec.diagram.dot.shutil.which", lambda name: None)
    result = runner.invoke(app, ["graph", str(phone_file), "-P", "Caller"])
    assert result.exit_code == 0 and result.stdout.startswith("digraph")
    assert "Graphviz's `dot` is not installed" in result.stderr
    explicit = runner.invoke(app, ["graph", str(phone_file), "-P", "Caller", "-f", "svg"])
    assert explicit.exit_code == 2 and "apt-get install graphviz" in explicit.stderr

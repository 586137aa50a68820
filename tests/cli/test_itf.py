"""ITF as the ADR says (integers as #bigint, #meta with the constants), read
back whoever wrote it (Quint, Apalache), and malformed ITF refused with a
message; control characters from a spec never reach the terminal or DOT raw."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vcspec.cli import app
from vcspec.diagram.itf_read import ItfError, parse_itf, read_itf
from vcspec.model import load

ROOT = Path(__file__).resolve().parents[2]
COVC_BUG = ROOT / "specs" / "examples" / "covc_bug.vcspec"
MONITOR = ROOT / "tests" / "golden" / "cases" / "check_monitor.vcspec"

QUINT = {
    "#meta": {"format": "ITF", "format-description":
              "https://apalache-mc.org/docs/adr/015adr-trace.html", "source": "counter.qnt",
              "status": "violation", "description": "Created by Quint", "timestamp": 1},
    "vars": ["n", "seen", "m"],
    "states": [
        {"#meta": {"index": i}, "n": {"#bigint": str(i)},
         "seen": {"#set": [{"#bigint": str(k)} for k in range(i)]},
         "m": {"#map": [["a", {"#bigint": str(i + 1)}]]}} for i in range(3)]}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert invoke("check", COVC_BUG, "--const", "K=2", "--out", out).exit_code == 1
    return out / "Vc0NeverDeleted.itf.json"


def _bare_ints(value, path="$"):
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() if k != "#meta" for p in _bare_ints(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _bare_ints(v, f"{path}[{i}]")]
    return []


def test_itf_integers_are_bigints(written):
    data = json.loads(written.read_text())
    assert _bare_ints(data) == ["$.loop"] if "loop" in data else _bare_ints(data) == []
    assert data["#meta"]["format"] == "ITF"
    assert data["#meta"]["consts"] == {"K": {"#bigint": "2"}}
    picks = [s["#meta"]["mbt::nondetPicks"] for s in data["states"][1:]]
    assert all(isinstance(v, dict) and set(v) == {"#bigint"} for p in picks for v in p.values())


def test_itf_reads_back_the_report_values(written):
    model = load(COVC_BUG, {"K": "2"})
    trace = read_itf(written, model).trace
    assert [s.action for s in trace.steps] == [None, "Vc.CmCreate", "Vc.Activate",
                                               "Vc.CloseCall", "Vc.DeleteVc"]
    assert trace.steps[1].state["Vc.st"] == ("Created", "Idle")


def test_trace_uses_the_constants_the_itf_records(written, tmp_path):
    alone = tmp_path / "t.itf.json"
    shutil.copy(written, alone)  # no report.json beside it; the spec's default is K=4
    result = invoke("trace", alone, "--format", "text")
    assert result.exit_code == 0, result.output
    assert "Vc.DeleteVc(0)" in result.stdout


def test_a_quint_trace_is_drawn_without_actions(tmp_path):
    path = tmp_path / "q.itf.json"
    path.write_text(json.dumps(QUINT))
    trace = parse_itf(QUINT).trace
    assert [s.label for s in trace.steps] == ["(initial state)", "(step 1)", "(step 2)"]
    assert trace.steps[2].state["seen"] == frozenset({0, 1})
    text = invoke("trace", path, "--format", "text")
    assert text.exit_code == 0 and "seen := {0, 1}" in text.stdout
    dot = invoke("trace", path, "--format", "dot")
    assert dot.exit_code == 0 and "<font color=\"#37474f\"></font>" not in dot.stdout
    assert invoke("trace", path, "--chart", "--format", "dot").exit_code == 2


MALFORMED = [
    {"states": [{"x": {"#bigint": "12a"}}]},
    {"states": [{"x": {"#bigint": 5}}]},
    {"states": [{"x": {"#map": 3}}]},
    {"states": [{"x": {"#map": [[1]]}}]},
    {"#meta": "a string", "states": [{"x": {"#set": [[1], [2]]}}]},
    {"states": [{"x": {"#set": [{"#set": []}, {"a": [1]}]}}]},
    {"states": ["not an object"]},
    {"vars": "x", "states": [{"x": 1}]},
    {"vars": [1], "states": [{"x": 1}]},
    {"states": [{"x": 1.5}]},
    {"states": [{"x": 10 ** 30}]},
    {"states": [{"#meta": "s", "x": True}, {"#meta": {"mbt::actionTaken": "A",
                                                      "mbt::nondetPicks": [1]}, "x": True}]},
    {"states": [{"x": True}], "loop": "x"},
]


@pytest.mark.parametrize("data", MALFORMED)
def test_malformed_itf_is_a_message(tmp_path, data):
    path = tmp_path / "bad.itf.json"
    path.write_text(json.dumps(data))
    result = invoke("trace", path, "--format", "text")
    ignored_loop = data is MALFORMED[-1]  # a loop that is not a state index is ignored
    assert result.exit_code == (0 if ignored_loop else 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_deeply_nested_itf_is_a_message(tmp_path):
    path = tmp_path / "deep.itf.json"
    path.write_text('{"states": [{"x": ' + "[" * 100_000 + "]" * 100_000 + "}]}")
    result = invoke("trace", path, "--format", "text")
    assert result.exit_code == 2
    assert "vcspec: error: " in result.stderr and "nested too deeply" in result.stderr


def test_values_outside_the_specs_types_are_refused(written, tmp_path):
    data = json.loads(written.read_text())
    data["states"][1]["Vc.st"]["#map"][0][1] = "NoSuchState"
    path = tmp_path / "x.itf.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ItfError, match="not a value of its type"):
        read_itf(path, load(COVC_BUG, {"K": "2"}))


def test_control_characters_are_escaped_in_text_and_dot(tmp_path):
    spec = tmp_path / "ctl.vcspec"
    spec.write_text(MONITOR.read_text().replace('"data sent', '"data \\u001b', 1)
                    .replace('"data \\u001b', '"data \x1b[31m\x07', 1))
    out = tmp_path / "out"
    result = invoke("check", spec, "--out", out)
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[31m\\x07" in result.stdout
    chart = invoke("trace", out / "NoDataAfterClose.itf.json", "--chart", "--format", "dot")
    assert chart.exit_code == 0
    assert "\x1b" not in chart.stdout and "\\x1b[31m\\x07" in chart.stdout


@pytest.mark.parametrize("fmt", [["--format", "text"], ["--format", "dot"]])
def test_a_state_with_a_leaf_the_others_lack(tmp_path, fmt):
    """Found by the long fuzz run: a variable given as `{"#meta": null}` in the
    first state only opens to other leaves than in the next states; drawing the
    trace was a KeyError (exit 5). A leaf a state lacks is shown as absent."""
    data = json.loads((ROOT / "tests" / "golden" / "cases" / "dot_trace.itf.json").read_text())
    data["#meta"] = None
    data["states"][0]["Caller.line"] = {"#meta": None}
    path = tmp_path / "t.itf.json"
    path.write_text(json.dumps(data))
    result = CliRunner().invoke(app, ["trace", str(path), *fmt])
    assert result.exit_code == 0, result.output
    if fmt[1] == "text":
        assert "Caller.line = (absent)" in result.output
        assert "Caller.line := Dialing" in result.output

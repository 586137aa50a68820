"""A run stopped by --max-seconds, --max-memory or Ctrl-C/SIGTERM in any
phase and in any command (check, simulate, lint, graph) ends with exit 4, the
phase named, and, with --format json|sarif, a structured report of what was
done (issue 14). The bounds are generous: the machine may be busy."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
SLACK = 20.0  # seconds allowed past a limit or a signal
PARSING = "stopped while parsing and checking: time limit"

# several seconds to parse: 20,000 constants, each from the one before
CONSTS = "\n".join(["spec ManyConsts", "const C0 = 1"]
                   + [f"const C{i} = C{i - 1} + 1" for i in range(1, 20_000)]
                   + ["process P { var x: 0..3 = 0", "  action Go when x < 3 { x := x + 1 } }"])
# 256^6 states, every instance in C: far more than a second of native search
BIG = """spec Big
process P[i: 0..5] {
  var x: 0..255 = 0
  action Inc when x < 255 { x := x + 1 }
  action Reset when x == 255 { x := 0 }
}
"""


@pytest.fixture(scope="module")
def slow(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("slow") / "consts.vcspec"
    path.write_text(CONSTS + "\n")
    return path


def invoke(*args) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, time.monotonic() - started


def valid_sarif(text: str) -> dict:
    log = json.loads(text)
    errors = [e.message for e in Draft4Validator(SCHEMA).iter_errors(log)]
    assert not errors, errors[:5]
    return log


def notification(log: dict) -> str:
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["exitCode"] == 4
    [note] = invocation["toolExecutionNotifications"]
    return note["message"]["text"]


@pytest.mark.parametrize("command", ["check", "simulate"])
def test_a_stop_while_parsing_still_prints_the_json_report(slow, command):
    code, stdout, elapsed = invoke(command, slow, "--max-seconds", "0.2", "--format", "json")
    assert code == 4 and elapsed < 0.2 + SLACK
    report = json.loads(stdout)
    assert report["stats"]["stop_reason"] == PARSING
    assert report["stats"]["complete"] is False and report["properties"] == []


def test_a_stop_while_parsing_still_prints_valid_sarif(slow):
    code, stdout, _ = invoke("check", slow, "--max-seconds", "0.2", "--format", "sarif")
    assert code == 4
    log = valid_sarif(stdout)
    assert log["runs"][0]["results"] == []
    assert notification(log) == PARSING


def test_lint_stopped_reports_the_specs_it_read(slow):
    first = EXAMPLES / "covc_bug.vcspec"
    code, stdout, elapsed = invoke("lint", first, slow, "--max-seconds", "1",
                                   "--format", "json")
    assert code == 4 and elapsed < 1 + SLACK
    report = json.loads(stdout)
    assert report["specs"] == [first.as_posix()] and report["stop_reason"] == PARSING
    code, stdout, _ = invoke("lint", first, slow, "--max-seconds", "1", "--format", "sarif")
    assert code == 4 and notification(valid_sarif(stdout)) == PARSING


def test_lint_with_room_to_finish_is_unchanged():
    code, stdout, _ = invoke("lint", EXAMPLES / "covc.vcspec", "--max-seconds", "60",
                             "--max-memory", "4G", "--format", "json")
    assert code == 0 and "stop_reason" not in json.loads(stdout)


def test_simulate_stopped_reports_the_runs_done():
    code, stdout, elapsed = invoke("simulate", EXAMPLES / "covc.vcspec", "--runs",
                                   "100000000", "--max-seconds", "2", "--format", "json")
    assert code == 4 and elapsed < 2 + SLACK
    report = json.loads(stdout)
    assert report["stats"]["stop_reason"] == "stopped while simulating: time limit"
    runs = int(report["properties"][0]["message"].split()[3])  # "no violation in N random runs"
    assert 0 < runs < 100000000
    assert report["stats"]["transitions"] > 0


def test_simulate_keeps_a_violation_found_before_the_stop():
    code, stdout, _ = invoke("simulate", EXAMPLES / "covc_bug.vcspec", "--runs", "100000000",
                             "--max-seconds", "2", "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert "VIOLATED" in {p["verdict"] for p in report["properties"]}
    assert "stopped while simulating: time limit" in report["warnings"]


def test_limits_of_lint_graph_and_simulate_are_validated():
    for command in (["lint"], ["graph"], ["simulate"]):
        code, _, _ = invoke(*command, EXAMPLES / "covc.vcspec", "--max-seconds", "nan")
        assert code == 2
        code, _, _ = invoke(*command, EXAMPLES / "covc.vcspec", "--max-memory", "lots")
        assert code == 2


def vcspec(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vcspec", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd)


@pytest.mark.skipif(shutil.which("dot") is None, reason="no Graphviz")
def test_graph_stopped_while_laying_out(tmp_path):
    """3,121 states sent to dot (9.3 GB before there was a limit)."""
    started = time.monotonic()
    proc = vcspec("graph", str(EXAMPLES / "covc.vcspec"), "--const", "K=3", "--around",
                  "Vc[0].st == Active", "--radius", "8", "--max-nodes", "100000",
                  "--max-seconds", "2", "--format", "svg", cwd=tmp_path)
    stdout, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - started < 2 + SLACK
    assert proc.returncode == 4 and stdout == b""
    # laying out (dot killed) unless the machine is so busy that the limit
    # came while the states were explored
    assert re.search(r"vcspec: stopped while (laying out|exploring): time limit",
                     stderr.decode())


def test_sigterm_stops_a_simulation_with_its_report(tmp_path):
    proc = vcspec("simulate", str(EXAMPLES / "covc.vcspec"), "--runs", "100000000",
                  "--format", "json", "--progress", cwd=tmp_path)
    for line in proc.stderr:  # wait until it walks
        if b"simulate" in line:
            break
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=60)
    assert time.monotonic() - started < SLACK
    assert proc.returncode == 4
    report = json.loads(stdout)
    assert report["stats"]["stop_reason"] == "stopped while simulating: interrupted"


@pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None,
                    reason="no C compiler")
def test_a_native_search_ends_promptly_at_the_time_limit(tmp_path):
    (tmp_path / "big.vcspec").write_text(BIG)
    env = {**os.environ, "VCSPEC_NATIVE_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "vcspec", "check", "big.vcspec", "--backend", "native",
               "--format", "json"]
    warm = subprocess.run(command + ["--max-states", "10"], capture_output=True, cwd=tmp_path,
                          env=env)  # the C library built and cached: the limit is for the search
    assert warm.returncode == 4
    started = time.monotonic()
    proc = subprocess.Popen(command + ["--max-seconds", "3"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    stdout, _ = proc.communicate(timeout=60)
    assert time.monotonic() - started < 3 + SLACK
    assert proc.returncode == 4
    report = json.loads(stdout)
    assert report["notes"][0].startswith("backend: native")
    assert report["stats"]["complete"] is False
    assert report["stats"]["stop_reason"] in ("max-seconds", "stopped while searching: "
                                              "time limit")
    assert report["stats"]["distinct_states"] > 1000
    assert {p["verdict"] for p in report["properties"]} == {"BOUNDED"}


def test_without_max_memory_a_run_stops_before_memory_runs_out(monkeypatch):
    """No --max-memory: the command runs under the default limit (here made
    1 byte, a machine with no memory left), so the search stops at once with
    a report instead of being OOM-killed; 'off' removes the limit."""
    from vcspec.engine import limits

    monkeypatch.setattr(limits, "default_memory_limit", lambda: 1)
    for _ in range(5):  # the limit fires at once, in whichever phase: a report every time
        code, stdout, _ = invoke("check", EXAMPLES / "covc.vcspec", "--format", "json")
        assert code == 4
        assert json.loads(stdout)["stats"]["stop_reason"].endswith("memory limit")
    code, stdout, _ = invoke("check", EXAMPLES / "covc.vcspec", "--max-memory", "off",
                             "--format", "json")
    assert code == 0 and json.loads(stdout)["stats"].get("stop_reason") is None


def test_the_default_memory_limit_is_80_percent_of_the_free_memory_above_the_rss(
        monkeypatch):
    from vcspec.engine import limits

    here = limits.default_memory_limit()  # None only where /proc and the cgroup are unreadable
    assert here is None or here > limits.MemoryProbe().current()
    monkeypatch.setattr(limits, "_meminfo_available", lambda: 10 << 30)
    monkeypatch.setattr(limits, "_cgroup_available", lambda: 5 << 30)
    before = limits.MemoryProbe().current()
    limit = limits.default_memory_limit() - (4 << 30)  # 80 % of the cgroup's 5 GiB
    assert before - (64 << 20) <= limit <= limits.MemoryProbe().current() + (64 << 20)
    monkeypatch.setattr(limits, "_cgroup_available", lambda: None)
    monkeypatch.setattr(limits, "_meminfo_available", lambda: None)
    assert limits.default_memory_limit() is None

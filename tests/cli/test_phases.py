"""Every analysis phase is bounded (issue 14): --max-seconds and Ctrl-C/SIGTERM
stop parsing, compiling, encoding and solving within a bounded time, with a
partial report (exit 4) that names the phase; z3 is interrupted through its
own API. The bounds are generous (limit + 20 s): the machine may be busy."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONDIS = ROOT / "specs" / "condis" / "condis.vcspec"
SLACK = 20.0  # seconds allowed past a limit or a signal

# 1,001 action instances: compiling and encoding them takes long (before any
# search or solver query checked a limit, `--engine bmc --max-seconds 10` was
# still encoding at 100 s).
WIDE = """spec Wide
process P[i: 0..1000] {
  var x: bool
  action A when not x { x := true }
}
"""


def vcspec(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vcspec", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd,
                            env={**os.environ, "COLUMNS": "200"})


def finish(proc: subprocess.Popen, started: float, bound: float):
    stdout, stderr = proc.communicate(timeout=bound + 60)
    elapsed = time.monotonic() - started
    assert elapsed < bound, (elapsed, stderr.decode()[-1000:])
    return proc.returncode, stdout.decode(), stderr.decode()


def test_time_limit_stops_the_encoding(tmp_path):
    (tmp_path / "wide.vcspec").write_text(WIDE)
    started = time.monotonic()
    proc = vcspec("check", "wide.vcspec", "--engine", "bmc", "--max-seconds", "8",
                  "--format", "json", cwd=tmp_path)
    code, stdout, stderr = finish(proc, started, 8 + SLACK)
    assert code == 4
    report = json.loads(stdout)
    reason = report["stats"]["stop_reason"]
    assert reason == "stopped while encoding: time limit"
    assert {p["verdict"] for p in report["properties"]} == {"UNKNOWN"}
    assert "vcspec: " + reason in stderr


def test_time_limit_stops_the_parsing(tmp_path):
    """20,000 constants, each from the one before: more than a second to parse."""
    lines = ["spec ManyConsts", "const C0 = 1"]
    lines += [f"const C{i} = C{i - 1} + 1" for i in range(1, 20_000)]
    lines += ["process P { var x: 0..3 = 0", "  action Go when x < 3 { x := x + 1 } }"]
    (tmp_path / "consts.vcspec").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    proc = vcspec("check", "consts.vcspec", "--max-seconds", "0.5", cwd=tmp_path)
    code, _, stderr = finish(proc, started, 0.5 + SLACK)
    assert code == 4
    assert "vcspec: stopped while parsing and checking: time limit" in stderr


@pytest.mark.parametrize("engine", ["pdr", "kind"])
def test_time_limit_stops_the_solvers(tmp_path, engine):
    """The CoNDIS model's proofs take minutes: a 4 s limit ends the run with
    UNKNOWN verdicts that say where it stopped."""
    started = time.monotonic()
    proc = vcspec("check", str(CONDIS), "--engine", engine, "--max-seconds", "4",
                  "--format", "json", cwd=tmp_path)
    code, stdout, _ = finish(proc, started, 4 + SLACK)
    assert code == 4
    report = json.loads(stdout)
    assert report["stats"]["complete"] is False
    unknown = [p for p in report["properties"] if p["verdict"] == "UNKNOWN"]
    assert unknown
    assert any("time limit" in w or "timeout" in w for w in report["warnings"] +
               [p["message"] for p in unknown])


def test_ctrl_c_interrupts_z3_and_keeps_the_report(tmp_path):
    """SIGINT while PDR's queries run (z3 in C code): the watchdog interrupts
    z3 through its API, the engine stops, and the report says so."""
    proc = vcspec("check", str(CONDIS), "--engine", "pdr", "--format", "json", "--progress",
                  cwd=tmp_path)
    for line in proc.stderr:  # wait until the solver runs
        if line.startswith(b"pdr: "):
            break
    time.sleep(1.0)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    code, stdout, stderr = finish(proc, started, SLACK)
    assert code == 4, stderr[-2000:]
    report = json.loads(stdout)
    assert report["stats"]["stop_reason"] == "stopped while solving: interrupted"
    assert "stopped while solving: interrupted" in report["warnings"]
    assert all(p["verdict"] in ("UNKNOWN", "HOLDS") for p in report["properties"])


def test_memory_limit_stops_the_encoding(tmp_path):
    (tmp_path / "wide.vcspec").write_text(WIDE)
    started = time.monotonic()
    proc = vcspec("check", "wide.vcspec", "--engine", "bmc", "--max-memory", "100M",
                  "--format", "json", cwd=tmp_path)
    code, stdout, stderr = finish(proc, started, 60)
    assert code == 4, stderr[-2000:]
    reason = json.loads(stdout)["stats"]["stop_reason"]
    assert reason.startswith("stopped while ") and reason.endswith(": memory limit")

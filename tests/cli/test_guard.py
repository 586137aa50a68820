"""The top-level guard: an unexpected exception is exit 5 with one line on
stderr (the traceback only with --debug) and still a report on stdout;
limits are validated; SIGTERM gives a partial report like Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import vcspec.api
from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
COVC = str(ROOT / "specs" / "examples" / "covc.vcspec")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def crashing_engine(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(vcspec.api, "check", boom)


def test_internal_error_is_exit_5_with_one_line(crashing_engine):
    result = invoke("check", COVC)
    assert result.exit_code == 5
    lines = result.stderr.splitlines()
    assert lines == ["vcspec: internal error: RuntimeError: boom (this is a bug in vcspec; "
                     "--debug shows the traceback)"]
    assert "Traceback" not in result.output


def test_internal_error_still_prints_the_json_report(crashing_engine):
    result = invoke("check", COVC, "--format", "json")
    assert result.exit_code == 5
    report = json.loads(result.stdout)
    assert report["stats"]["stop_reason"] == "internal error: RuntimeError: boom"
    verdicts = {p["name"]: p["verdict"] for p in report["properties"]}
    assert set(verdicts.values()) == {"UNKNOWN"}
    assert {"deadlock", "runtime", "NoDataOnDeadVc"} <= set(verdicts)


def test_internal_error_sarif_says_the_run_failed(crashing_engine):
    result = invoke("check", COVC, "--format", "sarif")
    assert result.exit_code == 5
    run = json.loads(result.stdout)["runs"][0]
    assert run["invocations"][0]["exitCode"] == 5
    assert run["invocations"][0]["executionSuccessful"] is False


def test_debug_shows_the_traceback(crashing_engine):
    result = invoke("check", COVC, "--debug")
    assert result.exit_code == 5
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: boom" in result.stderr


@pytest.mark.parametrize("args", [
    ["--max-seconds", "nan"], ["--max-seconds", "-1"], ["--max-seconds", "1e400"],
    ["--max-seconds", "0"], ["--max-memory", "1e400"], ["--max-memory", "-5M"],
    ["--max-memory", "nan"], ["--max-states", "-3"], ["--engine", "bmc", "--depth", "-1"],
])
def test_bad_limits_are_usage_errors(args):
    result = invoke("check", COVC, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("vcspec: error: --")
    assert "Traceback" not in result.output


def test_help_lists_exit_code_5_and_no_python_types():
    result = invoke("check", "--help")
    assert result.exit_code == 0
    words = " ".join(result.output.split())
    assert "5 internal error" in words
    assert "<bool>" not in words and "list[str]" not in words


def test_version():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"vcspec {version('vcspec')}\n"


BIG = """spec Big
process P {
  var a: 0..3000 = 0
  var b: 0..3000 = 0
  action A when a < 3000 { a := a + 1 }
  action B when b < 3000 { b := b + 1 }
  action R when a == 3000 and b == 3000 { a := 0 }
}
invariant Fine: P.a >= 0
"""


def test_sigterm_gives_a_partial_report_and_the_out_files(tmp_path):
    spec = tmp_path / "big.vcspec"
    spec.write_text(BIG)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vcspec", "check", str(spec), "--format", "json", "--progress",
         "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"})
    assert proc.stderr.readline().startswith(b"progress: ")  # the search is running
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=120)
    assert proc.returncode == 4
    report = json.loads(stdout)
    assert report["stats"]["stop_reason"] == "interrupted"
    assert report["stats"]["complete"] is False
    assert json.loads((out / "report.json").read_text())["stats"]["stop_reason"] == "interrupted"


def test_the_cli_knows_the_apis_engines():
    from vcspec.api import ENGINES
    from vcspec.cli import check

    assert check.ENGINES == ENGINES  # kept apart so that start-up does not import the engines


INTERRUPT_IN_EXEC = """
import typer
from vcspec.cli import guard

def stopped() -> None:
    exec("raise KeyboardInterrupt")  # as a library's exec("from numpy import *") interrupted

app = typer.Typer()
app.command()(guard.guarded(stopped))
try:
    app()
except SystemExit as done:
    guard.exit_after_interrupt(done.code)
    raise
"""


def test_an_interrupt_handled_inside_exec_still_exits_4(tmp_path):
    """CPython kills itself by SIGINT at exit after a KeyboardInterrupt passed
    through exec() of a string, handled or not (a memory stop during scipy's
    import exited -2): the entry point exits with the guard's code instead."""
    (tmp_path / "stopmod.py").write_text(INTERRUPT_IN_EXEC)
    # run as a module, like `python -m vcspec` (CPython 3.11 forgets the interrupt
    # when the main program is a file)
    proc = subprocess.run([sys.executable, "-m", "stopmod"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 4, proc.stderr
    assert "vcspec: interrupted" in proc.stderr

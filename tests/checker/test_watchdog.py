"""The watchdog (vcspec/engine/watchdog.py): a limit interrupts Python code
in any phase and names it; while solving, the engines are told instead (and
z3 is interrupted through the hooks registered with on_stop)."""

from __future__ import annotations

import sys
import time
from types import SimpleNamespace

import pytest

from vcspec.engine import watchdog
from vcspec.engine.watchdog import Watchdog, phase


def busy(seconds: float, until=lambda: False) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        pass


def test_a_time_limit_interrupts_python_code_and_names_the_phase():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Watchdog(max_seconds=0.2), phase("compiling"):
        busy(30)
    assert time.monotonic() - started < 0.2 + watchdog.GRACE + 5
    assert watchdog.stopped_words() == "stopped while compiling: time limit"
    watchdog.reset()
    assert watchdog.stop_reason() is None and watchdog.stopped_words() == ""


def test_while_solving_the_hooks_are_called_and_nothing_is_raised():
    called = []
    with Watchdog(max_seconds=0.1), phase("solving"):
        remove = watchdog.on_stop(lambda: called.append("interrupt"))
        busy(20, until=lambda: watchdog.stop_reason() is not None)
        remove()
    assert called == ["interrupt"]
    assert watchdog.stopped_words() == "stopped while solving: time limit"
    late = []
    watchdog.on_stop(lambda: late.append(1))()  # registered after the stop: called at once
    assert late == [1]
    watchdog.reset()


def test_a_stopped_run_keeps_the_phase_it_stopped_in():
    watchdog.reset()
    with phase("encoding"):
        assert watchdog.request_stop(watchdog.INTERRUPTED)
        assert not watchdog.request_stop(watchdog.TIME)  # the first reason wins
    with phase("solving"):
        pass
    assert watchdog.stopped_words() == "stopped while encoding: interrupted"
    watchdog.reset()


def test_a_model_refused_after_a_stop_is_unknown_not_a_crash():
    """kind at --max-seconds: the limit interrupted z3 between its sat answer
    and solver.model(), which raised Z3Exception (exit 5) instead of UNKNOWN."""
    z3 = pytest.importorskip("z3")
    from vcspec.symbolic.solver import Budget, SolverUnknown, model_after_sat

    class Canceled:
        def model(self):
            raise z3.Z3Exception("model is not available")

    watchdog.reset()
    with phase("solving"):
        watchdog.request_stop(watchdog.TIME)
    with pytest.raises(SolverUnknown, match="stopped while solving: time limit"):
        model_after_sat(Canceled(), Budget(None))
    watchdog.reset()
    with pytest.raises(z3.Z3Exception):  # not stopped: a real error stays one
        model_after_sat(Canceled(), Budget(None))


def test_an_interrupt_swallowed_by_a_del_is_raised_again(capsys):
    """z3's AstRef.__del__ ran when the interrupt came: Python printed
    "Exception ignored in ... KeyboardInterrupt" (sys.unraisablehook) and the
    run went on. The watchdog's hook interrupts again, a moment later."""
    swallowed = SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt(),
                                exc_traceback=None, err_msg=None, object=None)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Watchdog(), phase("encoding"):
        watchdog.request_stop(watchdog.INTERRUPTED)
        sys.unraisablehook(swallowed)  # what Python does after a __del__ raised
        busy(20)
    assert time.monotonic() - started < watchdog.ESCALATE
    assert "Exception ignored" not in capsys.readouterr().err
    assert watchdog.stopped_words() == "stopped while encoding: interrupted"
    watchdog.reset()

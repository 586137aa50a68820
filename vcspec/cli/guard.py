"""The top-level guard: no crash looks like a verdict.

Every subcommand is wrapped by `guarded`: an unexpected exception becomes
one line, "vcspec: internal error: ...", and exit code 5 (EXIT_INTERNAL);
the traceback is printed only with `--debug` (or VCSPEC_DEBUG=1). A command
that promised structured output (`--format json|sarif`) registers a
`fallback` first, so stdout still carries a report of what was found.
SIGTERM is turned into the same interrupt as Ctrl-C (a partial report, exit 4);
both also tell the watchdog (vcspec/engine/watchdog.py), which interrupts z3
and names the phase the run stopped in ("stopped while encoding: interrupted").
"""

from __future__ import annotations

import functools
import inspect
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Annotated

import typer

from vcspec.cli.options import EXIT_INCONCLUSIVE, EXIT_INTERNAL, err
from vcspec.engine import watchdog

DebugOption = Annotated[bool, typer.Option(
    "--debug", help="on an internal error, print the Python traceback")]

_fallback: list[Callable[[str], None]] = []
_interrupted: list[bool] = []  # a command of this process handled a KeyboardInterrupt


def exit_after_interrupt(code) -> None:
    """End the process now, with `code`, if a command handled an interrupt.
    CPython remembers a KeyboardInterrupt that passed through an exec() of a
    string (scipy's import runs `exec("from numpy import *")`) and, at exit,
    kills itself by SIGINT even though the interrupt was handled: a stopped
    run that had written its report exited -2 instead of 4. Output is flushed
    first; atexit handlers do not run (nothing of ours needs them)."""
    if not _interrupted:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code if isinstance(code, int) else EXIT_INCONCLUSIVE)


def fallback(write: Callable[[str], None] | None) -> None:
    """Register what to print on stdout if the command fails unexpectedly
    (called with the one-line reason); the last one registered wins, None
    removes it."""
    _fallback[:] = [write] if write is not None else []


def guarded(command: Callable[..., None]) -> Callable[..., None]:
    """`command` with a `--debug` option, run under the guard."""
    @functools.wraps(command)
    def run(*args, debug: bool = False, **kwargs) -> None:
        _fallback.clear()
        watchdog.reset()
        previous = _on_sigterm()
        try:
            command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
            raise  # exits and usage errors chosen on purpose
        except Exception as error:  # noqa: BLE001 - the point of the guard
            internal(error, debug)
        except KeyboardInterrupt:
            _quiet()  # the report is written once, whatever else arrives meanwhile
            _interrupted[:] = [True]
            reason = watchdog.stopped_words() or "interrupted"
            err(f"vcspec: {reason}")
            _write_fallback(reason)
            raise typer.Exit(EXIT_INCONCLUSIVE) from None
        finally:
            _fallback.clear()
            watchdog.disarm_running()  # a command that exits early leaves it armed
            _restore(previous)
            watchdog.reset()

    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    params.append(inspect.Parameter("debug", inspect.Parameter.KEYWORD_ONLY,
                                    default=False, annotation=DebugOption))
    run.__signature__ = signature.replace(parameters=params)
    run.__annotations__ = {**command.__annotations__, "debug": DebugOption}
    return run


def internal(error: BaseException, debug: bool = False) -> None:
    """Report an unexpected exception and exit 5."""
    if debug or os.environ.get("VCSPEC_DEBUG"):
        traceback.print_exception(error, file=sys.stderr)
    message = describe(error)
    err(f"vcspec: internal error: {message} (this is a bug in vcspec; --debug shows the "
        "traceback)")
    _write_fallback(f"internal error: {message}")
    raise typer.Exit(EXIT_INTERNAL) from None


def describe(error: BaseException) -> str:
    """One line: the exception's type and the first line of its message."""
    if isinstance(error, MemoryError):
        return "out of memory (MemoryError)"
    if isinstance(error, RecursionError):
        return "nesting too deep (RecursionError)"
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    first = first if len(first) <= 200 else first[:197] + "..."
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def _write_fallback(message: str) -> None:
    writers, _fallback[:] = list(_fallback), []
    for write in writers:
        try:
            write(message)
        except Exception:  # noqa: BLE001 - the report of a crash must not crash
            pass


def _raise_interrupt(signum, frame) -> None:
    """Ctrl-C and SIGTERM: recorded first (the engines and z3 see it), then
    raised as KeyboardInterrupt unless the phase stops by itself (solving,
    where what was proved is kept: vcspec/engine/watchdog.py)."""
    watchdog.request_stop(watchdog.INTERRUPTED)
    if watchdog.should_raise():
        raise KeyboardInterrupt


SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _quiet() -> None:
    """While a stopped run writes its report: no watchdog to escalate (its
    second interrupt, ESCALATE seconds after the first, used to land in the
    report's writing on a busy machine and kill the process by SIGINT), and
    Ctrl-C/SIGTERM ignored until the command's handlers are restored."""
    for signum in SIGNALS:
        try:
            signal.signal(signum, signal.SIG_IGN)
        except (ValueError, OSError):  # not the main thread
            pass
    watchdog.disarm_running()


def _on_sigterm():
    try:
        return [(s, signal.signal(s, _raise_interrupt)) for s in SIGNALS]
    except (ValueError, OSError):  # not the main thread
        return None


def _restore(previous) -> None:
    for signum, handler in previous or ():
        try:
            signal.signal(signum, handler)
        except (ValueError, OSError):
            pass

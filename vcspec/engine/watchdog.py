"""The run's watchdog: limits and signals honoured in every phase.

The engines check their limits cooperatively (the explicit search per batch,
the symbolic engines before each solver query), but parsing, checking,
compiling and encoding have no such loop, and a z3 query runs in C where no
Python check is reached. The watchdog is a thread that watches the clock,
the resident memory and the signals (through the wakeup fd, so a signal is
seen while the main thread is inside z3), and when one fires:

- records why (`stop_reason()`: "time limit", "memory limit", "interrupted")
  and in which phase (`current_phase()`), so the partial report can say
  "stopped while compiling: time limit";
- interrupts the z3 contexts registered with `on_stop` (z3's own API, so a
  long `check()` returns unknown instead of running on);
- raises KeyboardInterrupt in the main thread, unless the phase stops by
  itself (solving: the engines see `stop_reason()` and report UNKNOWN); if the
  run is still going `ESCALATE` seconds later it is interrupted anyway.

The time between the limit and the stop is bounded by GRACE + POLL in
Python code (the cooperative checks usually stop first) and by how fast z3
honours an interrupt in a query. Only one run per process is watched.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

from vcspec.engine.limits import MemoryProbe

POLL = 0.05  # seconds between two looks at the clock and the memory
GRACE = 1.0  # seconds after the limit before the watchdog steps in
ESCALATE = 5.0  # seconds after that before a cooperative phase is interrupted anyway
# phases that stop on stop_reason() themselves (z3 queries, random walks)
SELF_STOPPING = frozenset({"solving", "simulating"})

TIME, MEMORY, INTERRUPTED = "time limit", "memory limit", "interrupted"


class _State:
    def __init__(self):
        self.phase = "starting"
        self.reason: str | None = None
        self.hooks: list[Callable[[], None]] = []
        self.lock = threading.Lock()
        self.signals = 0  # Ctrl-C/SIGTERM handled so far
        self.force = False  # the watchdog wants the main thread interrupted
        self.watching = False  # a watchdog reads the signals' wakeup fd


_state = _State()
_running: list[Watchdog] = []  # the watchdog armed in this process, if any


def disarm_running() -> None:
    """Disarm the armed watchdog, if any (the CLI guard, when a command ends
    without having done it)."""
    for dog in list(_running):
        dog.disarm()


def set_phase(name: str) -> None:
    """Name the work from here on (a command's steps, where `phase` blocks
    would nest its whole body); a stopped run keeps the phase it stopped in."""
    if _state.reason is None:
        _state.phase = name


def reset() -> None:
    """Forget a previous run's stop (one process may run many commands)."""
    global _state
    _state = _State()


def watching_signals() -> bool:
    """Whether a watchdog sees Ctrl-C/SIGTERM (then z3's own handler is not needed)."""
    return _state.watching


def current_phase() -> str:
    return _state.phase


def stop_reason() -> str | None:
    """Why the run was asked to stop, or None while it may go on."""
    return _state.reason


def stopped_words() -> str:
    """'stopped while compiling: time limit' (or '' while not stopped)."""
    return f"stopped while {_state.phase}: {_state.reason}" if _state.reason else ""


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Name the work inside for the report of a run stopped there."""
    previous = _state.phase
    if _state.reason is None:  # a stopped run keeps the phase it stopped in
        _state.phase = name
    try:
        yield
    finally:
        if _state.reason is None:  # a stopped run keeps the phase it stopped in
            _state.phase = previous


def on_stop(hook: Callable[[], None]) -> Callable[[], None]:
    """Call `hook` (from another thread) when the run must stop, e.g.
    `ctx.interrupt` of a z3 context; returns the function that removes it.
    Registered after the stop, the hook is called at once."""
    with _state.lock:
        _state.hooks.append(hook)
        late = _state.reason is not None
    if late:
        _call(hook)

    def remove() -> None:
        with _state.lock:
            if hook in _state.hooks:
                _state.hooks.remove(hook)
    return remove


def request_stop(reason: str) -> bool:
    """Record the reason (the first one wins) and interrupt the registered
    solvers; False when a stop was already requested."""
    with _state.lock:
        if _state.reason is not None:
            return False
        _state.reason = reason
        hooks = list(_state.hooks)
    for hook in hooks:
        _call(hook)
    return True


def should_raise() -> bool:
    """For the signal handler, after `request_stop`: raise KeyboardInterrupt
    now? Not at the first signal while solving (the engines stop by
    themselves and keep what they proved); always at a second one, and when
    the watchdog escalates."""
    _state.signals += 1
    return _state.force or _state.phase not in SELF_STOPPING or _state.signals > 1


def _call(hook: Callable[[], None]) -> None:
    try:
        hook()
    except Exception:  # noqa: BLE001 - a solver already gone must not stop the others
        pass


class Watchdog:
    """Watch one run: `with Watchdog(seconds, memory): ...`; `disarm()`
    before writing the report (nothing is interrupted after it)."""

    def __init__(self, max_seconds: float | None = None, max_memory: int | None = None):
        self.deadline = None if max_seconds is None else time.monotonic() + max_seconds
        self.max_memory = max_memory
        self.memory = MemoryProbe()
        self.done = threading.Event()
        self.firing = threading.Lock()  # no interrupt is sent once disarm() has returned
        self.thread: threading.Thread | None = None
        self.wakeup: tuple[int, int] | None = None
        self.old_wakeup = -1
        self.old_unraisable = None

    def __enter__(self) -> Watchdog:
        return self.start()

    def start(self) -> Watchdog:
        """Arm it (a run watched until `disarm`; `with` does both)."""
        disarm_running()
        _running.append(self)
        reset()
        self.wakeup = self._listen_for_signals()
        _state.watching = self.wakeup is not None
        self.old_unraisable, sys.unraisablehook = sys.unraisablehook, self._unraisable
        self.thread = threading.Thread(target=self._watch, name="vcspec-watchdog", daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.disarm()

    def disarm(self) -> None:
        with self.firing:
            self.done.set()
        if self in _running:
            _running.remove(self)
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout=1.0)
        self.thread = None
        _state.watching = False
        if self.old_unraisable is not None:
            sys.unraisablehook, self.old_unraisable = self.old_unraisable, None
        if self.wakeup is not None:
            with contextlib.suppress(ValueError, OSError):
                signal.set_wakeup_fd(self.old_wakeup)
            for fd in self.wakeup:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.wakeup = None

    # ------------------------------------------------------------ the thread
    def _watch(self) -> None:
        fired_at, escalated = None, False
        while not self.done.is_set():
            if self._signalled():
                request_stop(INTERRUPTED)  # z3 stops now; Python's handler runs later
            reason = self._limit()
            if reason is not None and request_stop(reason) and \
                    _state.phase not in SELF_STOPPING:
                self._interrupt_main()
            if _state.reason is not None and fired_at is None:
                fired_at = time.monotonic()
            elif fired_at is not None and not escalated and \
                    time.monotonic() - fired_at > ESCALATE:
                escalated = True  # a phase that should have stopped by itself did not
                self._interrupt_main()
            self.done.wait(POLL)

    def _limit(self) -> str | None:
        if self.deadline is not None and time.monotonic() >= self.deadline + GRACE:
            return TIME
        if self.max_memory is not None and self.memory.current() >= self.max_memory:
            return MEMORY
        return None

    def _interrupt_main(self) -> None:
        """A real SIGINT to the main thread when a Python handler takes it: a
        blocking wait (a child such as dot or gcc, select) returns EINTR and
        the handler raises; `_thread.interrupt_main` alone is seen only at
        the next bytecode, after the wait. Under the `firing` lock: a disarmed
        watchdog (its command's handlers restored) sends nothing, even when
        this thread was descheduled between its look at `done` and the kill."""
        with self.firing:
            if self.done.is_set():
                return
            _state.force = True
            if callable(signal.getsignal(signal.SIGINT)):
                with contextlib.suppress(AttributeError, OSError, ValueError):
                    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
                    return
            _thread.interrupt_main()

    def _unraisable(self, unraisable) -> None:
        """An interrupt raised inside a __del__ (z3's AstRef.__del__, run by
        the garbage collector anywhere) is swallowed there ("Exception
        ignored in ...") and the run went on: ask again, silently."""
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and _state.reason is not None \
                and not self.done.is_set():
            # not from here (this hook runs inside the __del__ too): a moment later
            threading.Timer(0.002, self._interrupt_main).start()
            return
        (self.old_unraisable or sys.__unraisablehook__)(unraisable)

    # ------------------------------------------------------------ signals
    def _listen_for_signals(self) -> tuple[int, int] | None:
        """A pipe the C-level signal handler writes to: seen by this thread
        even while the main thread waits in z3 (Python handlers run later)."""
        if threading.current_thread() is not threading.main_thread():
            return None
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        try:
            self.old_wakeup = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        except (ValueError, OSError):
            os.close(read)
            os.close(write)
            return None
        return read, write

    def _signalled(self) -> bool:
        wakeup = self.wakeup
        if wakeup is None:
            return False
        try:  # the pipe may be closing (disarm)
            ready, _, _ = select.select([wakeup[0]], [], [], 0)
            data = os.read(wakeup[0], 64) if ready else b""
        except (OSError, ValueError):
            return False
        return any(b in (signal.SIGINT, signal.SIGTERM) for b in data)

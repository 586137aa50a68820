"""Solvers with fixed seeds and a shared time budget.

Every engine makes its solvers here: the same run gives the same answer
(fixed random seeds), and each check gets the time left of the run's budget.
A check that returns unknown raises SolverUnknown with z3's reason, which the
engines report as UNKNOWN, never as HOLDS.
"""

from __future__ import annotations

import contextlib
import threading
import time

import z3

from vcspec.engine.watchdog import on_stop, stop_reason, stopped_words, watching_signals

SEED = 0


class SolverUnknown(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Budget:
    """Wall-clock time left for a run (None: unlimited)."""

    def __init__(self, seconds: float | None):
        self.start = time.monotonic()
        self.deadline = None if seconds is None else self.start + seconds
        self.solver_seconds = 0.0

    def left_ms(self) -> int | None:
        if self.deadline is None:
            return None
        return max(1, int((self.deadline - time.monotonic()) * 1000))

    def expired(self) -> bool:
        """Past the deadline, or the run was asked to stop (a signal, the
        memory limit: vcspec/engine/watchdog.py)."""
        return (stop_reason() is not None
                or (self.deadline is not None and time.monotonic() >= self.deadline))

    def spent_words(self) -> str:
        """Why no more queries are asked."""
        return stopped_words() or "timeout (the time budget is spent)"

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start


TIMEOUTS = ("timeout", "canceled", "max. resource limit exceeded")


def make_solver(logic: str | None = None) -> z3.Solver:
    solver = z3.SolverFor(logic) if logic else z3.Solver()
    solver.set("random_seed", SEED)
    return solver


def check(solver, budget: Budget, *assumptions) -> z3.CheckSatResult:
    """solver.check within the budget; unknown raises SolverUnknown."""
    if budget.expired():
        raise SolverUnknown(budget.spent_words())
    left = budget.left_ms()
    if left is not None:
        solver.set("timeout", left)
    start = time.monotonic()
    try:
        result = solver.check(*assumptions)
    finally:
        budget.solver_seconds += time.monotonic() - start
    if result == z3.unknown:
        raise SolverUnknown(stopped_words() or solver.reason_unknown() or "unknown")
    return result


@contextlib.contextmanager
def stop_is_unknown(budget: Budget):
    """A stop (the watchdog's interrupt, the backstop's) that lands in a z3
    call other than a check (a tactic, a simplification) raises
    Z3Exception("canceled"): that is the stop's SolverUnknown, not a crash."""
    try:
        yield
    except z3.Z3Exception:
        if budget.expired():
            raise SolverUnknown(budget.spent_words()) from None
        raise


def model_after_sat(solver, budget: Budget) -> z3.ModelRef:
    """solver.model() after a sat answer. A stop that interrupts z3 between
    the answer and the model makes z3 refuse the model ("canceled"): that is
    the stop's UNKNOWN, not a crash."""
    with stop_is_unknown(budget):
        return solver.model()


_ctrl_c_off = [0]  # interruptible() calls in progress that turned z3's handler off


def interruptible(ctx=None):
    """Let the watchdog interrupt `ctx` (z3's main context by default) through
    z3's API; returns the function that stops it (call it when done). While a
    watchdog sees the signals, z3's own Ctrl-C handler is off: it would take
    the signal from Python (the watchdog interrupts z3 itself). Calls nest (a
    run, then each Spacer query and certificate in a context of its own):
    the handler comes back when the outermost one ends."""
    watched = watching_signals()
    if watched:
        _ctrl_c_off[0] += 1
        z3.set_param("ctrl_c", False)
    remove = on_stop((ctx or z3.main_ctx()).interrupt)

    def stop() -> None:
        remove()
        if watched:
            _ctrl_c_off[0] -= 1
            if _ctrl_c_off[0] == 0:
                z3.set_param("ctrl_c", True)
    return stop


BACKSTOP_GRACE = 2.0  # seconds past the budget's deadline before z3 is interrupted
BACKSTOP_REPEAT = 0.5  # seconds between two interrupts while the run goes on


def backstop(budget: Budget, ctx=None):
    """Hold the budget's deadline even inside a z3 call that ignores its
    timeout (a tactic, a query whose timeout z3 does not poll): from
    BACKSTOP_GRACE seconds past the deadline, interrupt `ctx` every
    BACKSTOP_REPEAT seconds until the returned function is called. An
    interrupted query answers unknown (an UNKNOWN verdict); an interrupt
    between calls does nothing. Without a deadline, nothing is armed."""
    if budget.deadline is None:
        return lambda: None
    done = threading.Event()
    context = ctx or z3.main_ctx()

    def watch() -> None:
        if done.wait(max(0.0, budget.deadline + BACKSTOP_GRACE - time.monotonic())):
            return
        while not done.is_set():
            context.interrupt()
            done.wait(BACKSTOP_REPEAT)

    thread = threading.Thread(target=watch, name="vcspec-z3-backstop", daemon=True)
    thread.start()

    def stop() -> None:
        done.set()
        thread.join()
    return stop


class WorkLimit(SolverUnknown):
    """A query ran out of the work allowed to it (z3's resource count, which
    unlike time is the same on every run and every machine)."""

    def __init__(self):
        super().__init__("work limit")


class Incremental:
    """An incremental solver for unrollings: assertions accumulate, queries
    are asked under a fresh assumption literal each.

    All state variables are bounded, so the finite-domain solver (QF_FD,
    bit-blasting to SAT) is tried first; if it cannot decide a query (not a
    time limit) the assertions move to z3's general solver.
    """

    def __init__(self, budget: Budget, logic: str | None = "QF_FD"):
        self.budget = budget
        self.logic = logic
        self.assertions: list = []
        self.solver = make_solver(logic)
        self.queries = 0
        self.spent = 0  # z3's resource count of the solvers replaced so far

    def work(self) -> int:
        """z3's resource count so far (a deterministic measure of effort)."""
        stats = self.solver.statistics()
        return self.spent + (stats.get_key_value("rlimit count")
                             if "rlimit count" in stats.keys() else 0)

    def add(self, *formulas) -> None:
        self.assertions.extend(formulas)
        self.solver.add(*formulas)

    def model_of(self, formula, assumptions: tuple = (),
                 work: int | None = None) -> z3.ModelRef | None:
        """A model of the assertions, the assumptions and `formula`, or None.
        `work` caps the query's resource count (WorkLimit beyond it)."""
        literal = z3.Bool(f"query!{self.queries}")
        self.queries += 1
        self.add(z3.Implies(literal, formula))
        self.solver.set("rlimit", max(1, work) if work is not None else 0)
        try:
            result = check(self.solver, self.budget, literal, *assumptions)
        except SolverUnknown as unknown:
            if work is not None and not self.budget.expired():
                raise WorkLimit() from None
            if self.logic is None or unknown.reason in TIMEOUTS:
                raise
            self.logic = None
            self.spent = self.work()
            self.solver = make_solver(None)
            self.solver.add(*self.assertions)
            result = check(self.solver, self.budget, literal, *assumptions)
        return model_after_sat(self.solver, self.budget) if result == z3.sat else None

"""Solver limits: what was proved before a limit stands, a property that runs
out of its share of the time is tried again with what the others left, and
the default lasso search stops at a work limit and says so."""

from __future__ import annotations

from symhelp import load

from vcspec.engine.result import Verdict
from vcspec.symbolic.api import check_symbolic
from vcspec.symbolic.bmc import BMC
from vcspec.symbolic.prove import Prover
from vcspec.symbolic.solver import SolverUnknown

COVC = "specs/examples/covc.vcspec"


def test_kind_keeps_what_it_proved_before_a_limit(monkeypatch):
    """k = 1 proves NoDataOnDeadVc; the limit strikes in the base case of k = 2."""
    searches = []
    original = BMC.search

    def limited(self, *args, **kwargs):
        searches.append(args[1])
        if len(searches) > 1:
            raise SolverUnknown("timeout")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BMC, "search", limited)
    report = check_symbolic(load(COVC, K=2), "kind", depth=3)
    assert report.find("NoDataOnDeadVc").verdict is Verdict.HOLDS
    dead = report.find("deadlock")  # not 1-inductive (notebook 03)
    assert dead.verdict is Verdict.UNKNOWN and "timeout" in dead.message
    assert report.stats.stop_reason == "timeout"


def test_a_property_out_of_its_share_is_tried_again(monkeypatch):
    shares = []
    original = Prover.prove

    def first_try_fails(self, prop, share_ms=None):
        shares.append((prop.name, share_ms))
        if prop.name == "NoDataOnDeadVc" and share_ms is not None:
            raise SolverUnknown("timeout")
        return original(self, prop, share_ms)

    monkeypatch.setattr(Prover, "prove", first_try_fails)
    report = check_symbolic(load(COVC, K=2), "pdr", timeout_s=120)
    assert all(p.verdict is Verdict.HOLDS for p in report.properties)
    tries = [share for name, share in shares if name == "NoDataOnDeadVc"]
    assert tries[0] is not None and tries[0] <= 120_000 // 3 + 1 and tries[1] is None


def test_no_budget_no_shares(monkeypatch):
    shares = []
    original = Prover.prove

    def record(self, prop, share_ms=None):
        shares.append(share_ms)
        return original(self, prop, share_ms)

    monkeypatch.setattr(Prover, "prove", record)
    check_symbolic(load(COVC, K=2), "pdr")
    assert shares and set(shares) == {None}


def test_default_lasso_search_stops_at_its_work_limit():
    model = load("specs/condis/condis.vcspec", NVC=1)
    report = check_symbolic(model, "bmc", depth=1, properties=["CreatorDeletes"])
    assert report.find("CreatorDeletes").verdict is Verdict.BOUNDED  # --depth given: 1 step
    assert "work limit" not in report.find("CreatorDeletes").message
    report = check_symbolic(model, "bmc", properties=["CreatorDeletes"])
    words = report.find("CreatorDeletes").message
    assert report.find("CreatorDeletes").verdict is Verdict.BOUNDED
    assert "stopped at its default work limit" in words and "--depth" in words


def test_the_deadline_holds_inside_a_z3_call_that_ignores_it():
    """A tactic has no timeout of its own: the backstop interrupts it once the
    budget's deadline (plus grace) has passed, so the run ends unknown."""
    import z3

    from vcspec.symbolic.solver import Budget, backstop

    a, b, c = z3.Ints("a b c")
    hard = z3.And(a * a * a + b * b * b == c * c * c, a > 1, b > 1, c > 1)
    unarm = backstop(Budget(0.05))
    try:
        result = z3.Then("simplify", "smt")(hard)
    except z3.Z3Exception as stopped:  # the tactic reports the interrupt
        result = str(stopped)
    finally:
        unarm()
    assert "canceled" in str(result) or "interrupted" in str(result)
    solver = z3.Solver()  # the interrupt does not outlive the run
    solver.add(a > 1)
    assert solver.check() == z3.sat


def test_no_deadline_arms_nothing():
    import threading

    from vcspec.symbolic.solver import Budget, backstop

    unarm = backstop(Budget(None))
    assert "vcspec-z3-backstop" not in {t.name for t in threading.enumerate()}
    unarm()


def test_nested_interruptible_keeps_z3s_ctrl_c_handler_off(monkeypatch):
    """A run's interruptible() and a Spacer query's inside it: z3's own
    Ctrl-C handler stays off until the run's ends (it came back after the
    first query, took the next SIGINT and the run went on for minutes)."""
    import z3

    from vcspec.symbolic import solver

    monkeypatch.setattr(solver, "watching_signals", lambda: True)
    outer = solver.interruptible()
    inner = solver.interruptible(z3.Context())
    inner()
    assert z3.get_param("ctrl_c") == "false"
    outer()
    assert z3.get_param("ctrl_c") == "true"

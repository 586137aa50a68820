"""check_for_all(...) -> Report: `vcspec check --engine pdr --for-all Vc`.

Invariants, monitors and temporal properties get "HOLDS for every size of Vc"
(with a certificate block re-checked for the unbounded sort) or UNKNOWN with
the reason. `runtime` and `deadlock` are not proved for every size here: they
are reported UNKNOWN saying so (run the check without --for-all for them at
the given size).
"""

from __future__ import annotations

from vcspec.engine.limits import MemoryProbe
from vcspec.engine.progress import Reporter
from vcspec.engine.properties import DEADLOCK, RUNTIME
from vcspec.engine.result import PropertyResult, Report, Stats, Verdict
from vcspec.model import ir
from vcspec.symbolic.solver import Budget
from vcspec.symbolic.unbounded.cert import header
from vcspec.symbolic.unbounded.forall import ForAll

IMPLICIT = ("not proved for every size: --for-all proves invariants, monitors and temporal "
            "properties")


def check_for_all(model: ir.Model, checked, reload, for_all: tuple[str, ...], selected,
                  consts: dict[str, str], budget: Budget, reporter: Reporter,
                  command: list[str], spec: str | None) -> Report:
    names = [p.name for p in model.properties
             if p.name in selected.names]
    prover = ForAll(reload, consts, for_all, budget, reporter)
    outcome = prover.run(model, checked, names)
    results = []
    for prop in model.properties:
        if prop.name not in selected.names:
            continue
        if prop.name in outcome.holds:
            verdict, words = Verdict.HOLDS, outcome.holds[prop.name]
        else:
            verdict = Verdict.UNKNOWN
            words = outcome.unknown[prop.name]
        results.append(PropertyResult(prop.name, prop.kind, verdict, words, prop.rules,
                                      span=prop.span))
    if selected.deadlock:
        results.append(PropertyResult(DEADLOCK, "deadlock", Verdict.UNKNOWN, IMPLICIT))
    results.append(PropertyResult(RUNTIME, "runtime", Verdict.UNKNOWN, IMPLICIT))
    certificate = None
    if outcome.blocks:
        certificate = header(model.name, dict(consts), command) + "".join(outcome.blocks)
    stats = Stats(seconds=budget.elapsed, peak_memory_bytes=MemoryProbe().peak(),
                  complete=False, stop_reason=None)
    notes = [f"--for-all {', '.join(for_all)}: {len(outcome.holds)} of {len(names)} "
             "properties HOLD for every size (the other constants as given)"]
    shown = dict(model.consts)
    shown.update({c: "every size" for c in getattr(prover, "size_of", {}).values()})
    return Report(spec or model.name, model.name, "pdr", shown, stats, results,
                  {}, [], command, (), tuple(model.families), notes, certificate)

"""PDR (Spacer): proofs come with an inductive invariant that re-checks in a
fresh z3 context (initiation, consecution, safety) and as an SMT-LIB file;
a tampered certificate does not re-check; violations get BMC's shortest
trace."""

from __future__ import annotations

import z3
from symhelp import load

from vcspec.engine.result import Verdict
from vcspec.symbolic.api import check_symbolic
from vcspec.symbolic.certificate import certificate, recheck
from vcspec.symbolic.coi import ConeBuilder
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.pdr import PDR
from vcspec.symbolic.solver import Budget
from vcspec.symbolic.zterm import disj


def test_covc_proof_and_certificate():
    report = check_symbolic(load("specs/examples/covc.vcspec", K=3), "pdr", timeout_s=120)
    assert report.engine == "pdr"
    assert {p.name: p.verdict for p in report.properties} == {
        "NoDataOnDeadVc": Verdict.HOLDS, "deadlock": Verdict.HOLDS, "runtime": Verdict.HOLDS}
    text = report.certificate
    assert "(check-sat)" in text and "NoDataOnDeadVc" in text
    assert recheck(text).answers == ["unsat", "unsat", "unsat"]


def test_tampered_certificate_fails():
    model = load("specs/examples/covc.vcspec", K=2)
    enc = Encoding(model)
    bad = disj(*(p.bad for p in enc.properties))
    result = PDR(Budget(60)).prove(ConeBuilder(enc).cone(bad), bad)
    assert result.safe
    assert recheck(certificate(enc, result.invariant, bad, ["all"])).ok
    weak = recheck(certificate(enc, z3.BoolVal(True), bad, ["all"]))  # not safe
    assert not weak.ok and "safety" in weak.detail
    st0 = enc.x[enc.layout.leaf_names.index("Vc.st[0]")]
    strong = recheck(certificate(enc, st0 == 1, bad, ["all"]))  # excludes the initial state
    assert not strong.ok and "initiation" in strong.detail


def test_violation_has_shortest_trace():
    report = check_symbolic(load("specs/examples/covc_bug.vcspec", K=2), "pdr", timeout_s=120)
    bug = report.find("Vc0NeverDeleted")
    assert bug.verdict is Verdict.VIOLATED and bug.trace.length == 4
    assert [s.label for s in bug.trace.steps[1:]][-1] == "Vc.DeleteVc(0)"
    assert report.find("NoDataOnDeadVc").verdict is Verdict.HOLDS


def test_covc_k8_where_explicit_search_is_large():
    """17^8 = 6,975,757,441 states: PDR proves the invariant in seconds."""
    report = check_symbolic(load("specs/examples/covc.vcspec", K=8), "pdr",
                            properties=["NoDataOnDeadVc"], timeout_s=150)
    assert report.find("NoDataOnDeadVc").verdict is Verdict.HOLDS


def test_pdr_after_other_terms_proves_the_same_properties():
    """Spacer runs in a context of its own, its clauses translated into it and
    its invariants translated back: after thousands of unrelated terms in the
    main context the same properties are proved and re-checked. (The
    invariants themselves may differ: z3 does not promise the same search.)"""
    model = load("specs/condis/condis.vcspec", NVC=1, CROSSINGS=False)
    names = ["ConnectedImpliesActive", "DeleteOnlyDeactivatedVc", "OneClosePerCall"]
    first = check_symbolic(model, "pdr", properties=names, timeout_s=120)
    noise = [z3.Int(f"noise{i}") for i in range(2000)]
    z3.simplify(z3.And(*[a < b for a, b in zip(noise, noise[1:])]))
    second = check_symbolic(model, "pdr", properties=names, timeout_s=120)
    for report in (first, second):
        assert {p.name: p.verdict for p in report.properties} == \
            {**dict.fromkeys(names, Verdict.HOLDS), "runtime": Verdict.HOLDS}
        assert recheck(report.certificate).ok


def test_a_lemma_based_invariant_that_does_not_recheck_is_proved_again_without(monkeypatch):
    """The first certification refuses every proof that assumed lemmas (as if
    their invariants did not re-check): those properties are proved again
    without lemmas and end HOLDS with a certificate that re-checks."""
    from vcspec.symbolic.prove import Certified, Prover

    calls = []
    original = Prover.certify

    def picky(self, proofs, command):
        calls.append([(p.prop.name, bool(p.premises)) for p in proofs])
        if len(calls) > 1:
            return original(self, proofs, command)
        alone = [p for p in proofs if not p.premises]
        out = original(self, alone, command) if alone else Certified([], None, {})
        out.failed.update({p.prop.name: "safety: sat" for p in proofs if p.premises})
        return out

    monkeypatch.setattr(Prover, "certify", picky)
    model = load("specs/condis/condis.vcspec", NVC=1, CROSSINGS=False)
    names = ["ConnectedImpliesActive", "DeleteOnlyDeactivatedVc", "OneClosePerCall"]
    report = check_symbolic(model, "pdr", properties=names, timeout_s=120)
    redone = {name for name, premised in calls[0] if premised}
    assert redone  # the lemmas were used: this test exercises the fallback
    assert len(calls) == 2 and not any(premised for _, premised in calls[1])
    assert {p.name: p.verdict for p in report.properties} == \
        {**dict.fromkeys(names, Verdict.HOLDS), "runtime": Verdict.HOLDS}
    assert recheck(report.certificate).ok

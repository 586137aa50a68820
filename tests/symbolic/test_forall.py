"""`--for-all Vc`: safety proofs for every number of VCs.

The unbounded encoding is held against the reference semantics at fixed
sizes (uagree.py); specs that hold up to k VCs and fail at k+1 never get
"HOLDS for every size" (and the explicit engine finds their violations at
k+1); small per-VC specs and the CoNDIS flagship's per-VC properties do,
each with a certificate that re-checks in a fresh z3 context."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from symhelp import ROOT, load
from typer.testing import CliRunner
from uagree import compare

from vcspec.api import check
from vcspec.cli import app
from vcspec.engine.result import Verdict
from vcspec.model import analyse
from vcspec.symbolic.api import check_symbolic
from vcspec.symbolic.certificate import recheck

HERE = "tests/symbolic/forall"
CONDIS = ROOT / "specs" / "condis" / "condis.vcspec"


def for_all(path, properties=None, **consts):
    path = ROOT / path
    given = {k: str(v) for k, v in consts.items()}
    model = analyse(path, given).model
    return check_symbolic(model, "pdr", properties=properties, consts=given, spec=str(path),
                          for_all=["Vc"], reload=lambda c: analyse(path, c))


def verdicts(report) -> dict[str, str]:
    return {p.name: p.verdict.value for p in report.properties}


# ------------------------------------------------------------ the encoding, state by state
@pytest.mark.parametrize(("spec", "nvc", "states"), [
    ("mutex", 1, 3), ("mutex", 2, 8), ("mutex", 3, 20), ("race3", 3, 13), ("race4", 2, 5),
    ("counter", 3, 8), ("partial", 2, 13),
])
def test_unbounded_encoding_agrees_with_reference(spec, nvc, states):
    """With the sort cut to exactly NVC members, initial states, successors and
    bad properties are the reference semantics' (every reachable state)."""
    assert compare(load(f"{HERE}/{spec}.vcspec", NVC=nvc)) == states


def test_unbounded_encoding_agrees_on_condis():
    assert compare(load("specs/condis/condis.vcspec", NVC=1), max_states=6) == 6


# ------------------------------------------------------------ soundness: k holds, k+1 fails
@pytest.mark.parametrize(("spec", "prop", "holds_at", "fails_at", "length"), [
    ("counter", "FewerThanFour", 3, 4, 4),  # a counter of VCs that overflows
    ("race3", "Mutex", 2, 3, 3),  # a pairwise race that needs 3 VCs
    ("race4", "Mutex", 3, 4, 4),  # ... that needs 4 (PDR proves it at 2 and 3)
])
def test_no_proof_for_every_size_when_a_larger_size_fails(spec, prop, holds_at, fails_at, length):
    report = for_all(f"{HERE}/{spec}.vcspec")
    result = report.find(prop)
    assert result.verdict is Verdict.UNKNOWN
    assert "HOLDS" not in result.message
    assert report.certificate is None
    small = check(load(f"{HERE}/{spec}.vcspec", NVC=holds_at))
    assert small.find(prop).verdict is Verdict.HOLDS
    large = check(load(f"{HERE}/{spec}.vcspec", NVC=fails_at))
    assert large.find(prop).verdict is Verdict.VIOLATED
    assert large.find(prop).trace_length == length


def test_a_violation_at_three_members_is_named():
    message = for_all(f"{HERE}/race3.vcspec").find("Mutex").message
    assert message.startswith("violated with 3 members (NVC=3)")


def test_counterexample_to_induction_is_shown_at_its_smallest_size():
    message = for_all(f"{HERE}/race4.vcspec").find("Mutex").message
    assert "does not generalise to an inductive one" in message
    assert "counterexample to induction, with Vc = 4 (the smallest size" in message
    assert "Lock.ticket" in message


# ------------------------------------------------------------ proofs
def test_mutex_holds_for_every_size_with_a_certificate():
    report = for_all(f"{HERE}/mutex.vcspec")
    assert verdicts(report) == {"Mutex": "HOLDS", "ReleaseByOwner": "HOLDS",
                                "deadlock": "UNKNOWN", "runtime": "UNKNOWN"}
    assert report.find("Mutex").message.startswith("HOLDS for every size of Vc")
    assert report.consts["NVC"] == "every size"
    text = report.certificate
    assert text.count("(declare-sort Vc 0)") == 2
    assert _answers(text) == ["unsat"] * 6


def test_certificate_is_checked_by_the_z3_binary(tmp_path):
    beside = Path(sys.executable).parent / "z3"  # z3-solver installs one in the venv
    z3_binary = shutil.which("z3") or (str(beside) if beside.exists() else None)
    if z3_binary is None:
        pytest.skip("no z3 executable")
    cert = tmp_path / "mutex.smt2"
    cert.write_text(for_all(f"{HERE}/mutex.vcspec").certificate)
    out = subprocess.run([z3_binary, str(cert)], capture_output=True, text=True, check=False)
    assert out.stdout.split() == ["unsat"] * 6


def test_a_broken_certificate_does_not_recheck():
    text = for_all(f"{HERE}/mutex.vcspec", properties=["Mutex"]).certificate
    block = text[text.index("(push 1)"):]
    assert recheck(block).ok
    weakened = block.replace("(define-fun inv () Bool", "(define-fun inv () Bool true) "
                             "(define-fun unused () Bool", 1)
    assert not recheck(weakened).ok


# ------------------------------------------------------------ what is not generalised
def test_size_constant_used_elsewhere_is_unknown():
    message = for_all(f"{HERE}/sized.vcspec").find("Bounded").message
    assert "its size constant NVC is used elsewhere in the spec (1 more times)" in message


def test_sets_of_members_and_quantifiers_over_them():
    report = for_all(f"{HERE}/partial.vcspec")
    assert verdicts(report) == {"DataOnlyOnOpen": "HOLDS", "LastIsOpen": "UNKNOWN",
                                "NoDataOutside": "HOLDS", "FewOpen": "UNKNOWN",
                                "deadlock": "UNKNOWN", "runtime": "UNKNOWN"}
    assert report.find("FewOpen").message == \
        "not generalised: the number of members of a set of a for-all enum"
    assert report.find("LastIsOpen").message.startswith("no proof for every size")


def test_counting_members_is_unknown():
    message = for_all(f"{HERE}/counting.vcspec").find("AtMostTwo").message
    assert message == "not generalised: count over the for-all enum Vc"


# ------------------------------------------------------------ CoNDIS
PER_VC = ["OnlyCreatorDeletes", "NoDataTransferAfterClose", "NoUseAfterDelete",
          "DataOnlyOnActiveVc", "ConnectedImpliesActive"]


@pytest.mark.parametrize("variant", ["CM", "MCM"])
def test_condis_per_vc_properties_hold_for_every_size(variant):
    report = for_all("specs/condis/condis.vcspec", properties=PER_VC, VARIANT=variant)
    assert {n: v for n, v in verdicts(report).items() if n != "runtime"} == \
        dict.fromkeys(PER_VC, "HOLDS")
    assert _answers(report.certificate) == ["unsat"] * 3 * len(PER_VC)


def test_condis_seeded_bug_is_not_proved():
    report = for_all("specs/condis/condis.vcspec", properties=["OnlyCreatorDeletes"],
                     BUG="ClientDeletesCmVc")
    result = report.find("OnlyCreatorDeletes")
    assert result.verdict is Verdict.UNKNOWN
    assert result.message.startswith("violated with 2 members")


# ------------------------------------------------------------ command line
def test_cli_for_all_writes_a_certificate(tmp_path):
    cert = tmp_path / "cert.smt2"
    result = CliRunner().invoke(app, ["check", str(ROOT / HERE / "mutex.vcspec"), "--engine",
                                      "pdr", "--for-all", "Vc", "--certificate", str(cert),
                                      "--format", "json", "--no-progress"])
    assert result.exit_code == 4, result.output  # deadlock, runtime: not for every size
    report = json.loads(result.stdout)
    assert [p["verdict"] for p in report["properties"]] == ["HOLDS", "HOLDS", "UNKNOWN",
                                                            "UNKNOWN"]
    assert "--for-all" in report["command"]
    assert _answers(cert.read_text()) == ["unsat"] * 6


def test_cli_for_all_needs_pdr():
    result = CliRunner().invoke(app, ["check", str(ROOT / HERE / "mutex.vcspec"),
                                      "--for-all", "Vc"])
    assert result.exit_code == 2
    assert "--for-all applies to --engine pdr" in result.output


def _answers(text: str) -> list[str]:
    import z3

    ctx = z3.Context()  # kept alive while z3 reads the text
    out = z3.Z3_eval_smtlib2_string(ctx.ref(), text)
    return [line.strip() for line in out.splitlines() if line.strip()]

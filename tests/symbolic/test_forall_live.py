"""`--for-all Vc` on temporal properties: per-VC liveness for every number of VCs.

The liveness-to-safety reduction is built over the uninterpreted sort
(vcspec/symbolic/unbounded/ulive.py); PDR's invariants of the finite
reductions are only candidates (liveall.py). Specs whose liveness holds up to
k VCs and fails with k+1 never get "HOLDS for every size", and the explicit
engine finds their violations at k+1."""

from __future__ import annotations

import json

import pytest
from symhelp import ROOT, load
from test_forall import _answers, for_all
from typer.testing import CliRunner

from vcspec.api import check
from vcspec.cli import app
from vcspec.engine.result import Verdict
from vcspec.symbolic.certificate import recheck

HERE = "tests/symbolic/forall"


def test_per_vc_liveness_holds_for_every_size_with_a_certificate():
    report = for_all(f"{HERE}/live.vcspec", properties=["Completes"])
    result = report.find("Completes")
    assert result.verdict is Verdict.HOLDS
    assert result.message.startswith("HOLDS for every size of Vc (liveness to safety")
    text = report.certificate
    assert "(declare-sort Vc 0)" in text
    assert _answers(text) == ["unsat"] * 3
    block = text[text.index("(push 1)"):]
    assert recheck(block).ok
    broken = block.replace("(define-fun inv () Bool", "(define-fun inv () Bool true) "
                           "(define-fun unused () Bool", 1)
    assert not recheck(broken).ok


@pytest.mark.parametrize(("tokens", "fails_at", "length"), [
    (2, 3, 6),  # PDR proves sizes 1 and 2: the generalisation must not be believed
    (3, 4, 8),
])
def test_liveness_failing_with_one_more_vc_is_not_proved(tokens, fails_at, length):
    """A pool of TOKENS tokens: a waiting VC is served while there are at most
    TOKENS VCs; with one more, one may wait forever on a fair run."""
    report = for_all(f"{HERE}/tokens.vcspec", TOKENS=tokens)
    result = report.find("Served")
    assert result.verdict is Verdict.UNKNOWN
    assert "HOLDS" not in result.message
    assert report.certificate is None
    small = check(load(f"{HERE}/tokens.vcspec", NVC=fails_at - 1, TOKENS=tokens))
    assert small.find("Served").verdict is Verdict.HOLDS
    large = check(load(f"{HERE}/tokens.vcspec", NVC=fails_at, TOKENS=tokens))
    assert large.find("Served").verdict is Verdict.VIOLATED
    assert large.find("Served").trace_length == length


def test_liveness_violated_at_a_small_size_is_named():
    message = for_all(f"{HERE}/tokens.vcspec", TOKENS=1).find("Served").message
    assert message.startswith("violated with 2 members (NVC=2)")


def test_cli_for_all_proves_a_temporal_property(tmp_path):
    cert = tmp_path / "cert.smt2"
    result = CliRunner().invoke(app, ["check", str(ROOT / HERE / "live.vcspec"), "--engine",
                                      "pdr", "--for-all", "Vc", "--property", "Completes",
                                      "--certificate", str(cert), "--format", "json",
                                      "--no-progress"])
    assert result.exit_code == 4, result.output  # runtime: not for every size
    report = json.loads(result.stdout)
    assert [(p["name"], p["verdict"]) for p in report["properties"]] == \
        [("Completes", "HOLDS"), ("runtime", "UNKNOWN")]
    assert _answers(cert.read_text()) == ["unsat"] * 3

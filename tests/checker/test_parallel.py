"""The search on worker processes (vcspec/explicit/parallel.py, --workers N)
gives the one-process report: the same distinct states, transitions, depth,
per-action counts, verdicts and counterexamples (times and the notes that
name the workers aside), with symmetry on and off, when every property is
violated (the search stops inside a level), and for any number of workers.
What it does not do is refused in words."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from test_checkpoint import timeless

from vcspec.api import check
from vcspec.explicit.owner import WorkersError, owner_of
from vcspec.model import load
from vcspec.report.json_report import report_dict

EXAMPLES = ROOT / "specs" / "examples"
CONDIS = ROOT / "specs" / "condis" / "condis.vcspec"


def report(model, **options) -> dict:
    out = timeless(report_dict(check(model, **options)))
    out.pop("notes", None)  # "workers: N processes"
    return out


def safety(model) -> list[str]:
    return [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]


CASES = [  # (spec, constants, options)
    ("covc", {"K": "2"}, {}),
    ("covc", {"K": "3"}, {}),
    ("covc", {"K": "3"}, {"symmetry": False}),
    ("covc_bug", {"K": "3"}, {}),
    ("covc_bug", {"K": "3"}, {"symmetry": False}),
    # one property, violated: the search stops at a batch end inside a level
    ("covc_bug", {"K": "4"}, {"properties": ["Vc0NeverDeleted"], "symmetry": False}),
    ("dining_philosophers", {}, {"safety": True}),
    ("two_phase_commit", {}, {"safety": True}),
    ("readers_writers", {}, {"safety": True, "symmetry": False}),
]


def model_of(spec: str, consts: dict):
    return load(CONDIS if spec == "condis" else EXAMPLES / f"{spec}.vcspec", consts)


def options_of(model, options: dict) -> dict:
    options = dict(options)
    if options.pop("safety", False):
        options["properties"] = safety(model)
    return options


@pytest.mark.parametrize("spec,consts,options", CASES)
def test_two_workers_give_the_sequential_report(spec, consts, options):
    model = model_of(spec, consts)
    options = options_of(model, options)
    alone = report(model, **options)
    assert report(model, workers=2, **options) == alone


@pytest.mark.parametrize("spec,consts,options", [
    ("condis", {"NVC": "1"}, {"safety": True}),
    ("condis", {"NVC": "1", "BUG": "ClientDeletesCmVc"}, {"safety": True}),
    ("condis", {"NVC": "1"}, {"safety": True, "symmetry": False}),
])
def test_condis_with_workers(spec, consts, options):
    model = model_of(spec, consts)
    options = options_of(model, options)
    alone = report(model, **options)
    assert report(model, workers=2, **options) == alone


def test_the_stop_inside_a_level_is_the_sequential_one():
    """The case above stops early: fewer states than the whole space."""
    model = model_of("covc_bug", {"K": "4"})
    whole = check(model, symmetry=False, properties=["Vc0NeverDeleted", "NoDataOnDeadVc"])
    cut = check(model, symmetry=False, properties=["Vc0NeverDeleted"], workers=2)
    assert cut.stats.stop_reason == "all properties violated"
    assert cut.stats.distinct_states < whole.stats.distinct_states


def test_three_workers_and_a_violation_trace():
    model = model_of("covc_bug", {"K": "3"})
    alone = report(model)
    assert report(model, workers=3) == alone
    violated = [p for p in alone["properties"] if p["verdict"] == "VIOLATED"]
    assert violated and all(p["trace"]["steps"] for p in violated)


def test_states_are_spread_over_the_owners():
    shares = [0, 0]
    for state in range(1 << 12):  # bit-packed states: consecutive ints
        shares[owner_of(state << 7, 2)] += 1
    assert min(shares) > 0.4 * sum(shares)


def test_temporal_properties_and_checkpoints_are_refused(tmp_path):
    model = model_of("dining_philosophers", {})
    with pytest.raises(WorkersError, match="safety properties only"):
        check(model, workers=2)
    with pytest.raises(WorkersError, match="checkpoints"):
        check(model, workers=2, properties=safety(model), checkpoint=tmp_path / "c")
    with pytest.raises(WorkersError, match="at least 1"):
        check(model, workers=0)


def test_command_line_refusal_is_a_usage_error():
    run = subprocess.run([sys.executable, "-m", "vcspec", "check",
                          str(EXAMPLES / "dining_philosophers.vcspec"), "--workers", "2"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "safety properties only" in run.stderr

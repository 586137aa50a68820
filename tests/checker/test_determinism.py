"""Same counts and the same first counterexample whatever PYTHONHASHSEED is:
run the CLI in subprocesses with different seeds and compare the JSON reports
(timings and memory aside)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

EXAMPLES = ROOT / "specs" / "examples"
# (spec, text appended or replaced, extra arguments): each has a counterexample
CASES = [
    ("covc_bug", None, ["--const", "K=3"]),
    ("two_phase_commit", ("", "invariant NoCommit: TM.decision != Commit\n"), []),  # sets
    ("dining_philosophers", None, ["--const", "N=3", "--const", "ORDERED=false"]),
    ("alternating_bit", ("fairness weak Sender, strong Receiver.Receive, strong Sender.RcvAck",
                         "fairness weak Sender, weak Receiver"), ["--property", "AllDelivered"]),
]


def run(args: list[str], seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, "-m", "vcspec", "check", *args, "--format", "json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    for key in ("seconds", "states_per_second", "peak_memory_bytes"):
        report["stats"].pop(key)
    return report


@pytest.mark.parametrize("name, change, extra", CASES, ids=[c[0] for c in CASES])
def test_same_report_for_every_hash_seed(name, change, extra, tmp_path):
    path = EXAMPLES / f"{name}.vcspec"
    if change is not None:
        old, new = change
        text = path.read_text()
        path = tmp_path / path.name
        path.write_text(text.replace(old, new) if old else text + new)
    args = [str(path), *extra]
    reports = [run(args, seed) for seed in ("0", "1", "4242")]
    assert reports[0] == reports[1] == reports[2]
    assert any(p["trace"] for p in reports[0]["properties"])

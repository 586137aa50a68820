"""Side by side with SPIN on the yardstick (bench/covc.pml, BFS, -DNOREDUCE).

SPIN's `transitions` = stored + matched counts the initial state once more
than we do; its "depth reached" is our number of BFS levels minus one.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT

from vcspec.api import check
from vcspec.model import load

pytestmark = pytest.mark.needs_spin

TOOLS = [t for t in ("spin", "gcc") if shutil.which(t) is None]


def spin_numbers(k: int, workdir) -> tuple[int, int, int]:
    model = workdir / "covc.pml"
    model.write_text((ROOT / "bench" / "covc.pml").read_text())
    subprocess.run(["spin", f"-DK={k}", "-a", "covc.pml"], cwd=workdir, check=True,
                   capture_output=True)
    subprocess.run(["gcc", "-O2", "-DNOREDUCE", "-DBFS", "-o", "pan", "pan.c"], cwd=workdir,
                   check=True, capture_output=True)
    out = subprocess.run(["./pan", "-m100000"], cwd=workdir, check=True, capture_output=True,
                         text=True).stdout
    stored = int(re.search(r"(\d+) states, stored", out).group(1))
    transitions = int(re.search(r"(\d+) transitions", out).group(1))
    depth = int(re.search(r"depth reached (\d+)", out).group(1))
    return stored, transitions, depth


@pytest.mark.skipif(bool(TOOLS), reason=f"not installed: {', '.join(TOOLS)}")
@pytest.mark.parametrize("k", [3, 4])
def test_same_numbers_as_spin(k, tmp_path):
    stored, transitions, depth = spin_numbers(k, tmp_path)
    stats = check(load(ROOT / "specs" / "examples" / "covc.vcspec", {"K": str(k)})).stats
    assert stats.distinct_states == stored == 17 ** k
    assert stats.transitions == transitions - 1
    assert stats.depth == depth + 1

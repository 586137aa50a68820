"""Shared helpers for the symbolic engine tests: the reference explorer
(reference.py, vcspec/model/evaluate only) and the z3 side of the comparison."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # reference.py
sys.path.insert(0, str(ROOT / "tests" / "checker"))  # specgen.py (random specs)


@pytest.fixture
def example():
    from symhelp import load

    return lambda name, **consts: load(f"specs/examples/{name}.vcspec", **consts)

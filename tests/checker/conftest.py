"""Shared helpers for the checker tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))  # naive.py, specgen.py

from vcspec.model import load, loads  # noqa: E402


@pytest.fixture
def example():
    def get(name: str, **consts):
        return load(ROOT / "specs" / "examples" / f"{name}.vcspec",
                    {k: str(v).lower() if isinstance(v, bool) else str(v)
                     for k, v in consts.items()})
    return get


def spec(text: str, **consts):
    return loads(text, "test.vcspec", {k: str(v) for k, v in consts.items()})

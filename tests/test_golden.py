"""Golden tests: every case under tests/golden/cases reproduces its .expect.
Regenerate with `make golden` after an intended change, and review the diff."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "golden_regenerate", Path(__file__).parent / "golden" / "regenerate.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.mark.parametrize("case", golden.cases(), ids=lambda p: p.stem)
def test_golden(case: Path) -> None:
    expected = golden.expect_path(case)
    assert expected.exists(), f"no {expected.name}: run `make golden`"
    assert golden.run(case) == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("session", golden.sessions(), ids=lambda p: p.stem)
def test_golden_session(session: Path) -> None:
    expected = golden.expect_path(session)
    assert expected.exists(), f"no {expected.name}: run `make golden`"
    assert golden.run_session(session) == expected.read_text(encoding="utf-8")

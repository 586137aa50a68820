"""Every diagnostic code has a golden case that produces it, and `explain` knows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vcspec.cli import app
from vcspec.model.codes import CODES

CASES = Path(__file__).parent / "golden" / "cases"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_case(code: str) -> None:
    case = CASES / f"diag_{code}.vcspec"
    assert case.exists(), f"add {case.name}: a spec that produces {code}"
    expect = case.with_suffix(".expect").read_text(encoding="utf-8")
    assert f"[{code}]" in expect


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain(code: str) -> None:
    result = CliRunner().invoke(app, ["explain", code])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{code}: {CODES[code].title}")


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["explain", "VCS999"])
    assert result.exit_code == 2

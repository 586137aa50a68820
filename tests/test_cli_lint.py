"""`vcspec lint` and `vcspec explain`: exit codes 0 clean, 3 spec errors, 2 usage."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "specs" / "examples").glob("*.vcspec"))


def lint(*args: str):
    return CliRunner().invoke(app, ["lint", *args])


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.name)
def test_examples_lint_clean(spec: Path) -> None:
    result = lint(str(spec))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_lint_reports_errors_with_exit_3(tmp_path: Path) -> None:
    spec = tmp_path / "bad.vcspec"
    spec.write_text("process P { var x : 0..2  action A { x := y } }\n")
    result = lint(str(spec))
    assert result.exit_code == 3
    assert f"{spec}:1:43: error[VCS201]: undefined name 'y'" in result.stderr
    assert result.stderr.rstrip().endswith("1 error, 0 warnings")  # no lints after an error


def test_lint_warnings_alone_exit_0(tmp_path: Path) -> None:
    spec = tmp_path / "warn.vcspec"
    spec.write_text("const UNUSED = 1\nprocess P { var x : bool  action A { x := not x } }\n"
                    "invariant I: P.x or not P.x\n")
    result = lint(str(spec))
    assert result.exit_code == 0
    assert "warning[VCS405]" in result.stderr


@pytest.mark.parametrize("args", [["missing.vcspec"], ["--const", "N", str(EXAMPLES[0])],
                                  ["--bogus-option", str(EXAMPLES[0])]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert lint(*args).exit_code == 2


def test_lint_collects_diagnostics_of_several_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.vcspec", tmp_path / "b.vcspec"
    a.write_text("invariant I: nope\n")
    b.write_text("invariant J: 1\n")
    result = lint(str(a), str(b))
    assert result.exit_code == 3
    assert "[VCS201]" in result.stderr and "[VCS301]" in result.stderr


# every spec and every file of the installed library lints on its own (the
# library's client contract stands in for the client it names)
ALL_SPECS = sorted([*(ROOT / "specs").rglob("*.vcspec"),
                    *(ROOT / "vcspec" / "library").rglob("*.vcspec")])


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spec_lints_without_errors(spec: Path) -> None:
    assert lint(str(spec)).exit_code == 0


def test_every_spec_is_formatted() -> None:
    result = CliRunner().invoke(app, ["fmt", "--check", *map(str, ALL_SPECS)])
    assert result.exit_code == 0, result.stdout

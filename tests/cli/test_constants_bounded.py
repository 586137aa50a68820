"""Constant evaluation is bounded and linear (issue 14): a constant whose
value visits too many values, or a chain of constants each defined by the
next, is a diagnostic (exit 3), not a hang, a MemoryError or a RecursionError."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from vcspec.cli import app
from vcspec.model import analyse

TAIL = "process P { var x: 0..3 = 0\n  action Go when x < 3 { x := x + 1 } }\n"


def lint(tmp_path, text: str):
    path = tmp_path / "c.vcspec"
    path.write_text(text)
    result = CliRunner().invoke(app, ["lint", str(path)])
    assert "Traceback" not in result.output
    return result


def test_nested_quantifiers_over_a_million_values_each(tmp_path):
    """10^12 evaluations of the body: stopped after 2^22 values visited."""
    started = time.monotonic()
    result = lint(tmp_path, "spec C\nconst B = forall x in 0..1000000: forall y in 0..1000000: "
                  "x + y >= 0\n" + TAIL.replace("x < 3", "B and x < 3"))
    assert time.monotonic() - started < 60
    assert result.exit_code == 3
    assert "error[VCS308]: the value of constant 'B': evaluating this visits more than " \
           "4194304 values" in result.output
    assert "2:11" in result.output  # the span of the quantifier


def test_a_quantifier_over_a_billion_values(tmp_path):
    result = lint(tmp_path, "spec C\nconst B = exists x in 0..1000000000: x == 5\n" + TAIL)
    assert result.exit_code == 3
    assert "error[VCS308]" in result.output and "has more than 1048576 values" in result.output


def test_a_chain_of_constants_each_defined_by_the_next(tmp_path):
    """Evaluated on demand, C0 needs C1 needs C2...: 20,000 deep was a
    RecursionError (exit 5); now VCS106 at 150 deep."""
    lines = ["spec C"] + [f"const C{i} = C{i + 1} + 1" for i in range(20_000)]
    lines += ["const C20000 = 1", TAIL.replace("x < 3", "x < C0")]
    result = lint(tmp_path, "\n".join(lines))
    assert result.exit_code == 3
    assert "error[VCS106]: constant 'C150' ends a chain of over 150 constants" in result.output


def test_many_constants_each_from_the_one_before(tmp_path):
    """Declared in order, every constant is evaluated once: the values are
    right (and the check no longer builds a set of all constants per constant)."""
    lines = ["spec C", "const C0 = 1"]
    lines += [f"const C{i} = C{i - 1} + 1" for i in range(1, 3000)]
    path = tmp_path / "c.vcspec"
    path.write_text("\n".join(lines) + "\n" + TAIL.replace("x < 3", "x < C2999 - 2997"))
    checked = analyse(path, {})
    assert not [d for d in checked.diagnostics if d.is_error]
    assert checked.model.consts["C2999"] == 3000

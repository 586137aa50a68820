"""Documentation is executed: every ```vcspec block in README.md and docs/*.md
is a complete spec that checks without errors (```vcspec-fragment blocks are
fragments and are only required to be shown, not checked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vcspec.model import analyse_text

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```vcspec\n(.*?)^```$", re.S | re.M)


def blocks() -> list[tuple[str, str]]:
    found = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{doc.name}:{line}", match.group(1)))
    return found


@pytest.mark.parametrize(("where", "spec"), blocks(), ids=[w for w, _ in blocks()])
def test_doc_example_checks(where: str, spec: str) -> None:
    checked = analyse_text(spec, name=where, base=ROOT / "docs" / "x.vcspec")
    problems = [f"{d.span}: {d.code} {d.message}" for d in checked.diagnostics if d.is_error]
    assert not problems, "\n".join(problems)


def test_readme_has_a_checked_example() -> None:
    assert any(where.startswith("README.md") for where, _ in blocks())

"""The notebooks run from any directory with the installed package: none reads
a file of the repository (`../specs/...`), and the tour runs from an empty
temporary directory. Their outputs stay out of git. (`make test` runs every
notebook in place with nbmake; this file checks where they may run.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# A path into the repository from the notebooks/ directory, as a string literal.
RELATIVE = re.compile(r"""["']\.\./""")


def code_of(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_reads_a_repository_file(notebook):
    assert not any(RELATIVE.search(code) for code in code_of(notebook))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_cleared(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)


def test_the_tour_runs_from_an_empty_directory(tmp_path, monkeypatch):
    """01_tour: about 5 s of CPU (one-VC CoNDIS client, every property)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    copy = tmp_path / "tour.ipynb"
    shutil.copy(next(p for p in NOTEBOOKS if p.name == "01_tour.ipynb"), copy)
    monkeypatch.chdir(tmp_path)
    notebook = nbformat.read(copy, as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert all(o.get("output_type") != "error" for c in notebook.cells
               for o in c.get("outputs", []))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tour.ipynb"]

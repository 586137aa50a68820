"""Imports: library names through the search path (installed library, VCSPEC_PATH,
the importing file's directory), confinement, links and sizes (vcspec/model/loader.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vcspec.model import analyse
from vcspec.model.loader import LIBRARY, MAX_FILE_BYTES, search_path


def codes(path: Path) -> list[str]:
    return [d.code for d in analyse(path).diagnostics if d.is_error]


def test_the_library_is_found_by_name_from_anywhere(tmp_path: Path) -> None:
    spec = tmp_path / "env_only.vcspec"
    spec.write_text('import "condis/ndis"\ninvariant T: true\n')
    checked = analyse(spec)
    assert checked.ok, checked.diagnostics
    assert "condis/ndis.vcspec" in checked.model.files  # shown by its library name


def test_search_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, value in ((first, 1), (second, 2)):
        folder.mkdir()
        (folder / "lib.vcspec").write_text(f"const WHICH = {value}\n")
    monkeypatch.setenv("VCSPEC_PATH", os.pathsep.join([str(first), str(second), "relative"]))
    assert search_path() == (LIBRARY.resolve(), first.resolve(), second.resolve())
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib.vcspec").write_text("const WHICH = 3\n")  # beside the importer: last
    spec = home / "main.vcspec"
    spec.write_text('import "lib"\ninvariant I: WHICH == 1\n')
    checked = analyse(spec)
    assert checked.ok and checked.model.consts["WHICH"] == 1
    monkeypatch.delenv("VCSPEC_PATH")
    checked = analyse(spec)
    assert checked.ok and checked.model.consts["WHICH"] == 3


def test_imports_stay_in_the_spec_tree(tmp_path: Path) -> None:
    outside, tree = tmp_path / "outside", tmp_path / "tree"
    outside.mkdir()
    (tree / "sub").mkdir(parents=True)
    (outside / "x.vcspec").write_text("const X = 1\n")
    (tree / "sub" / "y.vcspec").write_text("const Y = 1\n")
    spec = tree / "main.vcspec"
    spec.write_text('import "sub/y.vcspec"\n')
    assert codes(spec) == []
    spec.write_text('import "../outside/x.vcspec"\n')
    assert codes(spec) == ["VCS203"]
    (tree / "link.vcspec").symlink_to(outside / "x.vcspec")  # a link out of the tree
    spec.write_text('import "link.vcspec"\n')
    assert codes(spec) == ["VCS203"]
    (outside / "secret.txt").write_text("const S = 1\n")
    (tree / "disguised.vcspec").symlink_to(outside / "secret.txt")
    spec.write_text('import "disguised.vcspec"\n')
    diags = analyse(spec).diagnostics
    assert [d.code for d in diags] == ["VCS203"] and "not a '.vcspec' file" in diags[0].message


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.vcspec"
    with big.open("wb") as handle:  # sparse: nothing to read if the size is checked first
        handle.truncate(MAX_FILE_BYTES + 1)
    spec = tmp_path / "main.vcspec"
    spec.write_text('import "big.vcspec"\n')
    diags = analyse(spec).diagnostics
    assert [d.code for d in diags] == ["VCS105"] and "over 4 MiB" in diags[0].message

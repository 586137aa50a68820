"""vcspec's language: text -> checked Model. Never imports the rest of vcspec, z3 or graphviz.

    from vcspec.model import load, loads
    model = load("specs/condis/condis.vcspec", consts={"NVC": "2"})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vcspec.model import syntax
from vcspec.model.allow import drop_allowed
from vcspec.model.check import ModelChecker
from vcspec.model.contract import apply_contracts
from vcspec.model.diagnostics import Diagnostic, Diagnostics, SpecError
from vcspec.model.hints import import_hints
from vcspec.model.ir import Model
from vcspec.model.loader import Loader, read_source
from vcspec.model.source import SourceFile

__all__ = ["Checked", "Model", "SpecError", "analyse", "analyse_text", "load", "loads"]


@dataclass
class Checked:
    """The result of analysing a spec: the model (None if it has errors), every
    diagnostic (sorted), and the parsed files."""

    model: Model | None
    diagnostics: list[Diagnostic]
    files: list[tuple[SourceFile, syntax.SpecFile]]
    library: dict[str, str] = field(default_factory=dict)  # imported library files:
    # displayed name (as in spans) -> absolute path

    def from_library(self, span) -> bool:
        """Whether a span lies in an imported library file (the environment a
        user checks against, not the user's own spec)."""
        return span is not None and span.file in self.library

    @property
    def ok(self) -> bool:
        return self.model is not None


def analyse(path: str | Path, consts: dict[str, str] | None = None) -> Checked:
    diags = Diagnostics()
    path = Path(path)
    source = read_source(path, str(path), diags)
    if source is None:
        return Checked(None, diags.sorted(), [])
    return _analyse(source, path, consts or {}, diags)


def analyse_text(text: str, name: str = "<input>", consts: dict[str, str] | None = None,
                 base: str | Path | None = None) -> Checked:
    """Analyse spec text; imports resolve against `base` (a file path)."""
    diags = Diagnostics()
    return _analyse(SourceFile(name, text), Path(base) if base else None, consts or {}, diags)


def _analyse(source: SourceFile, path: Path | None, consts: dict[str, str],
             diags: Diagnostics) -> Checked:
    loader = Loader(diags)
    loader.load_root(source, path)
    if diags.has_errors or not loader.order:
        return Checked(None, diags.sorted(), loader.order)
    decls = [d for _, tree in loader.order for d in tree.decls
             if not isinstance(d, syntax.Import)]
    root = loader.order[-1][1]
    name = root.header.name if root.header else Path(source.name).stem
    files = tuple(src.name for src, _ in loader.order)
    contracts = apply_contracts(decls, root, diags, loader.in_library(path))
    model = ModelChecker(contracts.decls, consts, diags).run(name, files)
    diags.items = [d for d in diags.items  # optional actions left out: never enabled, by design
                   if not (d.code == "VCS402" and d.span in contracts.stubs)]
    found = diags.sorted()
    if diags.has_errors:
        found = import_hints(found, loader.search)
    return Checked(None if diags.has_errors else model, drop_allowed(found),
                   loader.order, loader.library_files())


def load(path: str | Path, consts: dict[str, str] | None = None) -> Model:
    """Load and check a spec; raise SpecError (with every diagnostic) on errors."""
    checked = analyse(path, consts)
    if checked.model is None:
        raise SpecError(checked.diagnostics)
    return checked.model


def loads(text: str, name: str = "<input>", consts: dict[str, str] | None = None) -> Model:
    checked = analyse_text(text, name, consts)
    if checked.model is None:
        raise SpecError(checked.diagnostics)
    return checked.model

"""A name left undefined because an import is missing: VCS201 errors about a
name that a library declares get a note naming the import that brings it.

Only on the error path: the top-level files of the search path (`condis.vcspec`,
not its parts) are loaded with their imports, and the first whose files
declare the name is suggested, in one note on the first such error.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostic, Diagnostics, Note
from vcspec.model.loader import Loader, read_source

UNDEFINED = re.compile(r"^undefined (?:name|type) '([A-Za-z_][A-Za-z0-9_]*)'$")


def import_hints(diagnostics: list[Diagnostic], search: tuple[Path, ...]) -> list[Diagnostic]:
    wanted = {m.group(1) for d in diagnostics if d.code == "VCS201"
              if (m := UNDEFINED.match(d.message))}
    if not wanted:
        return diagnostics
    where = _declared_by_libraries(search)
    known = sorted(n for n in wanted if n in where)
    if not known:
        return diagnostics
    out, noted = [], False
    for diag in diagnostics:
        match = UNDEFINED.match(diag.message) if diag.code == "VCS201" else None
        name = match.group(1) if match else None
        if name in where and not noted:
            noted = True
            others = len(known) - 1
            more = f" (and {others} other undefined name{'s' * (others != 1)})" if others else ""
            diag = replace(diag, notes=diag.notes + (Note(
                f"'{name}'{more} is declared by the library: add import \"{where[name]}\""),))
        out.append(diag)
    return out


def _declared_by_libraries(search: tuple[Path, ...]) -> dict[str, str]:
    """Every name the top-level library files declare (with their imports) ->
    the library name to import."""
    names: dict[str, str] = {}
    for root in search:
        for path in sorted(root.glob("*.vcspec")):
            diags = Diagnostics()
            source = read_source(path, path.name, diags)
            if source is None:
                continue
            loader = Loader(diags, search)
            loader.load_root(source, path)
            for _, tree in loader.order:
                for name in _names(tree):
                    names.setdefault(name, path.stem)
    return names


def _names(tree: s.SpecFile) -> list[str]:
    out = []
    for decl in tree.decls:
        if isinstance(decl, (s.Const, s.Enum, s.TypeAlias, s.Def, s.Process)):
            out.append(decl.name)
        if isinstance(decl, s.Enum) and decl.members:
            out.extend(decl.members)
    return out

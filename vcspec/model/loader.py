"""Files and imports: read a spec and everything it imports, once each.

A spec is data: nothing but `.vcspec` files is read. An import names either

- a relative path ending in `.vcspec` (`import "client.vcspec"`), resolved
  against the importing file; or
- a library name (`import "condis"`, `import "condis/environment"`), looked up
  as NAME.vcspec in the search path: the library installed with vcspec
  (vcspec/library/), then each directory of the `VCSPEC_PATH` environment
  variable, then the importing file's directory.

Every imported file, symlinks resolved, must lie inside the root spec's
directory tree or a search-path directory, and be at most MAX_FILE_BYTES.
"""

from __future__ import annotations

import os
from pathlib import Path

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.parse import parse_source
from vcspec.model.source import SourceFile

MAX_FILE_BYTES = 4 << 20
LIBRARY = Path(__file__).resolve().parents[1] / "library"
SUFFIX = ".vcspec"


def search_path(environ: dict[str, str] | None = None) -> tuple[Path, ...]:
    """The installed library, then the directories of VCSPEC_PATH (in order)."""
    value = (os.environ if environ is None else environ).get("VCSPEC_PATH", "")
    extra = [Path(p) for p in value.split(os.pathsep) if p and Path(p).is_absolute()]
    return tuple(dict.fromkeys(p.resolve() for p in [LIBRARY, *extra]))


def read_source(path: Path, display: str, diags: Diagnostics, span=None) -> SourceFile | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # checked before reading
            diags.error("VCS105", f"'{display}' is not a spec (over 4 MiB)",
                        SourceFile(display, "").span(0, 0))
            return None
        data = path.read_bytes()
    except OSError as error:
        diags.error("VCS203", f"cannot read '{display}': {error.strerror}", span)
        return None
    return decode_source(data, display, diags)


def decode_source(data: bytes, display: str, diags: Diagnostics) -> SourceFile | None:
    if len(data) > MAX_FILE_BYTES or b"\0" in data:
        diags.error("VCS105", f"'{display}' is not a spec (binary or over 4 MiB)",
                    SourceFile(display, "").span(0, 0))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        diags.error("VCS105", f"'{display}' is not UTF-8 text (byte {error.start})",
                    SourceFile(display, "").span(0, 0))
        return None
    return SourceFile(display, text.removeprefix("\ufeff"))


class Loader:
    """Parses a root file and its imports depth-first, detecting cycles."""

    def __init__(self, diags: Diagnostics, search: tuple[Path, ...] | None = None):
        self.diags = diags
        self.search = search_path() if search is None else search
        self.loaded: dict[Path, s.SpecFile | None] = {}
        self.order: list[tuple[SourceFile, s.SpecFile]] = []
        self.stack: list[Path] = []
        self.roots: tuple[Path, ...] = self.search

    def load_root(self, source: SourceFile, path: Path | None) -> None:
        tree = parse_source(source, self.diags)
        if tree is None:
            return
        key = path.resolve() if path else Path("<input>")
        base = path.parent if path else Path.cwd()
        self.roots = (base.resolve(), *self.search)
        self.loaded[key] = tree
        self.stack.append(key)
        self.follow_imports(tree, base)
        self.stack.pop()
        self.order.append((source, tree))

    def follow_imports(self, tree: s.SpecFile, base: Path) -> None:
        for decl in tree.decls:
            if isinstance(decl, s.Import):
                self.load_import(decl, base)

    def load_import(self, decl: s.Import, base: Path) -> None:
        path = self.resolve(decl, base)
        if path is None:
            return
        if path in self.stack:
            chain = " -> ".join(p.name for p in self.stack[self.stack.index(path):] + [path])
            self.diags.error("VCS204", f"import cycle: {chain}", decl.span)
            return
        if path in self.loaded:
            return
        source = read_source(path, self.display(path), self.diags, decl.span)
        tree = parse_source(source, self.diags) if source else None
        self.loaded[path] = tree
        if tree is None:
            return
        self.stack.append(path)
        self.follow_imports(tree, path.parent)
        self.stack.pop()
        self.order.append((source, tree))

    def resolve(self, decl: s.Import, base: Path) -> Path | None:
        """The file an import names (symlinks resolved), or None after an error."""
        name = decl.path
        if not name or Path(name).is_absolute() or "\\" in name or name.startswith("~"):
            self.diags.error("VCS203", f"import '{name}': an import is a library name "
                             "('condis') or a relative path to a '.vcspec' file", decl.span)
            return None
        if name.endswith(SUFFIX):
            candidates = [base / name]
        else:
            candidates = [root / (name + SUFFIX) for root in self.search]
            candidates.append(base / (name + SUFFIX))
        for candidate in candidates:
            try:
                found = candidate.is_file()
            except OSError as error:  # a name too long for the system, ...
                self.diags.error("VCS203", f"import '{name}': {error.strerror or error}",
                                 decl.span)
                return None
            if found:
                return self.confined(candidate.resolve(), decl)
        looked = ", ".join(self.display(c) for c in candidates)
        self.diags.error("VCS203", f"import '{name}' not found", decl.span,
                         Note(f"looked for {looked}"))
        return None

    def confined(self, path: Path, decl: s.Import) -> Path | None:
        if path.suffix != SUFFIX:
            self.diags.error("VCS203", f"import '{decl.path}' is a link to a file that is not "
                             "a '.vcspec' file", decl.span)
            return None
        if not any(path.is_relative_to(root) for root in self.roots):
            self.diags.error("VCS203", f"import '{decl.path}' leads outside the spec's "
                             "directory and the library search path", decl.span,
                             Note(f"it resolves to {path}"))
            return None
        return path

    def library_files(self) -> dict[str, str]:
        """The imported files (not the root) that lie in the search path: their
        displayed names (the names their spans carry) -> their absolute paths."""
        imported = list(self.loaded)[1:]  # the root is loaded first
        return {self.display(p): p.as_posix() for p in imported if self.in_library(p)}

    def in_library(self, path: Path | None) -> bool:
        """Whether a file lies in a search-path directory (is part of a library)."""
        return path is not None and any(path.resolve().is_relative_to(r) for r in self.search)

    def display(self, path: Path) -> str:
        """Library files by their library name (condis/environment.vcspec), others
        relative to the working directory when below it."""
        for root in self.search:
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return _display(path)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)

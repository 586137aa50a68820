"""Files and imports: read a spec and everything it imports, once each.

A spec is data: an import must name a relative `.vcspec` path, resolved against
the importing file; nothing else is read.
"""

from __future__ import annotations

from pathlib import Path

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.parse import parse_source
from vcspec.model.source import SourceFile

MAX_FILE_BYTES = 4 << 20


def read_source(path: Path, display: str, diags: Diagnostics, span=None) -> SourceFile | None:
    try:
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

    def __init__(self, diags: Diagnostics):
        self.diags = diags
        self.loaded: dict[Path, s.SpecFile | None] = {}
        self.order: list[tuple[SourceFile, s.SpecFile]] = []
        self.stack: list[Path] = []

    def load_root(self, source: SourceFile, path: Path | None) -> None:
        tree = parse_source(source, self.diags)
        if tree is None:
            return
        key = path.resolve() if path else Path("<input>")
        self.loaded[key] = tree
        self.stack.append(key)
        self.follow_imports(tree, path.parent if path else Path.cwd())
        self.stack.pop()
        self.order.append((source, tree))

    def follow_imports(self, tree: s.SpecFile, base: Path) -> None:
        for decl in tree.decls:
            if isinstance(decl, s.Import):
                self.load_import(decl, base)

    def load_import(self, decl: s.Import, base: Path) -> None:
        if not decl.path.endswith(".vcspec") or Path(decl.path).is_absolute():
            self.diags.error("VCS203", f"import '{decl.path}': imports are relative paths to "
                             "'.vcspec' files", decl.span)
            return
        path = (base / decl.path).resolve()
        if path in self.stack:
            chain = " -> ".join(p.name for p in self.stack[self.stack.index(path):] + [path])
            self.diags.error("VCS204", f"import cycle: {chain}", decl.span)
            return
        if path in self.loaded:
            return
        if not path.is_file():
            self.diags.error("VCS203", f"import '{decl.path}' not found", decl.span,
                             Note(f"looked for {_display(path)}"))
            return
        source = read_source(path, _display(path), self.diags, decl.span)
        tree = parse_source(source, self.diags) if source else None
        self.loaded[path] = tree
        if tree is None:
            return
        self.stack.append(path)
        self.follow_imports(tree, path.parent)
        self.stack.pop()
        self.order.append((source, tree))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)

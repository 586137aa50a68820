"""The import graph of the vcspec package, read from the source (no import runs).

Every `import` and `from ... import` counts, top-level or inside a function
(a lazy import is still a dependency). `from vcspec.a import b` is an edge to
the module vcspec.a.b when that is a module, else to vcspec.a.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "vcspec"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every absolute import of one file as (module, names taken from it):
    `import a.b` gives ("a.b", ()), `from a import b, c` gives ("a", ("b", "c"))."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((a.name, ()) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, tuple(a.name for a in node.names)))
    return out


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The vcspec modules that one file imports."""
    out: set[str] = set()
    for module, names in imported(path):
        if not names:
            out.add(module)
        for name in names:
            sub = f"{module}.{name}"
            out.add(sub if sub in known else module)
    return {m for m in out if m in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) - {name} for name, path in known.items()}


def room(module: str) -> str:
    """The layer a module belongs to: vcspec.<room>[.…]."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "vcspec"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found

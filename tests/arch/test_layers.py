"""The house rules, checked on the source: no import circle, each room imports
only the rooms below it (ARCHITECTURE.md), and modules stay small."""

from __future__ import annotations

import pytest
from imports import ROOT, cycles, graph, imported, modules, room

# room -> the rooms it may import (its own room always). The order is the
# pipeline: language, compile, the engines' contract, the engines, reports,
# pictures, the façade, then the three front ends, which never import each other.
ALLOWED = {
    "model": set(),
    "compile": {"model"},
    "engine": {"model", "compile"},
    "report": {"model", "engine"},
    "native": {"model", "compile", "engine"},
    "explicit": {"model", "compile", "engine", "native"},
    "symbolic": {"model", "compile", "engine", "explicit"},
    "diagram": {"model", "compile", "engine", "explicit", "report"},
    "api": {"model", "compile", "engine", "explicit", "symbolic"},
    "validate": {"model", "compile", "engine", "explicit", "report"},
    "cli": {"model", "compile", "engine", "explicit", "symbolic", "report", "diagram", "api",
            "validate"},
    "notebook": {"model", "compile", "engine", "explicit", "symbolic", "report", "diagram",
                 "api", "validate"},
    "condis": {"model", "compile", "engine", "explicit", "symbolic", "report", "diagram",
               "api"},
    "vcspec": set(),  # vcspec/__init__.py: the version only
    "__main__": {"cli"},
}
# Third-party packages that only some rooms may import (the rest import them lazily
# through those rooms, or not at all).
HEAVY = {"z3": {"symbolic"}, "graphviz": {"diagram"}, "ipywidgets": {"notebook"},
         "IPython": {"notebook"}, "typer": {"cli"}, "rich": {"cli", "report"}}
# No module over this many lines: split by responsibility instead of growing.
MAX_LINES = 420

EDGES = graph()


def test_no_import_circle():
    assert cycles(EDGES) == []


def test_every_room_is_in_the_table():
    assert {room(m) for m in EDGES} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(EDGES))
def test_imports_follow_the_layers(module):
    here = room(module)
    wrong = sorted(m for m in EDGES[module] if room(m) not in ALLOWED[here] | {here})
    assert not wrong, f"{module} ({here}) may not import {wrong}"


@pytest.mark.parametrize("module", sorted(EDGES))
def test_heavy_packages_stay_in_their_rooms(module):
    names = {name.split(".")[0] for name, _ in imported(modules()[module])}
    wrong = sorted(n for n in names & set(HEAVY) if room(module) not in HEAVY[n])
    assert not wrong, f"{module} imports {wrong}"


@pytest.mark.parametrize("module", sorted(EDGES))
def test_modules_stay_small(module):
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_the_circle_finder_finds_circles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_package_outside_vcspec():
    stray = sorted(p.parent.name for p in ROOT.glob("*/__init__.py")
                   if p.parent.name != "vcspec")
    assert stray == []

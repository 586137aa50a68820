"""Rendering with Graphviz (marked needs_dot) and what happens without it."""

from __future__ import annotations

import pytest

from vcspec import diagram
from vcspec.diagram import DotMissing


@pytest.mark.needs_dot
def test_pictures_render_to_svg_and_png(phone, phone_trace, tmp_path):
    machine = diagram.state_machine(phone, process="Caller")
    svg = machine.svg()
    assert svg.lstrip().startswith("<?xml") and "Talking" in svg
    assert machine.png().startswith(b"\x89PNG")
    saved = machine.save(tmp_path / "caller.png")
    assert saved.read_bytes().startswith(b"\x89PNG")
    chart = diagram.sequence_chart(phone_trace, phone, "BusyOnlyOffHook")
    assert "BusyOnlyOffHook violated" in chart.svg()
    bundle = machine._repr_mimebundle_()
    assert "image/svg+xml" in bundle and "text/plain" in bundle


@pytest.mark.needs_dot
def test_the_chart_keeps_its_computed_layout(phone, phone_trace):
    """`dot` itself honours layout=neato and the pinned positions."""
    import re
    import subprocess

    chart = diagram.sequence_chart(phone_trace, phone, "BusyOnlyOffHook")
    out = subprocess.run(["dot", "-Tplain"], input=chart.source.encode(),
                         capture_output=True, check=True).stdout.decode()
    lanes = {m[0]: float(m[1]) for m in re.findall(r"^node (l\dr0) (-?[\d.]+)", out, re.M)}
    assert lanes["l0r0"] < lanes["l1r0"]


def test_without_dot_the_api_gives_dot_text_and_the_hint(phone, monkeypatch):
    monkeypatch.setattr("vcspec.diagram.dot.shutil.which", lambda name: None)
    picture = diagram.state_machine(phone, process="Caller")
    assert picture.source.startswith("digraph")
    with pytest.raises(DotMissing, match="apt-get install graphviz"):
        picture.svg()
    bundle = picture._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert "install Graphviz" in bundle["text/html"] and "digraph" in bundle["text/html"]
    assert picture.save  # .save("x.dot") needs no Graphviz:


def test_save_dot_needs_no_graphviz(phone, tmp_path, monkeypatch):
    monkeypatch.setattr("vcspec.diagram.dot.shutil.which", lambda name: None)
    path = diagram.state_machine(phone).save(tmp_path / "m.dot")
    assert path.read_text().startswith("digraph")

"""`vcspec.notebook.validate`: the verdict as notebooks show it, and its chart."""

from __future__ import annotations

import pytest
from vhelp import MAP, ROOT, SPEC

from vcspec.notebook import Validation, load, loads, validate
from vcspec.validate import render
from vcspec.validate.mapping import MappingError

LOGS = ROOT / "specs" / "condis" / "logs"


@pytest.fixture(scope="module")
def condis():
    return load(SPEC)


def test_a_conforming_log_shows_its_coverage(condis):
    ok = validate(condis, LOGS / "conforming.jsonl")
    assert isinstance(ok, Validation)
    assert ok.verdict == "CONFORMS" and ok.events == 47 and ok.exit_code == 0
    html = ok._repr_html_()
    assert "CONFORMS: 47 events" in html and "Client.NdisCoCreateVc" in html
    assert repr(ok) == render.text(ok.outcome, (LOGS / "conforming.jsonl").as_posix())


def test_a_csv_log_is_read_as_csv(condis):
    assert validate(condis, LOGS / "conforming.csv").verdict == "CONFORMS"


def test_a_faulty_log_shows_the_event_properties_and_rules(condis):
    bad = validate(condis, LOGS / "client_deletes_cm_vc.jsonl")
    assert bad.verdict == "DIVERGES" and bad.index == 9
    html = bad._repr_html_()
    assert "DIVERGES at event 9 (line 9)" in html
    assert "NoClientUseOfCmVcAfterClose" in html and "R121, R130" in html
    chart = bad.chart()
    assert chart.ir.messages[-1].rejected and chart.title.endswith("DIVERGES at event 9")


def test_a_spec_path_and_an_explicit_mapping(tmp_path):
    bad = validate(SPEC, LOGS / "client_deletes_cm_vc.jsonl", map=MAP)
    assert bad.index == 9


def test_a_model_without_a_mapping_beside_it(tmp_path):
    model = loads("process P { var x: bool = false\n action A() { x := true } }",
                  base=tmp_path / "cell.vcspec")
    with pytest.raises(MappingError):
        validate(model, LOGS / "conforming.jsonl")

"""`make demo`'s validation step: the shipped logs' reports and the faulty log's chart."""

from __future__ import annotations

import json

from vcspec.condis import demo


def test_the_demo_validates_both_logs_and_draws_the_faulty_one(tmp_path):
    runs = demo.validations(tmp_path, ext="dot")
    assert [code for _, code, _ in runs] == [0, 0, 1, 1]
    for args, expected, stdout in runs:
        assert demo.run(args, stdout) == expected, args
    where = tmp_path / "validate"
    assert (where / "conforming.txt").read_text().startswith(
        "specs/condis/logs/conforming.jsonl: CONFORMS (47 events")
    assert "DIVERGES at event 9" in (where / "client_deletes_cm_vc.txt").read_text()
    report = json.loads((where / "client_deletes_cm_vc.json").read_text())
    assert report["verdict"] == "DIVERGES" and report["index"] == 9
    assert json.loads((where / "conforming.json").read_text())["verdict"] == "CONFORMS"
    chart = (where / "client_deletes_cm_vc.chart.dot").read_text()
    assert chart.startswith("digraph msc") and "event 9" in chart
    assert not (where / "conforming.chart.dot").exists()

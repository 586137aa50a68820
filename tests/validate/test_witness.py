"""A log drawn as a sequence chart: one behaviour of the model that explains it
(vcspec/validate/witness.py), the rejected event, diagram.log_chart, and
`vcspec validate --chart / --format dot`."""

from __future__ import annotations

import io
import json

from typer.testing import CliRunner
from vhelp import ROOT, SPEC, condis_mapping, model, system

from vcspec import diagram
from vcspec.cli import app
from vcspec.diagram.dot import ALERT
from vcspec.validate import log as logs
from vcspec.validate.run import Validator
from vcspec.validate.witness import explain_log

LOGS = ROOT / "specs" / "condis" / "logs"
FAULTY = LOGS / "client_deletes_cm_vc.jsonl"
CONFORMING = LOGS / "conforming.jsonl"


def events_of(path) -> list[logs.Event]:
    with path.open(encoding="utf-8") as stream:
        return list(logs.read_jsonl(stream))


def explained(path):
    return explain_log(system(), condis_mapping(), events_of(path))


def mapped_actions(event: logs.Event) -> set[str]:
    return {e.action for e in condis_mapping().entries
            if e.event == event.function and e.caller in (None, event.caller)}


def test_the_faulty_log_is_explained_up_to_its_divergence():
    found = explained(FAULTY)
    events = events_of(FAULTY)
    assert found.outcome.verdict == "DIVERGES" and found.outcome.index == 9
    logged = [(n, step) for n, step in zip(found.events, found.trace.steps) if n is not None]
    assert [n for n, _ in logged] == list(range(1, 9))
    for n, step in logged:  # each logged step is an action the mapping names for its event
        assert step.action in mapped_actions(events[n - 1]), (n, step.label)
    assert found.events[-1] == 9 and len(found.events) == len(found.trace.steps) + 1
    assert found.rejected.action == "Client.NdisCoDeleteVc"
    assert "Ndis.creator" in found.rejected.changed  # the delete run anyway, guard or not


def test_the_same_verdict_as_the_validator():
    found = explained(FAULTY)
    plain = Validator(system(), condis_mapping()).run(events_of(FAULTY))
    assert found.outcome.to_json() | {"seconds": 0} == plain.to_json() | {"seconds": 0}
    assert found.head == "DIVERGES at event 9"
    assert "NoClientUseOfCmVcAfterClose @rules(R121, R130)" in found.end
    assert "Vc1 = 0xffffa80cc5000010" in found.end


def test_a_conforming_log_gets_every_event_and_the_unlogged_steps():
    found = explained(CONFORMING)
    events = events_of(CONFORMING)
    assert found.outcome.verdict == "CONFORMS" and found.rejected is None
    numbers = [n for n in found.events if n is not None]
    assert numbers == list(range(1, len(events) + 1))
    logged_actions = {e.action for e in condis_mapping().entries}
    hidden = [s.action for n, s in zip(found.events[1:], found.trace.steps[1:]) if n is None]
    assert hidden and not set(hidden) & logged_actions  # e.g. the remote peer's steps


def test_a_log_diverging_at_its_first_event():
    event = {"function": "NdisCoDeleteVc", "handle": "0xffffa80c00000010", "caller": "Client"}
    found = explain_log(system(), condis_mapping(),
                        logs.read_jsonl(io.StringIO(json.dumps(event) + "\n")))
    assert found.outcome.index == 1 and found.events == [None, 1]
    assert len(found.trace.steps) == 1 and found.rejected is not None


def test_the_chart_marks_events_and_the_rejected_one():
    found = explained(FAULTY)
    picture = diagram.log_chart(found.trace, model(), found.events, found.rejected,
                                "faulty", found.head, found.end)
    chart = picture.ir
    assert [m.marker for m in chart.messages] == [f"event {n}" for n in range(1, 10)]
    assert [m.rejected for m in chart.messages] == [False] * 8 + [True]
    last = chart.messages[-1]
    assert (last.sender, last.receiver) == ("Client", "Ndis")
    assert chart.head == "DIVERGES at event 9" and "OnlyCreatorDeletes" in chart.end
    rejected_edges = [line for line in picture.source.splitlines()
                      if "-> l" in line and "penwidth=2.2" in line]
    assert len(rejected_edges) == 1 and ALERT in rejected_edges[0]
    again = explained(FAULTY)
    assert diagram.log_chart(again.trace, model(), again.events, again.rejected, "faulty",
                             again.head, again.end).source == picture.source


def test_unlogged_steps_are_faint():
    found = explained(CONFORMING)
    chart = diagram.log_chart(found.trace, model(), found.events).ir
    faint = [m.step for m in chart.messages if m.faint]
    assert faint == [i for i, n in enumerate(found.events) if i and n is None]
    assert all(m.marker == "not logged" for m in chart.messages if m.faint)
    assert not any(m.rejected for m in chart.messages) and chart.end == ""


def run(*args):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def test_cli_chart_file_and_dot_format(tmp_path):
    target = tmp_path / "chart.dot"
    result = run(SPEC, FAULTY, "--chart", target)
    assert result.exit_code == 1, result.output
    assert "DIVERGES at event 9" in result.output  # the report still goes to stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith("digraph msc") and "event 9" in text
    printed = run(SPEC, FAULTY, "--format", "dot")
    assert printed.exit_code == 1 and printed.output == text


def test_cli_chart_needs_a_picture_suffix(tmp_path):
    result = run(SPEC, CONFORMING, "--chart", tmp_path / "chart.txt")
    assert result.exit_code == 2 and ".svg, .png or .dot" in result.output

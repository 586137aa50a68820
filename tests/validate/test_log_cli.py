"""The log readers (JSON Lines, CSV), handles and slots, and `vcspec validate`."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner
from vhelp import MAP, ROOT, SPEC, condis_mapping, system

from vcspec.cli import app
from vcspec.validate import log as logs
from vcspec.validate import mapping
from vcspec.validate.run import Validator

LOGS = ROOT / "specs" / "condis" / "logs"
H1, H2, H3 = "0xffffa80c00000010", "0xffffa80c00000020", "0xffffa80c00000030"


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *map(str, args)])


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


# ------------------------------------------------------------ reading
def test_json_lines_are_read_with_their_line_numbers():
    text = jsonl({"function": "NdisCoCreateVc", "handle": H1, "time": 1.5, "thread": 4}) \
        + "\n" + jsonl({"function": "NdisClMakeCall", "handle": H1, "party": None,
                        "status": "NDIS_STATUS_PENDING", "extra": "ignored"})
    events = list(logs.read_jsonl(io.StringIO(text)))
    assert [(e.line, e.function, e.handle, e.status) for e in events] == [
        (1, "NdisCoCreateVc", H1, None), (3, "NdisClMakeCall", H1, "NDIS_STATUS_PENDING")]
    assert events[0].time == 1.5 and events[0].thread == 4


@pytest.mark.parametrize("line,message", [
    ("{not json", "not JSON"),
    ("[1, 2]", "expected a JSON object, got list"),
    ('{"handle": "0x1"}', 'missing "function"'),
    ('{"function": "NdisCoCreateVc", "handle": 17}', '"handle" must be a string or null'),
    ('{"function": "NdisCoCreateVc", "time": [1]}', '"time" must be a number or a string'),
])
def test_a_bad_line_is_reported_with_its_number(line, message):
    text = jsonl({"function": "NdisCoCreateVc", "handle": H1}) + line + "\n"
    reader = logs.read_jsonl(io.StringIO(text))
    assert next(reader).line == 1
    with pytest.raises(logs.LogError) as error:
        next(reader)
    assert error.value.line == 2 and message in error.value.message


def test_csv_with_and_without_a_header():
    plain = "0.1,NdisCoCreateVc,0xa,\n0.2,NdisClMakeCall,0xa,NDIS_STATUS_PENDING\n"
    headed = "function,handle,time,status,party\nNdisClMakeCall,0xa,3,NDIS_STATUS_PENDING,0xb\n"
    first = list(logs.read_csv(io.StringIO(plain)))
    assert [(e.line, e.function, e.handle, e.status, e.time) for e in first] == [
        (1, "NdisCoCreateVc", "0xa", None, "0.1"),
        (2, "NdisClMakeCall", "0xa", "NDIS_STATUS_PENDING", "0.2")]
    assert first[0].unrecorded == {"party"}
    (second,) = logs.read_csv(io.StringIO(headed))
    assert (second.line, second.party, second.unrecorded) == (2, "0xb", frozenset())


@pytest.mark.parametrize("text,line,message", [
    ("1,NdisCoCreateVc,0xa\n", 1, "expected 4 columns"),
    ("function,handle,colour\n", 1, "unknown CSV column(s) colour"),
    ("1,NdisCoCreateVc,0xa,\n2,,0xa,\n", 2, 'missing "function"'),
])
def test_bad_csv_rows(text, line, message):
    with pytest.raises(logs.LogError) as error:
        list(logs.read_csv(io.StringIO(text)))
    assert error.value.line == line and message in error.value.message


def test_the_log_is_read_once_and_only_up_to_the_divergence():
    """A streaming reader: the validator stops reading at the event that diverges."""
    lines = [json.dumps({"function": "NdisCoCreateVc", "handle": H1, "caller": "Client"}),
             json.dumps({"function": "NdisCoCreateVc", "handle": H1, "caller": "Client"})]
    read = []

    def source():
        for text in lines:
            read.append(text)
            yield text
        raise AssertionError("read past the divergence")

    def endless():
        yield from source()
        while True:
            read.append("more")
            yield json.dumps({"function": "NdisMCoIndicateStatusEx"})

    outcome = Validator(system(), condis_mapping()).run(logs.read_jsonl(endless()))
    assert (outcome.verdict, outcome.index, len(read)) == ("DIVERGES", 2, 2)


# ------------------------------------------------------------ handles and slots
def test_handles_are_freed_on_delete_so_many_vcs_fit_few_slots():
    records = []
    for n in range(50):  # 50 VCs, one at a time, with NVC=1
        h = f"0xffffa80c{n:08x}"
        records += [{"function": "NdisCoCreateVc", "handle": h, "caller": "Client"},
                    {"function": "NdisCoDeleteVc", "handle": h, "caller": "Client"}]
    outcome = Validator(system(NVC="1"), condis_mapping()).run(
        logs.read_jsonl(io.StringIO(jsonl(*records))))
    assert (outcome.verdict, outcome.events) == ("CONFORMS", 100)
    assert outcome.coverage == {"Client.NdisCoCreateVc": 50, "Client.NdisCoDeleteVc": 50}


def test_more_live_vcs_than_slots_is_inconclusive(tmp_path):
    path = tmp_path / "three.jsonl"
    path.write_text(jsonl(*({"function": "NdisCoCreateVc", "handle": h, "caller": "Client"}
                            for h in (H1, H2, H3))))
    result = run(SPEC, path)
    assert result.exit_code == 4, result.output
    assert f"three.jsonl:3: INCONCLUSIVE at event 3: Client: NdisCoCreateVc({H3})" \
        in result.output
    assert "but the model has 2 Vc slot(s)" in result.output
    assert run(SPEC, path, "--const", "NVC=3").exit_code == 0


# ------------------------------------------------------------ the command line
def test_cli_conforming_log_and_csv():
    result = run(SPEC, LOGS / "conforming.jsonl")
    assert result.exit_code == 0, result.output
    assert "conforming.jsonl: CONFORMS (47 events" in result.output
    assert "Ndis.call:" in result.output
    csv = run(SPEC, LOGS / "conforming.csv", "--csv")
    assert csv.exit_code == 0 and "CONFORMS (47 events" in csv.output


def test_cli_divergence_in_json():
    result = run(SPEC, LOGS / "client_deletes_cm_vc.jsonl", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert (report["verdict"], report["index"], report["line"]) == ("DIVERGES", 9, 9)
    assert report["event"]["function"] == "NdisCoDeleteVc"
    broken = {b["property"]: b["rules"] for b in report["broken"]}
    assert broken["OnlyCreatorDeletes"] == ["R37", "R63", "R120", "R130"]
    assert "CallManager: NdisCoDeleteVc(" + report["event"]["handle"] + ")" in report["allowed"]
    assert report["before"] and report["states_before"] >= 1


def test_cli_convert_csv_round_trip(tmp_path):
    converted = run(SPEC, LOGS / "conforming.csv", "--csv", "--convert")
    assert converted.exit_code == 0
    path = tmp_path / "converted.jsonl"
    path.write_text(converted.output)
    assert len(converted.output.splitlines()) == 47
    assert run(SPEC, path).exit_code == 0


def test_cli_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl({"function": "NdisCoCreateVc", "handle": H1}) + "{oops\n")
    result = run(SPEC, bad)
    assert result.exit_code == 2 and "bad.jsonl:2: not JSON" in result.output
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(jsonl({"function": "NdisAllocateMemory"}))
    result = run(SPEC, unknown)
    assert result.exit_code == 2 and "the mapping has no event NdisAllocateMemory" in result.output
    assert run(SPEC, tmp_path / "missing.jsonl").exit_code == 2
    result = run(ROOT / "specs" / "examples" / "covc.vcspec", LOGS / "conforming.jsonl")
    assert result.exit_code == 2 and "no mapping" in result.output
    broken_spec = tmp_path / "broken.vcspec"
    broken_spec.write_text("spec Broken\nprocess P { action A when nope { } }\n")
    assert run(broken_spec, LOGS / "conforming.jsonl", "--map", MAP).exit_code == 3


@pytest.mark.parametrize("change,message", [
    ({"format": "other"}, '"format" must be'),
    ({"events": [{"event": "X", "action": "Nobody.X"}]}, "the model has no action Nobody.X"),
    ({"handles": [{"enum": "Vc", "field": "colour"}]}, '"field" must be'),
    ({"surprise": 1}, "unknown key(s) surprise"),
])
def test_bad_mappings_are_usage_errors(tmp_path, change, message):
    data = json.loads(MAP.read_text())
    data.update(change)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data))
    result = run(SPEC, LOGS / "conforming.jsonl", "--map", path)
    assert result.exit_code == 2 and message in result.output, result.output


def test_ignored_functions_are_skipped():
    data = json.loads(MAP.read_text())
    data["ignore"] = ["NdisAllocateMemory"]
    m = mapping.parse(data)
    text = jsonl({"function": "NdisAllocateMemory"},
                 {"function": "NdisCoCreateVc", "handle": H1, "caller": "Client"})
    outcome = Validator(system(), m).run(logs.read_jsonl(io.StringIO(text)))
    assert (outcome.verdict, outcome.events, outcome.skipped) == ("CONFORMS", 1, 1)

"""Checkpoint and resume (vcspec/explicit/checkpoint.py): a search cut short
(by --max-states, or by kill -9) and resumed gives the report an
uninterrupted run gives (times aside); a checkpoint of another spec,
constants or options, or a damaged one, is refused in words (exit 2)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from vcspec.api import check
from vcspec.explicit.checkpoint import (
    MANIFEST,
    CheckpointError,
    decode_states,
    encode_states,
    item_size,
)
from vcspec.model import load
from vcspec.report.json_report import report_dict

EXAMPLES = ROOT / "specs" / "examples"
TIMES = {"seconds", "states_per_second", "peak_memory_bytes", "solver_seconds"}
HAS_CC = shutil.which("gcc") is not None or shutil.which("cc") is not None


def timeless(value):
    """A report's JSON without what depends on the clock (times, memory, C build time)."""
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in TIMES}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"built in [0-9.]+ s", "built in <time>", value)
    return value


def covc(name: str = "covc", k: int = 3):
    return load(EXAMPLES / f"{name}.vcspec", {"K": str(k)})


def report(model, **options) -> dict:
    return timeless(report_dict(check(model, **options)))


CASES = [  # (spec, K, options): every property; one property (stops when it is violated)
    ("covc", 3, {}),
    ("covc_bug", 3, {}),
    ("covc_bug", 4, {"properties": ["Vc0NeverDeleted"]}),
    ("covc_bug", 3, {"properties": ["Vc0NeverDeleted"], "symmetry": False}),
]


@pytest.mark.parametrize("name,k,options", CASES)
@pytest.mark.parametrize("cut", [1, 37, 800, 3000])
def test_resume_after_max_states_gives_the_uninterrupted_report(tmp_path, name, k, options, cut):
    model = covc(name, k)
    whole = report(model, **options)
    first = report(model, max_states=cut, checkpoint=tmp_path, **options)
    resumed = report(model, resume=tmp_path, **options)
    assert resumed == whole
    if cut < whole["stats"]["distinct_states"]:
        assert first != whole  # the first run was really cut short


def test_a_resume_can_itself_be_cut_and_resumed(tmp_path):
    model = covc("covc_bug")
    whole = report(model)
    report(model, max_states=500, checkpoint=tmp_path)
    report(model, max_states=2000, resume=tmp_path)
    assert report(model, resume=tmp_path) == whole


def test_resuming_a_complete_checkpoint_repeats_the_report(tmp_path):
    model = covc()
    whole = report(model, checkpoint=tmp_path, checkpoint_every=0.0001)
    assert report(model, resume=tmp_path) == whole


def test_bytes_past_the_manifest_are_ignored(tmp_path):
    """A save killed after appending but before its manifest leaves bytes the
    manifest does not name; the resume cuts them off."""
    model = covc("covc_bug")
    whole = report(model)
    report(model, max_states=700, checkpoint=tmp_path)
    for name in ("states", "parents", "dead"):
        with open(tmp_path / f"{name}.bin", "ab") as handle:
            handle.write(b"\x07" * 24)
    assert report(model, resume=tmp_path) == whole


@pytest.mark.skipif(not HAS_CC, reason="no C compiler")
@pytest.mark.parametrize("cut", [5, 900])
def test_native_backend_resumes_to_the_same_report(tmp_path, cut):
    model = covc("covc_bug", 4)
    whole = report(model, backend="native", symmetry=False)
    assert any("backend: native" in note for note in whole["notes"])
    report(model, backend="native", symmetry=False, max_states=cut, checkpoint=tmp_path)
    assert report(model, backend="native", symmetry=False, resume=tmp_path) == whole
    with pytest.raises(CheckpointError, match="backends differ: native there, python here"):
        check(model, symmetry=False, resume=tmp_path)


# ------------------------------------------------------------ kill -9
def vcspec(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vcspec", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_kill_9_then_resume_gives_the_uninterrupted_report(tmp_path):
    spec, consts = "specs/examples/covc_bug.vcspec", ["--const", "K=4", "--format", "json"]
    whole = vcspec("check", spec, *consts)
    expected = timeless(json.loads(whole.communicate(timeout=300)[0]))
    run = vcspec("check", spec, *consts, "--checkpoint", str(tmp_path),
                 "--checkpoint-every", "0.01")
    manifest = tmp_path / MANIFEST
    deadline = time.monotonic() + 120
    while not manifest.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL, "the run ended before it was killed"
    saved = json.loads(manifest.read_text())["search"]
    assert saved["states"] < expected["stats"]["distinct_states"]
    resumed = vcspec("check", spec, *consts, "--resume", str(tmp_path))
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == whole.returncode == 1, err
    assert timeless(json.loads(out)) == expected


# ------------------------------------------------------------ refusals
def test_other_constants_are_refused(tmp_path):
    report(covc(k=3), max_states=100, checkpoint=tmp_path)
    with pytest.raises(CheckpointError, match="constants K=3, this run has K=4"):
        check(covc(k=4), resume=tmp_path)


def test_a_changed_spec_is_refused(tmp_path):
    source = tmp_path / "covc.vcspec"
    source.write_text((EXAMPLES / "covc.vcspec").read_text())
    saved = tmp_path / "ck"
    check(load(source, {"K": "3"}), max_states=100, checkpoint=saved)
    source.write_text(source.read_text() + "\n// an edit\n")
    with pytest.raises(CheckpointError, match="another version of the spec"):
        check(load(source, {"K": "3"}), resume=saved)


@pytest.mark.parametrize("options,words", [
    ({"properties": ["NoDataOnDeadVc"]}, "selected properties differ"),
    ({"symmetry": False}, "symmetry settings differ"),
    ({"backend": "native"}, "backends differ"),
])
def test_other_options_are_refused(tmp_path, options, words):
    check(covc(), max_states=100, checkpoint=tmp_path)
    with pytest.raises(CheckpointError, match=words):
        check(covc(), resume=tmp_path, **options)


def test_temporal_properties_are_refused(tmp_path):
    model = load(EXAMPLES / "dining_philosophers.vcspec", {"N": "3"})
    with pytest.raises(CheckpointError, match="safety properties only"):
        check(model, checkpoint=tmp_path)
    safety = [p.name for p in model.properties if p.kind != "temporal"]
    check(model, checkpoint=tmp_path, properties=safety)  # without them it runs


def damage_manifest(path):
    path.write_text(path.read_text()[:200])


def forge_count(path):
    manifest = json.loads(path.read_text())
    manifest["search"]["expanded"] += 1  # the checksum is left as it was
    path.write_text(json.dumps(manifest))


def flip_state(path):
    states = path.parent / "states.bin"
    data = bytearray(states.read_bytes())
    data[len(data) // 2] ^= 0x10
    states.write_bytes(bytes(data))


def cut_parents(path):
    parents = path.parent / "parents.bin"
    parents.write_bytes(parents.read_bytes()[:-8])


def drop_manifest(path):
    path.unlink()


@pytest.mark.parametrize("damage,words", [
    (damage_manifest, "damaged: its manifest does not read as JSON"),
    (forge_count, "damaged: its manifest's checksum does not match"),
    (flip_state, "damaged: states.bin does not match its checksum"),
    (cut_parents, "damaged: parents.bin is shorter than its manifest says"),
    (drop_manifest, "no checkpoint in"),
])
def test_a_damaged_checkpoint_is_refused(tmp_path, damage, words):
    check(covc(), max_states=1000, checkpoint=tmp_path)
    damage(tmp_path / MANIFEST)
    with pytest.raises(CheckpointError, match=words):
        check(covc(), resume=tmp_path)


def test_the_command_line_refuses_in_words_with_exit_2(tmp_path):
    spec = "specs/examples/covc.vcspec"
    first = vcspec("check", spec, "-c", "K=3", "--max-states", "300", "--checkpoint",
                   str(tmp_path), "-q")
    first.communicate(timeout=120)
    assert first.returncode == 4  # bounded
    (tmp_path / MANIFEST).write_text("{")
    run = vcspec("check", spec, "-c", "K=3", "--resume", str(tmp_path))
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert "is damaged" in err and "Traceback" not in err
    other = vcspec("check", spec, "--engine", "bmc", "--resume", str(tmp_path))
    _, err = other.communicate(timeout=120)
    assert other.returncode == 2 and "explicit engine" in err


# ------------------------------------------------------------ format
@pytest.mark.parametrize("bits", [1, 62, 64, 65, 72, 200])
def test_states_of_any_width_round_trip(bits):
    states = [0, 1, (1 << bits) - 1, (1 << (bits - 1)) | 1, 12345 % (1 << bits)]
    size = item_size(bits)
    data = encode_states(states, size)
    assert len(data) == size * len(states)
    assert decode_states(data, size) == states


def test_the_checkpoint_holds_no_pickle(tmp_path):
    check(covc(), max_states=200, checkpoint=tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["dead.bin", MANIFEST, "parents.bin", "states.bin"]
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["format"] == "vcspec-checkpoint" and manifest["version"] == 1
    assert manifest["identity"]["consts"] == {"K": "3"}


def test_an_edited_import_is_refused(tmp_path):
    """The hash covers every file the model was loaded from, imports included."""
    for name in ("condis.vcspec", "client.vcspec"):
        shutil.copy(ROOT / "specs" / "condis" / name, tmp_path / name)
    consts, saved = {"NVC": "1"}, tmp_path / "ck"
    model = load(tmp_path / "condis.vcspec", consts)
    safety = [p.name for p in model.properties if p.kind != "temporal"]
    check(model, properties=safety, max_states=50, checkpoint=saved)
    client = tmp_path / "client.vcspec"
    client.write_text(client.read_text() + "\n// an edit\n")
    with pytest.raises(CheckpointError, match="another version of the spec"):
        check(load(tmp_path / "condis.vcspec", consts), properties=safety, resume=saved)

"""Checkpoints of the breadth-first search: written at batch boundaries,
resumed after a kill -9 to the same final report.

A checkpoint is data, never code: a directory with three append-only binary
files and a JSON manifest (format version, the run's identity, the counts and
per file its length and SHA-256).

    states.bin   the states in discovery order, little-endian, `width` bytes each
    parents.bin  uint32 little-endian, the parent index of each state
    dead.bin     uint64 little-endian, the states without a successor
    manifest.json

The state list and the parents only grow, so a save appends what is new
since the last one, fsyncs, and then replaces the manifest atomically
(temporary file, fsync, os.replace, fsync of the directory). The manifest
names how many bytes of each file belong to the checkpoint; bytes past that
(a save killed half-way) are ignored and cut on resume. The digests are kept
running, so a save costs the new states only.

The identity (the spec's source text and constants, the selected
properties, symmetry, backend, state width and action instances) must match
the resuming run's, else the resume is refused: a checkpoint of another spec
would give a report that belongs to neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

from vcspec.model.loader import search_path

FORMAT = "vcspec-checkpoint"
VERSION = 1
MANIFEST = "manifest.json"
FILES = ("states", "parents", "dead")


class CheckpointError(Exception):
    """A checkpoint that cannot be used: missing, corrupt, or of another run."""


def spec_hash(model) -> str:
    """SHA-256 of the text of every source file of the model, in load order,
    and of its constants (after defaults and --const)."""
    digest = hashlib.sha256()
    for name in model.files:
        try:
            digest.update(source_path(name).read_bytes())
        except OSError:
            digest.update(f"unreadable:{name}".encode())
        digest.update(b"\0")
    digest.update(json.dumps(consts_of(model), sort_keys=True).encode())
    return digest.hexdigest()


def source_path(name: str) -> Path:
    """A model file by the name the loader gave it: a path (relative to the
    working directory), or a library file's name below a search-path root."""
    path = Path(name)
    if path.is_file():
        return path
    for root in search_path():
        if (root / name).is_file():
            return root / name
    return path


def consts_of(model) -> dict[str, str]:
    return {name: str(value) for name, value in sorted(model.consts.items())}


def identity(model, properties: list[str], symmetry: bool, backend: str, ts) -> dict:
    """What a resuming run must share with the run that wrote the checkpoint."""
    return {"spec": model.name, "spec_sha256": spec_hash(model), "consts": consts_of(model),
            "properties": sorted(properties), "symmetry": symmetry, "backend": backend,
            "state_bits": ts.layout.width, "instances": len(ts.instances)}


def mismatch(saved: dict, current: dict) -> str | None:
    """Why a checkpoint with identity `saved` cannot continue this run, in words."""
    if saved.get("consts") != current["consts"]:
        return (f"it was written with constants {_consts(saved.get('consts'))}, "
                f"this run has {_consts(current['consts'])}")
    if saved.get("spec") != current["spec"] or saved.get("spec_sha256") != current["spec_sha256"]:
        return (f"it was written for another version of the spec (spec "
                f"{saved.get('spec')!r}, sources {str(saved.get('spec_sha256'))[:12]}; "
                f"now {current['spec']!r}, {current['spec_sha256'][:12]})")
    for key, words in (("properties", "selected properties"),
                       ("symmetry", "symmetry settings"), ("backend", "backends"),
                       ("state_bits", "state widths in bits"),
                       ("instances", "numbers of action instances")):
        if saved.get(key) != current[key]:
            return f"the {words} differ: {saved.get(key)} there, {current[key]} here"
    return None


def _consts(values) -> str:
    if not isinstance(values, dict) or not values:
        return "none"
    return ", ".join(f"{k}={v}" for k, v in sorted(values.items()))


@dataclass(frozen=True)
class Options:
    """--checkpoint DIR [--checkpoint-every SECONDS], or --resume DIR (which
    goes on writing to DIR)."""

    directory: Path
    every: float = 60.0
    resume: bool = False


@dataclass
class Saved:
    """What a checkpoint restores: the Exploration's arrays and counters."""

    states: list[int]
    parents: array
    dead_ends: list[int]
    fields: dict


def item_size(state_bits: int) -> int:
    return 8 if state_bits <= 64 else (state_bits + 63) // 64 * 8


def encode_states(states: list[int], size: int) -> bytes:
    if size == 8:
        return _little(array("Q", states)).tobytes()
    return b"".join(s.to_bytes(size, "little") for s in states)


def decode_states(data: bytes, size: int) -> list[int]:
    if size == 8:
        words = array("Q")
        words.frombytes(data)
        return _little(words).tolist()
    return [int.from_bytes(data[i:i + size], "little") for i in range(0, len(data), size)]


def _little(values: array) -> array:
    if sys.byteorder == "big":
        values.byteswap()
    return values


class Checkpoint:
    """One checkpoint directory: `start` a new one or `load` one, then `save`."""

    def __init__(self, directory: str | Path, ident: dict, every: float = 60.0):
        self.dir = Path(directory)
        self.ident = ident
        self.every = every
        self.size = item_size(ident["state_bits"])
        self.lengths = dict.fromkeys(FILES, 0)
        self.digests = {name: hashlib.sha256() for name in FILES}
        self.saved_states = self.saved_dead = 0
        self.last = time.monotonic()

    def path(self, name: str) -> Path:
        return self.dir / f"{name}.bin"

    # ------------------------------------------------------------ writing
    def start(self) -> None:
        """An empty checkpoint in the directory (an earlier one there is dropped)."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / MANIFEST).unlink(missing_ok=True)
            for name in FILES:
                self.path(name).write_bytes(b"")
        except OSError as error:
            raise CheckpointError(f"cannot write the checkpoint in {self.dir}: "
                                  f"{error.strerror or error}") from None

    def due(self) -> bool:
        return time.monotonic() - self.last >= self.every

    def save(self, ex) -> int:
        """Append the states found since the last save, then the manifest.
        Returns the checkpoint's size in bytes."""
        n, dead = len(ex.states), len(ex.dead_ends)
        new = {"states": encode_states(ex.states[self.saved_states:n], self.size),
               "parents": _little(ex.parents[self.saved_states:n]).tobytes(),
               "dead": _little(array("Q", ex.dead_ends[self.saved_dead:dead])).tobytes()}
        try:
            for name in FILES:
                self._append(name, new[name])
            self._write_manifest(self.manifest(ex))
        except OSError as error:
            raise CheckpointError(f"cannot write the checkpoint in {self.dir}: "
                                  f"{error.strerror or error}") from None
        self.saved_states, self.saved_dead = n, dead
        self.last = time.monotonic()
        return sum(self.lengths.values())

    def _append(self, name: str, data: bytes) -> None:
        with open(self.path(name), "r+b") as handle:
            handle.seek(self.lengths[name])
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        self.lengths[name] += len(data)
        self.digests[name].update(data)

    def manifest(self, ex) -> dict:
        found = {"invariants": sorted([k, *_found(f)] for k, f in ex.invariants.items()),
                 "monitors": sorted([k, *_found(f)] for k, f in ex.monitors.items()),
                 "runtime": _found(ex.runtime), "deadlock": _found(ex.deadlock)}
        body = {"format": FORMAT, "version": VERSION, "identity": self.ident,
                "search": {"states": len(ex.states), "expanded": ex.expanded,
                           "checked": ex.checked, "level_ends": list(ex.level_ends),
                           "counts": list(ex.counts), "dead_ends": len(ex.dead_ends),
                           "complete": ex.expanded >= len(ex.states), **found},
                "files": {name: {"bytes": self.lengths[name],
                                 "sha256": self.digests[name].hexdigest()}
                          for name in FILES}}
        return {**body, "checksum": _checksum(body)}

    def _write_manifest(self, manifest: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".manifest.", dir=self.dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(manifest, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.dir / MANIFEST)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        directory = os.open(self.dir, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    # ------------------------------------------------------------ reading
    def load(self) -> Saved:
        """The saved search, after checking the manifest's checksum, the
        identity and every file's length and digest; the files are cut back
        to what the manifest names, so later saves append after it."""
        manifest = self._read_manifest()
        why = mismatch(manifest["identity"], self.ident)
        if why is not None:
            raise CheckpointError(f"the checkpoint in {self.dir} does not belong to this run: "
                                  f"{why}")
        try:
            data = {name: self._read_file(name, manifest["files"][name]) for name in FILES}
            search = manifest["search"]
            well_formed = _well_formed(search, self.ident["instances"])
        except (KeyError, TypeError, ValueError, AttributeError):
            well_formed = False
        if not well_formed:
            raise self.corrupt("its manifest lacks or garbles a field")
        states = decode_states(data["states"], self.size)
        parents = array("I")
        parents.frombytes(data["parents"])
        dead = array("Q")
        dead.frombytes(data["dead"])
        if len(states) != search["states"] or len(parents) != len(states) \
                or len(dead) != search["dead_ends"]:
            raise self.corrupt("its files do not hold the counts its manifest names")
        self.saved_states, self.saved_dead = len(states), len(dead)
        return Saved(states, _little(parents), _little(dead).tolist(), search)

    def _read_manifest(self) -> dict:
        path = self.dir / MANIFEST
        if not path.is_file():
            raise CheckpointError(f"no checkpoint in {self.dir} (no {MANIFEST})")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise self.corrupt(f"its manifest does not read as JSON ({error})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise self.corrupt(f"{MANIFEST} is not a vcspec checkpoint manifest")
        if manifest.get("version") != VERSION:
            raise CheckpointError(f"the checkpoint in {self.dir} has format version "
                                  f"{manifest.get('version')}; this vcspec reads {VERSION}")
        body = {k: v for k, v in manifest.items() if k != "checksum"}
        if manifest.get("checksum") != _checksum(body):
            raise self.corrupt("its manifest's checksum does not match its content")
        return manifest

    def _read_file(self, name: str, entry: dict) -> bytes:
        try:
            with open(self.path(name), "r+b") as handle:
                data = handle.read(entry["bytes"])
                if len(data) != entry["bytes"]:
                    raise self.corrupt(f"{name}.bin is shorter than its manifest says "
                                       f"({len(data)} of {entry['bytes']} bytes)")
                handle.truncate(entry["bytes"])
        except OSError as error:
            raise self.corrupt(f"cannot read {name}.bin ({error.strerror or error})") from None
        digest = hashlib.sha256(data)
        if digest.hexdigest() != entry["sha256"]:
            raise self.corrupt(f"{name}.bin does not match its checksum")
        self.lengths[name], self.digests[name] = len(data), digest
        return data

    def corrupt(self, why: str) -> CheckpointError:
        return CheckpointError(f"the checkpoint in {self.dir} is damaged: {why}")


def _well_formed(search: dict, instances: int) -> bool:
    """The manifest's search fields have the types and order the search needs."""
    ints = [search[k] for k in ("states", "expanded", "checked", "dead_ends")]
    ends = search["level_ends"]
    found = [f for f in (search["runtime"], search["deadlock"]) if f is not None]
    found += [f[1:] for f in search["invariants"] + search["monitors"]]
    return (all(type(v) is int and v >= 0 for v in ints + ends + search["counts"])
            and len(search["counts"]) == instances and bool(ends)
            and ends == sorted(ends) and ends[-1] <= search["states"]
            and search["expanded"] <= search["checked"] == search["states"]
            and all(len(f) == 3 and type(f[0]) is int and f[0] < search["states"]
                    for f in found))


def _found(found) -> list[int | None] | None:
    return None if found is None else [found.state, found.instance, found.check]


def _checksum(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

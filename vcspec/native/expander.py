"""The native expander: the model's expansion compiled to C (cgen.py pasted
into runtime.c), built with the system C compiler into a shared library
(cached by the hash of its source) and called through ctypes.

The C side owns the visited table, the states (int64), parents (uint32) and,
in graph mode, the transitions; vcspec/explicit/bfs.Search calls `expand`
batch by batch and copies what is new into its Exploration, so everything
downstream (invariant scans, traces, liveness) is shared with the Python
backend.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from vcspec.compile.codegen import ActionError
from vcspec.engine.watchdog import on_stop
from vcspec.native.cgen import Unsupported, expansion_source

RUNTIME = Path(__file__).with_name("runtime.c")
I64, U32, U64 = ctypes.c_int64, ctypes.c_uint32, ctypes.c_uint64
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, I64, ctypes.c_int, I64, ctypes.POINTER(I64))


@dataclass
class Batch:
    states: list[int]
    parents: bytes
    targets: bytes
    labels: bytes
    offsets: list[int]
    errs: list[tuple[int, int]]
    viol: list[tuple[int, int, int]]
    dead: list[int]
    counts: list[int]
    end: int  # the states expanded are lo..end (end < hi: stopped by the watchdog)


def cache_dir() -> Path:
    base = os.environ.get("VCSPEC_NATIVE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vcspec", "native")
    return Path(base)


def compile_library(source: str) -> Path:
    """The shared library for this C source (built once, then cached)."""
    compiler = shutil.which(os.environ.get("CC", "gcc")) or shutil.which("cc")
    if compiler is None:
        raise Unsupported("no C compiler (gcc or cc) on the PATH")
    digest = hashlib.sha256(source.encode()).hexdigest()[:24]
    target = cache_dir() / f"vcspec_{digest}.so"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        c_file, so_file = Path(tmp) / "model.c", Path(tmp) / "model.so"
        c_file.write_text(source)
        done = subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-o", str(so_file),
                               str(c_file)], capture_output=True, text=True)
        if done.returncode != 0:
            raise Unsupported(f"the C compiler failed: {done.stderr.strip()[:400]}")
        os.replace(so_file, target)
    return target


class NativeExpander:
    def __init__(self, ts, graph: bool):
        started = time.perf_counter()
        body, self.order, self.called_back = expansion_source(ts.builder, ts.instances,
                                                              ts.layout.width)
        source = RUNTIME.read_text().replace("/*@EXPAND@*/", body)
        self.lib = lib = ctypes.CDLL(str(compile_library(source)))
        self.compile_seconds = time.perf_counter() - started
        lib.vc_new.restype = ctypes.c_void_p
        lib.vc_new.argtypes = [ctypes.c_int, ctypes.c_int, I64, CALLBACK]
        for name, kind in [("states", I64), ("parents", U32), ("targets", U32),
                           ("labels", U32), ("offsets", U64), ("errs", I64), ("viol", I64),
                           ("dead", I64), ("counts", I64)]:
            getattr(lib, "vc_" + name).restype = ctypes.POINTER(kind)
            getattr(lib, "vc_" + name).argtypes = [ctypes.c_void_p]
        for name in ("count", "edges", "offset_count", "err_count", "viol_count", "dead_count"):
            getattr(lib, "vc_" + name).restype = I64
            getattr(lib, "vc_" + name).argtypes = [ctypes.c_void_p]
        lib.vc_initial.restype = I64
        lib.vc_initial.argtypes = [ctypes.c_void_p, I64]
        lib.vc_expand.restype = ctypes.c_int
        lib.vc_expand.argtypes = [ctypes.c_void_p, I64, I64]
        lib.vc_clear_events.argtypes = [ctypes.c_void_p]
        lib.vc_free.argtypes = [ctypes.c_void_p]
        lib.vc_stop.argtypes = [ctypes.c_void_p]
        lib.vc_reached.restype = I64
        lib.vc_reached.argtypes = [ctypes.c_void_p]
        self.ninst = len(ts.instances)
        self.steps, self.failure = ts.steps, None
        self._callback = CALLBACK(self.call)  # kept alive as long as the library uses it
        self.ctx = lib.vc_new(1 if graph else 0, self.ninst, len(ts.step_checks),
                              self._callback)
        if not self.ctx:
            raise MemoryError("the native search could not allocate its tables")
        self.graph = graph
        self.known = self.edges = 0
        self.lock = threading.Lock()  # the watchdog's stop against freeing the context
        self.unhook = on_stop(self.stop)  # a limit or Ctrl-C stops a batch within a state

    def stop(self) -> None:
        """Ask the batch running in C to return before its next state (called
        from the watchdog's thread: vcspec/engine/watchdog.py)."""
        with self.lock:
            if self.ctx:
                self.lib.vc_stop(self.ctx)

    def __del__(self):
        if getattr(self, "unhook", None) is not None:
            self.unhook()
        lock = getattr(self, "lock", None) or threading.Lock()
        with lock:
            ctx, self.ctx = getattr(self, "ctx", None), None
            if ctx:
                self.lib.vc_free(ctx)

    def call(self, i: int, k: int, s: int, out) -> int:
        """An instance left to Python: 1 successor, 0 disabled, 2 runtime error
        (in out: the successor, then the failed monitor checks); 3 when
        Python itself failed (re-raised by expand)."""
        viol: list[int] = []
        try:
            try:
                t = self.steps[k](s, viol)
                answer = 0 if t is None else 1
            except ActionError:
                t, answer = None, 2
            out[0] = t or 0
            out[1] = len(viol)
            for m, check in enumerate(viol):
                out[2 + m] = check
            return answer
        except BaseException as error:  # noqa: BLE001 -- C cannot unwind Python
            self.failure = error
            return 3

    def start(self, initial: list[int]) -> None:
        for s in initial:
            self.lib.vc_initial(self.ctx, s)
        self.known = self.lib.vc_count(self.ctx)

    def restore(self, states: list[int], parents, counts: list[int]) -> None:
        """The visited table, parents and counts of a resumed search."""
        lib, ctx = self.lib, self.ctx
        for j, s in enumerate(states):
            if lib.vc_initial(ctx, s) != j:
                raise MemoryError("the native search could not restore the checkpoint's states")
        if len(parents):
            ctypes.memmove(lib.vc_parents(ctx), parents.tobytes(), 4 * len(parents))
        pointer = lib.vc_counts(ctx)
        for k, n in enumerate(counts):
            pointer[k] = n
        self.known = lib.vc_count(ctx)

    def _read(self, name: str, lo: int, hi: int, size: int) -> bytes:
        pointer = getattr(self.lib, "vc_" + name)(self.ctx)
        return ctypes.string_at(ctypes.addressof(pointer.contents) + lo * size,
                                (hi - lo) * size) if hi > lo else b""

    def _ints(self, name: str, lo: int, hi: int) -> list[int]:
        pointer = getattr(self.lib, "vc_" + name)(self.ctx)
        return pointer[lo:hi] if hi > lo else []

    def expand(self, lo: int, hi: int) -> Batch:
        """States lo..hi expanded (fewer when the watchdog stopped the batch:
        Batch.end)."""
        lib, ctx = self.lib, self.ctx
        status = lib.vc_expand(ctx, lo, hi)
        if status == -2 and self.failure is not None:
            raise self.failure
        if status == -3:
            hi = lib.vc_reached(ctx)
        elif status != 0:
            raise MemoryError("the native search ran out of memory")
        n, before = lib.vc_count(ctx), self.known
        states = self._ints("states", before, n)
        parents = self._read("parents", before, n, 4)
        targets = labels = b""
        offsets: list[int] = []
        if self.graph:
            edges = lib.vc_edges(ctx)
            targets = self._read("targets", self.edges, edges, 4)
            labels = self._read("labels", self.edges, edges, 4)
            offsets = self._ints("offsets", lo, hi)
            self.edges = edges
        errs = self._ints("errs", 0, 2 * lib.vc_err_count(ctx))
        viol = self._ints("viol", 0, 3 * lib.vc_viol_count(ctx))
        batch = Batch(states, parents, targets, labels, offsets,
                      list(zip(errs[0::2], errs[1::2])),
                      list(zip(viol[0::3], viol[1::3], viol[2::3])),
                      self._ints("dead", 0, lib.vc_dead_count(ctx)),
                      self._ints("counts", 0, self.ninst), hi)
        lib.vc_clear_events(ctx)
        self.known = n
        return batch

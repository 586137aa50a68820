"""The explicit search on several processes (`--workers N`): level-synchronous
BFS with the visited set partitioned by a hash of the state (explicit/owner.py).

Why partitioned rather than one shared set: each worker's set is a plain
Python set in its own process, nothing is locked, and the same exchange of
successor batches between owners is what a cluster (Ray) needs; a shared
set would need the native table in shared memory and atomics.

The result is the sequential search's, state for state: each level is
expanded by the owners of its states, the new states keep the smallest key
(parent's global index, then the order the chunk met them), and the main
process merges the owners' sorted lists by key into the order the sequential
BFS gives, so indices, parents, counts, depth and the first counterexample
of every property are the same whatever the scheduling. The main process
keeps the whole Exploration (states and parents, as the sequential search)
so traces, invariant scans and the report are the sequential code's. Each
level's results are applied in the sequential search's aligned batches
(blocks), so "every property violated" stops where the sequential search
stops. Limits (--max-states, --max-seconds, --max-memory) are checked at
level ends only, so a limited run may differ from a sequential one; the
memory measured is the main process's.

Temporal properties (the edge lists) and checkpoints are not supported with
workers: vcspec.api refuses them in words.
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
from bisect import bisect_left
from typing import TYPE_CHECKING

from vcspec.engine.progress import Progress
from vcspec.engine.watchdog import stop_reason
from vcspec.explicit.bfs import _WATCHDOG_WORDS, Exploration, Search

if TYPE_CHECKING:
    import numpy as np

from vcspec.explicit.owner import WorkersError, owner_of, serve  # noqa: F401 -- re-exported


class WorkerFailed(RuntimeError):
    """A worker raised; its traceback is the message."""


class ParallelSearch(Search):
    def __init__(self, ts, selection, limits, reporter, canon, workers: int):
        super().__init__(ts, selection, limits, reporter, canon)
        self.workers = workers
        self.conns: list = []
        self.procs: list = []

    # ------------------------------------------------------------ driver
    def run(self) -> Exploration:
        start = time.monotonic()
        ex = self.initial()
        scan = self.ts.invariant_scan(self.active_checks(ex))
        self.scan_new(ex, scan, 0)
        try:
            self.spawn(ex)
            indices = None
            while ex.expanded < len(ex.states) and not self.should_stop(ex, start):
                if ex.expanded == ex.level_ends[-1]:
                    ex.level_ends.append(len(ex.states))
                indices = self.level(ex, indices)
                self.report(ex, time.monotonic() - start)
        except KeyboardInterrupt:
            self.repair(ex)
            ex.stop_reason = _WATCHDOG_WORDS.get(stop_reason(), "interrupted")
        finally:
            self.shutdown()
        return self.finish(ex, start)

    # ------------------------------------------------------------ processes
    def spawn(self, ex: Exploration) -> None:
        """Forked workers inherit the compiled chunk and canon (nothing of the
        model is pickled; the explicit engine holds no z3 context)."""
        ctx = multiprocessing.get_context("fork")
        chunk = self.ts.chunk("plain", canon=self.canon is not None)
        shares: list[tuple[list, list]] = [([], []) for _ in range(self.workers)]
        for i, s in enumerate(ex.states):
            share = shares[owner_of(s, self.workers)]
            share[0].append(s)
            share[1].append(i)
        for me in range(self.workers):
            parent_end, child_end = ctx.Pipe()
            proc = ctx.Process(target=serve, args=(child_end, me, self.workers, chunk,
                                                   self.canon, len(self.ts.instances)),
                               daemon=True)
            proc.start()
            child_end.close()
            self.conns.append(parent_end)
            self.procs.append(proc)
            self.send(me, ("start", *shares[me]))

    def shutdown(self) -> None:
        for conn in self.conns:
            try:
                conn.send_bytes(pickle.dumps(("stop",)))
            except OSError:
                pass
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
                proc.join()
        for conn in self.conns:
            conn.close()
        self.conns, self.procs = [], []

    def send(self, w: int, message) -> None:
        self.conns[w].send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def ask_all(self, messages: list) -> list:
        """Every worker's reply to its message (all sent first: they work at once)."""
        for w, message in enumerate(messages):
            self.send(w, message)
        replies = []
        for conn in self.conns:
            status, reply = pickle.loads(conn.recv_bytes())
            if status != "ok":
                raise WorkerFailed(reply)
            replies.append(reply)
        return replies

    # ------------------------------------------------------------ one level
    def level(self, ex: Exploration, indices: list | None) -> list:
        """Expand the level ex.states[lo:hi]; the owners' global indices of the
        next level (sent with the next expand)."""
        lo, hi = ex.level_ends[-2] if len(ex.level_ends) > 1 else 0, ex.level_ends[-1]
        base = self.base_size()
        replies = self.ask_all([("expand", lo, base, None if indices is None else indices[w])
                                for w in range(self.workers)])
        received = [[replies[v][0][w] for v in range(self.workers)]
                    for w in range(self.workers)]
        merged = self.ask_all([("merge", received[w]) for w in range(self.workers)])
        new_states, new_parents, indices = self.order(merged, hi)
        self.apply(ex, [r[1] for r in replies], new_states, new_parents, lo, hi, base)
        return indices

    def order(self, merged: list, first: int) -> tuple[list, np.ndarray, list]:
        """The owners' new states in sequential order; their parents; per owner
        the global indices of its states."""
        import numpy as np
        keys = np.fromiter((k for owner_keys, _ in merged for k in owner_keys), dtype=np.int64)
        states = [s for _, owner_states in merged for s in owner_states]
        order = np.argsort(keys, kind="stable")
        place = np.empty(len(keys), dtype=np.int64)
        place[order] = np.arange(first, first + len(keys), dtype=np.int64)
        indices, at = [], 0
        for owner_keys, _ in merged:
            indices.append(place[at:at + len(owner_keys)].tolist())
            at += len(owner_keys)
        parents = keys[order] >> 32
        return [states[i] for i in order.tolist()], parents, indices

    def apply(self, ex: Exploration, results: list, new_states: list, new_parents: np.ndarray,
              lo: int, hi: int, base: int) -> None:
        """The level's results in the sequential search's batches: expansion
        findings of states in the batch, then the invariants of the new states
        whose parents are in it; after each batch, the sequential stop test."""
        import numpy as np
        errs = sorted((e for r in results for e in r[0]), key=lambda e: e[0])
        viol = sorted((v for r in results for v in r[1]), key=lambda v: v[0])
        dead = sorted(d for r in results for d in r[2])
        by_state = [(errs, [e[0] for e in errs]), (viol, [v[0] for v in viol]), (dead, dead)]
        scan = self.ts.invariant_scan(self.active_checks(ex))
        active = self.active_checks(ex)
        cuts = np.searchsorted(new_parents, np.arange(lo, hi + base, base), side="left")
        for block, batch_lo in enumerate(range(lo, hi, base)):
            batch_hi = min(batch_lo + base, hi)
            for r in results:
                for k, n in enumerate(r[3].get(block, ())):
                    ex.counts[k] += n
            self.record(ex, *(found[bisect_left(at, batch_lo):bisect_left(at, batch_hi)]
                              for found, at in by_state))
            a, b = int(cuts[block]), int(cuts[block + 1])
            before = len(ex.states)
            ex.states.extend(new_states[a:b])
            ex.parents.extend(new_parents[a:b].tolist())
            ex.expanded = batch_hi
            if active != self.active_checks(ex):
                active = self.active_checks(ex)
                scan = self.ts.invariant_scan(active)
            self.scan_new(ex, scan, before)
            if batch_hi < hi and self.sel.stop_when_all_violated and self.all_violated(ex):
                return  # the sequential search stops here (should_stop says why)

    def report(self, ex: Exploration, seconds: float) -> None:
        self.reporter.progress(Progress("explore", ex.expanded, len(ex.states),
                                        len(ex.states) - ex.expanded, len(ex.level_ends),
                                        ex.transitions, seconds,
                                        f"{self.workers} workers"))

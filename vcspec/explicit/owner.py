"""One worker of the parallel search (explicit/parallel.py): the owner of the
states whose hash falls in its share.

A worker keeps the visited set of the states it owns and, between levels,
its part of the frontier with the states' global indices (their places in
the sequential BFS order). For a level it expands its frontier with the same
generated chunk as the sequential search, block by block (the sequential
search's aligned batches, so the main process can stop where it would), and
sends each successor to its owner with the key (global parent index << 32 |
position in this worker's output): the key orders successors as the
sequential search meets them. An owner keeps, of the successors it receives
that it has not seen, each one's smallest key; sorted by key, the new states
of all owners merge into exactly the sequential level.

Messages (main -> worker, worker -> main), all pickled:
  ("expand", level_start, base, indices) -> (bucket bytes per owner, results)
  ("merge", bucket bytes from every worker) -> (keys, states)
  ("stop",)
`indices`: the global indices of the states the last merge returned (or of
the initial states this worker owns, given with "start").
"""

from __future__ import annotations

import pickle
import signal
import traceback
from array import array

MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads bit-packed states over owners


class WorkersError(Exception):
    """--workers asked for something the parallel search does not do (here,
    not in parallel.py: the command line imports it before any engine)."""


def owner_of(state: int, workers: int) -> int:
    """The worker owning a state: a function of the state alone."""
    return ((hash(state) * MIX) >> 40) % workers


class Owner:
    def __init__(self, me: int, workers: int, chunk, canon, instances: int):
        self.me = me
        self.workers = workers
        self.chunk = chunk
        self.canon = canon
        self.instances = instances
        self.seen: set[int] = set()
        self.frontier: list[int] = []  # owned states of the level to expand, in BFS order
        self.index: list[int] = []  # their global indices

    def start(self, states: list[int], indices: list[int]) -> None:
        self.seen.update(states)
        self.frontier, self.index = states, indices

    def expand(self, level_start: int, base: int, indices: list[int] | None):
        """The frontier's successors routed to their owners, and per block
        (index - level_start) // base the counts; errors, step-check failures
        and dead ends by global index."""
        if indices is not None:
            self.index = indices
        states, index = list(self.frontier), self.index
        parents = array("I")
        local: set[int] = set()  # successors met in this level (the first is kept)
        errs: list = []
        viol: list = []
        dead: list = []
        blocks: dict[int, list[int]] = {}
        lo, n = 0, len(index)
        while lo < n:
            block = (index[lo] - level_start) // base
            hi = lo
            while hi < n and (index[hi] - level_start) // base == block:
                hi += 1
            counts = [0] * self.instances
            self.chunk(states, parents, local, lo, hi, counts, errs, viol, dead, self.canon)
            blocks[block] = counts
            lo = hi
        results = ([(index[i], k) for i, k in errs], [(index[i], k, c) for i, k, c in viol],
                   [index[i] for i in dead], blocks)
        return self.route(states[n:], parents, index), results

    def route(self, out: list[int], parents: array, index: list[int]) -> list[bytes]:
        buckets = [([], []) for _ in range(self.workers)]
        workers, seen, me = self.workers, self.seen, self.me
        for pos, (t, parent) in enumerate(zip(out, parents)):
            w = ((hash(t) * MIX) >> 40) % workers  # owner_of, inlined: the hot loop
            if w == me and t in seen:
                continue
            bucket = buckets[w]
            bucket[0].append(t)
            bucket[1].append(index[parent] << 32 | pos)
        return [pickle.dumps(b, pickle.HIGHEST_PROTOCOL) for b in buckets]

    def merge(self, received: list[bytes]) -> tuple[list[int], list[int]]:
        """The new states among those received, by smallest key; they become
        the frontier (their global indices come with the next expand)."""
        best: dict[int, int] = {}
        seen = self.seen
        for data in received:
            states, keys = pickle.loads(data)
            for t, key in zip(states, keys):
                if t in seen:
                    continue
                old = best.get(t)
                if old is None or key < old:
                    best[t] = key
        ordered = sorted(best.items(), key=lambda item: item[1])
        seen.update(best)
        self.frontier = [t for t, _ in ordered]
        self.index = []
        return [k for _, k in ordered], self.frontier


def quiet_worker() -> None:
    """A worker process leaves Ctrl-C to the main process and dies of SIGTERM
    (not the command line's handlers it inherited with the fork)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def serve(conn, me: int, workers: int, chunk, canon, instances: int) -> None:
    """A worker's loop (in a forked process: the chunk and canon are
    inherited, not pickled). Ctrl-C is the main process's to handle."""
    quiet_worker()
    owner = Owner(me, workers, chunk, canon, instances)
    try:
        while True:
            message = pickle.loads(conn.recv_bytes())
            if message[0] == "stop":
                break
            if message[0] == "start":
                owner.start(message[1], message[2])
                continue
            if message[0] == "expand":
                reply = owner.expand(message[1], message[2], message[3])
            else:
                reply = owner.merge(message[1])
            conn.send_bytes(pickle.dumps(("ok", reply), pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 -- sent to the main process, which raises it
        conn.send_bytes(pickle.dumps(("error", traceback.format_exc())))
    finally:
        conn.close()

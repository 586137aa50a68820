"""TLC's counts for two TLA+ classics, by an enumeration written straight from
their TLA+ definitions in plain Python (no vcspec code): the independent side
of tests/checker/test_tlc_examples.py. TLC itself cannot run here (no Java),
so these stand in for its output; the counting rules are TLC's:

- every state satisfying Init is generated; one violating the CONSTRAINT is
  not stored (not a distinct state) and not explored;
- every successor of an explored state is generated (duplicates and states
  violating the CONSTRAINT included); a new one satisfying the CONSTRAINT is
  stored and explored;
- depth: the BFS level of the deepest stored state, an initial state being 1.
"""

from __future__ import annotations

import itertools
from collections import deque


def tlc_bfs(inits, next_states, constraint=lambda s: True) -> dict[str, int]:
    generated, level = 0, {}
    queue: deque = deque()
    for s in inits:
        generated += 1
        if constraint(s) and s not in level:
            level[s] = 1
            queue.append(s)
    while queue:
        s = queue.popleft()
        for t in next_states(s):
            generated += 1
            if constraint(t) and t not in level:
                level[t] = level[s] + 1
                queue.append(t)
    return {"distinct": len(level), "generated": generated, "depth": max(level.values()),
            "initial": sum(1 for lv in level.values() if lv == 1)}


# ------------------------------------------------------------ AsynchInterface.tla
def asynch_interface(data=(0, 1, 2)) -> dict[str, int]:
    """Init == val \\in Data /\\ rdy \\in {0,1} /\\ ack = rdy; Next == (\\E d: Send) \\/ Rcv."""
    inits = [(val, rdy, rdy) for val in data for rdy in (0, 1)]

    def next_states(s):
        val, rdy, ack = s
        out = []
        if rdy == ack:  # Send: val' \in Data, rdy' = 1 - rdy
            out += [(d, 1 - rdy, ack) for d in data]
        if rdy != ack:  # Rcv: ack' = 1 - ack
            out.append((val, rdy, 1 - ack))
        return out

    return tlc_bfs(inits, next_states)


# ------------------------------------------------------------ InnerFIFO.tla
def inner_fifo(messages=(0, 1), n=2) -> dict[str, int]:
    """A state is (in, out, q) with channels (val, rdy, ack) and q a tuple.
    Channel Init: chan \\in [val: Message, rdy: {0,1}, ack: {0,1}] /\\ ack = rdy."""
    chans = [(v, r, a) for v in messages for r in (0, 1) for a in (0, 1) if a == r]
    inits = [(i, o, ()) for i, o in itertools.product(chans, chans)]

    def send(chan, d):
        return None if chan[1] != chan[2] else (d, 1 - chan[1], chan[2])

    def rcv(chan):
        return None if chan[1] == chan[2] else (chan[0], chan[1], 1 - chan[2])

    def next_states(s):
        inc, outc, q = s
        out = []
        for msg in messages:  # \E msg \in Message: SSend(msg)
            new = send(inc, msg)
            if new is not None:
                out.append((new, outc, q))
        new = rcv(inc)  # BufRcv
        if new is not None:
            out.append((new, outc, q + (inc[0],)))
        if q:  # BufSend
            new = send(outc, q[0])
            if new is not None:
                out.append((inc, new, q[1:]))
        new = rcv(outc)  # RRcv
        if new is not None:
            out.append((inc, new, q))
        return out

    return tlc_bfs(inits, next_states, lambda s: len(s[2]) <= n)


if __name__ == "__main__":
    print("AsynchInterface", asynch_interface())
    print("InnerFIFO N=2", inner_fifo())
    print("InnerFIFO N=3", inner_fifo(n=3))

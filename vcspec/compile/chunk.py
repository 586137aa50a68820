"""The fused BFS loop: one generated function expands a batch of states.

For each state it tries every live action instance inline (no Python call
per instance or per transition), records new states with their parent,
counts transitions per instance, and notes runtime errors, failed monitor
checks and states without successors. Instances whose guards start with a
masked test on the same bits share one extraction and an if/elif on its
value. `mode` "graph" also keeps every transition (liveness).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vcspec.compile.codegen import Emitter

MODES = ("plain", "graph")


@dataclass
class Piece:
    """One action instance compiled: guard source (None: never enabled) and
    the body's lines (the successor is left in local `t`). When the guard
    starts with a masked equality on `s`, `key` is (mask, bits) and `rest`
    the source of the remaining conjuncts (None: nothing remains)."""

    guard: str | None
    body: list[str]
    key: tuple[int, int] | None = None
    rest: str | None = None


def chunk_function(b, mode: str = "plain", canon: bool = False):
    """A function expanding states[lo:hi], adding new states.

    plain: chunk(states, parents, seen, lo, hi, counts, errs, viol, dead, canon)
    graph: the same plus (targets, labels, offsets); `seen` is a dict state -> index.
    """
    assert mode in MODES
    out = Emitter()
    params = "states, parents, seen, lo, hi, counts, errs, viol, dead, canon"
    if mode == "graph":
        params += ", targets, labels, offsets"
    out.line(f"def _chunk({params}):")
    out.indent()
    out.line("push = states.append")
    out.line("par = parents.append")
    if mode == "plain":
        out.line("add = seen.add")
    else:
        out.line("tgt = targets.append")
        out.line("lab = labels.append")
        out.line("offs = offsets.append")
    admit = b.admit_test("t")
    live = []
    for inst in b.instances:
        piece = b.piece(inst, f"viol.append((i, {inst.index}, {{}}))")
        if piece.guard is not None:
            live.append((inst.index, piece))
    for k, _ in live:
        out.line(f"c{k} = 0")
    out.line("for i in range(lo, hi):")
    out.indent()
    out.line("s = states[i]")
    out.line("d = 1")
    for group in dispatch_groups(live):
        emit_group(out, group, mode, canon, admit)
    out.line("if d:")
    out.line("    dead.append(i)")
    if mode == "graph":
        out.line("offs(len(targets))")
    out.dedent()
    for k, _ in live:
        out.line(f"counts[{k}] += c{k}")
    return b.run(out.source(), f"chunk_{mode}")["_chunk"]

def emit_group(out: Emitter, group: list, mode: str, canon: bool, admit: str | None) -> None:
    """Instances sharing a leading masked test on one mask: extract the
    bits once and branch on their value (if/elif)."""
    if len(group) == 1 or group[0][1].key is None:
        for k, piece in group:
            emit_instance(out, k, piece, mode, canon, admit)
        return
    mask = group[0][1].key[0]
    out.line(f"f = s & {mask}")
    by_bits: dict[int, list] = {}
    for k, piece in group:
        by_bits.setdefault(piece.key[1], []).append((k, piece))
    for n, (bits, members) in enumerate(by_bits.items()):
        out.line(f"{'if' if n == 0 else 'elif'} f == {bits}:")
        out.indent()
        for k, piece in members:
            guard = piece.rest or "True"
            emit_instance(out, k, Piece(guard, piece.body), mode, canon, admit)
        out.dedent()

def emit_instance(out: Emitter, k: int, piece: Piece, mode: str, canon: bool,
                  admit: str | None = None):
    """`admit`: the constraints' test on `t`; a successor failing it counts as a
    transition (and keeps its state from being a deadlock) but is not stored."""
    out.line("try:")
    out.indent()
    out.line(f"if {piece.guard}:")
    out.indent()
    out.line("d = 0")
    for line in piece.body:
        out.line(line)
    out.line(f"c{k} += 1")
    if admit is not None:
        out.line(f"if {admit}:")
        out.indent()
    if canon:
        out.line("t = canon(t)")
    if mode == "plain":
        out.line("if t not in seen:")
        out.line("    add(t)")
        out.line("    push(t)")
        out.line("    par(i)")
    else:
        out.line("j = seen.get(t)")
        out.line("if j is None:")
        out.line("    j = seen[t] = len(states)")
        out.line("    push(t)")
        out.line("    par(i)")
        out.line("tgt(j)")
        out.line(f"lab({k})")
    if admit is not None:
        out.dedent()
    out.dedent()
    out.dedent()
    out.line("except ActionError:")
    out.line("    d = 0")
    out.line(f"    errs.append((i, {k}))")


# ------------------------------------------------------------ dispatch
def dispatch_groups(live: list[tuple[int, Piece]]) -> list[list[tuple[int, Piece]]]:
    """Instances grouped by the mask of their leading masked test, groups in
    order of first appearance (instances keep their order inside a group)."""
    groups: dict[object, list] = {}
    for k, piece in live:
        key = piece.key[0] if piece.key is not None else ("alone", k)
        groups.setdefault(key, []).append((k, piece))
    return list(groups.values())


# ------------------------------------------------------------ peephole
_UPDATE = re.compile(r"t = \(t & (-?\d+)\) \| (\d+)\Z")


def fuse_updates(lines: list[str]) -> list[str]:
    """Merge runs of constant field writes `t = (t & A) | B` into one, and the
    opening `t = s` into the first of them: `t = (s & A) | B`."""
    out: list[str] = []
    pending: tuple[str, int, int] | None = None  # (source, and-mask, or-bits)
    for line in lines:
        match = _UPDATE.match(line)
        if line == "t = s" and not out and pending is None:
            pending = ("s", -1, 0)
            continue
        if match:
            a, b = int(match.group(1)), int(match.group(2))
            src, mask, bits = pending or ("t", -1, 0)
            pending = (src, mask & a, (bits & a) | b)
            continue
        if pending is not None:
            out.append(_update_line(*pending))
            pending = None
        out.append(line)
    if pending is not None:
        out.append(_update_line(*pending))
    return out


def _update_line(src: str, mask: int, bits: int) -> str:
    if mask == -1 and bits == 0:
        return f"t = {src}"
    return f"t = ({src} & {mask}) | {bits}"

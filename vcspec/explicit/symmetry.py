"""Symmetry reduction for `symmetric enum` values (Model.symmetry).

A permutation of a symmetric enum's members acts on states: members stored in
leaves are renamed, entries of maps keyed by the enum (a family indexed by
it) change places, bits of sets of its members move. Each permutation is
compiled into bit moves on the state int: fields that do not change are
masked through, fields that only move are shifted in groups, fields whose
codes change go through a table. The canonical representative of a state is
the smallest int among its images; the orbit size (how many distinct states
it stands for) gives the unreduced count.
"""

from __future__ import annotations

import itertools

from vcspec.compile.codegen import Emitter, Namespace, compile_functions
from vcspec.compile.layout import Boxed, Layout, Leaf, Map, Queue, Record, Set, Slot
from vcspec.model.types import EnumT, MapT, OptionT, QueueT, RecordT, SetT, Type

MAX_PERMUTATIONS = 5040  # 7!


def permutations(enums: list[EnumT]) -> list[dict[str, dict]]:
    """Every combination of permutations of the enums (the identity first)."""
    per_enum = [[dict(zip(e.members, p)) for p in itertools.permutations(e.members)]
                for e in enums]
    return [{e.name: m for e, m in zip(enums, combo)} for combo in itertools.product(*per_enum)]


def touches(t: Type, names: set[str]) -> bool:
    if isinstance(t, EnumT):
        return t.name in names
    if isinstance(t, OptionT):
        return touches(t.inner, names)
    if isinstance(t, RecordT):
        return any(touches(ft, names) for _, ft in t.fields)
    if isinstance(t, MapT):
        return touches(t.key, names) or touches(t.value, names)
    if isinstance(t, (SetT, QueueT)):
        return t.elem is not None and touches(t.elem, names)
    return False


def rename(value, t: Type, pi: dict[str, dict]):
    """A semantic value under a permutation."""
    if value is None:
        return None
    if isinstance(t, EnumT):
        return pi[t.name][value] if t.name in pi else value
    if isinstance(t, OptionT):
        return rename(value, t.inner, pi)
    if isinstance(t, RecordT):
        return tuple(rename(v, ft, pi) for v, (_, ft) in zip(value, t.fields))
    if isinstance(t, MapT):
        keys = t.key.domain()
        out = [None] * len(keys)
        position = {k: i for i, k in enumerate(keys)}
        for k, v in zip(keys, value):
            out[position[rename(k, t.key, pi)]] = rename(v, t.value, pi)
        return tuple(out)
    if isinstance(t, SetT):
        return frozenset(rename(v, t.elem, pi) for v in value)
    if isinstance(t, QueueT):
        return tuple(rename(v, t.elem, pi) for v in value)
    return value


def moves(src: Slot, dst: Slot, pi: dict, names: set[str]) -> list[tuple]:
    """(src_off, width, dst_off, table) moves taking src's bits to dst under pi."""
    t = src.type
    if not touches(t, names):
        return [(src.off, src.width, dst.off, None)]
    if isinstance(src, Leaf):
        table = tuple(dst.code_of(rename(src.value_of(c), t, pi)) << dst.off
                      for c in range(t.size()))
        return [(src.off, src.width, dst.off, table)]
    if isinstance(src, Record):
        return [m for a, b in zip(src.fields, dst.fields) for m in moves(a, b, pi, names)]
    if isinstance(src, Map):
        out = []
        for i, key in enumerate(src.keys):
            j = dst.key_index[rename(key, t.key, pi)]
            out += moves(src.entries[i], dst.entries[j], pi, names)
        return out
    if isinstance(src, Set):
        return [(src.off + i, 1, dst.off + dst.elem_index[rename(e, t.elem, pi)], None)
                for i, e in enumerate(src.elems)]
    if isinstance(src, Queue):
        out = [(src.length.off, src.length.width, dst.length.off, None)]
        return out + [m for a, b in zip(src.items, dst.items) for m in moves(a, b, pi, names)]
    if isinstance(src, Boxed):
        return [(src.off, 1, dst.off, None)] + moves(src.inner, dst.inner, pi, names)
    raise TypeError(src)


def image_code(layout: Layout, pi: dict, names: set[str], ns: Namespace) -> str:
    """Source of the image of state `s` under pi (an expression)."""
    fixed, shifts, tables = 0, {}, []
    for var in layout.all_vars():
        for src_off, width, dst_off, table in moves(var.slot, var.slot, pi, names):
            if width == 0:
                continue
            mask = ((1 << width) - 1) << src_off
            if table is not None and any(table[c] != c << dst_off for c in range(len(table))):
                tables.append(f"{ns.const(table)}[(s >> {src_off}) & {(1 << width) - 1}]")
            elif src_off == dst_off:
                fixed |= mask
            else:
                shifts[dst_off - src_off] = shifts.get(dst_off - src_off, 0) | mask
    parts = [f"(s & {fixed})"] if fixed else []
    for delta, mask in sorted(shifts.items()):
        op = "<<" if delta > 0 else ">>"
        parts.append(f"((s & {mask}) {op} {abs(delta)})")
    return " | ".join(parts + tables) or "0"


def cleanups(layout: Layout, names: set[str], ns: Namespace) -> list[str]:
    """Statements re-zeroing, in an image `r`, the bits that hold no value:
    queue slots past the length and the inside of an absent option. Tables
    map code 0 to other codes, so these bits may be set by the moves."""
    out = []
    for var in layout.all_vars():
        for slot in _structured(var.slot):
            if isinstance(slot, Queue) and touches(slot.type.elem, names):
                keep = tuple(~sum(item.mask for item in slot.items[n:])
                             for n in range(slot.type.max + 1))
                length = slot.length
                out.append(f"r &= {ns.const(keep)}[(r >> {length.off}) & {length.low_mask}]")
            elif isinstance(slot, Boxed) and touches(slot.inner.type, names):
                keep = (~slot.inner.mask, -1)
                out.append(f"r &= {ns.const(keep)}[(r >> {slot.off}) & 1]")
    return out


def _structured(slot: Slot):
    """Every queue and boxed slot inside `slot`, innermost last."""
    if isinstance(slot, Record):
        for f in slot.fields:
            yield from _structured(f)
    elif isinstance(slot, Map):
        for e in slot.entries:
            yield from _structured(e)
    elif isinstance(slot, Queue):
        yield slot
        for item in slot.items:
            yield from _structured(item)
    elif isinstance(slot, Boxed):
        yield slot
        yield from _structured(slot.inner)


class Symmetry:
    """canon(state) and orbit(state) for the symmetric enums of a model."""

    def __init__(self, layout: Layout, enums: list[EnumT]):
        self.enums = enums
        perms = permutations(enums)
        if len(perms) > MAX_PERMUTATIONS:
            raise ValueError(f"symmetry reduction over {len(perms)} permutations is too costly")
        names = {e.name for e in enums}
        ns = Namespace()
        fixes = cleanups(layout, names, ns)
        out = Emitter()
        if fixes:
            images = []
            for n, pi in enumerate(perms[1:]):
                out.line(f"def _img{n}(s):")
                out.line(f"    r = {image_code(layout, pi, names, ns)}")
                for fix in fixes:
                    out.line(f"    {fix}")
                out.line("    return r")
                images.append(f"_img{n}(s)")
        else:
            images = [image_code(layout, pi, names, ns) for pi in perms[1:]]
        out.line("def _canon(s):")
        out.line("    return min((s, " + "".join(f"{i}, " for i in images) + "))")
        out.line("def _orbit(s):")
        out.line("    return len({s, " + "".join(f"{i}, " for i in images) + "})")
        funcs = compile_functions(out.source(), ns, "<vcspec symmetry>")
        self.canon = funcs["_canon"]
        self.orbit = funcs["_orbit"]
        self.count = len(perms)


def make_symmetry(model, layout: Layout) -> Symmetry | None:
    enums = [model.enums[name] for name in model.symmetry if len(model.enums[name].members) > 1]
    return Symmetry(layout, enums) if enums else None

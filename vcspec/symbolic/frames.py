"""Copies of the state for each time step of a path: frame k is the leaves
`<leaf>@k`, and step k (from frame k to k+1) takes instance `sel@k`."""

from __future__ import annotations

import z3

from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.zterm import conj


class Frames:
    def __init__(self, enc: Encoding, prefix: str = ""):
        self.enc = enc
        self.prefix = prefix
        self._frames: list[list] = []
        self._sels: list = []

    def __getitem__(self, k: int) -> list:
        while len(self._frames) <= k:
            self._frames.append(self.enc.layout.make_vars(f"@{self.prefix}{len(self._frames)}"))
        return self._frames[k]

    def sel(self, k: int) -> z3.ArithRef:
        while len(self._sels) <= k:
            self._sels.append(z3.Int(f"sel@{self.prefix}{len(self._sels)}"))
        return self._sels[k]

    def at(self, formula: z3.BoolRef, k: int) -> z3.BoolRef:
        """A formula over `x` at frame k."""
        return z3.substitute(formula, list(zip(self.enc.x, self[k])))

    def init(self, k: int = 0) -> z3.BoolRef:
        return conj(self.at(self.enc.init, k), self.domain(k))

    def domain(self, k: int) -> z3.BoolRef:
        return self.at(self.enc.domain, k)

    def trans(self, k: int, idle: bool = False) -> z3.BoolRef:
        """Step k: frame k to frame k+1 (and the next frame's domain); with
        `idle`, the step may also be sel = -1, leaving the state as it is."""
        sel = self.sel(k)
        return conj(self.enc.trans(self[k], self[k + 1], sel, idle), self.domain(k + 1),
                    sel >= (-1 if idle else 0), sel < len(self.enc.instances))

    def real(self, k: int) -> z3.BoolRef:
        """Steps 0 .. k-1 are actions (not idle)."""
        return conj(*(self.sel(j) >= 0 for j in range(k)))

    def differ(self, i: int, j: int) -> z3.BoolRef:
        """Frames i and j are different states."""
        return z3.Or([a != b for a, b in zip(self[i], self[j])]) if self[i] else z3.BoolVal(False)

"""`vcspec check --engine pdr --for-all Vc`: safety proofs for every size.

For each selected invariant and monitor:
  1. PDR proves it at size 2, then 3, of each for-all enum (the other
     constants as given; vcspec/symbolic/prove.py). A reachable bad state
     there is a violation at that size: UNKNOWN for every size, saying so.
  2. Its invariant is generalised to quantified conjuncts (generalize.py),
     pooled with those of the smaller sizes.
  3. The inductive part over the uninterpreted sorts is kept (induct.py);
     if it and the ranges exclude the bad states, the certificate block is
     re-checked in a fresh z3 context, and only then HOLDS for every size.
Otherwise UNKNOWN with the reason (and the counterexample to induction).

A for-all enum must be a symmetric enum whose size is one constant used
nowhere else in the spec (so that no type or value depends on the size).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from vcspec.engine.progress import Reporter
from vcspec.model import initial, ir, syntax
from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.prove import Prover
from vcspec.symbolic.solver import Budget, SolverUnknown
from vcspec.symbolic.unbounded.cert import block, recheck_block
from vcspec.symbolic.unbounded.generalize import candidates
from vcspec.symbolic.unbounded.induct import Induction
from vcspec.symbolic.unbounded.liveall import prove_temporal
from vcspec.symbolic.unbounded.uencode import UEncoding
from vcspec.symbolic.values import Unsupported

SIZES = (2, 3)


@dataclass
class Outcome:
    holds: dict[str, str] = field(default_factory=dict)  # property -> message
    unknown: dict[str, str] = field(default_factory=dict)  # property -> reason
    blocks: list[str] = field(default_factory=list)  # certificate blocks


def size_consts(checked, for_all: tuple[str, ...], model: ir.Model) -> dict[str, str]:
    """The constant that sizes each for-all enum; raises Unsupported with the
    reason when an enum cannot be generalised."""
    decls = {d.name: d for _, tree in checked.files for d in tree.decls
             if isinstance(d, syntax.Enum)}
    if initial.dependent(model) or model.constraints:
        raise Unsupported("--for-all: `init:` predicates, initial values that read other "
                          "variables and `constraint`s are not supported; check a fixed size")
    out = {}
    for name in for_all:
        decl = decls.get(name)
        if decl is None:
            raise Unsupported(f"--for-all {name}: no enum {name} in the spec")
        if not decl.symmetric or name not in model.symmetry:
            raise Unsupported(f"--for-all {name}: {name} is not a symmetric enum the spec "
                              "treats symmetrically")
        if not isinstance(decl.size, syntax.Name):
            raise Unsupported(f"--for-all {name}: its size is not one named constant")
        const = decl.size.id
        uses = sum(1 for _, tree in checked.files for n in _names(tree) if n == const)
        if uses != 1:
            raise Unsupported(f"--for-all {name}: its size constant {const} is used elsewhere "
                              f"in the spec ({uses - 1} more times): arithmetic over the "
                              "number of members is not supported")
        out[name] = const
    return out


def _names(node):
    """Every Name identifier in a syntax tree."""
    if isinstance(node, syntax.Name):
        yield node.id
    if isinstance(node, (list, tuple)):
        for x in node:
            yield from _names(x)
    elif hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            if f != "span":
                yield from _names(getattr(node, f))


class ForAll:
    def __init__(self, reload, consts: dict[str, str], for_all: tuple[str, ...],
                 budget: Budget, reporter: Reporter):
        self.reload = reload  # consts -> Checked
        self.consts = consts
        self.for_all = for_all
        self.budget = budget
        self.reporter = reporter
        self.encodings: dict[int, Encoding] = {}
        self.sizes = SIZES

    def run(self, model: ir.Model, checked, names: list[str]) -> Outcome:
        out = Outcome()
        try:
            self.size_of = size_consts(checked, self.for_all, model)
            self.uenc = UEncoding(model, self.for_all)
        except Unsupported as why:
            out.unknown.update({n: f"not generalised: {why}" for n in names})
            return out
        kinds = {p.name: p.kind for p in model.properties}
        for name in names:
            try:
                if kinds[name] == "temporal":
                    prove_temporal(self, name, out)
                else:
                    self.prove(name, out)
            except Unsupported as why:
                out.unknown[name] = f"not generalised: {why}"
            except SolverUnknown as why:
                out.unknown[name] = f"no proof for every size: {why.reason}"
        return out

    def encoding(self, n: int) -> Encoding:
        if n not in self.encodings:
            consts = dict(self.consts)
            consts.update({c: str(n) for c in self.size_of.values()})
            self.encodings[n] = Encoding(self.reload(consts).model)
        return self.encodings[n]

    def prove(self, name: str, out: Outcome) -> None:
        u = self.uenc
        prop = u.properties[name]
        if prop.bad is None:
            raise Unsupported(prop.reason)
        ind = Induction(u, self.budget)
        pool: list = []
        kept: list = []
        tried = []
        for n in SIZES:
            enc = self.encoding(n)
            proof = Prover(enc, self.budget, self.reporter).prove(enc.property(name))
            if proof is None:
                out.unknown[name] = (f"violated with {n} members ({self.sizes_words(n)}): "
                                     "run the check at that size for the trace")
                return
            tried.append(n)
            for c in candidates(enc, u, proof.invariant, proof.fixed):
                if not any(c.eq(p) for p in pool):
                    pool.append(c)
            kept = ind.houdini(pool)
            self.reporter.message(f"for-all: {name}: size {n}: {len(pool)} candidate "
                                  f"conjuncts, {len(kept)} inductive")
            if ind.ranges_inductive(kept) and ind.safe(kept, prop.bad) == z3.unsat:
                text = block(u, name, kept, prop.bad)
                check = recheck_block(text, self.budget.left_ms())
                if check.ok:
                    out.blocks.append(text)
                    how = (f"PDR's invariant at size {n} generalised to {len(kept)} "
                           "quantified conjuncts, inductive for the unbounded sort" if kept
                           else "the ranges alone exclude the bad states")
                    out.holds[name] = (f"HOLDS for every size of {', '.join(self.for_all)} "
                                       f"({how}; certificate re-checked)")
                    return
                out.unknown[name] = f"the certificate did not re-check ({check.detail})"
                return
        inductive = bool(pool) and len(kept) == len(pool)
        cti = ind.cti(pool, prop.bad if inductive else None)
        sizes = ", ".join(str(n) for n in tried)
        why = ("is inductive but does not exclude the bad states" if inductive
               else "does not generalise to an inductive one")
        out.unknown[name] = (f"no proof for every size: the invariant found at sizes {sizes} "
                             f"{why}" + (f"\n{cti}" if cti else ""))

    def sizes_words(self, n: int) -> str:
        return ", ".join(f"{c}={n}" for c in self.size_of.values())

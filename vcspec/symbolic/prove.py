"""PDR proofs of safety properties, one property at a time, and their certificate.

For each property: its bad states are sliced by symmetry (symmetry.py), the
system is projected onto the cone of the slice (coi.py), and Spacer searches
the projection (pdr.py). A bad predicate that no state in the ranges
satisfies needs no search. Each invariant found is copied over the
symmetric members, and the conjunction of every copy of every invariant is
the certificate's invariant: it is checked against the whole transition
relation and every proved property's whole bad predicate, in a fresh z3
context, before any property is reported as proved.

The invariants proved so far are lemmas for the next properties: those over
the next cone's leaves are assumed of every state in its search (pdr.py).
That is sound once they are proved, and decisive: on CoNDIS with crossings
OneClosePerCall needs an invariant that relates NDIS's closing mark to the
client's record, which Spacer found in 84 s alone and in 0.2 s given the
invariants of the properties before it. A proof that used lemmas is
re-checked together with the proofs it used (`premises`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from vcspec.engine.progress import Reporter
from vcspec.symbolic.certificate import Recheck, certificate, recheck
from vcspec.symbolic.coi import ConeBuilder
from vcspec.symbolic.encode import Encoding, SafetyProperty
from vcspec.symbolic.pdr import PDR, has_quantifier
from vcspec.symbolic.solver import Budget, SolverUnknown, check, make_solver, stop_is_unknown
from vcspec.symbolic.symmetry import orbit, slice_property
from vcspec.symbolic.zterm import TRUE, conj, disj


@dataclass
class Proof:
    prop: SafetyProperty
    invariant: z3.BoolRef  # over the cone's leaves; excludes the sliced bad states
    fixed: tuple[str, ...]  # the symmetric enums it is copied over
    cone_leaves: int
    copies: list = field(default_factory=list)
    premises: list = field(default_factory=list)  # the proofs whose invariants it assumed

    @property
    def size(self) -> int:
        return len(self.invariant.children()) if z3.is_and(self.invariant) else 1


@dataclass
class Outcome:
    proofs: list[Proof] = field(default_factory=list)
    unsafe: list[SafetyProperty] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)


@dataclass
class Certified:
    proofs: list[Proof]  # the proofs the certificate holds
    text: str | None  # the certificate (None: no proof passed)
    failed: dict[str, str]  # property -> why its invariant did not re-check


class Prover:
    def __init__(self, enc: Encoding, budget: Budget, reporter: Reporter):
        self.enc = enc
        self.budget = budget
        self.reporter = reporter
        self.cones = ConeBuilder(enc)
        self.pdr = PDR(budget)
        self.lemma_proofs: list[Proof] = []  # proved so far, in order

    def run(self, props: list[SafetyProperty]) -> Outcome:
        """Each property in turn. Under a time budget each first gets an equal
        share of the time left, so that one hard property does not starve the
        others; those that run out get what the others left, in a second pass."""
        results: dict[str, Proof | str | None] = {}
        later = []
        for i, prop in enumerate(props):
            left = self.budget.left_ms()
            share = None if left is None else max(1, left // (len(props) - i))
            try:
                results[prop.name] = self.prove(prop, share)
            except SolverUnknown as unknown:
                results[prop.name] = unknown.reason
                if share is not None and not self.budget.expired():
                    later.append(prop)
        for prop in later:
            try:
                results[prop.name] = self.prove(prop)
            except SolverUnknown as unknown:
                results[prop.name] = unknown.reason
        outcome = Outcome()
        for prop in props:
            result = results[prop.name]
            if isinstance(result, str):
                outcome.unknown[prop.name] = result
            elif result is None:
                outcome.unsafe.append(prop)
            else:
                outcome.proofs.append(result)
        return outcome

    def prove(self, prop: SafetyProperty, share_ms: int | None = None,
              lemmas: bool = True) -> Proof | None:
        """An invariant excluding the property's bad states, or None when
        they are reachable (`lemmas`: Spacer starts from the invariants proved
        before). Raises SolverUnknown (beyond `share_ms` too, and for a stop
        that interrupts any z3 call on the way)."""
        with stop_is_unknown(self.budget):
            return self._prove(prop, share_ms, lemmas)

    def _prove(self, prop: SafetyProperty, share_ms: int | None,
               use_lemmas: bool) -> Proof | None:
        if self.budget.expired():  # before the slice and the cone, which take time too
            raise SolverUnknown(self.budget.spent_words())
        sliced = slice_property(self.enc, prop)
        if self.impossible(sliced.bad):
            proof = Proof(prop, TRUE, sliced.fixed, 0)
        else:
            cone = self.cones.cone(sliced.bad)
            pinned = f"; pinned {', '.join(sliced.fixed)} by symmetry" if sliced.fixed else ""
            self.reporter.message(
                f"pdr: {prop.name}: cone of {len(cone.x)} of {len(self.enc.x)} leaves and "
                f"{len(cone.steps)} of {len(self.enc.instances)} action instances{pinned}")
            premises, lemmas = self.lemmas_within(set(cone.leaves)) if use_lemmas else ([], [])
            result = self.pdr.prove(cone, sliced.bad, share_ms, tuple(lemmas))
            if not result.safe:
                return None
            proof = Proof(prop, result.invariant, sliced.fixed, len(cone.x))
            proof.premises = premises
        proof.copies = orbit(self.enc, proof.invariant, proof.fixed)
        if not all(z3.is_true(c) for c in proof.copies) and \
                not has_quantifier(proof.invariant):  # Spacer takes no quantified lemma
            self.lemma_proofs.append(proof)
        return proof

    def lemmas_within(self, leaves: set[int]) -> tuple[list[Proof], list]:
        """The invariants proved so far that read only these leaves, and their proofs."""
        premises, lemmas = [], []
        for proof in self.lemma_proofs:
            mine = [c for c in proof.copies if self.cones.leaves_of(c) <= leaves]
            if mine:
                premises.append(proof)
                lemmas += mine
        return premises, _unique(lemmas)

    def impossible(self, bad: z3.BoolRef) -> bool:
        """No state in the ranges is bad (so no search is needed)."""
        if z3.is_false(bad):
            return True
        solver = make_solver()
        solver.add(self.enc.domain, bad)
        return check(solver, self.budget) == z3.unsat

    # ------------------------------------------------------------ the certificate
    def certify(self, proofs: list[Proof], command: list[str]) -> Certified:
        """One certificate for every proof that re-checks. When the whole does
        not re-check, each proof is re-checked alone to find the failing ones."""
        if not proofs:
            return Certified([], None, {})
        if self.budget.expired():  # writing and re-checking it takes time too
            return self.unchecked(proofs)
        text, check_ = self.recheck(proofs, command)
        if check_.ok:
            return Certified(proofs, text, {})
        if self.budget.expired():
            return self.unchecked(proofs)
        good, failed = [], {}
        for proof in proofs:
            alone = self.recheck([proof], command, _support(proof))[1]
            if alone.ok:
                good.append(proof)
            else:
                failed[proof.prop.name] = alone.detail
        if not good:
            return Certified([], None, failed)
        support = [q for p in good for q in _support(p)]
        text, check_ = self.recheck(good, command, support)
        if not check_.ok:  # each passes with its premises: so does the conjunction
            failed.update({p.prop.name: check_.detail for p in good})
            return Certified([], None, failed)
        return Certified(good, text, failed)

    def certify_or_reprove(self, proofs: list[Proof], command: list[str]) -> Certified:
        """`certify`, and once more after proving again, without lemmas, the
        properties whose lemma-based invariants did not re-check (seen on the
        CoNDIS client at NVC=3 after other checks in the same process: two
        invariants failed their safety check; proved without lemmas they
        re-checked)."""
        certified = self.certify(proofs, command)
        redo = [p.prop for p in proofs if p.prop.name in certified.failed and p.premises]
        if not redo or self.budget.expired():
            return certified
        again = []
        for prop in redo:
            try:
                proof = self.prove(prop, lemmas=False)
            except SolverUnknown:
                continue
            if proof is not None:
                again.append(proof)
        if not again:
            return certified
        second = self.certify(certified.proofs + again, command)
        proved = {p.prop.name for p in second.proofs}
        second.failed = {**{k: v for k, v in certified.failed.items() if k not in proved},
                         **second.failed}
        return second

    def unchecked(self, proofs: list[Proof]) -> Certified:
        why = f"not re-checked: {self.budget.spent_words()}"
        return Certified([], None, {p.prop.name: why for p in proofs})

    def recheck(self, proofs: list[Proof], command: list[str],
                support: list[Proof] = ()) -> tuple[str, Recheck]:
        """`support`: proofs whose invariants are in the certificate without
        their properties (the premises of `proofs`)."""
        invariant = conj(*_unique([c for p in list(proofs) + list(support) for c in p.copies]))
        bad = disj(*(p.prop.bad for p in proofs))
        text = certificate(self.enc, invariant, bad, [p.prop.name for p in proofs], command)
        return text, recheck(text, self.budget.left_ms())


def _support(proof: Proof) -> list[Proof]:
    """The premises of a proof, theirs, and so on."""
    out, todo, seen = [], list(proof.premises), set()
    while todo:
        q = todo.pop()
        if id(q) not in seen:
            seen.add(id(q))
            out.append(q)
            todo += q.premises
    return out


def _unique(formulas: list) -> list:
    seen, out = set(), []
    for f in formulas:
        if f.get_id() not in seen:
            seen.add(f.get_id())
            out.append(f)
    return out

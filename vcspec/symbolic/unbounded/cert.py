"""The certificate of a proof for every size: SMT-LIB that `z3 FILE` re-checks.

One block per property, each between (push 1) and (pop 1): the for-all enums
are declared as sorts with no size (`(declare-sort Vc 0)`), the state as
arrays over them, and three queries must answer unsat:

  initiation   init(x) and not inv(x)
  consecution  inv(x) and trans(x, x') and not inv(x')
  safety       inv(x) and bad(x)

with inv = the quantified conjuncts and the ranges. An unsat answer covers
every model of the sorts, that is every number of members.
"""

from __future__ import annotations

import z3

from vcspec.symbolic.certificate import QUERIES, Recheck, recheck
from vcspec.symbolic.unbounded.uencode import UEncoding
from vcspec.symbolic.zterm import conj, subterms


def block(u: UEncoding, name: str, kept: list, bad: z3.BoolRef) -> str:
    inv = conj(u.domain, *kept)
    inv_next = u.next_of(inv)
    consts = _free_consts([u.init, u.trans, bad, inv, inv_next])
    lines = [f"; property {name}: HOLDS for every size of {', '.join(u.sorts.names)}",
             "(push 1)"]
    lines += [f"(declare-sort {s.sexpr()} 0)" for s in u.sorts.sorts.values()]
    lines += [f"(declare-const {c.sexpr()} {c.sort().sexpr()})" for c in consts]
    lines += [f"(define-fun init () Bool {u.init.sexpr()})",
              f"(define-fun trans () Bool {u.trans.sexpr()})",
              f"(define-fun bad () Bool {bad.sexpr()})",
              f"(define-fun inv () Bool {inv.sexpr()})",
              f"(define-fun inv_next () Bool {inv_next.sexpr()})"]
    checks = {"initiation": "(and init (not inv))",
              "consecution": "(and inv trans (not inv_next))",
              "safety": "(and inv bad)"}
    for query in QUERIES:
        lines += [f"; {query}: expect unsat", "(push 1)", f"(assert {checks[query]})",
                  "(check-sat)", "(pop 1)"]
    lines.append("(pop 1)")
    return "\n".join(lines) + "\n"


def header(model_name: str, consts: dict, command: list[str] | None) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in consts.items()) or "(none)"
    lines = [f"; vcspec certificate for spec {model_name}: proofs for every size",
             f"; constants as given: {shown} (the for-all enums' sizes are unbounded)",
             "; check with: z3 THIS_FILE; expected output: three unsat lines per property"]
    if command:
        lines.append(f"; produced by: {' '.join(command)}")
    return "\n".join(lines) + "\n"


def recheck_block(text: str, timeout_ms: int | None) -> Recheck:
    return recheck(text, timeout_ms)


def _free_consts(formulas: list) -> list:
    seen: dict[int, z3.ExprRef] = {}
    for f in formulas:
        for e in subterms(f):
            if (z3.is_const(e) and e.decl().kind() == z3.Z3_OP_UNINTERPRETED
                    and e.get_id() not in seen):
                seen[e.get_id()] = e
    return sorted(seen.values(), key=lambda c: c.sexpr())

"""The inductive invariant of a PDR proof as a self-contained SMT-LIB file.

The file declares the state leaves (x), their next copies (x') and the
instance selector, defines `init`, `trans`, `bad` and the invariant `inv`
(Spacer's invariant conjoined with the leaves' ranges), and asks three
queries, each of which must be unsat:

  initiation   init(x) and not inv(x)
  consecution  inv(x) and trans(x, x') and not inv(x')
  safety       inv(x) and bad(x)

`z3 FILE` (or any SMT-LIB 2 solver with integer arithmetic) prints three
`unsat` lines exactly when the invariant proves the properties. `recheck`
runs the file in a fresh z3 context, independent of the solver that found
the invariant; a proof is reported only after it passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from vcspec.symbolic.encode import Encoding
from vcspec.symbolic.solver import interruptible
from vcspec.symbolic.zterm import conj

QUERIES = ("initiation", "consecution", "safety")


@dataclass
class Recheck:
    ok: bool
    answers: list[str]  # one per query: "unsat" when it passes
    detail: str = ""


def certificate(enc: Encoding, invariant: z3.BoolRef, bad: z3.BoolRef,
                properties: list[str], command: list[str] | None = None) -> str:
    lines = [f"; vcspec certificate for spec {enc.model.name}",
             f"; constants: {_consts(enc)}",
             f"; properties: {', '.join(properties)}",
             "; an inductive invariant found by PDR (z3 Spacer); check with: z3 THIS_FILE",
             "; expected output: unsat (initiation), unsat (consecution), unsat (safety)"]
    if command:
        lines.append(f"; produced by: {' '.join(command)}")
    lines.append("; state leaves (x), their next values (x'), the action instance taken (sel):")
    return smtlib(lines, enc.x, enc.xn, [enc.sel], conj(enc.init, enc.domain),
                  enc.trans_template(), bad, conj(invariant, enc.domain))


def smtlib(header: list[str], x: list, xn: list, inputs: list, init: z3.BoolRef,
           trans: z3.BoolRef, bad: z3.BoolRef, inv: z3.BoolRef) -> str:
    """The three queries of an invariant `inv` (over x) of a transition system."""
    lines = list(header)
    for v in x + xn + inputs:
        lines.append(f"(declare-const {v.sexpr()} {v.sort().sexpr()})")
    params = " ".join(f"({v.sexpr()} {v.sort().sexpr()})" for v in x)
    x_args = " ".join(v.sexpr() for v in x)
    xn_args = " ".join(v.sexpr() for v in xn)
    lines += [
        "; the initial states (with the leaves' ranges)",
        f"(define-fun init () Bool {init.sexpr()})",
        "; the transition relation: instance sel is taken from x to x'",
        f"(define-fun trans () Bool {trans.sexpr()})",
        "; the bad states: some property fails in x or on a step from x",
        f"(define-fun bad () Bool {bad.sexpr()})",
        "; the inductive invariant (over the parameters, which shadow the constants)",
        f"(define-fun inv ({params}) Bool {inv.sexpr()})",
    ]
    checks = {
        "initiation": f"(and init (not (inv {x_args})))",
        "consecution": f"(and (inv {x_args}) trans (not (inv {xn_args})))",
        "safety": f"(and (inv {x_args}) bad)",
    }
    for name in QUERIES:
        lines += [f"; {name}: expect unsat", "(push 1)", f"(assert {checks[name]})",
                  "(check-sat)", "(pop 1)"]
    return "\n".join(lines) + "\n"


def bundle(texts: list[str]) -> str:
    """Several certificates in one file, each in its own scope (its declarations
    are popped with it): every query of every one must answer unsat."""
    if len(texts) == 1:
        return texts[0]
    out = [f"; {len(texts)} certificates, each in its own scope; expected output: "
           f"{3 * len(texts)} lines of unsat"]
    for text in texts:
        out += ["(push 1)", text.rstrip("\n"), "(pop 1)"]
    return "\n".join(out) + "\n"


def recheck(text: str, timeout_ms: int | None = None) -> Recheck:
    """Run the certificate in a fresh z3 context: three `unsat` answers."""
    ctx = z3.Context()
    prefix = f"(set-option :timeout {timeout_ms})\n" if timeout_ms else ""
    stop = interruptible(ctx)
    try:
        output = z3.Z3_eval_smtlib2_string(ctx.ref(), prefix + text)
    except z3.Z3Exception as error:
        return Recheck(False, [], f"the certificate does not parse: {error}")
    finally:
        stop()
    answers = [line.strip() for line in output.splitlines()
               if line.strip() in ("sat", "unsat", "unknown")]
    expected = text.count("(check-sat)")
    ok = expected > 0 and answers == ["unsat"] * expected
    names = [QUERIES[i % len(QUERIES)] for i in range(expected)]
    detail = "" if ok else "; ".join(
        f"{q}: {a}" for q, a in zip(names, answers + ["(no answer)"] * expected)
        if a != "unsat")
    return Recheck(ok, answers, detail)


def _consts(enc: Encoding) -> str:
    return ", ".join(f"{k}={v}" for k, v in enc.model.consts.items()) or "(none)"

"""Profile a PDR proof: where the solver time goes, property by property.

For each safety property of a spec: the CPU seconds of its PDR query, the
cone it searched (leaves and action instances of the whole encoding) and the
size of the invariant Spacer found (conjuncts). One slow property usually
dominates a slow `vcspec check --engine pdr` run; this names it, with the
size of its encoding, so that encodings and options can be compared on it
alone (--property). CPU time, not wall time: the bench machines are shared.
Not a test.

    python bench/pdr_profile.py specs/condis/condis.vcspec --const NVC=1
    python bench/pdr_profile.py specs/condis/condis.vcspec --const NVC=1 \\
        --const CROSSINGS=false --property OneClosePerCall
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcspec.engine.progress import NullReporter  # noqa: E402
from vcspec.model import load  # noqa: E402
from vcspec.symbolic.encode import Encoding  # noqa: E402
from vcspec.symbolic.prove import Prover  # noqa: E402
from vcspec.symbolic.solver import Budget, SolverUnknown  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Cones(NullReporter):
    """Keeps the prover's cone message of the property being proved."""

    def __init__(self):
        self.last = ""

    def message(self, text: str) -> None:
        self.last = text.split(": ", 2)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("--const", action="append", default=[], help="NAME=VALUE")
    parser.add_argument("--property", action="append", help="only these (repeatable)")
    parser.add_argument("--max-seconds", type=float, default=None, help="per property")
    args = parser.parse_args()
    start = cpu()
    model = load(args.spec, dict(c.split("=", 1) for c in args.const))
    enc = Encoding(model)
    print(f"encoding: {len(enc.x)} leaves, {len(enc.instances)} action instances, "
          f"{cpu() - start:.1f} s CPU (with loading)")
    safety = [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]
    names = args.property or safety
    cones = Cones()
    print("| property | CPU s | verdict | invariant conjuncts | cone |")
    print("|---|---|---|---|---|")
    total = 0.0
    for name in names:
        prover = Prover(enc, Budget(args.max_seconds), cones)
        cones.last = "no search (no state in the ranges is bad)"
        began = cpu()
        try:
            proof = prover.prove(enc.property(name))
            verdict = "safe" if proof else "unsafe"
            size = proof.size if proof else "-"
        except SolverUnknown as unknown:
            verdict, size = f"unknown ({unknown.reason})", "-"
        spent = cpu() - began
        total += spent
        print(f"| {name} | {spent:.2f} | {verdict} | {size} | {cones.last} |", flush=True)
    print(f"total: {total:.1f} s CPU in PDR, {cpu() - start:.1f} s CPU in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

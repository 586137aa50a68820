"""Every seeded CoNDIS bug through the symbolic engines, agreement on every property
(the full version of the samples in tests/symbolic/test_agreement.py; minutes, so
not in `make test`). Prints one line per bug: engine, seconds, verdict counts, and
FAIL with the reason when an engine disagrees with explicit search. Not a test.

    python bench/seeded_agreement.py                  # BMC, every bug
    python bench/seeded_agreement.py --engine pdr     # PDR, the safety bugs
    python bench/seeded_agreement.py --engine pdr --crossings false
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "symbolic"))
sys.path.insert(0, str(ROOT))

import test_agreement as agreement  # noqa: E402
from symhelp import load  # noqa: E402

from vcspec.api import check  # noqa: E402


def lasso_depth(model, target: str) -> int:
    """Deep enough for the safety properties and the explicit lasso of `target`."""
    want = check(model, properties=[target]).find(target)
    return max(agreement.explicit(model)[0].stats.depth, want.trace_length)


def run(engine: str, crossings: bool, only: list[str]) -> int:
    failures = 0
    for param in agreement.seeded_bugs():
        bug, target, consts, temporal = param.values
        if (only and bug not in only) or (temporal and engine != "bmc"):
            continue
        model = load(agreement.CONDIS, NVC=1, **consts, BUG=bug, CROSSINGS=crossings)
        start = time.perf_counter()
        try:
            got = agreement.assert_agree(model, engine, depth=lasso_depth(model, target)
                                         if temporal else None, unknown=True,
                                         temporal=(target,) if temporal else ())
            verdicts = sorted(v.name for v, _ in got.values())
            line = ", ".join(f"{verdicts.count(n)} {n}" for n in sorted(set(verdicts)))
        except AssertionError as error:
            failures += 1
            line = f"FAIL {error}"
        print(f"{bug:44} {engine} {time.perf_counter() - start:7.1f} s  {line}", flush=True)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["bmc", "pdr", "kind"], default="bmc")
    parser.add_argument("--crossings", choices=["true", "false"], default="true")
    parser.add_argument("bugs", nargs="*", help="only these bugs")
    args = parser.parse_args()
    failures = run(args.engine, args.crossings == "true", args.bugs)
    print(f"{failures} disagreement(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

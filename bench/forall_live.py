"""Benchmark: the flagship's per-VC temporal properties for every number of VCs
(`vcspec check specs/condis/condis.vcspec --engine pdr --for-all Vc -p NAME`),
one property at a time, its verdict and wall/CPU seconds printed as it ends.
Not a test.

    python bench/forall_live.py                          # CM, CROSSINGS=false
    python bench/forall_live.py --const VARIANT=MCM --property CreatorDeletes
    python bench/forall_live.py --certificates out/      # one .smt2 per property
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcspec.model import analyse  # noqa: E402
from vcspec.symbolic.api import check_symbolic  # noqa: E402

SPEC = ROOT / "specs" / "condis" / "condis.vcspec"


class Messages:
    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.start = time.monotonic()

    def progress(self, p) -> None:
        pass

    def message(self, text: str) -> None:
        if self.verbose:
            print(f"  [{time.monotonic() - self.start:6.0f} s] {text}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--const", action="append", default=[], help="NAME=VALUE")
    ap.add_argument("--property", action="append", default=[])
    ap.add_argument("--certificates", type=Path)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    consts = {"CROSSINGS": "false"}
    consts.update(dict(c.split("=", 1) for c in args.const))
    model = analyse(SPEC, consts).model
    names = args.property or [p.name for p in model.properties if p.kind == "temporal"]
    for name in names:
        wall, cpu = time.monotonic(), time.process_time()
        report = check_symbolic(model, "pdr", properties=[name], consts=consts, spec=str(SPEC),
                                for_all=["Vc"], reload=lambda c: analyse(SPEC, c),
                                reporter=Messages(not args.quiet))
        result = report.find(name)
        print(f"{name}: {result.verdict.value} ({time.monotonic() - wall:.0f} s wall, "
              f"{time.process_time() - cpu:.0f} s CPU) {result.message}", flush=True)
        if args.certificates and report.certificate:
            args.certificates.mkdir(parents=True, exist_ok=True)
            (args.certificates / f"{name}.smt2").write_text(report.certificate)


if __name__ == "__main__":
    main()

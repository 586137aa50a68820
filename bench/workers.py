"""Benchmark: `vcspec check --workers N` against one process, each run under
`/usr/bin/time -v`. Not a test: it prints a table (wall clock, user+system
CPU of the process tree, peak RSS of the largest process) and checks that
every run's report equals the one-process report (times and notes aside).

    python bench/workers.py                      # covc K=4, K=5, CoNDIS NVC=2 --safety-only
    python bench/workers.py --case covc4 --workers 1 2 3

The machine's load average is printed: on a shared machine other processes
take cores and inflate the wall clock; the CPU seconds show the overhead of
the exchange between workers (pickling, merging) whatever the load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VCSPEC = Path(sys.executable).with_name("vcspec")
CASES = {
    "covc4": ["specs/examples/covc.vcspec", "--const", "K=4"],
    "covc5": ["specs/examples/covc.vcspec", "--const", "K=5"],
    "condis2": ["specs/condis/condis.vcspec", "--const", "NVC=2", "--safety-only"],
}
TIMES = {"seconds", "states_per_second", "peak_memory_bytes", "solver_seconds"}
FIELDS = {"wall": r"Elapsed \(wall clock\) time.*: (.*)", "user": r"User time.*: (.*)",
          "sys": r"System time.*: (.*)", "rss_kb": r"Maximum resident set size.*: (.*)"}


def seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


def timeless(value):
    if isinstance(value, dict):
        return {k: timeless(v) for k, v in value.items() if k not in TIMES | {"notes"}}
    if isinstance(value, list):
        return [timeless(v) for v in value]
    return value


def run(case: str, workers: int) -> dict:
    command = ["/usr/bin/time", "-v", str(VCSPEC), "check", *CASES[case], "--format", "json",
               "--no-progress", "--workers", str(workers)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    found = {k: re.search(p, done.stderr).group(1) for k, p in FIELDS.items()}
    report = json.loads(done.stdout)
    return {"case": case, "workers": workers, "wall": seconds(found["wall"]),
            "cpu": float(found["user"]) + float(found["sys"]),
            "rss_mb": int(found["rss_kb"]) / 1024, "states": report["stats"]["distinct_states"],
            "report": timeless(report)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--workers", nargs="*", type=int, default=[1, 2])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")
    print(f"{'case':10} {'workers':>7} {'states':>10} {'wall s':>8} {'cpu s':>8} "
          f"{'peak MB':>8} {'speed-up':>8}  same report")
    for case in args.case:
        base = None
        for workers in args.workers:
            r = run(case, workers)
            base = base or r
            same = r["report"] == base["report"]
            print(f"{case:10} {workers:7} {r['states']:10,} {r['wall']:8.1f} {r['cpu']:8.1f} "
                  f"{r['rss_mb']:8.0f} {base['wall'] / r['wall']:8.2f}  {same}", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Start-up time of the command line (issue 13: under 0.5 s for a small spec).

    python bench/startup.py [--runs 7]

Runs each command in a fresh process and prints the median and best wall
time, and the median CPU time (user + system) of the process: on a shared,
loaded machine wall time measures the neighbours too, CPU time much less. The
lark parser is cached on disk by lark (cache=True), so the first run after a
grammar change is slower; one warm-up run is not counted. The children run
with bytecode caching on (PYTHONDONTWRITEBYTECODE removed from their
environment), as an installed vcspec runs: with it set, every vcspec module
is compiled from source on every start (about 0.1 s on this machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "specs" / "examples" / "covc.vcspec"
COMMANDS = [
    ["--version"],
    ["lint", str(SMALL)],
    ["check", str(SMALL), "--const", "K=2", "-q"],
    ["check", str(SMALL), "-q"],
    ["check", str(SMALL), "-q", "--safety-only"],
]

ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `vcspec ARGS` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "vcspec", *args], check=False, env=ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    for args in COMMANDS:
        timed(args)  # warm-up: the parser cache, the OS file cache
        walls, cpus = zip(*(timed(args) for _ in range(runs)))
        print(f"vcspec {' '.join(a if '/' not in a else Path(a).name for a in args):<40} "
              f"median {statistics.median(walls):.3f} s  best {min(walls):.3f} s  "
              f"cpu median {statistics.median(cpus):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()

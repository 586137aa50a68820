"""Start-up time of the command line (issue 13: under 0.5 s for a small spec).

    python bench/startup.py [--runs 7]

Runs each command in a fresh process and prints the median and best wall
time. The lark parser is cached on disk by lark (cache=True), so the first
run after a grammar change is slower; one warm-up run is not counted.
"""

from __future__ import annotations

import argparse
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
]


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "vcspec", *args], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    for args in COMMANDS:
        timed(args)  # warm-up: the parser cache, the OS file cache
        times = [timed(args) for _ in range(runs)]
        print(f"vcspec {' '.join(a if '/' not in a else Path(a).name for a in args):<40} "
              f"median {statistics.median(times):.3f} s  best {min(times):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()

"""Benchmark: the yardstick (specs/examples/covc.vcspec, 17^K states) at K=4
and K=5, side by side with SPIN (bench/covc.pml, BFS, -DNOREDUCE) when
`spin` and `gcc` are installed. Not a test: it prints a table and writes
bench/results/covc.json.

    python bench/run.py            # K=4 and K=5
    python bench/run.py --k 4 --repeat 3

Each of our runs is a fresh subprocess doing what `vcspec check` does (the
invariant and deadlock checked on every state). Reported per run:
  distinct states/s, transitions/s   wall clock and CPU (process) time
  peak memory                        peak resident set size of the process
  bytes/state (retained)             visited set + int objects + state list +
                                     parent array, measured with sys.getsizeof,
                                     divided by the number of stored states
  bytes/state (RSS growth)           (peak RSS - RSS before the search) / states
The machine's load average is printed too: other processes slow the wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "examples" / "covc.vcspec"
PML = ROOT / "bench" / "covc.pml"

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from vcspec.compile.build import build
from vcspec.explicit.bfs import Search, Selection
from vcspec.engine.limits import Limits, MemoryProbe
from vcspec.model import load

def rss():
    return MemoryProbe().current()

model = load(sys.argv[1], {"K": sys.argv[3]})
ts = build(model)
compile_seconds, expander = 0.0, None
if sys.argv[4] == "native":
    from vcspec.native.expander import NativeExpander
    started = time.perf_counter()
    expander = NativeExpander(ts, False)
    compile_seconds = time.perf_counter() - started
before = rss()
cpu0, wall0 = time.process_time(), time.perf_counter()
search = Search(ts, Selection(tuple(range(len(ts.state_checks))), (), True), Limits(),
                expander=expander)
ex = search.run()
cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
peak = MemoryProbe().peak()
n = len(ex.states)
retained = (sum(sys.getsizeof(s) for s in ex.states)
            + sys.getsizeof(ex.states) + ex.parents.buffer_info()[1] * ex.parents.itemsize)
if expander is None:
    retained += sys.getsizeof(search.seen)
else:  # the C side: int64 states, uint32 parents (capacity), the uint32 table
    cap = 1024
    while cap < n:
        cap *= 2
    table = 1024
    while table < 2 * n:
        table *= 2
    retained += 12 * cap + 4 * table
print(json.dumps({"states": n, "transitions": ex.transitions, "depth": ex.depth,
                  "wall": wall, "cpu": cpu, "peak_rss": peak, "rss_before": before,
                  "retained": retained, "violations": len(ex.invariants),
                  "compile": compile_seconds}))
"""


def ours(k: int, backend: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(SPEC), str(ROOT), str(k), backend],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout)


def spin(k: int) -> dict | None:
    if not (shutil.which("spin") and shutil.which("gcc")):
        return None
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(PML, Path(work) / "covc.pml")
        subprocess.run(["spin", f"-DK={k}", "-a", "covc.pml"], cwd=work, check=True,
                       capture_output=True)
        subprocess.run(["gcc", "-O2", "-DNOREDUCE", "-DBFS", "-o", "pan", "pan.c"], cwd=work,
                       check=True, capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(["./pan", "-m100000"], cwd=work, check=True,
                             capture_output=True, text=True).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

    def number(pattern: str) -> float:
        return float(re.search(pattern, out).group(1))
    return {"states": int(number(r"(\d+) states, stored")),
            "transitions": int(number(r"(\d+) transitions")),
            "depth": int(number(r"depth reached (\d+)")),
            "seconds": number(r"elapsed time ([\d.e+-]+) seconds"),
            "cpu_seconds": round(cpu, 2),
            "memory_mb": number(r"([\d.]+)\s+total actual memory usage")}


def row(k: int, run: dict, backend: str) -> dict:
    n = run["states"]
    return {"K": k, "backend": backend, "compile_seconds": round(run["compile"], 2),
            "states": n, "transitions": run["transitions"], "depth": run["depth"],
            "seconds": round(run["wall"], 2), "cpu_seconds": round(run["cpu"], 2),
            "states_per_s": round(n / run["wall"]),
            "states_per_s_cpu": round(n / run["cpu"]),
            "transitions_per_s": round(run["transitions"] / run["wall"]),
            "peak_rss_mb": round(run["peak_rss"] / 1e6, 1),
            "bytes_per_state_retained": round(run["retained"] / n, 1),
            "bytes_per_state_rss": round((run["peak_rss"] - run["rss_before"]) / n, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, action="append", help="K values (default 4 and 5)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per K (best is kept)")
    parser.add_argument("--backend", action="append", choices=["python", "native"],
                        help="our backends (default both)")
    args = parser.parse_args()
    results = []
    for k in args.k or [4, 5]:
        other = spin(k)
        for backend in args.backend or ["python", "native"]:
            runs = [ours(k, backend) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["wall"])
            results.append(compare(row(k, best, backend), other))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "covc.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def compare(mine: dict, other: dict | None) -> dict:
    if other:
        other["states_per_s"] = round(other["states"] / max(other["seconds"], 1e-9))
        other["transitions_per_s"] = round(other["transitions"] / max(other["seconds"], 1e-9))
        other["states_per_s_cpu"] = round(other["states"] / max(other["cpu_seconds"], 1e-9))
        mine["ratio_to_spin"] = round(mine["states_per_s"] / max(other["states_per_s"], 1), 2)
    print_row(mine, other)
    return {"vcspec": mine, "spin": other}


def print_row(mine: dict, other: dict | None) -> None:
    print(f"K={mine['K']} [{mine['backend']}, compile {mine['compile_seconds']} s]: "
          f"vcspec {mine['states']:,} states, {mine['transitions']:,} "
          f"transitions, depth {mine['depth']} in {mine['seconds']} s "
          f"(cpu {mine['cpu_seconds']} s)")
    print(f"  {mine['states_per_s']:,} states/s ({mine['states_per_s_cpu']:,}/s of cpu), "
          f"{mine['transitions_per_s']:,} transitions/s, peak RSS {mine['peak_rss_mb']} MB, "
          f"{mine['bytes_per_state_retained']} bytes/state retained, "
          f"{mine['bytes_per_state_rss']} bytes/state by RSS growth")
    if other:
        print(f"  SPIN {other['states']:,} states, {other['transitions']:,} transitions "
              f"(= ours + 1), depth reached {other['depth']} (= ours - 1) in "
              f"{other['seconds']} s (cpu {other['cpu_seconds']} s): "
              f"{other['states_per_s']:,} states/s ({other['states_per_s_cpu']:,}/s of cpu), "
              f"{other['transitions_per_s']:,} transitions/s, {other['memory_mb']} MB")
        print(f"  ratio to SPIN (distinct states/s, wall): {mine['ratio_to_spin']}")
    else:
        print("  SPIN: not installed (spin and gcc are needed)")


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: explicit exhaustive search vs the PDR proof as the model grows.

Two families, each checked for its safety properties (invariants, monitors,
deadlock, runtime errors) and, with --liveness, for its temporal properties
too (pdr: the lasso search, then PDR on the liveness-to-safety reduction):
  condis   specs/condis/condis.vcspec with NVC = 1, 2, 3, ... VC handles
  covc     specs/examples/covc.vcspec with K = 2, 4, 6, 8 VCs (17^K states)

For each size, in a fresh subprocess each (so memory and time are the
run's own):
  explicit   `check(model, properties=safety)`: BFS over every reachable
             state (symmetry reduction on, as `vcspec check` does by
             default; --no-symmetry to turn it off), stopped at
             --max-seconds / --max-memory
  pdr        `check_symbolic(model, "pdr", properties=safety)`: Spacer's
             inductive invariant, re-checked (initiation, consecution,
             safety) before it counts
and prints one table per family with where the two cross. Once explicit
search does not finish for a size, it is not run for the bigger ones. Not a
test.

    python bench/symbolic_scaling.py                       # condis 1..4, covc 2..8
    python bench/symbolic_scaling.py --family covc --sizes 4 8
    python bench/symbolic_scaling.py --max-seconds 600 --max-memory 8G
    python bench/symbolic_scaling.py --family condis --sizes 2 3 --liveness

Results go to bench/results/symbolic_scaling.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = {
    "condis": (ROOT / "specs" / "condis" / "condis.vcspec", "NVC", [1, 2, 3, 4]),
    "covc": (ROOT / "specs" / "examples" / "covc.vcspec", "K", [2, 4, 6, 8]),
}

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from vcspec.model import load
spec, const, size, engine, seconds, memory, symmetry, kinds = sys.argv[2:10]
model = load(spec, {const: size})
if kinds == "temporal":
    names = [p.name for p in model.properties if p.kind == "temporal"]
else:
    names = [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]
start = time.perf_counter()
if engine == "explicit":
    from vcspec.api import check
    from vcspec.engine.limits import parse_size
    report = check(model, properties=names, max_seconds=float(seconds),
                   max_memory=parse_size(memory), symmetry=symmetry == "on")
else:
    from vcspec.symbolic.api import check_symbolic
    report = check_symbolic(model, "pdr", properties=names, timeout_s=float(seconds))
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
s = report.stats
print(json.dumps({
    "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
    "states": s.distinct_states, "unreduced": s.distinct_states_unreduced,
    "complete": s.complete, "stop": s.stop_reason, "peak_rss": s.peak_memory_bytes,
    "solver": getattr(s, "solver_seconds", None), "properties": len(report.properties),
    "verdicts": sorted({p.verdict.value for p in report.properties}),
    "decided": sum(p.verdict.value in ("HOLDS", "VIOLATED") for p in report.properties
                   if p.name in names),
    "asked": len(names),
}))
"""


def run(family: str, size: int, engine: str, seconds: float, memory: str,
        symmetry: bool, kinds: str = "safety") -> dict:
    spec, const, _ = FAMILIES[family]
    args = [sys.executable, "-c", CHILD, str(ROOT), str(spec), const, str(size), engine,
            str(seconds), memory, "on" if symmetry else "off", kinds]
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=seconds * 2 + 120)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"wall": time.perf_counter() - start, "error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cell(result: dict, engine: str) -> str:
    if "skipped" in result:
        return f"not run (did not finish for {result['skipped']})"
    if "error" in result:
        return f"failed after {result['wall']:.1f} s ({result['error']})"
    verdicts = "/".join(result["verdicts"])
    if engine == "explicit":
        states = f"{result['states']:,} states"
        if result.get("unreduced"):
            states += f" ({result['unreduced']:,} unreduced)"
        if not result["complete"]:
            return f"> {result['wall']:.1f} s (stopped: {result['stop']}; {states})"
        memory = f"{result['peak_rss'] / 1e6:.0f} MB"
        return f"{result['wall']:.1f} s ({states}, {memory}{_cpu(result)})"
    return f"{result['wall']:.1f} s ({verdicts}; solver {result['solver']:.1f} s{_cpu(result)})"


def _cpu(result: dict) -> str:
    """The run's own CPU seconds (the wall clock counts other processes' load too)."""
    return f"; CPU {result['cpu']:.1f} s" if "cpu" in result else ""


def live_cell(result: dict) -> str:
    """Temporal properties: how many decided (HOLDS or VIOLATED) of how many."""
    if "skipped" in result:
        return f"not run (did not finish for {result['skipped']})"
    if "error" in result:
        return f"failed after {result['wall']:.1f} s ({result['error']})"
    cpu = f" (CPU {result['cpu']:.1f} s)" if "cpu" in result else ""
    return f"{result['decided']} of {result['asked']} decided in {result['wall']:.1f} s{cpu}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--max-memory", default="8G")
    parser.add_argument("--no-symmetry", action="store_true")
    parser.add_argument("--liveness", action="store_true",
                        help="also the temporal properties (columns: how many decided)")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} (other processes slow the wall clock)")
    out = {}
    for family in args.family or ["condis", "covc"]:
        spec, const, default_sizes = FAMILIES[family]
        rows = []
        print(f"\n{family}: {spec.relative_to(ROOT)}, safety properties; limits "
              f"{args.max_seconds:.0f} s, {args.max_memory}")
        live = " explicit liveness | pdr liveness |" if args.liveness else ""
        print(f"| {const} | explicit | pdr |{live}")
        print("|---|---|---|" + ("---|---|" if args.liveness else ""))
        explicit_stopped = None
        for size in args.sizes or default_sizes:
            if explicit_stopped is None:
                explicit = run(family, size, "explicit", args.max_seconds, args.max_memory,
                               not args.no_symmetry)
                if "error" in explicit or not explicit["complete"]:
                    explicit_stopped = size
            else:  # a bigger model than one that did not finish
                explicit = {"skipped": explicit_stopped}
            pdr = run(family, size, "pdr", args.max_seconds, args.max_memory, True)
            row = {"size": size, "explicit": explicit, "pdr": pdr}
            extra = ""
            if args.liveness:
                row["explicit_live"] = ({"skipped": explicit_stopped}
                                        if explicit_stopped is not None and explicit_stopped < size
                                        else run(family, size, "explicit", args.max_seconds,
                                                 args.max_memory, not args.no_symmetry,
                                                 "temporal"))
                row["pdr_live"] = run(family, size, "pdr", args.max_seconds, args.max_memory,
                                      True, "temporal")
                extra = f" {live_cell(row['explicit_live'])} | {live_cell(row['pdr_live'])} |"
            rows.append(row)
            print(f"| {size} | {cell(explicit, 'explicit')} | {cell(pdr, 'pdr')} |{extra}",
                  flush=True)
        out[family] = rows
        crossing = next((r["size"] for r in rows if r["pdr"].get("wall", 1e9)
                         < r["explicit"].get("wall", 0) and "error" not in r["pdr"]), None)
        print(f"PDR faster from {const} = {crossing}" if crossing is not None
              else "PDR is not faster at these sizes")
    path = ROOT / "bench" / "results" / "symbolic_scaling.json"
    path.parent.mkdir(exist_ok=True)
    earlier = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**earlier, **out}, indent=2) + "\n")  # other families kept
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the flagship (specs/condis/condis.vcspec, CM) with every
property, the search and the liveness checks timed apart (wall and CPU).
Not a test.

    python bench/liveness.py            # NVC=2
    python bench/liveness.py --nvc 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcspec.api import check  # noqa: E402
from vcspec.model import load  # noqa: E402


class Phases:
    """Notes when the liveness phase starts."""

    def __init__(self):
        self.liveness_at: tuple[float, float] | None = None

    def progress(self, p) -> None:
        if p.phase == "liveness" and self.liveness_at is None:
            self.liveness_at = (time.perf_counter(), time.process_time())

    def message(self, text: str) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nvc", default="2")
    parser.add_argument("--backend", default=None)
    args = parser.parse_args()
    spec = ROOT / "specs" / "condis" / "condis.vcspec"
    phases = Phases()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    options = {} if args.backend is None else {"backend": args.backend}
    model = load(spec, {"NVC": args.nvc})
    report = check(model, reporter=phases, **options)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    live_wall, live_cpu = phases.liveness_at or (wall0 + wall, cpu0 + cpu)
    verdicts: dict[str, int] = {}
    for p in report.properties:
        verdicts[p.verdict.value] = verdicts.get(p.verdict.value, 0) + 1
    print(json.dumps({
        "nvc": args.nvc, "states": report.stats.distinct_states,
        "transitions": report.stats.transitions, "properties": len(report.properties),
        "verdicts": verdicts, "wall": round(wall, 2), "cpu": round(cpu, 2),
        "liveness_wall": round(wall0 + wall - live_wall, 2),
        "liveness_cpu": round(cpu0 + cpu - live_cpu, 2),
        "peak_memory_mb": round(report.stats.peak_memory_bytes / 2**20)}))


if __name__ == "__main__":
    main()

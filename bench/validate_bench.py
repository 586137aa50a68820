"""Benchmark and acceptance run of `vcspec validate` on the CoNDIS library.
Not a test: it prints what it measured.

    python bench/validate_bench.py                   # one 100,000-event log, timed
    python bench/validate_bench.py --logs 1000       # + 1,000 conforming logs (CM, MCM, NVC 1-3)
    python bench/validate_bench.py --faults          # + every seeded safety bug's faulty log

The long log is a seeded random walk of the model (vcspec/validate/generate.py)
written to a temporary JSON Lines file; the time reported is the validation of
that file as `vcspec validate` does it (read line by line, handles bound to
slots, the set of consistent states kept), model compilation excluded and
reported apart. `vcspec validate` on the same file is timed too (a fresh
process: analysis, compilation and validation).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "validate"))

from vcspec.compile.build import build  # noqa: E402
from vcspec.model import analyse  # noqa: E402
from vcspec.validate import log as logs  # noqa: E402
from vcspec.validate import mapping  # noqa: E402
from vcspec.validate.bind import Bound  # noqa: E402
from vcspec.validate.generate import Walker, events_of, faulty  # noqa: E402
from vcspec.validate.run import Validator  # noqa: E402

SPEC = ROOT / "specs" / "condis" / "condis.vcspec"
MAP = mapping.load(ROOT / "vcspec" / "library" / "condis.map.json")


def compiled(**consts: str):
    checked = analyse(SPEC, consts)
    assert checked.ok
    return checked.model, build(checked.model)


def long_log(events: int, nvc: str, variant: str, seed: int) -> None:
    start = time.perf_counter()
    _, ts = compiled(NVC=nvc, VARIANT=variant)
    built = time.perf_counter() - start
    walker, rng, bound = Walker(ts), random.Random(seed), Bound(MAP, ts)
    instances = walker.walk(rng, events)
    while len(events_of(bound, instances)) < events:  # walk on until enough is logged
        instances += walker.walk(rng, events // 4, walker.last)
    log = events_of(bound, instances, seed)[:events]
    live = most_live(log)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        out.write(logs.dumps(log))
        path = Path(out.name)
    start = time.perf_counter()
    with path.open(encoding="utf-8") as stream:
        outcome = Validator(ts, MAP).run(logs.read_jsonl(stream))
    seconds = time.perf_counter() - start
    print(f"long log: {len(log):,} events, VARIANT={variant} NVC={nvc}, at most {live} live "
          f"VCs, {path.stat().st_size / 1e6:.1f} MB")
    print(f"  {outcome.verdict} in {seconds:.2f} s ({len(log) / seconds:,.0f} events/s; "
          f"model compiled in {built:.2f} s; at most {outcome.most_states} states at once, "
          f"{outcome.distinct_states} distinct states met)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "vcspec", "validate", str(SPEC), str(path),
                           "--const", f"NVC={nvc}", "--const", f"VARIANT={variant}"],
                          capture_output=True, text=True, cwd=ROOT)
    print(f"  vcspec validate (fresh process): exit {proc.returncode} in "
          f"{time.perf_counter() - start:.2f} s")
    path.unlink()


def most_live(log: list) -> int:
    live, most = set(), 0
    for e in log:
        if e.handle is not None:
            live.add(e.handle)
        most = max(most, len(live))
        if e.function in ("NdisCoDeleteVc", "NdisMCmDeleteVc"):
            live.discard(e.handle)
    return most


def many_logs(count: int, steps: int) -> None:
    configs = [(v, n) for v in ("CM", "MCM") for n in ("1", "2", "3")]
    verdicts: dict[str, int] = {}
    events, start = 0, time.perf_counter()
    for i, (variant, nvc) in enumerate(configs):
        _, ts = compiled(NVC=nvc, VARIANT=variant)
        walker, bound = Walker(ts), Bound(MAP, ts)
        share = count // len(configs) + (1 if i < count % len(configs) else 0)
        for seed in range(share):
            instances = walker.walk(random.Random(seed), steps)
            log = events_of(bound, instances, seed, callers=seed % 2 == 0)
            outcome = Validator(ts, MAP).run(log)
            verdicts[outcome.verdict] = verdicts.get(outcome.verdict, 0) + 1
            events += len(log)
            if outcome.verdict != "CONFORMS":
                print(f"  NOT ACCEPTED: VARIANT={variant} NVC={nvc} seed {seed}: "
                      f"{outcome.verdict} at event {outcome.index}")
    print(f"conforming logs: {count} generated ({events:,} events, walks of {steps} steps, "
          f"CM and MCM x NVC 1-3), verdicts {verdicts}, {time.perf_counter() - start:.1f} s")


def faults() -> None:
    from test_conformance import BUGS, INVISIBLE  # the bug table of docs/condis-model.md

    right, invisible, wrong = 0, 0, []
    for bug, consts in BUGS:
        base = {k: v for k, v in consts.items() if k != "BUG"}
        good_model, good = compiled(**base)
        buggy = analyse(SPEC, consts).model
        log = next(filter(None, (faulty(good, buggy, MAP, seed=s) for s in range(5))), None)
        if log is None:
            wrong.append((bug, "no faulty log"))
            continue
        outcome = Validator(good, MAP).run(log.events)
        names = [b.property for b in outcome.broken]
        if outcome.verdict == "DIVERGES" and outcome.index == log.expected \
                and log.property in names:
            right += 1
        elif bug in INVISIBLE and outcome.verdict == "CONFORMS":
            invisible += 1
        else:
            wrong.append((bug, f"{outcome.verdict} at {outcome.index}, expected "
                               f"{log.expected} {log.property}"))
    print(f"faulty logs: {len(BUGS)} seeded safety bugs; {right} rejected at the right "
          f"event with the right property, {invisible} invisible in a driver's log "
          f"({', '.join(sorted(INVISIBLE))}), {len(wrong)} wrong: {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--nvc", default="3")
    parser.add_argument("--variant", default="CM")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--logs", type=int, default=0, help="conforming logs to check")
    parser.add_argument("--steps", type=int, default=200, help="steps per conforming walk")
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    if args.events:
        long_log(args.events, args.nvc, args.variant, args.seed)
    if args.logs:
        many_logs(args.logs, args.steps)
    if args.faults:
        faults()


if __name__ == "__main__":
    main()

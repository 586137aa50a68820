"""Regenerate every golden file: `python tests/golden/regenerate.py` (or `make golden`).

A case is tests/golden/cases/*.vcspec whose first line is `// RUN: vcspec ARGS`
(`%s` stands for the case's own path). The command runs from the repository
root with a fixed terminal width and no colour; the `.expect` beside the case
holds the command, the exit code, stdout and stderr.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "golden" / "cases"


def cases() -> list[Path]:
    return sorted(CASES.glob("*.vcspec"))


def command(case: Path) -> list[str]:
    first = case.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    if not first.startswith("// RUN: vcspec "):
        raise ValueError(f"{case}: first line must be '// RUN: vcspec ...'")
    relative = case.relative_to(ROOT).as_posix()
    return [a.replace("%s", relative) for a in shlex.split(first[len("// RUN: vcspec "):])]


_VARYING = [
    (re.compile(r"^time: .*$", re.M), "time: <normalised>"),
    (re.compile(r'"(seconds|solver_seconds|states_per_second|peak_memory_bytes)": [0-9.e+-]+'),
     r'"\1": 0'),
]


def normalise(text: str) -> str:
    """Blank out what varies between runs: timings and memory."""
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text


def run(case: Path) -> str:
    args = command(case)
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb",
           "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-m", "vcspec", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    return (f"$ vcspec {shlex.join(args)}\nexit: {proc.returncode}\n"
            f"--- stdout\n{normalise(proc.stdout)}--- stderr\n{normalise(proc.stderr)}")


def expect_path(case: Path) -> Path:
    return case.with_suffix(".expect")


def main() -> None:
    for case in cases():
        expect_path(case).write_text(run(case), encoding="utf-8")
        print(f"wrote {expect_path(case).relative_to(ROOT)}")


if __name__ == "__main__":
    main()

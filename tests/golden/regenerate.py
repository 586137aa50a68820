"""Regenerate every golden file: `python tests/golden/regenerate.py` (or `make golden`).

A case is tests/golden/cases/*.vcspec whose first line is `// RUN: vcspec ARGS`
(`%s` stands for the case's own path). The command runs from the repository
root with a fixed terminal width and no colour; the `.expect` beside the case
holds the command, the exit code, stdout and stderr.

A session is tests/golden/sessions/*.session: what a user types, step by step,
in an empty temporary directory (paths under it are shown as <tmp>). A line is
`$ vcspec ARGS` (a command, recorded like a case), `delete FILE TEXT` (remove
the one line starting with TEXT, indentation aside), `replace FILE OLD NEW` (replace the one
occurrence of OLD), `ls DIR` (list the files in DIR); `#` starts a comment.
Arguments are shell-quoted.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "golden" / "cases"
SESSIONS = ROOT / "tests" / "golden" / "sessions"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "PYTHONHASHSEED": "0"}


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
    return vcspec(command(case), ROOT)


def vcspec(args: list[str], cwd: Path) -> str:
    """Run `vcspec ARGS` in `cwd`; the command, its exit code and its output."""
    proc = subprocess.run([sys.executable, "-m", "vcspec", *args], cwd=cwd,
                          env={**os.environ, **ENV}, capture_output=True, text=True,
                          timeout=600)
    return (f"$ vcspec {shlex.join(args)}\nexit: {proc.returncode}\n"
            f"--- stdout\n{normalise(proc.stdout)}--- stderr\n{normalise(proc.stderr)}")


def sessions() -> list[Path]:
    return sorted(SESSIONS.glob("*.session"))


def run_session(session: Path) -> str:
    """Every step of a session, in a fresh empty directory, with its output."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp).resolve()
        out = []
        for line in session.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            out.append(step(shlex.split(line), work))
        return "\n".join(out).replace(str(work), "<tmp>")


def step(words: list[str], work: Path) -> str:
    verb, args = words[0], words[1:]
    if verb == "$" and args[:1] == ["vcspec"]:
        return vcspec(args[1:], work)
    if verb == "ls":
        names = sorted(p.relative_to(work / args[0]).as_posix()
                       for p in (work / args[0]).rglob("*") if p.is_file())
        return f"$ ls {args[0]}\n" + "".join(f"{n}\n" for n in names)
    if verb in ("delete", "replace"):
        path = work / args[0]
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        if verb == "delete":
            hits = [line for line in lines if line.lstrip().startswith(args[1])]
            assert len(hits) == 1, f"delete {args[1]!r}: {len(hits)} lines start with it"
            path.write_text(text.replace(hits[0], "", 1), encoding="utf-8")
        else:
            assert text.count(args[1]) == 1, f"replace {args[1]!r}: not exactly once"
            path.write_text(text.replace(args[1], args[2]), encoding="utf-8")
        return f"% {shlex.join(words)}\n"
    raise ValueError(f"unknown session step: {shlex.join(words)}")


def expect_path(case: Path) -> Path:
    return case.with_suffix(".expect")


def main() -> None:
    for case in cases():
        expect_path(case).write_text(run(case), encoding="utf-8")
        print(f"wrote {expect_path(case).relative_to(ROOT)}")
    for session in sessions():
        expect_path(session).write_text(run_session(session), encoding="utf-8")
        print(f"wrote {expect_path(session).relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""`make demo`: check the CoNDIS specs and write reports, traces and diagrams to out/.

Runs the commands a user would type (`vcspec lint`, `vcspec check`, `vcspec
graph`, `vcspec trace`), prints each one, and fails if any exits with another
code than expected:
  1. lint every CoNDIS spec;
  2. check the flagship configurations (CM and MCM: two VCs, two parties, one
     send in flight) exhaustively: every property must hold; the report and
     summary go to out/flagship-cm/ and out/flagship-mcm/;
  3. prove the flagship's safety properties for three VCs, beyond explicit
     search, with PDR: report and certificate in out/proof-3vc/ (--safety-only,
     and without the crossings: with them PDR needs about ten times the CPU);
  4. draw the VC, call and party state machines and, for a selection of seeded
     bugs, the counterexample as a sequence chart and over the call machine;
  5. validate the shipped driver logs (`vcspec validate`, docs/validate.md): a
     conforming one (exit 0) and a faulty one (exit 1), their reports as text
     and JSON in out/validate/, and the faulty log as a sequence chart up to its
     divergence, the rejected event in red (out/validate/NAME.chart.svg, DOT
     text without Graphviz).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from vcspec.condis.pictures import demo_commands
from vcspec.diagram.dot import have_dot
from vcspec.model.loader import LIBRARY

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = "specs/condis/condis.vcspec"
VARIANTS = ("CM", "MCM")
# (driver log under specs/condis/logs/, expected exit code of `vcspec validate`, draw it)
LOGS = [("conforming.jsonl", 0, False), ("client_deletes_cm_vc.jsonl", 1, True)]


def commands(out: Path) -> list[tuple[list[str], int, Path | None]]:
    """(vcspec arguments, expected exit code, file for stdout) in demo order."""
    specs = sorted(str(p.relative_to(ROOT)) for folder in (ROOT / "specs" / "condis", LIBRARY)
                   for p in folder.rglob("*.vcspec"))
    runs: list[tuple[list[str], int, Path | None]] = [(["lint", *specs], 0, None)]
    for variant in VARIANTS:
        where = out / f"flagship-{variant.lower()}"
        runs.append((["check", FLAGSHIP, "--const", f"VARIANT={variant}", "--out", str(where),
                      "--no-progress"], 0, where / "report.txt"))
    proof = out / "proof-3vc"
    runs.append((["check", FLAGSHIP, "--const", "NVC=3", "--engine", "pdr", "--safety-only",
                  "--certificate", str(proof / "certificate.smt2"), "--out", str(proof),
                  "--no-progress"], 0, proof / "report.txt"))
    runs.extend((args, code, None) for args, code in demo_commands(out))
    runs.extend(validations(out))
    return runs


def validations(out: Path, ext: str | None = None) -> list[tuple[list[str], int, Path]]:
    """`vcspec validate` of the shipped logs: the text report (and the chart of
    a log we draw) and the JSON report, in out/validate/."""
    ext = ext or ("svg" if have_dot() else "dot")
    where = out / "validate"
    runs = []
    for name, code, draw in LOGS:
        stem = name.partition(".")[0]
        args = ["validate", FLAGSHIP, f"specs/condis/logs/{name}"]
        chart = ["--chart", str(where / f"{stem}.chart.{ext}")] if draw else []
        runs.append(([*args, *chart], code, where / f"{stem}.txt"))
        runs.append(([*args, "--format", "json"], code, where / f"{stem}.json"))
    return runs


def run(args: list[str], stdout: Path | None) -> int:
    print(f"$ vcspec {' '.join(args)}", flush=True)
    if stdout is None:
        return subprocess.run([sys.executable, "-m", "vcspec", *args], cwd=ROOT,
                              stdout=subprocess.DEVNULL).returncode
    stdout.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "vcspec", *args], cwd=ROOT,
                          capture_output=True, text=True)
    stdout.write_text(proc.stdout, encoding="utf-8")
    print(f"  wrote {stdout.name}" if stdout.suffix == ".json" else _summary(proc.stdout),
          flush=True)
    return proc.returncode


def _summary(text: str) -> str:
    """The report's closing lines: statistics and the verdict count."""
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join("  " + line for line in lines[-4:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="out", help="directory for reports and diagrams")
    out = Path(parser.parse_args().out).resolve()
    for sub in ("diagrams", "bugs"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    started, failures = time.monotonic(), 0
    for args, expected, stdout in commands(out):
        code = run(args, stdout)
        if code != expected:
            print(f"  unexpected exit code {code} (expected {expected})", flush=True)
            failures += 1
    elapsed = time.monotonic() - started
    print(f"demo: wrote {out} in {elapsed:.0f} s; {failures} unexpected exit code(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

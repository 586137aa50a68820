"""The pictures of `make demo`: the CoNDIS state machines and the charts of
seeded bugs' counterexamples, made with the commands a user would type.

    from vcspec.condis.pictures import demo_commands
    for args, expected_exit in demo_commands("out"):
        run `vcspec *args`                       # a check of a seeded bug exits 1

or `python -m vcspec.condis.pictures --out out` (runs them). Files go to
out/diagrams/ (SVG with Graphviz, DOT text without it) and out/bugs/BUG/
(the check's report.json and ITF trace, the sequence chart and the trace over
the call state machine).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from vcspec.diagram.dot import have_dot

SPEC = "specs/condis/condis.vcspec"
SMALL = ["--const", "NVC=1"]  # one VC: its machines are the model's, ~1.6k states

# (file stem, extra constants, view) of the CoNDIS state machines (REFERENCE 6.2-6.5)
MACHINES = [
    ("condis_vc_machine_cm", [], ["--vars", "Ndis.creator[Vc1]", "--vars", "Ndis.act[Vc1]"]),
    ("condis_vc_machine_mcm", ["--const", "VARIANT=MCM"],
     ["--vars", "Ndis.creator[Vc1]", "--vars", "Ndis.act[Vc1]"]),
    ("condis_call_machine_cm", [], ["--vars", "Ndis.call[Vc1]"]),
    ("condis_call_machine_mcm", ["--const", "VARIANT=MCM"], ["--vars", "Ndis.call[Vc1]"]),
    ("condis_party_machine", [], ["--vars", "Ndis.party[Vc1][Party1]"]),
]

# (seeded bug, the property it violates, extra constants): docs/condis-model.md
BUGS = [
    ("ClientClosesWithSendsOutstanding", "NoCloseWithSendsOutstanding", []),
    ("SendAfterIncomingClose", "NoDataTransferAfterClose", []),
    ("ClientDeletesCmVc", "NoClientUseOfCmVcAfterClose", []),
    ("CmCompletesCloseBeforeDeactivate", "CloseCompletesDeactivated", []),
    ("CmDeletesClientVc", "OnlyCreatorDeletes", []),
    ("McmDeletesActiveVc", "DeleteOnlyDeactivatedVc", ["--const", "VARIANT=MCM"]),
    ("MiniportLosesSendCompletion", "SendsComplete", []),  # a lasso
    ("ClientSkipsCloseOnIncomingClose", "IncomingCloseHonoured", []),  # stuck forever
]


def demo_commands(out: str | Path = "out", ext: str | None = None,
                  bugs: list | None = None) -> list[tuple[list[str], int]]:
    """(vcspec arguments, expected exit code) for every picture of the demo."""
    out = Path(out)
    ext = ext or ("svg" if have_dot() else "dot")
    runs: list[tuple[list[str], int]] = []
    for stem, consts, view in MACHINES:
        target = out / "diagrams" / f"{stem}.{ext}"
        runs.append((["graph", SPEC, *SMALL, *consts, *view, "--out", str(target)], 0))
    for bug, prop, consts in BUGS if bugs is None else bugs:
        where = out / "bugs" / bug
        itf = where / f"{prop}.itf.json"
        runs.append((["check", SPEC, *SMALL, *consts, "--const", f"BUG={bug}", "--property",
                      prop, "--out", str(where), "--no-progress"], 1))
        runs.append((["trace", str(itf), "--chart", "--out", str(where / f"chart.{ext}")], 0))
        runs.append((["trace", str(itf), "--vars", "Ndis.call[Vc1]",
                      "--out", str(where / f"call_machine.{ext}")], 0))
    return runs


def run_all(out: str | Path = "out", root: Path | None = None) -> int:
    """Run the demo's commands; the number of unexpected exit codes."""
    root = root or Path(__file__).resolve().parents[2]
    for sub in ("diagrams", "bugs"):
        (Path(out) / sub).mkdir(parents=True, exist_ok=True)
    failures = 0
    for args, expected in demo_commands(out):
        print(f"$ vcspec {' '.join(args)}", flush=True)
        code = subprocess.run([sys.executable, "-m", "vcspec", *args], cwd=root,
                              stdout=subprocess.DEVNULL).returncode
        if code != expected:
            print(f"  exit {code}, expected {expected}", flush=True)
            failures += 1
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out")
    return 1 if run_all(parser.parse_args().out) else 0


if __name__ == "__main__":
    sys.exit(main())

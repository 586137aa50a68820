"""Generate the CoNDIS documents from the specs, the data files and the checker.

    python -m vcspec.condis.docs rules [--out docs/condis-rules.md] [--check]
    python -m vcspec.condis.docs rules --extract-rules ../shared/condis/REFERENCE.md
    python -m vcspec.condis.docs ambiguities [--out docs/condis-ambiguities.md] [--check]

`rules` writes docs/condis-rules.md: one row per rule of REFERENCE.md §5.1
(R1-R9) and §5.3-§5.13, with the properties that carry it (their `@rules(...)`
attributes) or the reason it is not checked (specs/condis/unmodelled.tsv), and
the verdicts of the flagship at NVC=1 for the CM and the MCM. It fails when an
in-scope rule is neither carried nor listed as unmodelled. `--extract-rules`
first refreshes specs/condis/rules.tsv and open_questions.tsv from REFERENCE.md.

`ambiguities` writes docs/condis-ambiguities.md (vcspec/condis/ambiguities.py).
`--out -` prints to stdout; `--check` compares with the file instead of writing
it (exit 1 when it is out of date).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vcspec.condis.ambiguities import ambiguities_document
from vcspec.condis.data import ROOT, DataError, extract_reference
from vcspec.condis.rules import rules_document

RULES_DOC = ROOT / "docs" / "condis-rules.md"
AMBIGUITIES_DOC = ROOT / "docs" / "condis-ambiguities.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vcspec.condis.docs",
                                     description="Generate the CoNDIS documents.")
    sub = parser.add_subparsers(dest="what", required=True)
    rules = sub.add_parser("rules", help=f"write {RULES_DOC.relative_to(ROOT)}")
    rules.add_argument("--extract-rules", metavar="REFERENCE", type=Path,
                       help="first refresh rules.tsv and open_questions.tsv from REFERENCE.md")
    amb = sub.add_parser("ambiguities", help=f"write {AMBIGUITIES_DOC.relative_to(ROOT)}")
    for p, default in ((rules, RULES_DOC), (amb, AMBIGUITIES_DOC)):
        p.add_argument("--out", default=str(default), help="the file to write ('-': stdout)")
        p.add_argument("--check", action="store_true",
                       help="exit 1 if the file is not up to date instead of writing it")
    args = parser.parse_args(argv)
    try:
        if args.what == "rules":
            if args.extract_rules is not None:
                n_rules, n_questions = extract_reference(args.extract_rules)
                print(f"extracted {n_rules} rules and {n_questions} open questions",
                      file=sys.stderr)
            text = rules_document()
        else:
            text = ambiguities_document()
    except (DataError, OSError) as error:
        print(f"condis_docs: error: {error}", file=sys.stderr)
        return 2
    return _emit(text, args.out, args.check)


def _emit(text: str, out: str, check_only: bool) -> int:
    if out == "-":
        sys.stdout.write(text)
        return 0
    path = Path(out)
    if check_only:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            print(f"{out} is out of date: run python -m vcspec.condis.docs", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

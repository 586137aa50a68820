"""What a check does not print without --verbose: warnings about the imported
library, which is the environment a client is checked against and no fault of
the client's.

- "action ... never fired" (VCS450) about the library's actions: which paths of
  the environment a client exercises is the client's choice. They become one
  note that says how many and that --verbose lists them.
- "symmetry reduction is off" when every symmetric enum is the library's: the
  user asked for no reduction (the library's `symmetric enum Vc` asks for it on
  the user's behalf), and the check is complete and sound without it, only
  slower. A spec that declares its own symmetric enum still sees the warning.
"""

from __future__ import annotations

from vcspec.engine.result import SYMMETRY_OFF, Report, never_fired
from vcspec.model import Checked, syntax


def hide_library_warnings(report: Report, checked: Checked) -> None:
    library = sorted(a.name for a in checked.model.actions if checked.from_library(a.span))
    prefixes = tuple(never_fired(name) for name in library)
    hidden = [w for w in report.warnings if w.startswith(prefixes)]
    if hidden:
        report.notes.append(f"{len(hidden)} of the library's actions never fired "
                            "(--verbose lists them)")
    if SYMMETRY_OFF in report.warnings and not own_symmetric_enums(checked):
        hidden.append(SYMMETRY_OFF)
    report.warnings = [w for w in report.warnings if w not in hidden]


def own_symmetric_enums(checked: Checked) -> list[str]:
    """The symmetric enums declared in the user's own files (not the library's)."""
    return sorted(decl.name for source, tree in checked.files
                  if source.name not in checked.library
                  for decl in tree.decls
                  if isinstance(decl, syntax.Enum) and decl.symmetric)

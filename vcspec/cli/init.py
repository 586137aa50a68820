"""`vcspec init client DIR`: start a spec of your own from a template of the library.

The templates are specs installed with vcspec (vcspec/library/templates/); each
checks clean as written. `init` copies one and never overwrites a file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vcspec.cli.options import EXIT_OK, EXIT_USAGE, err
from vcspec.model.loader import LIBRARY

TEMPLATES = LIBRARY / "templates"


class Kind(StrEnum):
    client = "client"  # a CoNDIS client: every handler, checked against import "condis"


def init(kind: Annotated[Kind, typer.Argument(help="what to start: client (a CoNDIS client)")],
         directory: Annotated[Path, typer.Argument(help="the directory to write it in")]) -> None:
    """Write a spec to start from: `vcspec init client DIR` writes DIR/client.vcspec."""
    source = TEMPLATES / f"{kind.value}.vcspec"
    target = directory / source.name
    if target.exists():
        err(f"vcspec: error: {target} exists; not overwritten")
        raise typer.Exit(EXIT_USAGE)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    except OSError as error:
        err(f"vcspec: error: cannot write {target}: {error.strerror}")
        raise typer.Exit(EXIT_USAGE) from None
    print(f"wrote {target}")
    print(f"next: vcspec check {target} --const NVC=1")
    raise typer.Exit(EXIT_OK)

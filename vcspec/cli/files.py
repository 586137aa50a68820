"""Files the CLI writes: atomically (a reader never sees half a file), and
without leaving an earlier run's traces of the same spec behind."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_traces(out: Path, spec: str) -> list[Path]:
    """The ITF files in `out` that a run of `spec` wrote (by their #meta.source);
    files of other specs, and files that are not ITF, stay."""
    stale = []
    for path in sorted(out.glob("*.itf.json")):
        try:
            with path.open(encoding="utf-8") as handle:
                meta = json.loads(handle.read(1 << 22)).get("#meta", {})
        except (OSError, ValueError, AttributeError, RecursionError):
            continue
        if isinstance(meta, dict) and meta.get("source") == spec:
            stale.append(path)
    return stale

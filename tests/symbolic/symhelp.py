"""Helpers shared by the symbolic tests (not named conftest: tests/checker
has one on the path too)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loads(text: str, **consts):
    from vcspec.model import loads as model_loads

    return model_loads(text, "test.vcspec", {k: str(v) for k, v in consts.items()})


def load(path, **consts):
    from vcspec.model import load as model_load

    return model_load(ROOT / path, {k: str(v).lower() if isinstance(v, bool) else str(v)
                                    for k, v in consts.items()})

"""Shared helpers: the CoNDIS library compiled per configuration, its mapping."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from vcspec.compile.build import build
from vcspec.model import analyse
from vcspec.validate import mapping
from vcspec.validate.bind import Bound

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "condis" / "condis.vcspec"
MAP = ROOT / "vcspec" / "library" / "condis.map.json"


@cache
def model(**consts: str):
    checked = analyse(SPEC, dict(consts))
    assert checked.ok, checked.diagnostics
    return checked.model


@cache
def system(**consts: str):
    return build(model(**consts))


@cache
def condis_mapping() -> mapping.Mapping:
    return mapping.load(MAP)


def bound(**consts: str) -> Bound:
    return Bound(condis_mapping(), system(**consts))

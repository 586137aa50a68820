"""Diagram tests: tests marked `needs_dot` are skipped (with the reason) where
Graphviz's `dot` is not installed; every other test compares DOT text or the
diagram IR and runs anywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"

PHONE = """
spec Phone
enum Line { OnHook, Dialing, Ringing, Talking }
process Caller {
  var line: Line = OnHook
  action PickUp when line == OnHook { line := Dialing }
  action Dial(fast: bool) when line == Dialing {
    Switch.busy := true
    line := Ringing
  }
  action HangUp when line != OnHook { line := OnHook }
}
process Switch {
  var busy: bool = false
  action Connect when busy and Caller.line == Ringing { Caller.line := Talking }
  action Free when busy and Caller.line == OnHook { busy := false }
}
invariant BusyOnlyOffHook: Caller.line == OnHook implies not Switch.busy
terminal: Caller.line == OnHook and not Switch.busy
"""


def pytest_collection_modifyitems(config, items):
    if shutil.which("dot") is not None:
        return
    skip = pytest.mark.skip(reason="needs Graphviz's `dot` (Debian: apt-get install graphviz)")
    for item in items:
        if "needs_dot" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def phone_text() -> str:
    return PHONE


@pytest.fixture
def phone():
    from vcspec.model import loads

    return loads(PHONE, "phone.vcspec")


@pytest.fixture
def example():
    from vcspec.model import load

    def get(name: str, **consts):
        return load(EXAMPLES / f"{name}.vcspec", {k: str(v) for k, v in consts.items()})
    return get


@pytest.fixture
def phone_trace(phone):
    from vcspec.api import check

    report = check(phone, properties=["BusyOnlyOffHook"])
    return report.find("BusyOnlyOffHook").trace

"""`// vcspec: allow CODE` silences that warning on its line or the line below;
nothing else (other codes, other lines, errors)."""

from __future__ import annotations

from vcspec.model import analyse_text
from vcspec.model.codes import explain

SPEC = """spec Allowed
process Log {
  var written: bool = false@SAME@
  var on: bool = true
  action Write when on { written := true }
  action Stop when on { on := false }
}
terminal: Log.on == false
"""


def spec(same: str = "") -> str:
    return SPEC.replace("@SAME@", same)


def codes(text: str) -> list[str]:
    return [d.code for d in analyse_text(text).diagnostics]


def test_the_warning_is_there_without_the_comment():
    assert codes(spec()) == ["VCS401"]


def test_a_comment_on_the_warned_line_silences_it():
    assert codes(spec("  // vcspec: allow VCS401")) == []


def test_a_comment_on_the_line_above_silences_it():
    text = spec().replace("  var written", "  // vcspec: allow VCS402, VCS401\n"
                                        "  var written")
    assert codes(text) == []


def test_another_code_or_another_line_does_not():
    assert codes(spec("  // vcspec: allow VCS402")) == ["VCS401"]
    far = spec().replace("  var on", "  // vcspec: allow VCS401\n  var on")
    assert codes(far) == ["VCS401"]


def test_an_error_is_never_silenced():
    text = spec().replace("written := true", "written := 3  // vcspec: allow VCS301")
    checked = analyse_text(text)
    assert checked.model is None
    assert [d.code for d in checked.diagnostics if d.is_error]


def test_explain_tells_how_to_silence_a_warning():
    assert "// vcspec: allow VCS401" in explain("VCS401")
    assert "vcspec: allow" not in explain("VCS201")

"""A missing import: the first error about a name the library declares says which
import brings it and how many other undefined names it declares."""

from __future__ import annotations

from vcspec.model import analyse_text

CLIENT = """spec NoImport
process Client {
  action Send(v: Vc) when Ndis.call[v] == Connected and Nowhere {}
  action Again(v: Vc) {}
}
"""


def notes_by_name(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for diag in analyse_text(text).diagnostics:
        if diag.code == "VCS201":
            name = diag.message.split("'")[1]
            found.setdefault(name, []).extend(n.message for n in diag.notes)
    return found


def test_library_names_point_at_the_import():
    notes = notes_by_name(CLIENT)
    assert notes["Vc"] == ["'Vc' (and 2 other undefined names) is declared by the library: "
                           "add import \"condis\""]  # Ndis, Connected; not Nowhere
    assert notes["Ndis"] == notes["Connected"] == notes["Nowhere"] == []


def test_with_the_import_there_is_nothing_to_note():
    checked = analyse_text('import "condis"\n' + CLIENT.split("\n", 1)[1]
                           .replace(" and Nowhere", ""))
    assert not [d for d in checked.diagnostics if d.code == "VCS201"]

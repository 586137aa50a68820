"""Names do not change meaning with declaration order; implicit property
names are reserved; a type used as a set is resolved on demand and never
materialised past the enumeration limit."""

from __future__ import annotations

import pytest

from vcspec.model import analyse_text

PROCESS = "process P {\n  var x: 0..3 = 0\n  action Inc when x < 3 { x := x + 1 }\n" \
          "  action Reset when x == 3 { x := 0 }\n}\n"


def errors(text: str, consts=None) -> list[tuple[str, str]]:
    checked = analyse_text(text, "t.vcspec", consts)
    return [(d.code, d.message) for d in checked.diagnostics if d.is_error]


def test_an_alias_used_only_as_a_set_is_resolved():
    assert errors("spec A\ntype Id = 0..2\n" + PROCESS +
                  "invariant I: forall i in Id: P.x >= 0\n") == []


@pytest.mark.parametrize("order", ["enum E { A, B }\nconst A = 1\n",
                                   "const A = 1\nenum E { A, B }\n"])
def test_an_enum_member_named_like_a_constant_is_an_error_in_either_order(order):
    found = errors("spec O\n" + order + PROCESS + "invariant I: P.x >= 0\n")
    assert found == [("VCS202", "enum member 'A' has the name of a declaration")]


@pytest.mark.parametrize("name", ["runtime", "deadlock"])
def test_implicit_property_names_are_reserved(name):
    found = errors(f"spec R\n{PROCESS}invariant {name}: P.x >= 0\n")
    assert [code for code, _ in found] == ["VCS202"]
    assert f"'{name}' is the name of an implicit property" in found[0][1]


def test_a_huge_type_used_as_a_set_is_vcs311_not_a_memory_error():
    found = errors("spec H\ntype Id = 0..N\nconst N = 3\n" + PROCESS +
                   "invariant I: forall i in Id: P.x >= 0\n", {"N": "1000000000"})
    assert [code for code, _ in found] == ["VCS311"]
    assert found[0][1].startswith("type 'Id' used as a set ranges over every value of "
                                  "0..1000000000, more than 1,048,576 (2^20) values")


def test_a_huge_map_variable_is_vcs311_not_a_hang():
    """A map's entries are all in every state: its keys times its values' own
    entries is limited, though its key type alone is small enough (10^6 keys)."""
    found = errors("spec H\nprocess P {\n  var m: [0..1000000] -> [0..1000000] -> bool\n"
                   "  action A { m[0][0] := true }\n}\n")
    assert [code for code, _ in found] == ["VCS311"]
    assert "holds more than 1,048,576 (2^20) values in all" in found[0][1]

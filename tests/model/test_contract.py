"""Client contracts (`require process`, vcspec/model/contract.py): what a library
requires of a process the importing spec declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from vcspec.model import analyse
from vcspec.model.evaluate import Env, evaluate, execute

LIBRARY = """spec Lib
enum Vc { V1, V2 }
process Net { var up: [Vc] -> bool = false }
require process Client {
  action Open(v: Vc)
  optional action Close(v: Vc, hard: bool)
}
monitor NoCloseOfDown {
  on Client.Close(v, _) require Net.up[v] else "closed a VC that is down"
}
invariant Sane: true
"""


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "net.vcspec").write_text(LIBRARY)
    monkeypatch.setenv("VCSPEC_PATH", str(folder))
    (tmp_path / "user").mkdir()
    return tmp_path / "user" / "client.vcspec"


def errors(path: Path) -> list[tuple[str, str, int, str]]:
    return [(d.code, Path(d.span.file).name, d.span.line, d.message)
            for d in analyse(path).diagnostics if d.is_error]


def test_optional_actions_may_be_left_out(lib: Path) -> None:
    lib.write_text('import "net"\nprocess Client {\n'
                   '  action Open(x: Vc) when not Net.up[x] { Net.up[x] := true }\n}\n')
    checked = analyse(lib)
    assert checked.ok and checked.diagnostics == []  # no VCS402 for the left-out Close
    close = next(a for a in checked.model.actions if a.name == "Client.Close")
    assert close.guard.value is False  # never enabled
    assert [p.name for p in checked.model.properties] == ["NoCloseOfDown", "Sane"]


def test_missing_action_is_an_error_at_the_users_process(lib: Path) -> None:
    lib.write_text('import "net"\n\nprocess Client {\n  action Other { }\n}\n')
    assert errors(lib) == [("VCS211", "client.vcspec", 3, "process Client does not declare "
                            "Open(v: Vc) required by net.vcspec")]


def test_wrong_signature_is_an_error_at_the_users_action(lib: Path) -> None:
    lib.write_text('import "net"\nprocess Client {\n  action Open(v: Vc) { }\n'
                   '  action Close(v: Vc) { }\n}\n')
    assert errors(lib) == [("VCS211", "client.vcspec", 4, "action Client.Close(v: Vc) does "
                            "not match Close(v: Vc, hard: bool) required by net.vcspec")]


def test_a_missing_process_is_an_error_at_the_import(lib: Path) -> None:
    lib.write_text('spec Forgot\nimport "net"\nprocess MyClient { action Open(v: Vc) { } }\n')
    assert errors(lib) == [("VCS211", "client.vcspec", 2, "the spec does not declare process "
                            "Client required by net.vcspec")]


def test_the_library_lints_on_its_own(lib: Path) -> None:
    checked = analyse(lib.parent.parent / "lib" / "net.vcspec")
    assert checked.ok and checked.diagnostics == []


def test_a_family_cannot_meet_a_contract(lib: Path) -> None:
    lib.write_text('import "net"\nprocess Client[i: 0..1] { action Open(v: Vc) { } }\n')
    assert "VCS211" in [e[0] for e in errors(lib)]


def test_requirements_from_two_files_must_agree(lib: Path) -> None:
    other = lib.parent / "more.vcspec"
    other.write_text('import "net"\nrequire process Client { action Open(v: bool) }\n')
    lib.write_text('import "more.vcspec"\nprocess Client { action Open(v: Vc) { } }\n')
    assert [(e[0], e[1]) for e in errors(lib)] == [("VCS211", "more.vcspec")]


EFFECTS = """spec Lib
enum Vc { V1, V2 }
process Net { var open: set of Vc = {} }
require process Client {
  action Open(v: Vc) when v not in Net.open { Net.open := Net.open union {v} }
}
"""


def test_the_librarys_guard_and_statements_come_with_the_action(tmp_path: Path) -> None:
    (tmp_path / "net.vcspec").write_text(EFFECTS)
    spec = tmp_path / "client.vcspec"
    spec.write_text('import "net.vcspec"\nprocess Client {\n  var count: 0..2 = 0\n'
                    '  action Open(vc: Vc) when vc == V1 { count := len(Net.open) }\n}\n'
                    'invariant CountsAfter: Client.count == len(Net.open)\n')
    checked = analyse(spec)
    assert checked.ok, checked.diagnostics
    model = checked.model
    action = next(a for a in model.actions if a.name == "Client.Open")
    state = [evaluate(v.init, Env(())) for v in model.vars]  # Net.open = {}, count = 0
    enabled = {str(x): evaluate(action.guard, Env(tuple(state), {}, {"vc": x}))
               for x in action.params[0][1].domain()}
    assert enabled == {"V1": True, "V2": False}  # the library's guard and the client's
    vc1 = next(x for x in action.params[0][1].domain() if str(x) == "V1")
    execute(action.body, Env(state, {}, {"vc": vc1}))
    assert len(state[0]) == 1 and state[1] == 1  # the library's statement ran first (v -> vc)
    assert not evaluate(action.guard, Env(tuple(state), {}, {"vc": vc1}))


def test_a_parameter_name_the_library_uses_is_refused(tmp_path: Path) -> None:
    (tmp_path / "net.vcspec").write_text(EFFECTS)
    spec = tmp_path / "client.vcspec"
    spec.write_text('import "net.vcspec"\nprocess Client { action Open(Net: Vc) { } }\n')
    assert [e[0] for e in errors(spec)] == ["VCS211"]

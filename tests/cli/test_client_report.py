"""A client checked against the shipped library: the header says where the
properties came from, the library's warnings wait for --verbose."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vcspec.cli import app


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    directory = tmp_path_factory.mktemp("client")
    assert invoke("init", "client", directory / "my").exit_code == 0
    return directory / "my" / "client.vcspec"


def test_the_header_counts_the_properties_of_each_file(client):
    result = invoke("check", client, "--const", "NVC=1")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[1]
    assert header.startswith("68 properties: ")
    parts = header.removeprefix("68 properties: ").split(", ")
    assert parts[-2:] == ["2 built in (deadlock", "runtime)"]
    counts = {p.split(" from ")[1]: int(p.split(" from ")[0]) for p in parts if " from " in p}
    assert set(counts) == {"condis/environment.vcspec", "condis/ndis.vcspec"}
    assert sum(counts.values()) == 66


def test_the_librarys_never_fired_warnings_need_verbose(client):
    quiet = invoke("check", client, "--const", "NVC=1")
    assert not [line for line in quiet.stdout.splitlines() if "never fired" in line
                and "--verbose" not in line]
    note = next(line for line in quiet.stdout.splitlines() if "--verbose lists them" in line)
    hidden = int(note.split()[0])
    verbose = invoke("check", client, "--const", "NVC=1", "--verbose")
    listed = [line for line in verbose.stdout.splitlines()
              if line.startswith("warning[VCS450]: action ") and "never fired" in line]
    assert len(listed) == hidden > 0
    assert "--verbose lists them" not in verbose.stdout


def test_a_never_fired_action_of_the_client_is_shown_and_can_be_allowed(client, tmp_path):
    spec = tmp_path / "client.vcspec"
    text = client.read_text()
    text = text.replace("action NdisCoSendNetBufferLists(v: Vc) when Ndis.call[v] == Connected",
                        "action NdisCoSendNetBufferLists(v: Vc) when Ndis.call[v] == Connected "
                        "and Ndis.call[v] == Idle")
    spec.write_text(text)
    result = invoke("check", spec, "--const", "NVC=1")
    assert "warning[VCS450]: action Client.NdisCoSendNetBufferLists never fired" in result.stdout
    allowed = text.replace("  action NdisCoSendNetBufferLists(v: Vc)",
                           "  // vcspec: allow VCS450\n  action NdisCoSendNetBufferLists(v: Vc)")
    spec.write_text(allowed)
    quiet = invoke("check", spec, "--const", "NVC=1", "--verbose")
    assert quiet.exit_code == 0, quiet.output
    assert "Client.NdisCoSendNetBufferLists never fired" not in quiet.stdout
    assert "warning[VCS450]: action Ndis." in quiet.stdout  # the others still listed


def test_the_librarys_symmetry_warning_needs_verbose(client):
    """The library declares `symmetric enum Vc`; temporal properties turn the
    reduction off, which a client's author did not ask for and cannot change."""
    plain = invoke("check", client, "--const", "NVC=1")
    assert "symmetry reduction is off" not in plain.stdout
    verbose = invoke("check", client, "--const", "NVC=1", "--verbose")
    assert "warning: symmetry reduction is off" in verbose.stdout


def test_an_own_symmetric_enum_keeps_the_symmetry_warning(tmp_path):
    spec = tmp_path / "mutex.vcspec"
    spec.write_text("spec Mutex\nsymmetric enum P { P1, P2 }\n"
                    "process M {\n  var owner: P? = none\n"
                    "  action Take(p: P) when owner == none { owner := p }\n"
                    "  action Give(p: P) when owner == p { owner := none }\n}\n"
                    "fairness weak M.Give\n"
                    "temporal Released: M.owner != none leadsto M.owner == none\n")
    result = invoke("check", spec)
    assert result.exit_code == 0, result.output
    assert "warning: symmetry reduction is off" in result.stdout

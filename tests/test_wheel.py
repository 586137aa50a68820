"""From a wheel in a fresh virtual environment outside the repository, in an empty
directory: `vcspec init client my && vcspec check my/client.vcspec` holds every
property; deleting a handler is an error in the user's file; the library and the
template are package data, found by name."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh venv holding only the wheel built from a copy
    of the sources; the dependencies come from this interpreter's site-packages."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "vcspec", source / "vcspec",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps",
                            "-q", "-w", str(base / "dist")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel, = (base / "dist").glob("vcspec-*.whl")
    env = base / "venv"
    venv.create(env, with_pip=False)
    bin_dir = env / ("Scripts" if sys.platform == "win32" else "bin")
    site = Path(subprocess.run([str(bin_dir / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"),
                           "install", "--no-deps", "-q", str(wheel)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return bin_dir


def vcspec(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "vcspec"), *args], cwd=cwd, capture_output=True,
                          text=True, env={"PATH": str(bin_dir), "COLUMNS": "100"})


def test_init_client_checks_clean_then_a_deleted_handler_is_an_error(installed: Path,
                                                                      tmp_path: Path) -> None:
    where = subprocess.run([str(installed / "python"), "-c",
                            "import vcspec; print(vcspec.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert str(installed.parent) in where and str(ROOT) not in where  # the wheel, not the repo
    created = vcspec(installed, tmp_path, "init", "client", "my")
    assert created.returncode == 0, created.stderr
    checked = vcspec(installed, tmp_path, "check", "my/client.vcspec", "--const", "NVC=1")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "VIOLATED" not in checked.stdout and checked.stdout.count("HOLDS") >= 48
    spec = tmp_path / "my" / "client.vcspec"
    text = spec.read_text()
    start = text.index("  action NdisClCloseCall(")
    end = text.index("\n\n", start) + 1  # the action and its guard, up to the blank line
    spec.write_text(text[:start] + text[end:])
    broken = vcspec(installed, tmp_path, "check", "my/client.vcspec", "--const", "NVC=1")
    assert broken.returncode == 3
    assert ("my/client.vcspec:19:1: error[VCS211]: process Client does not declare "
            "NdisClCloseCall(v: Vc, pty: Party?, ret: Status) required by "
            "condis/environment.vcspec"
            ) in broken.stderr
    again = vcspec(installed, tmp_path, "init", "client", "my")
    assert again.returncode == 2 and spec.read_text() == text[:start] + text[end:]


def test_a_missing_import_and_a_seeded_bug_from_the_wheel(installed: Path,
                                                           tmp_path: Path) -> None:
    """The rest of issue 13's "Done when", from the wheel: without the import the
    errors are in the user's file; a seeded bug gives a violation, its ITF trace
    under vcspec-out/, the chart command (which draws it), SARIF that validates
    against the schema; a driver's log validates with the installed mapping."""
    assert vcspec(installed, tmp_path, "init", "client", "my").returncode == 0
    spec = tmp_path / "my" / "client.vcspec"
    text = spec.read_text()
    spec.write_text(text.replace('import "condis"\n', ""))
    missing = vcspec(installed, tmp_path, "check", "my/client.vcspec", "--const", "NVC=1")
    assert missing.returncode == 3
    assert "my/client.vcspec:" in missing.stderr and "import \"condis\"" in missing.stderr
    spec.write_text(text.replace("IncomingClose and Ndis.sends[v] == 0 and", "IncomingClose and"))
    bug = vcspec(installed, tmp_path, "check", "my/client.vcspec", "--const", "NVC=1")
    assert bug.returncode == 1, bug.stdout + bug.stderr
    assert "NoCloseWithSendsOutstanding" in bug.stdout.splitlines()[-1]
    itf = tmp_path / "vcspec-out" / "NoCloseWithSendsOutstanding.itf.json"
    assert itf.is_file()
    chart = next(line for line in bug.stdout.splitlines() if line.startswith("chart: "))
    args = chart.removeprefix("chart: vcspec ").split()
    assert args[:2] == ["trace", "vcspec-out/NoCloseWithSendsOutstanding.itf.json"]
    drawn = vcspec(installed, tmp_path, *args[:3], "--format", "dot",
                   "--out", "chart.dot")
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "chart.dot").read_text().startswith("digraph")
    sarif = vcspec(installed, tmp_path, "check", "my/client.vcspec", "--const", "NVC=1",
                   "--format", "sarif")
    assert sarif.returncode == 1
    _valid_sarif(json.loads(sarif.stdout))
    log = tmp_path / "driver.jsonl"
    log.write_text('{"function": "NdisCoCreateVc", "handle": "0x10", "caller": "Client"}\n')
    spec.write_text(text)
    checked = vcspec(installed, tmp_path, "validate", "my/client.vcspec", "driver.jsonl")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "CONFORMS" in checked.stdout


def _valid_sarif(document: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "cli" / "schemas" / "sarif-schema-2.1.0.json")
                        .read_text())
    jsonschema.Draft4Validator(schema).validate(document)
    results = document["runs"][0]["results"]
    assert any(r["ruleId"] == "NoCloseWithSendsOutstanding" for r in results)

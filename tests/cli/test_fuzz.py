"""Fuzzing the command line: random options, mutated specs, mutated ITF.

Every run must end with a documented exit code and no traceback; exit 5
(an internal error caught by the guard) counts as a failure, since it is a
Python exception that escaped. The budget is small in `make test`
(VCSPEC_FUZZ unset: 15 examples per target, derandomized, so CI is stable)
and large with `make fuzz` (VCSPEC_FUZZ=N examples per target, random).
With VCSPEC_FUZZ_LOG=FILE each input is appended to FILE (a JSON line)
before it runs, so a run killed from outside (out of memory, a hang) still
names the input that did it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vcspec.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "specs" / "examples").glob("*.vcspec"))
SMALL = [ROOT / "specs" / "examples" / "covc.vcspec",
         ROOT / "tests" / "golden" / "cases" / "check_lasso.vcspec",
         ROOT / "tests" / "golden" / "cases" / "check_monitor.vcspec",
         ROOT / "tests" / "golden" / "cases" / "check_deadlock.vcspec"]
ITF = ROOT / "tests" / "golden" / "cases" / "dot_trace.itf.json"
ITF_SPEC = ROOT / "tests" / "golden" / "cases" / "dot_trace.vcspec"

BUDGET = int(os.environ.get("VCSPEC_FUZZ", "0"))
FUZZ = settings(max_examples=BUDGET or 15, deadline=None, derandomize=not BUDGET,
                suppress_health_check=list(HealthCheck), database=None)
DOCUMENTED = {0, 1, 2, 3, 4}
LOG = os.environ.get("VCSPEC_FUZZ_LOG")


def log(args: list[str], **inputs: object) -> None:
    if LOG:
        with open(LOG, "a", encoding="utf-8") as out:
            out.write(json.dumps({"args": args, **inputs}) + "\n")


def run(args: list[str], **inputs: object):
    log(args, **inputs)
    result = CliRunner().invoke(app, args)
    text = result.output
    assert "Traceback" not in text, (args, text[-2000:])
    assert result.exit_code in DOCUMENTED, (args, result.exit_code, text[-2000:],
                                            repr(result.exception))
    return result


# ------------------------------------------------------------ random options
numbers = st.sampled_from(["0", "-1", "1", "2", "3", "100", "nan", "inf", "-inf", "1e400",
                           "1e-400", "0.5", "abc", "", "99999999999999999999", "2G", "-5M",
                           "1e400M", "0x10"])
names = st.sampled_from(["K", "N", "NVC", "x", "", "K=", "=2", "deadlock", "runtime"])


@st.composite
def check_options(draw) -> list[str]:
    spec = str(draw(st.sampled_from(SMALL)))
    args = [draw(st.sampled_from(["check", "simulate", "lint", "graph"])), spec]
    pool = {
        "--max-states": numbers, "--max-seconds": numbers, "--max-memory": numbers,
        "--depth": numbers, "--engine": st.sampled_from(["explicit", "bmc", "kind", "x"]),
        "--format": st.sampled_from(["text", "json", "sarif", "dot", "svg", ""]),
        "--const": st.builds(lambda n, v: f"{n}={v}", names, numbers),
        "--property": names, "--runs": numbers, "--steps": numbers, "--seed": numbers,
        "--radius": numbers, "--max-nodes": numbers, "--around": st.sampled_from(
            ["true", "false", "Vc[0].st == Active", "x +", ""]),
    }
    for flag in draw(st.lists(st.sampled_from(sorted(pool)), max_size=4)):
        args += [flag, draw(pool[flag])]
    # bounded unless the draw set a limit itself (every command takes them)
    if args[0] == "check" and "--max-states" not in args:
        args += ["--max-states", "3000"]
    seconds = [args[i + 1] for i, flag in enumerate(args[:-1]) if flag == "--max-seconds"]
    if not seconds or _long(seconds[-1]):
        args += ["--max-seconds", "20"]  # the last one counts
    if "--max-memory" not in args:
        args += ["--max-memory", "3G"]
    if args[0] == "graph" and "--format" not in args:
        args += ["--format", "dot"]
    return args + draw(st.lists(st.sampled_from(["--safety-only", "-q", "--coverage",
                                                 "--no-symmetry", "--full"]), max_size=2))


def _long(value: str) -> bool:
    """A valid --max-seconds that is no bound for a fuzz run (99999999999999999999
    with --runs as large is a simulation of centuries, as asked)."""
    try:
        return 60 < float(value) < float("inf")
    except ValueError:
        return False


@FUZZ
@given(check_options())
def test_random_options(args):
    run(args)


# ------------------------------------------------------------ mutated specs
HUGE = ["1000000000", "99999999999999999999", "-1", "0", "2147483648"]


@st.composite
def mutated_spec(draw) -> str:
    text = draw(st.sampled_from(EXAMPLES)).read_text()
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "number", "insert", "swap"]))
        i = draw(st.integers(0, max(0, len(text) - 1)))
        j = min(len(text), i + draw(st.integers(1, 40)))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif kind == "number":
            digits = [k for k, c in enumerate(text) if c.isdigit()]
            if digits:
                k = draw(st.sampled_from(digits))
                text = text[:k] + draw(st.sampled_from(HUGE)) + text[k + 1:]
        elif kind == "insert":
            text = text[:i] + draw(st.sampled_from(
                ["{", "}", "(", ")", "forall x in 2..1: ", "\x1b[31m", "\"", "..", "->",
                 " runtime ", " deadlock ", "import \"x.vcspec\"\n", "\x00", "é"])) + text[i:]
        else:
            text = text[:i] + text[j:j + (j - i)] + text[i:j] + text[j + (j - i):]
    return text


@FUZZ
@given(mutated_spec(), st.sampled_from(["lint", "check", "simulate"]))
def test_mutated_specs(tmp_path_factory, text, command):
    folder = tmp_path_factory.mktemp("spec")
    for example in EXAMPLES:  # the imports of the examples resolve
        (folder / example.name).write_text(example.read_text())
    spec = folder / "mutated.vcspec"
    spec.write_text(text)
    extra = {"check": ["--max-states", "3000", "--max-seconds", "20", "--max-memory", "3G",
                       "--format", "json"],
             "simulate": ["--runs", "3", "--steps", "20"], "lint": []}[command]
    run([command, str(spec), *extra], spec=text)


# ------------------------------------------------------------ mutated ITF
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=True) |
    st.sampled_from(["OnHook", "OffHook", "", "#bigint", "init"]) |
    st.builds(lambda s: {"#bigint": s}, st.sampled_from(["1", "x", "-0", "", "9" * 50])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["#set", "#map", "#tup", "#bigint", "#meta", "tag", "value", "a"]),
        inner, max_size=3),
    max_leaves=8)


@st.composite
def mutated_itf(draw) -> dict:
    data = json.loads(ITF.read_text())
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["state", "meta", "vars", "loop", "step-meta"]))
        if where == "state":
            state = draw(st.sampled_from(data["states"]))
            state[draw(st.sampled_from(sorted(state)))] = draw(json_values)
        elif where == "meta":
            data["#meta"] = draw(json_values)
        elif where == "vars":
            data["vars"] = draw(json_values)
        elif where == "loop":
            data["loop"] = draw(json_values)
        else:
            state = draw(st.sampled_from(data["states"]))
            meta = state.get("#meta") if isinstance(state.get("#meta"), dict) else {}
            meta[draw(st.sampled_from(["mbt::actionTaken", "mbt::nondetPicks", "call",
                                       "index"]))] = draw(json_values)
            state["#meta"] = meta
    return data


@FUZZ
@given(mutated_itf(), st.sampled_from([["--format", "text"], ["--format", "dot"],
                                       ["--chart", "--format", "dot"]]),
       st.booleans())
def test_mutated_itf(tmp_path_factory, data, fmt, with_spec):
    path = tmp_path_factory.mktemp("itf") / "t.itf.json"
    path.write_text(json.dumps(data))
    spec = ["--spec", str(ITF_SPEC)] if with_spec else []
    run(["trace", str(path), *spec, *fmt], itf=data)

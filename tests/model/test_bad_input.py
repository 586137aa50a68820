"""A spec is data: every malformed input gets diagnostics, never a traceback.

Hand-written hostile inputs, then two fuzzers: strings generated from the
grammar (hypothesis.extra.lark) and random token mutations of the
repository's specs. Each input goes through `model.analyse_text` (or
`analyse` for files) and, for some, through `vcspec lint`, which must exit 0
or 3. A crash found here is recorded as a strict xfail (and in KNOWN_CRASHES)
until vcspec/model/ is fixed, then kept as a regression test.
"""

from __future__ import annotations

import functools
import random
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark
from lark.exceptions import VisitError
from typer.testing import CliRunner

from vcspec.cli import app
from vcspec.model import Checked, analyse, analyse_text
from vcspec.model.diagnostics import Diagnostic, Diagnostics
from vcspec.model.parse import parse_source, parser
from vcspec.model.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").glob("**/*.vcspec"))
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)


def checked(result: Checked) -> Checked:
    """The result is a Checked whose diagnostics are Diagnostic values."""
    assert isinstance(result, Checked)
    assert all(isinstance(d, Diagnostic) for d in result.diagnostics)
    assert result.ok == (result.model is not None)
    if not result.ok:
        assert any(d.is_error for d in result.diagnostics)
    return result


def codes(result: Checked) -> set[str]:
    return {d.code for d in checked(result).diagnostics}


def lint(path: Path) -> int:
    result = CliRunner().invoke(app, ["lint", str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 3), result.output
    return result.exit_code


# Crashes the fuzzers may still meet while a fix is pending: each entry has a
# strict xfail test, and the fuzzers skip an input that fails the same way (same
# exception type, same innermost function in vcspec/model/) so that they keep looking
# for new crashes. Every crash found so far is fixed, so this is empty.
KNOWN_CRASHES: set[tuple[type[BaseException], str, str]] = set()


def known_crash(error: BaseException) -> bool:
    inner = error.orig_exc if isinstance(error, VisitError) else error
    frames = [f for f in traceback.extract_tb(inner.__traceback__)
              if Path(f.filename).parent.name == "model"]
    if not frames:
        return False
    where = (Path(frames[-1].filename).name, frames[-1].name)
    return any(isinstance(error, kind) and where == (file, func)
               for kind, file, func in KNOWN_CRASHES)


def fuzz_analyse(text: str, base: Path | None = None) -> None:
    try:
        result = analyse_text(text, base=base)
    except Exception as error:
        if known_crash(error):
            reject()
        raise
    checked(result)


def fuzz_lint(path: Path) -> None:
    result = CliRunner().invoke(app, ["lint", str(path)])
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        if known_crash(error):
            reject()
        raise error
    assert result.exit_code in (0, 3), result.output


# ------------------------------------------------------------------ hand-written inputs
def test_empty_file(tmp_path: Path) -> None:
    checked(analyse_text(""))
    checked(analyse_text("  \n\t\n"))
    (tmp_path / "empty.vcspec").write_text("")
    checked(analyse(tmp_path / "empty.vcspec"))
    assert lint(tmp_path / "empty.vcspec") in (0, 3)


@pytest.mark.parametrize("data", [b"\0\0\0", b"const N = 1\0", b"\xff\xfe\xfd", b"const \xc3\x28",
                                  bytes(range(256))])
def test_binary_junk(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.vcspec"
    path.write_bytes(data)
    assert codes(analyse(path)) == {"VCS105"}
    assert lint(path) == 3


def test_junk_characters_in_text() -> None:
    assert "VCS102" in codes(analyse_text("const N = $"))
    assert "VCS102" in codes(analyse_text("const N = 1\0"))
    assert "VCS102" in codes(analyse_text("const N = \u00e9"))


def test_unterminated_comment_and_string() -> None:
    assert codes(analyse_text("const N = 1 /* no end")) == {"VCS103"}
    assert codes(analyse_text("/*")) == {"VCS103"}
    assert codes(analyse_text('monitor M { always x else "no end')) == {"VCS104"}
    assert codes(analyse_text('monitor M { always x else "no end\n" }')) == {"VCS104"}


@pytest.mark.parametrize("text, code", [
    ("invariant I: " + "(" * 10_000 + "true" + ")" * 10_000, None),  # parentheses do not nest
    ("invariant I: " + "(" * 10_000 + "true", "VCS101"),
    ("invariant I: " + "not " * 10_000 + "true", "VCS106"),
    ("const N = " + "-" * 10_000 + "1", "VCS106"),
    ("const N = " + "[" * 10_000 + "]" * 10_000, "VCS106"),
    ("const N = " + " + ".join(["1"] * 20_000), "VCS106"),
    ("process P { var a: bool action A { " + "if a { " * 5_000 + "a := true" + " }" * 5_000
     + " } }", "VCS106"),
    ("process P { var a: bool action A { " + "if a { " * 5_000, "VCS101"),
    ("type T = " + "set of " * 10_000 + "bool", "VCS106"),
    ("invariant I: " + "forall x in S: " * 5_000 + "true", "VCS106"),
], ids=["parens", "open-parens", "not", "minus", "queues", "sum", "ifs", "open-ifs",
        "set-of", "forall"])
def test_deep_nesting(text: str, code: str | None) -> None:
    result = checked(analyse_text(text))
    if code is None:
        assert result.ok
    else:
        assert code in codes(result)


def test_deep_parentheses_around_a_value_are_fine() -> None:
    result = checked(analyse_text("const N = " + "(" * 10_000 + "1" + ")" * 10_000
                                  + "\nprocess P { var x: 0..N }"))
    assert "VCS106" not in codes(result)


def test_huge_integers() -> None:
    assert "VCS304" in codes(analyse_text("const N = " + "9" * 100_000))
    assert "VCS304" in codes(analyse_text("process P { var x: 0.." + "9" * 100_000 + " }"))
    assert "VCS304" in codes(analyse_text("enum E[" + "9" * 100_000 + "]"))
    checked(analyse_text("const N = 999999999999999999 * 999999999999999999"))
    checked(analyse_text("enum E[1000000000000]\nprocess P { var x: E }"))
    checked(analyse_text("process P { var x: 0..1000000000000  var m: [0..100000000] -> bool }"))


# Found by these tests and fixed in vcspec/model/ (kept as regression tests).
def test_huge_attribute_argument() -> None:
    assert "VCS304" in codes(analyse_text("@rules(" + "9" * 5000 + ") invariant I: true"))


HUGE_CONSTANT = """const A = 999999999999999999
const B = A * A * A * A
const C = B * B * B * B
const D = C * C * C * C
const E = D * D * D * D
process P { var x: 0..E }
"""


def test_huge_computed_constant() -> None:
    assert not checked(analyse_text(HUGE_CONSTANT)).ok


def analyse_in_subprocess(text: str, seconds: float = 10) -> None:
    """Analyse `text` in a child process limited to 800 MB and `seconds`: a hang
    or a memory blow-up fails the test instead of the machine."""
    code = ("import resource, sys; "
            "resource.setrlimit(resource.RLIMIT_AS, (800 << 20, 800 << 20)); "
            "from vcspec.model import analyse_text; analyse_text(sys.stdin.read())")
    subprocess.run([sys.executable, "-c", code], input=text, text=True, cwd=ROOT,
                   timeout=seconds, check=True, capture_output=True)


def test_huge_queue_bound() -> None:
    analyse_in_subprocess("process P { var q: queue of bool max 1000000000000 }")


def test_huge_action_parameter_domain() -> None:
    """The parameter type is checked against the domain limit (VCS311)."""
    analyse_in_subprocess("process P { var x: bool action A(a: 0..1000000000) { x := true } }")


@pytest.mark.parametrize("text", ["const N = count x in 0..100000000: true",
                                  "const N = len(0..100000000)"])
def test_huge_constant_range(text: str) -> None:
    analyse_in_subprocess(text)


def test_minus_undefined_name_in_constant() -> None:
    assert "VCS201" in codes(analyse_text("const C = -x"))
    assert "VCS201" in codes(analyse_text("enum N[-x]"))


def test_monitor_variable_of_undefined_type() -> None:
    assert "VCS201" in codes(analyse_text("monitor M { var x: A }"))
    assert "VCS201" in codes(analyse_text("monitor M { var x: 0 * A..2? }"))


def test_unknown_names() -> None:
    result = analyse_text("invariant I: foo(bar) and baz.qux[1]\nfairness weak Nope, "
                          "strong X.Y\nmonitor M { on Q.R(a) require zz }")
    assert {"VCS201", "VCS205"} <= codes(result)


def test_import_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.vcspec").write_text('import "b.vcspec"\nconst A = 1\n')
    (tmp_path / "b.vcspec").write_text('import "a.vcspec"\nconst B = 2\n')
    assert "VCS204" in codes(analyse(tmp_path / "a.vcspec"))
    assert lint(tmp_path / "a.vcspec") == 3
    (tmp_path / "self.vcspec").write_text('import "self.vcspec"\n')
    assert "VCS204" in codes(analyse(tmp_path / "self.vcspec"))


def test_bad_imports(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("const N = 1\n")
    (tmp_path / "dir.vcspec").mkdir()
    (tmp_path / "junk.vcspec").write_bytes(b"\xff\0")
    (tmp_path / "broken.vcspec").write_text("const = \n")
    cases = {
        'import "missing.vcspec"': "VCS203",
        'import "/etc/passwd.vcspec"': "VCS203",
        f'import "{tmp_path / "notes.txt"}"': "VCS203",
        'import "notes.txt"': "VCS203",
        'import "dir.vcspec"': "VCS203",
        'import "junk.vcspec"': "VCS105",
        'import "broken.vcspec"': "VCS101",
        'import ""': "VCS203",
        'import "../../../../../../etc/x.vcspec"': "VCS203",
    }
    for text, code in cases.items():
        spec = tmp_path / "root.vcspec"
        spec.write_text(text + "\n")
        assert code in codes(analyse(spec)), text
        assert code in codes(analyse_text(text, base=spec)), text
        assert lint(spec) == 3


def test_missing_file(tmp_path: Path) -> None:
    assert "VCS203" in codes(analyse(tmp_path / "nope.vcspec"))
    assert "VCS203" in codes(analyse(tmp_path))


# ------------------------------------------------------------------ fuzzing: the grammar
NAMES = ["x", "y", "v", "P", "A", "N", "Vc", "Idle", "len", "head", "_", "max", "set"]
STRINGS = ['"lib.vcspec"', '"missing.vcspec"', '"/abs.vcspec"', '"x.txt"', '""',
           '"a \\"b\\" \\\\ \\n"', '"cycle.vcspec"']


@functools.cache
def grammar_strategy() -> st.SearchStrategy[str]:
    grammar = Lark((ROOT / "vcspec" / "model" / "grammar.lark").read_text(encoding="utf-8"),
                   parser="lalr")
    explicit = {t.name: st.just(t.pattern.value + " ") for t in grammar.terminals
                if t.pattern.type == "str"}
    explicit.update(
        NAME=st.sampled_from(NAMES).map(lambda n: n + " "),
        # small, or too long to be read (> 18 digits): mid-sized ones make huge
        # ranges (test_huge_action_parameter_domain, test_huge_constant_range)
        INT=st.one_of(st.integers(0, 12), st.integers(10**18, 10**25)).map(lambda n: f"{n} "),
        STRING=st.sampled_from(STRINGS).map(lambda v: v + " "),
        WS=st.sampled_from([" ", "\n", "\t"]),
        LINE_COMMENT=st.just("// c\n"),
        BLOCK_COMMENT=st.just("/* c */ "),
    )
    return from_lark(grammar, explicit=explicit)


@pytest.fixture(scope="module")
def imports_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("fuzz")
    (base / "lib.vcspec").write_text("const LIB = 1\nenum Vc { V1, V2 }\n")
    (base / "cycle.vcspec").write_text('import "cycle.vcspec"\n')
    (base / "x.txt").write_text("not a spec\n")
    return base / "root.vcspec"


@settings(FUZZ, max_examples=300)
@given(text=grammar_strategy())
def test_grammar_generated_inputs(imports_dir: Path, text: str) -> None:
    fuzz_analyse(text, imports_dir)


@settings(FUZZ, max_examples=60)
@given(text=grammar_strategy())
def test_grammar_generated_inputs_through_lint(imports_dir: Path, text: str) -> None:
    imports_dir.write_text(text, encoding="utf-8")
    fuzz_lint(imports_dir)


# ------------------------------------------------------------------ fuzzing: mutations
@functools.cache
def spec_tokens() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, tokens as (start, end, type)) of every repository spec, read once;
    a spec longer than WINDOW characters also gives its runs of consecutive
    declarations that fit in WINDOW (mutating a 35 kB spec is slow)."""
    out = []
    for path in SPECS:
        text = path.read_text(encoding="utf-8")
        tree = parse_source(SourceFile(str(path), text), Diagnostics())
        if tree is None:  # a spec being edited right now: skip it
            continue
        tokens = [(t.start_pos, t.end_pos, t.type) for t in parser().lex(text)]
        if len(text) <= WINDOW:
            out.append((text, tokens))
            continue
        decls = [d.span for d in tree.decls]
        for i, first in enumerate(decls):
            last = first
            for d in decls[i + 1:]:
                if d.end - first.start > WINDOW:
                    break
                last = d
            piece = text[first.start:last.end]
            out.append((piece, [(a - first.start, b - first.start, k) for a, b, k in tokens
                                if first.start <= a and b <= last.end]))
    return out


WINDOW = 4000

JUNK = ["{", "}", "(", ")", "[", "]", ",", ":", ":=", "..", "-", "not", "in", "if", "else",
        "forall x in", "0", "99999999999999999999", '"', "/*", "*/", "//", "@", "\0", "\u00e9",
        "\n", "process", "action", "var", "when", "none", "leadsto", "always", "-1", "1 / 0"]


def mutate(text: str, spans: list[tuple[int, int, str]], rng: random.Random, count: int) -> str:
    """Delete, duplicate, swap or replace tokens, or insert junk. `retype`
    replaces a token by another of the same kind (a name by a name, ...), which
    often keeps the spec parsable and so reaches the later phases."""
    tokens = [text[a:b] for a, b, _ in spans]
    kinds = [k for _, _, k in spans]
    gaps = [text[b:spans[i + 1][0]] for i, (_, b, _) in enumerate(spans[:-1])]
    gaps.append(text[spans[-1][1]:])
    for _ in range(count):
        if not tokens:
            break
        i = rng.randrange(len(tokens))
        op = rng.choice(["delete", "duplicate", "swap", "replace", "insert", "retype",
                         "retype"])
        if op == "delete":
            del tokens[i], gaps[i], kinds[i]
        elif op == "duplicate":
            tokens.insert(i, tokens[i])
            kinds.insert(i, kinds[i])
            gaps.insert(i, " ")
        elif op == "swap" and i + 1 < len(tokens):
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
            kinds[i], kinds[i + 1] = kinds[i + 1], kinds[i]
        elif op == "replace":
            j = rng.randrange(len(tokens))
            tokens[i], kinds[i] = tokens[j], kinds[j]
        elif op == "retype":
            tokens[i] = rng.choice([t for t, k in zip(tokens, kinds, strict=True)
                                    if k == kinds[i]])
        else:
            tokens.insert(i, rng.choice(JUNK))
            kinds.insert(i, "JUNK")
            gaps.insert(i, " ")
    return text[:spans[0][0]] + "".join(t + g for t, g in zip(tokens, gaps, strict=True))


@settings(FUZZ, max_examples=2000)
@given(spec=st.integers(0, 10**6), seed=st.integers(0, 2**32), count=st.integers(1, 4))
def test_mutated_specs(spec: int, seed: int, count: int) -> None:
    specs = spec_tokens()
    text, spans = specs[spec % len(specs)]
    fuzz_analyse(mutate(text, spans, random.Random(seed), count))


@settings(FUZZ, max_examples=100)
@given(spec=st.integers(0, 10**6), seed=st.integers(0, 2**32), count=st.integers(1, 3))
def test_mutated_specs_through_lint(tmp_path_factory, spec: int, seed: int,
                                    count: int) -> None:
    specs = spec_tokens()
    text, spans = specs[spec % len(specs)]
    path = tmp_path_factory.getbasetemp() / "mutant.vcspec"
    path.write_text(mutate(text, spans, random.Random(seed), count), encoding="utf-8")
    fuzz_lint(path)


def test_mutation_helper_keeps_unmutated_text() -> None:
    for text, spans in spec_tokens():
        assert mutate(text, spans, random.Random(0), 0) == text

"""The canonical formatter (vcspec/model/format/): parse -> format -> parse gives an
equal tree, formatting is idempotent, and comments survive."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.format import WIDTH, format_source
from vcspec.model.parse import keywords, parse_source, parser
from vcspec.model.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").glob("**/*.vcspec"))


def parse(text: str) -> s.SpecFile:
    diags = Diagnostics()
    tree = parse_source(SourceFile("<test>", text), diags)
    assert tree is not None, [f"{d.span}: {d.message}" for d in diags.items] + [text]
    return tree


def fmt(text: str) -> str:
    return format_source(parse(text))


def comment_texts(tree: s.SpecFile) -> Counter:
    """The words of the comments, as a multiset: the formatter may re-indent a
    block comment's lines, strips trailing blanks, and two comments that end
    up on one line after code from two lines was joined become one `// a // b`."""
    return Counter(word for c in tree.comments for word in c.text.split()
                   if word not in ("//", "/*", "*/"))


def check_round_trip(text: str) -> str:
    """parse -> format -> parse is the same tree, format is idempotent, and
    every comment is still there. Returns the formatted text."""
    tree = parse(text)
    once = format_source(tree)
    again_tree = parse(once)
    assert again_tree == tree, once
    assert comment_texts(again_tree) == comment_texts(tree), once
    twice = format_source(again_tree)
    assert twice == once, f"not idempotent:\n{once}\n----\n{twice}"
    return once


# ------------------------------------------------------------------ the repository's specs
@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_spec_round_trips(path: Path) -> None:
    once = check_round_trip(path.read_text(encoding="utf-8"))
    assert once.endswith("\n") and "\n\n\n" not in once
    assert all(line == line.rstrip() for line in once.splitlines())


def test_repository_has_specs() -> None:
    assert SPECS, "no specs/**/*.vcspec found"


# ------------------------------------------------------------------ constructs
SNIPPETS = [
    "",
    "spec Empty",
    'spec S\nimport "other.vcspec"\nimport "dir/x y.vcspec"',
    "const N = 2\nconst B = true\nconst V = MCM\nconst M = -1",
    "enum Call { Idle, Outgoing, Closed }\nsymmetric enum Vc { vc1, vc2, }\n"
    "symmetric enum W[NVC]\nenum R[N + 1]\nenum Q[(N / 2)]\nenum P[-(1 - N) * 2]",
    "type Msg = record { kind: Kind, seq: 0..1 }\ntype T = [Vc] -> set of 0..N-1\n"
    "type U = queue of Msg? max N * 2\ntype M = [[A] -> bool] -> [B] -> record { f: T? }\n"
    "type O = 0..(N / 2)\ntype P = -N..(-N)\ntype Q = 0..(N + 1) * 2\ntype R = (A)..B\n"
    "type S = set of queue of bool max 3",
    "def busy(v: Vc): bool = Ndis.call[v] in {Idle, Closing}\ndef ready: bool = true\n"
    "def none_(): 0..3 = 1\ndef two(a: A, b: B?): [A] -> B = m",
    "process P {}\nprocess Q[p: 0..N-1] {}\nprocess R {\n  var x: bool\n}",
    """process Phil[p: Id] {
      var mode: Mode = Thinking
      var forks: 0..2 in 0..2
      var s: set of Id in {{}, {1}}
      var m: [Vc] -> Call = Idle
      action A {}
      action B() {}
      action C(v: Vc, s: Status) when v != s { x := 1 ; y := 2 }
      action D when true {
        Ndis.call[v] := Closed
        r.f := e
        m[k].f := e
        push(q, e)
        pop(q)
        let y = e
        if c { x := 1 } else if d { x := 2 } else if e {} else { x := 3 }
        if c {} else {}
        if c {}
        if if a then b else c { }
      }
    }""",
    """@rules(R63, R64)
    invariant NoData: forall v in Vc: a implies b
    @rules @doc("a \\"quoted\\" \\\\ word\\n", 7, spec)
    temporal T: always eventually x == 0
    temporal L: forall v in Vc: p(v) leadsto q(v)
    terminal: true
    terminal Done: forall v in Vc: Ndis.call[v] == Idle
    fairness weak Client, weak CallManager, strong Client.NdisClCloseCall""",
    """@rules(R50)
    monitor OnlyCreatorDeletes {
      var closed: set of Vc = {}
      on Client.NdisCoDeleteVc(v) require Ndis.creator[v] == Client else "only the creator"
      on Client.Send(v, _) when v in closed require false else "send after close"
      on Client.NdisClCloseCall(v) { closed := closed union {v} }
      on C.Foo(v) ensure Ndis.call[v] == Idle else "..." require a ensure b
      on C.Bar() {}
      on C.Baz()
      always len(closed) <= 2 else "..."
      always always p
    }
    monitor Empty {}""",
]

EXPRESSIONS = [
    "(a or b) and c",
    "a or b and c",
    "-(x - 1)",
    "- -x",
    "a - -b",
    "a - (b - c)",
    "a - b - c",
    "a / (b * c)",
    "(count v in S: p(v)) + 1",
    "(count v in S: p(v)) <= 1",
    "x == (count v in S: p(v))",
    "(forall x in S: p) and q",
    "q and (forall x in S: p)",
    "(forall x in S: p) leadsto q",
    "q leadsto forall x in S: p",
    "(if a then forall x in S: p else q) leadsto r",
    "(if a then b else forall x in S: p) leadsto r",
    "if a then b else c leadsto r",
    "(always forall x in S: p) leadsto q",
    "always p leadsto eventually q",
    "(a leadsto b) leadsto c",
    "(if a then b else c) + 1",
    "1 + (if a then b else c)",
    "if a then b else if c then d else e",
    "if (if a then b else c) then d else e",
    "if a then (b leadsto c) else (d leadsto e)",
    "f(if a then b else c, forall x in S: p)",
    "(a == b) == c",
    "a == (b == c)",
    "(a < b) in S",
    "a not in S",
    "not (a in S)",
    "not a in S",
    "not not a",
    "(not a).f",
    "(a + b)[c]",
    "-a.f[k]",
    "(-a).f",
    "a implies b implies c",
    "(a implies b) implies c",
    "(a .. b) .. c",
    "a..b",
    "0..N-1",
    "0..(N - 1)",
    "x in 0..N-1",
    "(x in S)..1",
    "1..-1",
    "a union b inter c",
    "(a union b) inter c",
    "a subseteq b union c",
    "{}",
    "[]",
    "{a, b}",
    "{x in S}",
    "{x in S where x > 1}",
    "{x in (a in b) where c}",
    "{x + 1 for x in S, y in 0..N}",
    "{forall x in S: p for y in T}",
    "{f: 1, g: A}",
    "{f: {g: {}}}",
    "[a, b]",
    "[e for v in Vc]",
    "[[e for v in Vc] for w in W]",
    "head(q).f",
    "len(q) - 1",
    "min(a, b) * max(c, d)",
    "Phil[i].state",
    "Call.Idle",
    "(a and b) or (c and d)",
    "a and (b or c) and d",
    "always (a leadsto b)",
    "eventually always p",
    "exists x in S, y in T: count z in U: z == x",
    "forall x in (forall y in S: p): q",
    "(exists x in S: p) implies q",
    "a implies (exists x in S: p)",
    "a % b % c",
    "a % (b % c)",
    "-(count x in S: p)",
    "-(a.b)",
    "x.f.g[1][2]",
    "f()",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_construct_round_trips(text: str) -> None:
    check_round_trip(text)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_expression_round_trips(text: str) -> None:
    check_round_trip(f"invariant I: {text}")
    check_round_trip(f"process P {{ action A when {text} {{ x := {text} }} }}")


@pytest.mark.parametrize("text, canonical", [
    ("((a or b)) and c", "(a or b) and c"),
    ("(a) or ((b) and (c))", "a or (b and c)"),
    ("-(x-1)", "-(x - 1)"),
    ("((count v in S: p(v)))+1", "(count v in S: p(v)) + 1"),
    ("(forall x in S: p)and q", "(forall x in S: p) and q"),
    ("a - (b + c)", "a - (b + c)"),
    ("(a - b) + c", "a - b + c"),
    ("a implies (b implies c)", "a implies b implies c"),
    ("(a implies b) implies c", "(a implies b) implies c"),
    ("x in 0 .. N - 1", "x in 0..N-1"),
    ("(if a then b else c) leadsto d", "if a then b else c leadsto d"),
    ("not(a)", "not a"),
    ("{ a,b }", "{a, b}"),
    ("[ a,b ]", "[a, b]"),
    ("{f:1}", "{f: 1}"),
    ("(f(x)).y", "f(x).y"),
    ("a not  in S", "a not in S"),
])
def test_minimal_parentheses(text: str, canonical: str) -> None:
    assert fmt(f"invariant I: {text}") == f"invariant I: {canonical}\n"


def test_canonical_layout() -> None:
    source = """spec   Demo
const N=2
const M = 3
enum E {A,B}
type T = 0..N
process P[p:0..N-1]{var x:bool=false
var y : T
action A(v:T) when x{x:=true
if x {y:=1} else {}}
action B {}}
invariant I: x
"""
    assert fmt(source) == """spec Demo

const N = 2
const M = 3

enum E { A, B }
type T = 0..N

process P[p: 0..N-1] {
  var x: bool = false
  var y: T

  action A(v: T) when x {
    x := true
    if x {
      y := 1
    } else {}
  }

  action B {}
}

invariant I: x
"""


def test_strings_are_escaped() -> None:
    tree = parse('monitor M { always x else "a \\"b\\" c\\\\d" }')
    assert tree.decls[0].items[0].message == 'a "b" c\\d'
    assert format_source(tree) == 'monitor M {\n  always x else "a \\"b\\" c\\\\d"\n}\n'
    message = 'line one\nline "two"'
    tree = s.SpecFile(None, (s.Monitor("M", (s.MonitorAlways(s.Name("x"), message),)),))
    assert "\\n" in format_source(tree)
    assert parse(format_source(tree)) == tree


def test_string_with_backslash_n_round_trips() -> None:
    tree = parse('monitor M { always x else "\\\\n" }')
    assert tree.decls[0].items[0].message == "\\n"


# ------------------------------------------------------------------ long lines
def test_long_guard_breaks_before_and() -> None:
    cond = " and ".join(f"long_variable_name_{i} == {i}" for i in range(6))
    text = fmt(f"process P {{ action A when {cond} {{ x := 1 }} }}")
    lines = text.splitlines()
    assert all(len(line) <= WIDTH for line in lines), text
    assert lines[1:4] == ["  action A",
                          "      when long_variable_name_0 == 0",
                          "      and long_variable_name_1 == 1"]
    assert lines[7] == "      and long_variable_name_5 == 5 {"
    assert lines[8] == "    x := 1"
    check_round_trip(text)


def test_long_invariant_breaks_quantifier_then_chain() -> None:
    body = " or ".join(f"(Vc[i].state_{k} == Value{k} and Vc[i].count_{k} > {k})"
                       for k in range(3))
    text = fmt(f"invariant Inv: forall i in 0..K-1: {body}")
    assert text.splitlines()[:3] == [
        "invariant Inv:",
        "  forall i in 0..K-1:",
        "    (Vc[i].state_0 == Value0 and Vc[i].count_0 > 0)",
    ]
    assert text.splitlines()[3].startswith("    or (Vc[i].state_1")
    assert all(len(line) <= WIDTH for line in text.splitlines()), text
    check_round_trip(text)


def test_long_if_expression_breaks_before_else() -> None:
    text = fmt("def f(x: T): T = if x == first_very_long_name_aaaaaaaaaaaaaaaaaaaa then "
               "second_very_long_name_bbbbbbbbbbbbbbbbbbb else if x == y then c else d")
    assert text.splitlines() == [
        "def f(x: T): T =",
        "  if x == first_very_long_name_aaaaaaaaaaaaaaaaaaaa then second_very_long_name_"
        "bbbbbbbbbbbbbbbbbbb",
        "  else if x == y then c",
        "  else d",
    ]
    check_round_trip(text)


def test_long_enum_fills_lines() -> None:
    members = ", ".join(f"Member{i:02}" for i in range(20))
    text = fmt(f"enum E {{ {members} }}")
    lines = text.splitlines()
    assert lines[0] == "enum E {" and lines[-1] == "}"
    assert all(len(line) <= WIDTH for line in lines)
    check_round_trip(text)


def test_long_rule_puts_clauses_on_lines() -> None:
    text = fmt('monitor M { on P.A(v) when v in closed require forall w in Vc: state[w] == '
               'Idle or state[w] == Closing else "a long message that does not fit" '
               "{ x := 1 } }")
    assert text.splitlines() == [
        "monitor M {",
        "  on P.A(v)",
        "      when v in closed",
        "      require forall w in Vc: state[w] == Idle or state[w] == Closing",
        '      else "a long message that does not fit" {',
        "    x := 1",
        "  }",
        "}",
    ]
    check_round_trip(text)


def test_long_leadsto_and_implies() -> None:
    left = " and ".join(f"aaaaaaaaaa{i}" for i in range(5))
    right = " or ".join(f"bbbbbbbbbb{i}" for i in range(5))
    text = fmt(f"temporal T: forall x in S: {left} leadsto {right}")
    assert "  leadsto " in text
    check_round_trip(text)
    text = fmt(f"invariant I: {left} implies {right} implies {left}")
    assert text.count("implies") == 2
    check_round_trip(text)


def test_long_parenthesised_operand_breaks_inside() -> None:
    inner = " or ".join(f"(bbbbbbbbbbbbbbbbbbbbbb{i} and cccccccccccccccc{i})" for i in range(3))
    text = fmt(f"def f: bool = aaaa and ({inner}) and dddd")
    assert text.splitlines() == [
        "def f: bool =",
        "  aaaa",
        "  and ((bbbbbbbbbbbbbbbbbbbbbb0 and cccccccccccccccc0)",
        "       or (bbbbbbbbbbbbbbbbbbbbbb1 and cccccccccccccccc1)",
        "       or (bbbbbbbbbbbbbbbbbbbbbb2 and cccccccccccccccc2))",
        "  and dddd",
    ]
    check_round_trip(text)


def test_long_then_goes_on_its_own_line() -> None:
    then = " and ".join(f"then_operand_{i}" for i in range(6))
    text = fmt(f"def f: bool = if condition then {then} else other")
    assert text.splitlines() == [
        "def f: bool =",
        "  if condition",
        "  then then_operand_0",
        *[f"       and then_operand_{i}" for i in range(1, 6)],
        "  else other",
    ]
    check_round_trip(text)


def test_long_fairness_and_record_type() -> None:
    items = ", ".join(f"weak Process{i}.SomeLongActionName{i}" for i in range(6))
    text = fmt(f"fairness {items}")
    lines = text.splitlines()
    assert len(lines) == 3 and all(len(line) <= WIDTH for line in lines)
    assert lines[1].startswith("         weak Process")
    check_round_trip(text)
    fields = ", ".join(f"field_number_{i}: 0..{i}" for i in range(8))
    text = fmt(f"type R = record {{ {fields} }}")
    assert text.splitlines()[:2] == ["type R = record {", "  field_number_0: 0..0,"]
    check_round_trip(text)


def test_long_comprehension_and_message() -> None:
    body = "if party_state[v][q] == Adding then PartyActive else party_state[v][q]"
    text = fmt(f"process P {{ action A {{ party_state[v] := [{body} for q in Party] }} }}")
    assert text.splitlines()[2:4] == [
        f"    party_state[v] := [{body}",
        "                       for q in Party]",
    ]
    check_round_trip(text)
    text = fmt('monitor M { on P.A(v) require state[v] in {Connected, IncomingClose} '
               'else "a message long enough to push the rule over the width" }')
    assert text.splitlines()[1:4] == [
        "  on P.A(v)",
        "      require state[v] in {Connected, IncomingClose}",
        '      else "a message long enough to push the rule over the width"',
    ]
    check_round_trip(text)


def test_spec_header_and_imports_group() -> None:
    assert fmt('spec S\nimport "a.vcspec"\nimport "b.vcspec"\nconst N = 1') == \
        'spec S\nimport "a.vcspec"\nimport "b.vcspec"\n\nconst N = 1\n'


def test_variable_named_like_a_keyword() -> None:
    """`x := a; union := b` needs its `;`: without it, `a union ...` is read."""
    text = ("process P { var x: bool var union: bool var max: [bool] -> bool action A {"
            " x := true; union := false; max[true] := x; if x {} union := true } }")
    out = check_round_trip(text)
    assert "    x := true;\n    union := false;\n    max[true] := x\n" in out
    assert "    if x {}\n    union := true\n" in out


# ------------------------------------------------------------------ comments
COMMENTED = """/* Header comment
   spanning lines. */
spec Demo  // trailing the header

// Sizes
const N = 2  // two
const M = 3

// a section

/* about P */
process P {  // opens P
  // leading a var
  var x: bool   // the flag
  var yy: 0..N  // aligned

  action A when x {  // opens A
    // leading a statement
    x := false  // trailing a statement
    if x {
      // only a comment
    } else {  // else opens
      x := true
      // end of the else block
    }
    // end of A's block
  }

  action Empty {
    /* nothing to do */
  }
  // end of P
}

/* moved out of I */
invariant I: x  // trailing I
// end of file
"""


def test_comments_in_every_position_are_kept_in_place() -> None:
    assert check_round_trip(COMMENTED) == COMMENTED
    assert check_round_trip(COMMENTED.replace("\n\n", "\n\n\n")) == COMMENTED


def test_comments_inside_an_item_stay_on_their_line() -> None:
    # the item fits on one line: its comments trail it
    text = "invariant I: a // why a\n  and b /* why b */ and c\nconst N = 1\n"
    assert check_round_trip(text) == \
        "invariant I: a and b and c  // why a /* why b */\n\nconst N = 1\n"
    text = "process P // name\n{ action A(x: T) /* params */ when x { y := 1 } }\n"
    assert check_round_trip(text) == (
        "process P {  // name\n  action A(x: T) when x {  /* params */\n    y := 1\n  }\n}\n")
    # a broken item: each comment stays with its operand
    long = "very_long_operand_name_to_force_a_break"
    text = (f"def f(v: Vc): bool =\n  {long}1      // first\n  and {long}2  // second\n"
            f"  // before the third\n  and {long}3\n")
    assert check_round_trip(text) == text
    text = (f"process P {{\n  action A(v: Vc)\n      // before when\n      when {long}1\n"
            f"      and {long}2\n      and x {{  // on the opener\n    x := 1\n  }}\n}}\n")
    assert check_round_trip(text) == text


def test_commented_enum_keeps_its_lines() -> None:
    text = """enum Call {  // call phase
  Idle,     // no call
  Pending,  // waiting
  // closing states
  Closing, Closed,  // both
  /* the last one */
  Gone
}
"""
    assert check_round_trip(text) == text
    assert check_round_trip("enum E { A, // a\n B }") == "enum E {\n  A,  // a\n  B\n}\n"


def test_commented_record_type_gets_one_field_per_line() -> None:
    text = "type Msg = record { kind: Kind, // what\n seq: 0..1 }"
    assert check_round_trip(text) == (
        "type Msg = record {\n  kind: Kind,  // what\n  seq: 0..1,\n}\n")


def test_two_trailing_line_comments_on_one_line_merge() -> None:
    text = "invariant I: a // one\n and b // two\n"
    assert check_round_trip(text) == "invariant I: a and b  // one // two\n"
    text = "invariant I: a // one\n and b /* two\n lines */ and c\n"
    assert check_round_trip(text) == "/* two\n lines */\ninvariant I: a and b and c  // one\n"


def test_comments_between_blocks_of_an_if_stay_in_the_block() -> None:
    text = "process P { action A { if a { x := 1 } // after then\n else { x := 2 } } }"
    assert check_round_trip(text) == (
        "process P {\n  action A {\n    if a {\n      x := 1\n      // after then\n"
        "    } else {\n      x := 2\n    }\n  }\n}\n")


def test_block_comment_is_reindented() -> None:
    text = "process P {\n        /* one\n           two */\n  var x: bool\n}\n"
    assert check_round_trip(text) == "process P {\n  /* one\n     two */\n  var x: bool\n}\n"


def test_comment_only_files() -> None:
    assert check_round_trip("// just a comment\n") == "// just a comment\n"
    assert check_round_trip("/* a */ // b\n\n\n// c   \n") == "/* a */ // b\n\n// c\n"


def test_crlf_source() -> None:
    text = "const N = 1 // one\r\n/* a\r\n   b */\r\nconst M = 2\r\n"
    assert check_round_trip(text) == "const N = 1  // one\n\n/* a\n   b */\nconst M = 2\n"


@functools.cache
def spec_texts() -> list[str]:
    """The repository's specs that parse, read once (others may edit them
    meanwhile); a spec over 4000 characters gives its runs of consecutive
    declarations that fit in 4000 characters instead (faster to format)."""
    texts = []
    for path in SPECS:
        text = path.read_text(encoding="utf-8")
        tree = parse_source(SourceFile(str(path), text), Diagnostics())
        if tree is None:
            continue
        if len(text) <= 4000:
            texts.append(text)
            continue
        spans = [d.span for d in tree.decls]
        for i, first in enumerate(spans):
            last = first
            for span in spans[i + 1:]:
                if span.end - first.start > 4000:
                    break
                last = span
            texts.append(text[first.start:last.end])
    return texts


def tokens(text: str) -> list[tuple[int, int]]:
    return [(t.start_pos, t.end_pos) for t in parser().lex(text)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_comments_inserted_anywhere_survive(data) -> None:
    """Comments dropped between any two tokens of a repository spec: the tree
    is unchanged, the formatter keeps every comment and is idempotent."""
    text = data.draw(st.sampled_from(spec_texts()))
    bounds = sorted({end for _, end in tokens(text)} | {0})
    where = data.draw(st.lists(st.sampled_from(bounds), min_size=1, max_size=8, unique=True))
    pieces, last = [], 0
    for i, pos in enumerate(sorted(where)):
        kind = data.draw(st.sampled_from(["line", "block", "block-lines", "own-line"]))
        comment = {"line": f" // c{i}\n", "block": f" /* c{i} */ ",
                   "block-lines": f"/* c{i}\n     more */", "own-line": f"\n// c{i}\n"}[kind]
        pieces += [text[last:pos], comment]
        last = pos
    pieces.append(text[last:])
    commented = "".join(pieces)
    assert parse(commented) == parse(text)
    check_round_trip(commented)


# ------------------------------------------------------------------ random trees
KEYWORDS = keywords()
NAME_LIST = ["a", "b", "x", "Vc", "S", "f", "_", "n1", "Idle", "len", "spec_"]
NAMES = st.sampled_from(NAME_LIST)
STRINGS = st.text(st.sampled_from('ab "\\n\n{}é'), max_size=8).filter(lambda v: "\\n" not in v)


def tuples(strategy, min_size=0, max_size=3):
    return st.lists(strategy, min_size=min_size, max_size=max_size).map(tuple)


def exprs(max_leaves: int = 8, names=NAMES):
    leaves = st.one_of(
        st.integers(0, 10**12).map(s.IntLit),
        st.booleans().map(s.BoolLit),
        st.just(s.NoneLit()),
        names.map(s.Name),
    )

    def extend(sub):
        binder = st.builds(s.Binder, NAMES, sub)
        return st.one_of(
            st.builds(s.Field, sub, names),
            st.builds(s.Index, sub, sub),
            st.builds(s.Call, names, tuples(sub)),
            st.builds(s.Unary, st.sampled_from(["not", "-"]), sub),
            st.builds(s.Binary, st.sampled_from(sorted(OPS)), sub, sub),
            st.builds(s.Quant, st.sampled_from(["forall", "exists", "count"]),
                      tuples(binder, 1, 2), sub),
            st.builds(s.IfExpr, sub, sub, sub),
            st.builds(s.TemporalOp, st.sampled_from(["always", "eventually"]), sub),
            st.builds(s.SetLit, tuples(sub)),
            st.builds(s.SetFilter, binder, sub),
            st.builds(s.QueueFilter, binder, sub),
            st.builds(s.SetMap, sub, tuples(binder, 1, 2)),
            st.builds(s.RecordLit, tuples(st.tuples(NAMES, sub), 1, 2)),
            st.builds(s.QueueLit, tuples(sub)),
            st.builds(s.MapLit, sub, binder),
        )

    return st.recursive(leaves, extend, max_leaves=max_leaves)


OPS = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "notin", "subseteq",
       "union", "inter", "and", "or", "implies", "..", "leadsto"}
EXPR = exprs()
SMALL = exprs(3)


def bounds():
    leaves = st.one_of(st.integers(0, 99).map(s.IntLit), NAMES.map(s.Name), SMALL)
    return st.recursive(leaves, lambda sub: st.one_of(
        st.builds(s.Binary, st.sampled_from(["+", "-", "*"]), sub, sub),
        st.builds(s.Unary, st.just("-"), sub)), max_leaves=4)


BOUND = bounds()


def types():
    base = st.one_of(st.just(s.BoolType()), NAMES.map(s.NamedType),
                     st.builds(s.RangeType, BOUND, BOUND))
    leaves = st.one_of(base, base.map(s.OptionType))
    return st.recursive(leaves, lambda sub: st.one_of(
        st.builds(s.MapType, sub, sub),
        st.builds(s.SetType, sub),
        st.builds(s.QueueType, sub, BOUND),
        st.builds(s.RecordType, tuples(st.builds(s.FieldDecl, NAMES, sub), 1, 3)),
    ), max_leaves=4)


TYPE = types()
PARAMS = st.none() | tuples(st.builds(s.Param, NAMES, TYPE))


def lvalues():
    return st.recursive(NAMES.map(s.Name), lambda sub: st.one_of(
        st.builds(s.Field, sub, NAMES), st.builds(s.Index, sub, SMALL)), max_leaves=3)


LVALUE = lvalues()


def statements():
    simple = st.one_of(
        st.builds(s.Assign, LVALUE, EXPR),
        st.builds(s.Push, LVALUE, SMALL),
        st.builds(s.Pop, LVALUE),
        st.builds(s.Let, NAMES, SMALL),
    )

    def extend(sub):
        block = st.builds(s.Block, tuples(sub))
        return st.deferred(lambda: st.builds(
            s.If, SMALL, block, st.none() | block | st.builds(s.If, SMALL, block, st.none())))

    return st.recursive(simple, extend, max_leaves=4)


BLOCK = st.builds(s.Block, tuples(statements()))
VAR = st.builds(s.Var, NAMES, TYPE, st.none() | SMALL, st.booleans()).map(
    lambda v: v if v.init is not None or not v.choice else
    s.Var(v.name, v.type, None, False))
ATTRS = tuples(st.builds(s.Attribute, NAMES, tuples(
    st.integers(0, 999) | NAMES | STRINGS)), max_size=2)
CHECK = st.builds(s.Check, st.sampled_from(["require", "ensure"]), SMALL,
                  st.none() | STRINGS)
DECL = st.one_of(
    st.builds(s.Import, STRINGS),
    st.builds(s.Const, NAMES, EXPR),
    st.builds(s.Enum, NAMES, tuples(NAMES, 1, 4), st.none(), st.booleans()),
    st.builds(s.Enum, NAMES, st.none(), BOUND, st.booleans()),
    st.builds(s.TypeAlias, NAMES, TYPE),
    st.builds(s.Def, NAMES, PARAMS, TYPE, EXPR),
    st.builds(s.Process, NAMES, st.none() | st.builds(s.Param, NAMES, TYPE), tuples(
        VAR | st.builds(s.Action, NAMES, PARAMS, st.none() | EXPR, BLOCK))),
    st.builds(s.Invariant, NAMES, EXPR, ATTRS),
    st.builds(s.Temporal, NAMES, EXPR, ATTRS),
    st.builds(s.Monitor, NAMES, tuples(
        VAR | st.builds(s.MonitorAlways, SMALL, st.none() | STRINGS)
        | st.builds(s.OnRule, NAMES, NAMES, tuples(NAMES), st.none() | SMALL,
                    tuples(CHECK), st.none() | BLOCK)), ATTRS),
    st.builds(s.Fairness, tuples(st.builds(
        s.FairnessItem, st.sampled_from(["weak", "strong"]), NAMES, st.none() | NAMES), 1)),
    st.builds(s.Terminal, st.none() | NAMES, EXPR),
)
SPEC = st.builds(s.SpecFile, st.none() | NAMES.map(s.SpecHeader), tuples(DECL, 0, 4))


# long names make long lines: the line-breaking layout gets exercised too
LONG_NAMES = st.sampled_from(["a", "x", "a_rather_long_variable_name", "AnotherLongEnumMember",
                              "some_function_with_a_long_name"])


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(EXPR, exprs(16, LONG_NAMES)))
def test_random_expressions_round_trip(tree: s.Node) -> None:
    spec = s.SpecFile(None, (s.Invariant("I", tree),
                             s.Process("P", None, (s.Action("A", None, tree, s.Block(
                                 (s.Assign(s.Name("x"), tree),))),))))
    text = format_source(spec)
    reparsed = parse(text)
    assert reparsed == spec, text
    assert format_source(reparsed) == text


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(SPEC)
def test_random_specs_round_trip(spec: s.SpecFile) -> None:
    text = format_source(spec)
    reparsed = parse(text)
    assert reparsed == spec, text
    assert format_source(reparsed) == text


def test_keyword_free_names() -> None:
    assert not set(NAME_LIST) & KEYWORDS
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", n) for n in NAME_LIST)

"""The Pygments lexer (vcspec/model/lexer.py) agrees with the grammar and is found by
Pygments through the installed entry point."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, String, Whitespace

from vcspec.model.lexer import BUILTINS, KEYWORDS, VcspecLexer
from vcspec.model.parse import keywords, parser

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").glob("**/*.vcspec"))


def lex(text: str) -> list[tuple[object, str]]:
    return list(VcspecLexer().get_tokens(text))


def test_keywords_are_the_grammars() -> None:
    assert keywords() == KEYWORDS


@pytest.mark.parametrize("word", sorted(keywords()))
def test_every_keyword_is_highlighted_as_one(word: str) -> None:
    (kind, value), *_ = [t for t in lex(f"{word} ") if t[0] not in Whitespace]
    assert value == word
    assert kind in Keyword or kind in Operator.Word


def test_found_by_pygments() -> None:
    assert isinstance(get_lexer_by_name("vcspec"), VcspecLexer)
    assert isinstance(get_lexer_for_filename("x.vcspec"), VcspecLexer)
    assert isinstance(get_lexer_for_filename("specs/condis/condis.vcspec"), VcspecLexer)


def test_entry_point_is_registered() -> None:
    found = [ep for ep in entry_points(group="pygments.lexers") if ep.value ==
             "vcspec.model.lexer:VcspecLexer"]
    assert found and found[0].load() is VcspecLexer


def test_token_kinds() -> None:
    text = ('@rules(R63, 7, "x") invariant Inv: forall v in Vc: len(q) >= 10 // c\n'
            '/* multi\n line */ monitor M { always x != none else "a \\"q\\"" }\n'
            "process P { var q: queue of T max N  action A { x := max(a, b) } }")
    tokens = [(k, v) for k, v in lex(text) if k not in Whitespace]
    kinds = dict((v, k) for k, v in reversed(tokens))
    assert kinds["@"] and kinds["rules"] in Name.Decorator
    assert kinds["invariant"] in Keyword.Declaration and kinds["Inv"] in Name.Label
    assert kinds["forall"] in Keyword and kinds["in"] in Operator.Word
    assert kinds["len"] in Name.Builtin and kinds["10"] in Number
    assert kinds["// c"] in Comment.Single
    assert all(k in Comment.Multiline for k, v in tokens
               if v in ("/*", "*/") or "multi" in v)
    assert kinds["none"] in Keyword.Constant and kinds["queue"] in Keyword.Type
    assert kinds["M"] in Name.Class and kinds["A"] in Name.Function
    assert kinds['\\"'] in String.Escape
    assert kinds[":="] in Operator
    maxes = [k for k, v in tokens if v == "max"]
    assert maxes[0] in Keyword and maxes[1] in Name.Builtin
    assert set(BUILTINS) >= {"len", "head", "max"}


@pytest.mark.parametrize("text", ['"open string\nconst N = 1', "/* open comment", "$ \u00e9 \0 #",
                                  '"a\\"', "@", "x..y:=-1->"])
def test_any_input_lexes(text: str) -> None:
    """Broken input still lexes: nothing raises, no text is lost."""
    tokens = lex(text)
    assert "".join(v for _, v in tokens).rstrip("\n") == text.rstrip("\n")


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_spec_lexes_like_the_grammar(path: Path) -> None:
    """Every spec lexes without error tokens, and the significant tokens are
    the grammar lexer's (keywords highlighted as keywords)."""
    text = path.read_text(encoding="utf-8")
    tokens = lex(text)
    assert "".join(v for _, v in tokens).rstrip("\n") == text.rstrip("\n")
    assert not [v for k, v in tokens if k in Error]
    significant: list[tuple[object, str]] = []
    previous = None
    for kind, value in tokens:
        if kind in String and previous in String:  # the pieces of one string literal
            significant[-1] = (String, significant[-1][1] + value)
        elif not (kind in Whitespace or kind in Comment or not value.strip()):
            significant.append((kind, value))
        previous = kind
    grammar = list(parser().lex(text))
    assert [v for _, v in significant] == [str(t) for t in grammar]
    words = keywords()
    for (kind, value), token in zip(significant, grammar, strict=True):
        if token.type != "NAME" and value in words:
            assert kind in Keyword or kind in Operator.Word, (value, kind)
        if token.type == "NAME" and value not in words:
            assert kind in Name, (value, kind)

"""Text -> syntax tree, with every failure turned into a diagnostic."""

from __future__ import annotations

import threading
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError

from vcspec.model import syntax as s
from vcspec.model.build import MalformedConstruct, SyntaxBuilder
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.source import SourceFile

MAX_NESTING = 150
_comments = threading.local()

_WORDS = {"NAME": "a name", "INT": "a number", "STRING": "a string", "$END": "end of file",
          "SYMMETRIC": "'symmetric'", "OPTIONAL": "'optional'"}


@cache
def parser() -> Lark:
    return Lark.open_from_package(
        "vcspec.model", "grammar.lark", parser="lalr", propagate_positions=True,
        maybe_placeholders=True, cache=True,
        lexer_callbacks={"LINE_COMMENT": _keep_comment, "BLOCK_COMMENT": _keep_comment})


def _keep_comment(token: Token) -> Token:
    getattr(_comments, "items", []).append(token)
    return token


def keywords() -> set[str]:
    """Every keyword of the grammar: the alphabetic string terminals."""
    return {t.pattern.value for t in parser().terminals
            if t.pattern.type == "str" and t.pattern.value.isalpha()}


_EXPRESSION_START = {"NAME", "INT", "LPAR", "LSQB", "LBRACE", "MINUS"}
_DECLARATION_START = {"AT", "CONST", "DEF", "ENUM", "FAIRNESS", "IMPORT", "INVARIANT",
                      "MONITOR", "PROCESS", "REQUIRE", "SPEC", "SYMMETRIC", "TEMPORAL",
                      "TERMINAL", "TYPE"}


def expected_words(expected: set[str]) -> list[str]:
    """Terminal names -> what a user would call them, sorted; the many tokens
    that can start an expression are said as "an expression"."""
    patterns = {t.name: t.pattern for t in parser().terminals}
    words = set()
    if {"NAME", "INT"} <= expected:
        expected = expected - _EXPRESSION_START
        words.add("an expression")
    if {"PROCESS", "INVARIANT"} <= expected:
        expected = expected - _DECLARATION_START
        words.add("a declaration")
    for name in expected:
        if name in _WORDS:
            words.add(_WORDS[name])
        elif name in patterns and patterns[name].type == "str":
            words.add(f"'{patterns[name].value}'")
        else:
            words.add(name.lower())
    return sorted(words)


def parse_source(source: SourceFile, diags: Diagnostics) -> s.SpecFile | None:
    """Parse one file; on failure record diagnostics and return None."""
    _comments.items = []
    try:
        tree = parser().parse(source.text)
    except UnexpectedInput_ as error:
        _report_syntax_error(source, error, diags)
        return None
    deep = _too_deep(tree)
    if deep is not None:
        diags.error("VCS106", f"nesting deeper than {MAX_NESTING} levels",
                    source.span(deep, deep + 1))
        return None
    try:
        spec = SyntaxBuilder(source).transform(tree)
    except VisitError as error:
        if not isinstance(error.orig_exc, MalformedConstruct):
            raise
        diags.error(error.orig_exc.code, str(error.orig_exc), error.orig_exc.span)
        return None
    comments = tuple(s.Comment(str(t), source.span(t.start_pos, t.end_pos))
                     for t in _comments.items)
    return s.SpecFile(spec.header, spec.decls, comments, spec.span)


UnexpectedInput_ = (UnexpectedCharacters, UnexpectedToken, UnexpectedEOF)


def _unclosed_comment(text: str) -> int | None:
    """Where a `/*` starts that never closes (outside strings and // comments)."""
    i, n = 0, len(text)
    while i < n:
        two = text[i:i + 2]
        if two == "//":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif two == "/*":
            end = text.find("*/", i + 2)
            if end < 0:
                return i
            i = end + 2
        elif text[i] == '"':
            end = text.find('"', i + 1)
            i = n if end < 0 else end + 1
        else:
            i += 1
    return None


def _report_syntax_error(source: SourceFile, error, diags: Diagnostics) -> None:
    unclosed = _unclosed_comment(source.text)
    if unclosed is not None:
        diags.error("VCS103", "unterminated comment: '/*' has no closing '*/'",
                    source.span(unclosed, unclosed + 2))
        return
    if isinstance(error, UnexpectedCharacters):
        pos = error.pos_in_stream
        rest = source.text[pos:pos + 2]
        span = source.span(pos, pos + 1)
        if rest[:1] == '"':
            diags.error("VCS104", "unterminated string", span)
        else:
            char = source.text[pos]
            diags.error("VCS102", f"unexpected character {char!r}", span)
        return
    if isinstance(error, UnexpectedEOF) or error.token.type == "$END":
        end = len(source.text)
        expected = expected_words(set(error.expected))
        diags.error("VCS101", f"unexpected end of file; expected {_join(expected)}",
                    source.span(end, end))
        return
    token = error.token
    expected = expected_words(set(error.expected))
    span = source.span(token.start_pos, token.end_pos)
    diags.error("VCS101", f"unexpected {_describe(token)}; expected {_join(expected)}", span)


def _describe(token: Token) -> str:
    if token.type == "NAME":
        return f"name '{token}'"
    if token.type == "INT":
        return f"number {token}"
    return f"'{token}'"


def _join(words: list[str]) -> str:
    if len(words) > 12:
        words = words[:12] + ["..."]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _too_deep(tree: Tree) -> int | None:
    """The offset of a node nested deeper than MAX_NESTING, or None."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return getattr(node.meta, "start_pos", 0)
        stack.extend((c, depth + 1) for c in node.children if isinstance(c, Tree))
    return None

"""A Pygments lexer for vcspec, registered as the `vcspec` plugin in pyproject.toml
(`[project.entry-points."pygments.lexers"]`): `pygmentize -l vcspec`,
`get_lexer_by_name("vcspec")`, Sphinx/MkDocs code blocks, rich and IPython.

The keyword lists below are, together, exactly the grammar's keywords
(tests/model/test_lexer.py checks them against `model.parse.keywords()`).
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

DECLARATIONS = ("spec", "const", "enum", "symmetric", "type", "def", "process", "var",
                "action", "optional", "invariant", "temporal", "monitor", "fairness",
                "terminal", "init", "constraint", "semantics")
NAMESPACE = ("import",)
STATEMENTS = ("when", "if", "then", "else", "let", "push", "pop", "on", "require", "ensure",
              "weak", "strong", "any", "for", "where", "of", "max")
PROPERTIES = ("forall", "exists", "count", "always", "eventually", "leadsto")
TYPES = ("bool", "set", "queue", "record")
CONSTANTS = ("true", "false", "none")
OPERATOR_WORDS = ("and", "or", "not", "implies", "in", "union", "inter", "subseteq")
BUILTINS = ("len", "head", "tail", "append", "min", "max", "last", "remove_at", "slice")

KEYWORDS = frozenset(DECLARATIONS + NAMESPACE + STATEMENTS + PROPERTIES + TYPES + CONSTANTS
                     + OPERATOR_WORDS)

_IDENT = r"[A-Za-z_][A-Za-z_0-9]*"


class VcspecLexer(RegexLexer):
    """vcspec: the modeling language for call and virtual-connection protocols."""

    name = "vcspec"
    aliases = ["vcspec"]
    filenames = ["*.vcspec"]
    mimetypes = ["text/x-vcspec"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"//[^\n]*", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
            (r'"', String, "string"),
            (r"(@)(" + _IDENT + ")", bygroups(Punctuation, Name.Decorator)),
            # a builtin function is a name followed by `(` (`max` is also the
            # keyword of `queue of T max N`)
            (words(BUILTINS, suffix=r"(?=\s*\()"), Name.Builtin),
            # the name a declaration introduces
            (r"(process|monitor)(\s+)(" + _IDENT + ")",
             bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"(action|def)(\s+)(" + _IDENT + ")",
             bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (r"(always)(\s+)(step)(\s+)(" + _IDENT + r")(?=\s*:)",
             bygroups(Keyword.Declaration, Whitespace, Keyword.Declaration, Whitespace,
                      Name.Label)),
            (r"(invariant|temporal|terminal|constraint)(\s+)(" + _IDENT + r")(?=\s*:)",
             bygroups(Keyword.Declaration, Whitespace, Name.Label)),
            (r"(enum|type|spec)(\s+)(" + _IDENT + ")",
             bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"(const)(\s+)(" + _IDENT + ")",
             bygroups(Keyword.Declaration, Whitespace, Name.Constant)),
            (words(DECLARATIONS, suffix=r"\b"), Keyword.Declaration),
            (words(NAMESPACE, suffix=r"\b"), Keyword.Namespace),
            (words(PROPERTIES, suffix=r"\b"), Keyword.Pseudo),
            (words(TYPES, suffix=r"\b"), Keyword.Type),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(OPERATOR_WORDS, suffix=r"\b"), Operator.Word),
            (words(STATEMENTS, suffix=r"\b"), Keyword),
            (r"[0-9]+", Number.Integer),
            (r"(" + _IDENT + r")(\s*)(?=\()", bygroups(Name.Function, Whitespace)),
            (_IDENT, Name),
            (r":=|->|\.\.|==|!=|<=|>=|[<>+\-*/%?]", Operator),
            (r"=", Operator),
            (r"[{}\[\]().,:;]", Punctuation),
            (r".", Text),
        ],
        "comment": [
            (r"[^*]+", Comment.Multiline),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"\*", Comment.Multiline),
        ],
        "string": [
            (r'\\["\\n]', String.Escape),
            (r'[^"\\\n]+', String),
            (r'"', String, "#pop"),
            (r"\\", String),
            (r"\n", Whitespace, "#pop"),  # unterminated: end the string at the line
        ],
    }

"""The canonical text of a spec: `format_source(tree) -> str` (used by `vcspec fmt`).

Guarantees (tests/model/test_pretty.py): parsing the output gives a tree equal
(==) to the input tree; formatting is idempotent; no comment is lost.

Layout
  * 2-space indentation; one declaration, process item or statement per line;
    `process P {` ... `}`, `action A(p: T) when guard {` ... `}`, empty block `{}`.
  * Blank lines: between two neighbours in a file, process or monitor, one blank
    line unless both are one-liners of the same group (imports after `spec`,
    consts, enums and types, vars, defs, rules, ... stay together); an item
    preceded by comments always gets one. Statements get none of their own.
  * Spaces around binary operators, except `..` and the arithmetic inside the
    operands of `..` (`0..N-1`); `{a, b}` sets, `[a, b]` queues, `{f: 1}` records.
  * Parentheses only where the grammar needs them (precedence, non-associative
    comparisons, right operands of left-associative operators, prefix forms
    `forall`/`if`/`always` whose bodies would swallow what follows).
  * Lines over 99 characters: a declaration's expression moves to its own line;
    `and`/`or`/`implies`/`leadsto` chains break before the operator, one operand
    per line (a nested chain indents 2 more; a parenthesised operand breaks
    inside its parentheses); quantifiers break after the `:`; `if`/`then`/`else`
    break before `else` (and `then`); a long guard goes on its own `when` line,
    a rule's clauses one per line, 4 columns in; enums and fairness lists fill.

Comments
  * A comment on its own line stays before the item (declaration, process
    item, statement) it preceded, at that item's indentation; a comment at the
    end of a block stays at the end of that block; the file's header comment
    stays at the top. Blank lines after such comments are kept.
  * A comment after code stays at the end of the output line holding that
    code; trailing comments on consecutive lines are aligned. Inside an item
    that is laid out on several lines, comments stay between the same lines
    (an enum or record type with comments inside keeps one source line per
    line). When code from two lines is joined, their `//` comments join too.

Modules: exprs.py (expressions and types on one line), layout.py (long lines),
comments.py (where the comments go), output.py (output lines, rendering),
printer.py (containers, blank lines, dispatch), decls.py (declarations and
process items), stmts.py (statements and blocks).
"""

from __future__ import annotations

from vcspec.model import syntax as s
from vcspec.model.format.exprs import WIDTH
from vcspec.model.format.printer import Printer

__all__ = ["WIDTH", "format_source"]


def format_source(spec: s.SpecFile) -> str:
    """The canonical text of a parsed spec, comments included."""
    return Printer(spec).run()

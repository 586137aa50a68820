"""The catalogue of diagnostic codes: VCS1xx syntax, VCS2xx names, VCS3xx types,
VCS4xx warnings. Codes are stable: tools and users match on them. A warning
can be silenced at its site with `// vcspec: allow CODE` (vcspec/model/allow.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    explanation: str


_CATALOGUE = [
    Code("VCS101", "syntax error",
         "The parser met a token it did not expect here. The message lists, in words,\n"
         "what could have come instead. Check the line above too: a missing `}` or\n"
         "`)` is often reported at the next declaration."),
    Code("VCS102", "unexpected character",
         "A character that no token of the language starts with, such as `$` or a\n"
         "non-ASCII letter outside a string or comment."),
    Code("VCS103", "unterminated comment",
         "A `/*` comment has no closing `*/` before the end of the file."),
    Code("VCS104", "unterminated string",
         "A string literal has no closing `\"` on its line."),
    Code("VCS105", "not a text file",
         "The file is not UTF-8 text (or holds NUL bytes). A spec is a text file."),
    Code("VCS106", "nesting too deep",
         "The expression or block nests deeper than the checker accepts (150 levels),\n"
         "or a constant is defined through a chain of more than 150 constants each\n"
         "defined by the next (declared before it). Split it with `def` or `let`."),
    Code("VCS107", "malformed construct",
         "The tokens parse, but do not form the construct they look like: for example\n"
         "`{e where c}` needs `e` to be `x in S`, and only variables can be assigned."),
    Code("VCS201", "undefined name",
         "A name is used that no declaration, parameter or quantifier introduces.\n"
         "Names are case-sensitive; the message suggests close matches."),
    Code("VCS202", "duplicate declaration",
         "Two declarations share a name in the same scope (top level, a process, an\n"
         "action's parameters, a record's fields or an enum's members)."),
    Code("VCS203", "import not found",
         "The file named by `import` does not exist, or may not be read. An import is\n"
         "a library name (`import \"condis\"`: NAME.vcspec, looked up in the library\n"
         "installed with vcspec, then in each directory of VCSPEC_PATH, then beside\n"
         "the importing file) or a relative path ending in `.vcspec`. Absolute paths,\n"
         "files that are not `.vcspec` files (links included) and files outside the\n"
         "root spec's directory tree and the search path are refused."),
    Code("VCS204", "import cycle",
         "A file imports itself, directly or through other files."),
    Code("VCS205", "unknown process or action",
         "A monitor rule or fairness constraint names a process or action that the\n"
         "spec does not declare."),
    Code("VCS206", "unknown constant",
         "`--const NAME=VALUE` names a constant that the spec does not declare."),
    Code("VCS207", "recursive definition",
         "A `def` or `const` refers to itself, directly or through others; definitions\n"
         "are inlined, so they cannot recurse. Initial values that read other\n"
         "variables (`var ack: 0..1 = rdy`) must not read each other in a cycle."),
    Code("VCS208", "wrong number of arguments",
         "A call, an `on` rule or a function gives a different number of arguments\n"
         "than the definition has parameters."),
    Code("VCS209", "not assignable",
         "Only state variables (and their map entries, record fields and queues) can\n"
         "be assigned; constants, parameters, quantified names and `let` names\n"
         "cannot. Monitor variables are assigned only in monitor rules."),
    Code("VCS210", "misplaced name",
         "A name is used where it has no value: a process name alone, a type where a\n"
         "value is needed, or a function without its arguments."),
    Code("VCS211", "client contract not met",
         "A library declares `require process P { action A(x: T) ... }`: the spec that\n"
         "imports it must declare `process P` with every required action, with the\n"
         "same parameter types in the same order (names may differ). An `optional\n"
         "action` may be left out: it is then never enabled. The library's properties\n"
         "observe these actions, so they come with the import. `vcspec init client\n"
         "DIR` writes a client that meets the CoNDIS contract."),
    Code("VCS301", "type mismatch",
         "An expression has a type other than the one its context needs."),
    Code("VCS302", "invalid operand types",
         "An operator is applied to operands it does not accept."),
    Code("VCS303", "assignment of the wrong type",
         "The value assigned (or the initial value) does not fit the variable's type."),
    Code("VCS304", "value out of range",
         "A constant value lies outside the integer range of the variable, parameter\n"
         "or queue it is used for, or an integer literal is too large."),
    Code("VCS305", "empty type",
         "A range `lo..hi` with hi < lo, or an enum with no members, has no values."),
    Code("VCS306", "invalid queue bound",
         "A queue's `max` must be a constant of at least 1; a queue literal must not\n"
         "hold more elements than the bound."),
    Code("VCS307", "infinite or unsupported type",
         "Map keys, set elements, parameters and quantified domains must be finite:\n"
         "bool, ranges, enums (and options/records of those)."),
    Code("VCS308", "not a constant",
         "Constants, range bounds and queue bounds must be computable before the\n"
         "search starts: integers, booleans, enum members and other constants."),
    Code("VCS309", "invalid constant value",
         "The value given with `--const NAME=VALUE` does not fit the constant's type."),
    Code("VCS310", "misplaced temporal operator",
         "`always`, `eventually` and `leadsto` belong in `temporal` properties, in\n"
         "the forms `always P`, `eventually P`, `always eventually P`,\n"
         "`eventually always P` and `P leadsto Q`, under `forall` prefixes."),
    Code("VCS311", "state space too large",
         "A type whose values are enumerated (an action parameter, a map key, a\n"
         "process index, a type used as a set) has over 2^20 values, or a set type\n"
         "has more than 20 elements. A variable's own type is not limited: it is\n"
         "stored by its bit width (`[Peer] -> queue of Msg max 5` is fine)."),
    Code("VCS401", "unused variable",
         "A state variable is never read by an action, property or definition. It\n"
         "may be a leftover, or a property that was meant to read it is missing."),
    Code("VCS402", "action never enabled",
         "The action's guard is false for every value of its parameters' types\n"
         "(for example it compares a parameter with a value outside its range)."),
    Code("VCS403", "unknown attribute",
         "An `@attribute` the checker does not know; known ones: @rules(R1, ...)."),
    Code("VCS404", "symmetric value named",
         "A member of a `symmetric enum` is named literally. Symmetry reduction\n"
         "assumes members are interchangeable, which naming one breaks; the explicit\n"
         "engine turns symmetry off for this spec."),
    Code("VCS405", "unused definition",
         "A `def` or `const` is declared but never used."),
    Code("VCS406", "division with a negative operand",
         "`/` and `%` are floor division and its remainder, as in TLA+ and Python:\n"
         "-7 / 2 == -4 and -7 % 2 == 1 (the remainder has the divisor's sign).\n"
         "Before, they rounded toward zero as in C (-7 / 2 == -3, -7 % 2 == -1).\n"
         "Where an operand can be negative a spec written for the old meaning may\n"
         "mean something else now; `(x + N - 1) % N` instead of `(x - 1) % N`\n"
         "keeps the operand non-negative and means the same under both."),
    # VCS45x: warnings of a check (the engine's, in the report), not of lint
    Code("VCS450", "action never fired",
         "A complete explicit check explored every reachable state and this action\n"
         "fired on none of its transitions (with a partial search: on none of the\n"
         "explored ones). Its guard can hold (one false for every argument is\n"
         "VCS402, found without a search), but it holds\n"
         "in no reachable state: a handler that is never called, a guard\n"
         "stronger than meant, or a path of the environment the spec never takes.\n"
         "Properties about what the action does hold vacuously. Without --verbose\n"
         "`vcspec check` counts the imported library's actions in one note."),
]

CODES: dict[str, Code] = {c.code: c for c in _CATALOGUE}


def explain(code: str) -> str | None:
    """The long explanation for `vcspec explain CODE`, or None if unknown."""
    entry = CODES.get(code.upper())
    if entry is None:
        return None
    text = f"{entry.code}: {entry.title}\n\n{entry.explanation}\n"
    if entry.code.startswith("VCS4"):
        text += (f"\nTo keep this warning quiet where it is meant, end the warned line (or\n"
                 f"the line above it) with `// vcspec: allow {entry.code}`.\n")
    return text

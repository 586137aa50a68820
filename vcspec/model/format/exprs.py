"""Expressions and types on one line: precedence levels, the parentheses the
grammar needs, the canonical text (vcspec/model/format/__init__.py has the rules)."""


import re

from vcspec.model import syntax as s
from vcspec.model.parse import keywords

WIDTH = 99
STEP = 2  # indentation step
HANG = 4  # continuation lines of a guard, an assignment or a rule clause

# Precedence levels, lowest first (vcspec/model/grammar.lark).
LEADS, PREFIX, IMPLIES, OR, AND, NOT, CMP, RANGE, SUM, PROD, UNARY, POSTFIX, ATOM = range(13)

# op -> (level, level needed on the left, level needed on the right)
BINARY = {
    "leadsto": (LEADS, PREFIX, PREFIX),
    "implies": (IMPLIES, OR, IMPLIES),
    "or": (OR, OR, AND),
    "and": (AND, AND, NOT),
    **{op: (CMP, RANGE, RANGE)
       for op in ("==", "!=", "<", "<=", ">", ">=", "in", "notin", "subseteq")},
    "..": (RANGE, SUM, SUM),
    **{op: (SUM, SUM, PROD) for op in ("+", "-", "union")},
    **{op: (PROD, PROD, UNARY) for op in ("*", "/", "%", "inter")},
}
_OP_TEXT = {"notin": "not in"}
_ARITH = {"+", "-", "*", "/", "%"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\Z")


# ------------------------------------------------------------------ expressions
def level(node: s.Node) -> int:
    """The precedence level at which `node` prints without parentheses."""
    if isinstance(node, s.Binary):
        return BINARY[node.op][0]
    if isinstance(node, (s.Quant, s.IfExpr, s.TemporalOp)):
        return PREFIX
    if isinstance(node, s.Unary):
        return NOT if node.op == "not" else UNARY
    if isinstance(node, (s.Field, s.Index, s.Call)):
        return POSTFIX
    if isinstance(node, s.IntLit) and node.value < 0:
        return UNARY
    return ATOM


def _open_right(node: s.Node) -> bool:
    """Does the printed node end in a prefix form's body that would swallow a
    binary operator written after it (`forall x in S: p leadsto q`)?"""
    if isinstance(node, s.Quant):
        return True
    if isinstance(node, s.IfExpr):
        return level(node.else_) >= PREFIX and _open_right(node.else_)
    if isinstance(node, s.TemporalOp):
        return level(node.body) >= PREFIX and _open_right(node.body)
    return False


def needs_parens(node: s.Node, need: int, left: bool, parent: str | None = None) -> bool:
    """Parentheses the grammar needs, plus one kept for readers: an `and`
    operand of `or` is always parenthesised, `(a and b) or c`."""
    clarity = parent == "or" and isinstance(node, s.Binary) and node.op == "and"
    return clarity or level(node) < need or (left and _open_right(node))


def _sub(node: s.Node, need: int, compact: bool = False, left: bool = False,
         parent: str | None = None) -> str:
    """`node` as an operand that must be at least at level `need`; `left`: an
    operator follows it; `parent`: the operator it is an operand of."""
    if needs_parens(node, need, left, parent):
        return f"({expr(node)})"
    return expr(node, compact)


def expr(node: s.Node, compact: bool = False) -> str:
    """One-line canonical text of an expression. `compact`: no spaces around
    arithmetic operators (inside the operands of `..`)."""
    match node:
        case s.IntLit(value=value):
            return str(value)
        case s.BoolLit(value=value):
            return "true" if value else "false"
        case s.NoneLit():
            return "none"
        case s.Name(id=name):
            return name
        case s.Field(obj=obj, name=name):
            return f"{_sub(obj, POSTFIX)}.{name}"
        case s.Index(obj=obj, key=key):
            return f"{_sub(obj, POSTFIX)}[{expr(key)}]"
        case s.Call(func=func, args=args):
            return f"{func}({_list(args)})"
        case s.Unary(op="not", operand=operand):
            return f"not {_sub(operand, NOT)}"
        case s.Unary(operand=operand):
            return f"-{_sub(operand, UNARY, compact)}"
        case s.Binary(op=op, left=lhs, right=rhs):
            _, lneed, rneed = BINARY[op]
            tight = op == ".." or (compact and op in _ARITH)
            inner = compact or op == ".."
            text_l = _sub(lhs, lneed, inner, left=True, parent=op)
            text_r = _sub(rhs, rneed, inner, parent=op)
            if tight:
                return f"{text_l}{op}{text_r}"
            return f"{text_l} {_OP_TEXT.get(op, op)} {text_r}"
        case s.Quant(kind=kind, binders=binders, body=body):
            return f"{kind} {binders_text(binders)}: {expr(body)}"
        case s.IfExpr(cond=cond, then=then, else_=else_):
            return f"if {expr(cond)} then {expr(then)} else {_sub(else_, PREFIX)}"
        case s.TemporalOp(op=op, body=body):
            return f"{op} {_sub(body, PREFIX)}"
        case s.SetLit(items=items):
            return "{" + _list(items) + "}"
        case s.SetFilter(binder=binder, cond=cond):
            return "{" + f"{binder_text(binder)} where {expr(cond)}" + "}"
        case s.QueueFilter(binder=binder, cond=cond):
            return f"[{binder_text(binder)} where {expr(cond)}]"
        case s.SetMap(body=body, binders=binders):
            return "{" + f"{expr(body)} for {binders_text(binders)}" + "}"
        case s.RecordLit(fields=fields):
            return "{" + ", ".join(f"{name}: {expr(value)}" for name, value in fields) + "}"
        case s.QueueLit(items=items):
            return f"[{_list(items)}]"
        case s.MapLit(body=body, binder=binder):
            return f"[{expr(body)} for {binder_text(binder)}]"
    raise TypeError(f"not an expression: {node!r}")


def _list(items) -> str:
    return ", ".join(expr(item) for item in items)


def binder_text(binder: s.Binder) -> str:
    return f"{binder.name} in {_sub(binder.domain, RANGE)}"


def binders_text(binders) -> str:
    return ", ".join(binder_text(b) for b in binders)


# ------------------------------------------------------------------ types
def bound_text(node: s.Node, need: int = 1, compact: bool = False) -> str:
    """A type's constant bound (grammar rule `bound`): + - * on names, ints and
    unary minus; anything else in parentheses. Levels: 1 sum, 2 term, 3 atom."""
    if isinstance(node, s.Binary) and node.op in ("+", "-", "*"):
        lvl, lneed, rneed = (1, 1, 2) if node.op != "*" else (2, 2, 3)
        if lvl >= need:
            sep = node.op if compact else f" {node.op} "
            return (bound_text(node.left, lneed, compact) + sep
                    + bound_text(node.right, rneed, compact))
    elif isinstance(node, s.Unary) and node.op == "-":
        return "-" + bound_text(node.operand, 3, compact)
    elif isinstance(node, s.Name) or (isinstance(node, s.IntLit) and node.value >= 0):
        return expr(node)
    return f"({expr(node)})"


def type_text(node: s.Node) -> str:
    match node:
        case s.BoolType():
            return "bool"
        case s.NamedType(name=name):
            return name
        case s.RangeType(lo=lo, hi=hi):
            return f"{bound_text(lo, compact=True)}..{bound_text(hi, compact=True)}"
        case s.OptionType(inner=inner):
            return f"{type_text(inner)}?"
        case s.MapType(key=key, value=value):
            return f"[{type_text(key)}] -> {type_text(value)}"
        case s.SetType(elem=elem):
            return f"set of {type_text(elem)}"
        case s.QueueType(elem=elem, max=max_):
            return f"queue of {type_text(elem)} max {bound_text(max_)}"
        case s.RecordType(fields=fields):
            if not fields:
                return "record {}"
            return "record { " + ", ".join(field_decl(f) for f in fields) + " }"
    raise TypeError(f"not a type: {node!r}")


def field_decl(f: s.FieldDecl) -> str:
    return f"{f.name}: {type_text(f.type)}"


def params_text(params) -> str:
    if params is None:
        return ""
    return "(" + ", ".join(f"{p.name}: {type_text(p.type)}" for p in params) + ")"


def quote(value: str) -> str:
    """A string literal for `value` (the grammar's escapes: \\" \\\\ \\n)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def attr_arg(arg: str | int) -> str:
    if isinstance(arg, int):
        return str(arg)
    if _IDENT.match(arg) and arg not in keywords():
        return arg
    return quote(arg)

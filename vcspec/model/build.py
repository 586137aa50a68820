"""lark tree -> syntax tree. One method per grammar rule (or alias); a rule
without a method is a bug (`__default__` raises), never a silent pass-through."""

from __future__ import annotations

import dataclasses
import re

from lark import Token, v_args

from vcspec.model import syntax as s
from vcspec.model.build_behaviour import BehaviourBuilder, MalformedConstruct
from vcspec.model.source import SourceFile, Span

MAX_INT_DIGITS = 18


def _present(items):
    return tuple(x for x in items if x is not None)


def _binary(op: str):
    def method(self, meta, children):
        left, right = children
        return s.Binary(op, left, right, self._span(meta))

    return method


def _quant(kind: str):
    def method(self, meta, children):
        binders, body = children
        return s.Quant(kind, binders, body, self._span(meta))

    return method


@v_args(meta=True)
class SyntaxBuilder(BehaviourBuilder):
    def __init__(self, source: SourceFile):
        super().__init__(visit_tokens=False)
        self.source = source

    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return self.source.span(0, 0)
        return self.source.span(meta.start_pos, meta.end_pos)

    def _tok(self, token: Token) -> Span:
        return self.source.span(token.start_pos, token.end_pos)

    def __default__(self, data, children, meta):
        raise AssertionError(f"grammar rule {data!r} has no builder")

    # ------------------------------------------------------------ file
    def start(self, meta, children):
        header = children[0] if children and isinstance(children[0], s.SpecHeader) else None
        decls = tuple(c for c in children if c is not header)
        return s.SpecFile(header, decls, span=self._span(meta))

    def spec_header(self, meta, children):
        return s.SpecHeader(str(children[0]), self._span(meta))

    def import_decl(self, meta, children):
        return s.Import(_unquote(children[0]), self._span(meta))

    def const_decl(self, meta, children):
        return s.Const(str(children[0]), children[1], self._span(meta))

    def enum_decl(self, meta, children):
        symmetric = isinstance(children[0], Token) and children[0].type == "SYMMETRIC"
        name, members = children[1:] if symmetric else children
        if isinstance(members, list):
            spans = tuple(self._tok(t) for t in members)
            return s.Enum(str(name), tuple(map(str, members)), None, symmetric,
                          self._span(meta), spans)
        return s.Enum(str(name), None, members, symmetric, self._span(meta), ())

    def name_list(self, meta, children):
        return list(children)

    def enum_sized(self, meta, children):
        return children[0]

    def type_decl(self, meta, children):
        return s.TypeAlias(str(children[0]), children[1], self._span(meta))

    def def_decl(self, meta, children):
        name, *rest = children
        params = rest.pop(0) if isinstance(rest[0], tuple) else None
        type_, body = rest
        return s.Def(str(name), params, type_, body, self._span(meta))

    def def_params(self, meta, children):
        return _present(children)

    # ------------------------------------------------------------ processes
    def process_decl(self, meta, children):
        name, *items = children
        index = items.pop(0) if items and isinstance(items[0], s.Param) else None
        return s.Process(str(name), index, tuple(items), self._span(meta))

    def require_decl(self, meta, children):
        name, *actions = children
        return s.Require(str(name), tuple(actions), self._span(meta))

    def required_action(self, meta, children):
        optional = isinstance(children[0], Token) and children[0].type == "OPTIONAL"
        name, *rest = children[1:] if optional else children
        params = rest.pop(0) if rest and isinstance(rest[0], tuple) else None
        body = rest.pop() if rest and isinstance(rest[-1], s.Block) else None
        guard = rest[0] if rest else None
        return s.RequiredAction(str(name), params, optional, guard, body, self._span(meta))

    def process_index(self, meta, children):
        return s.Param(str(children[0]), children[1], self._span(meta))

    def var_decl(self, meta, children):
        name, type_, *init = children
        if not init:
            return s.Var(str(name), type_, None, False, self._span(meta))
        kind, value = init[0]
        return s.Var(str(name), type_, value, kind == "choice", self._span(meta))

    def init_value(self, meta, children):
        return ("value", children[0])

    def init_choice(self, meta, children):
        return ("choice", children[0])

    def action_decl(self, meta, children):
        name, *rest = children
        params = rest.pop(0) if isinstance(rest[0], tuple) else None
        guard = rest.pop(0) if len(rest) == 2 else None
        return s.Action(str(name), params, guard, rest[0], self._span(meta))

    def action_params(self, meta, children):
        return _present(children)

    def param(self, meta, children):
        return s.Param(str(children[0]), children[1], self._span(meta))

    def guard(self, meta, children):
        return children[0]

    def block(self, meta, children):
        return s.Block(_present(children), self._span(meta))

    def assign_stmt(self, meta, children):
        return s.Assign(children[0], children[1], self._span(meta))

    def push_stmt(self, meta, children):
        return s.Push(children[0], children[1], self._span(meta))

    def pop_stmt(self, meta, children):
        return s.Pop(children[0], self._span(meta))

    def let_stmt(self, meta, children):
        return s.Let(str(children[0]), children[1], self._span(meta))

    def if_stmt(self, meta, children):
        cond, then, *rest = children
        return s.If(cond, then, rest[0] if rest else None, self._span(meta))

    def else_if(self, meta, children):
        return children[0]

    def empty_stmt(self, meta, children):
        return None

    def lv_name(self, meta, children):
        return s.Name(str(children[0]), self._span(meta))

    def lv_field(self, meta, children):
        return s.Field(children[0], str(children[1]), self._span(meta), self._tok(children[1]))

    def lv_index(self, meta, children):
        return s.Index(children[0], children[1], self._span(meta))

    # ------------------------------------------------------------ types
    def bool_type(self, meta, children):
        return s.BoolType(self._span(meta))

    def named_type(self, meta, children):
        return s.NamedType(str(children[0]), self._span(meta))

    def range_type(self, meta, children):
        return s.RangeType(children[0], children[1], self._span(meta))

    def option_type(self, meta, children):
        return s.OptionType(children[0], self._span(meta))

    def map_type(self, meta, children):
        return s.MapType(children[0], children[1], self._span(meta))

    def set_type(self, meta, children):
        return s.SetType(children[0], self._span(meta))

    def queue_type(self, meta, children):
        return s.QueueType(children[0], children[1], self._span(meta))

    def record_type(self, meta, children):
        return s.RecordType(children[0], self._span(meta))

    def field_decls(self, meta, children):
        return tuple(children)

    def field_decl(self, meta, children):
        return s.FieldDecl(str(children[0]), children[1], self._span(meta))

    # ------------------------------------------------------------ properties
    def property_decl(self, meta, children):
        *attrs, prop = children
        return dataclasses.replace(prop, attrs=tuple(attrs), span=self._span(meta))

    def attribute(self, meta, children):
        name, *args = children
        for arg in args:
            if arg is not None and arg.type == "INT" and len(arg.lstrip("0")) > MAX_INT_DIGITS:
                raise MalformedConstruct(f"integer argument with {len(arg)} digits is too "
                                         "large", self._tok(arg), "VCS304")
        values = tuple(_attr_value(a) for a in args if a is not None)
        return s.Attribute(str(name), values, self._span(meta))

    def invariant_decl(self, meta, children):
        return s.Invariant(str(children[0]), children[1], (), self._span(meta))

    def temporal_decl(self, meta, children):
        return s.Temporal(str(children[0]), children[1], (), self._span(meta))

    def monitor_decl(self, meta, children):
        name, *items = children
        return s.Monitor(str(name), tuple(items), (), self._span(meta))

    def monitor_always(self, meta, children):
        expr, *message = children
        return s.MonitorAlways(expr, message[0] if message else None, self._span(meta))

    def on_rule(self, meta, children):
        process, action, *rest = children
        binders = []
        while rest and (rest[0] is None or isinstance(rest[0], str)):
            item = rest.pop(0)
            if item is not None:
                binders.append(item)
        when = rest.pop(0)[1] if rest and isinstance(rest[0], tuple) else None
        checks = []
        while rest and isinstance(rest[0], s.Check):
            checks.append(rest.pop(0))
        body = rest[0] if rest else None
        return s.OnRule(str(process), str(action), tuple(binders), when, tuple(checks), body,
                        self._span(meta))

    def binder_name(self, meta, children):
        return str(children[0])

    def rule_when(self, meta, children):
        return ("when", children[0])

    def require_check(self, meta, children):
        return s.Check("require", children[0], children[1] if len(children) > 1 else None,
                       self._span(meta))

    def ensure_check(self, meta, children):
        return s.Check("ensure", children[0], children[1] if len(children) > 1 else None,
                       self._span(meta))

    def message(self, meta, children):
        return _unquote(children[0])

    def fairness_decl(self, meta, children):
        return s.Fairness(tuple(children), self._span(meta))

    def weak_fairness(self, meta, children):
        return self._fairness("weak", meta, children)

    def strong_fairness(self, meta, children):
        return self._fairness("strong", meta, children)

    def _fairness(self, kind, meta, children):
        action = str(children[1]) if len(children) > 1 else None
        return s.FairnessItem(kind, str(children[0]), action, self._span(meta))

    def terminal_decl(self, meta, children):
        name = str(children[0]) if len(children) == 2 else None
        return s.Terminal(name, children[-1], self._span(meta))

    # ------------------------------------------------------------ expressions
    leadsto = _binary("leadsto")
    implies = _binary("implies")
    or_op = _binary("or")
    and_op = _binary("and")
    eq = _binary("==")
    ne = _binary("!=")
    lt = _binary("<")
    le = _binary("<=")
    gt = _binary(">")
    ge = _binary(">=")
    in_op = _binary("in")
    not_in_op = _binary("notin")
    subseteq_op = _binary("subseteq")
    range_expr = _binary("..")
    add = _binary("+")
    sub = _binary("-")
    union_op = _binary("union")
    mul = _binary("*")
    div = _binary("/")
    mod = _binary("%")
    inter_op = _binary("inter")
    forall = _quant("forall")
    exists = _quant("exists")
    count = _quant("count")

    def if_expr(self, meta, children):
        return s.IfExpr(*children, self._span(meta))

    def always(self, meta, children):
        return s.TemporalOp("always", children[0], self._span(meta))

    def eventually(self, meta, children):
        return s.TemporalOp("eventually", children[0], self._span(meta))

    def binders(self, meta, children):
        return tuple(children)

    def binder(self, meta, children):
        return s.Binder(str(children[0]), children[1], self._span(meta))

    def not_op(self, meta, children):
        return s.Unary("not", children[0], self._span(meta))

    def neg(self, meta, children):
        return s.Unary("-", children[0], self._span(meta))

    def field(self, meta, children):
        return s.Field(children[0], str(children[1]), self._span(meta), self._tok(children[1]))

    def index(self, meta, children):
        return s.Index(children[0], children[1], self._span(meta))

    def call(self, meta, children):
        return s.Call(str(children[0]), _present(children[1:]), self._span(meta))

    def int_lit(self, meta, children):
        digits = str(children[0])
        if len(digits.lstrip("0")) > MAX_INT_DIGITS:
            raise MalformedConstruct(
                f"integer literal with {len(digits)} digits is too large", self._span(meta),
                "VCS304")
        return s.IntLit(int(digits), self._span(meta))

    def true_lit(self, meta, children):
        return s.BoolLit(True, self._span(meta))

    def false_lit(self, meta, children):
        return s.BoolLit(False, self._span(meta))

    def none_lit(self, meta, children):
        return s.NoneLit(self._span(meta))

    def name(self, meta, children):
        return s.Name(str(children[0]), self._span(meta))

    def set_lit(self, meta, children):
        return s.SetLit(_present(children), self._span(meta))

    def set_filter(self, meta, children):
        head, cond = children
        if not (isinstance(head, s.Binary) and head.op == "in" and isinstance(head.left, s.Name)):
            raise MalformedConstruct("a filter is written `{x in S where condition}` "
                                     "(a set) or `[x in q where condition]`", head.span)
        binder = s.Binder(head.left.id, head.right, head.span)
        return s.SetFilter(binder, cond, self._span(meta))

    def queue_filter(self, meta, children):
        f = self.set_filter(meta, children)
        return s.QueueFilter(f.binder, f.cond, f.span)

    def set_map(self, meta, children):
        return s.SetMap(children[0], children[1], self._span(meta))

    def record_lit(self, meta, children):
        return s.RecordLit(children[0], self._span(meta))

    def field_inits(self, meta, children):
        return tuple(children)

    def field_init(self, meta, children):
        return (str(children[0]), children[1])

    def queue_lit(self, meta, children):
        return s.QueueLit(_present(children), self._span(meta))

    def map_lit(self, meta, children):
        return s.MapLit(children[0], children[1], self._span(meta))


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n"}


def _unquote(token: Token) -> str:
    """A string literal's text, its escapes (\\" \\\\ \\n) read in one pass."""
    return re.sub(r'\\(["\\n])', lambda m: _ESCAPES[m.group(1)], str(token)[1:-1])


def _attr_value(token: Token) -> str | int:
    if token.type == "INT":
        return int(token)
    if token.type == "STRING":
        return _unquote(token)
    return str(token)

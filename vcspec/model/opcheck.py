"""Operators -> typed IR: unary and binary operators, `if`, temporal operators
(a mixin of ExprChecker, vcspec/model/typecheck.py)."""

from __future__ import annotations

from dataclasses import replace

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.scope import Context
from vcspec.model.source import Span
from vcspec.model.types import (
    ANY,
    BOOL,
    INT,
    AnyT,
    BoolT,
    IntT,
    QueueT,
    SetT,
    TemporalT,
    join,
    same_shape,
)

_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}
_COMPARE = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


class OperatorChecks:
    def _Unary(self, node: s.Unary, ctx: Context) -> ir.Expr:
        if node.op == "not":
            arg = self.expect_bool(node.operand, ctx, "the operand of 'not'")
            return ir.Unary(BOOL, node.span, "not", arg)
        arg = self.unwrap(self.check(node.operand, ctx))
        if isinstance(arg.type, AnyT):
            return arg
        if not isinstance(arg.type, IntT):
            return self.error("VCS302", f"'-' needs an integer, found {arg.type}", node.span)
        if isinstance(arg, ir.Lit) and isinstance(arg.value, int):
            return ir.Lit(IntT(-arg.value, -arg.value), node.span, -arg.value)
        return ir.Unary(INT, node.span, "neg", arg)

    def _Binary(self, node: s.Binary, ctx: Context) -> ir.Expr:
        if node.op == "leadsto":
            return self.temporal_leadsto(node, ctx)
        if node.op in ("and", "or", "implies"):
            left = self.expect_bool(node.left, ctx, f"the left side of '{node.op}'")
            right = self.expect_bool(node.right, ctx, f"the right side of '{node.op}'")
            return ir.Binary(BOOL, node.span, node.op, left, right)
        left, right = self.check(node.left, ctx), self.check(node.right, ctx)
        if isinstance(left.type, AnyT) or isinstance(right.type, AnyT):
            return ir.Lit(ANY, node.span, None)
        if node.op not in ("==", "!=", "in", "notin"):
            left, right = self.unwrap(left), self.unwrap(right)
        return self.binary_typed(node, left, right)

    def binary_typed(self, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        op, lt, rt, span = node.op, left.type, right.type, node.span
        if op == "-" and isinstance(lt, SetT) and isinstance(rt, SetT):
            return self.set_op("diff", node, left, right)
        if op in _ARITH or op in _COMPARE or op == "..":
            if not (isinstance(lt, IntT) and isinstance(rt, IntT)):
                return self.error("VCS302", f"'{op}' needs integers, found {lt} and {rt}", span)
            if op in _ARITH:
                return self.arith(_ARITH[op], span, left, right)
            if op == "..":
                elem = self.range_of(left, right)
                return ir.Binary(SetT(elem), span, "range", left, right)
            return ir.Binary(BOOL, span, _COMPARE[op], left, right)
        if op in ("==", "!="):
            if not same_shape(lt, rt):
                return self.error("VCS302", f"cannot compare {lt} with {rt}", span)
            return ir.Binary(BOOL, span, "eq" if op == "==" else "ne", left, right)
        if op in ("in", "notin"):
            return self.membership(node, left, right)
        if op in ("union", "inter", "subseteq"):
            return self.set_op(op, node, left, right)
        raise AssertionError(op)

    @staticmethod
    def arith(op: str, span: Span, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        """Integer arithmetic; + - * of two literals is folded, so constant
        bounds such as `0..K-1` keep their exact range."""
        if (op in ("add", "sub", "mul") and isinstance(left, ir.Lit)
                and isinstance(right, ir.Lit)):
            value = {"add": left.value + right.value, "sub": left.value - right.value,
                     "mul": left.value * right.value}[op]
            if abs(value) <= 1 << 62:
                return ir.Lit(IntT(value, value), span, value)
        return ir.Binary(INT, span, op, left, right)

    @staticmethod
    def range_of(left: ir.Expr, right: ir.Expr) -> IntT:
        if isinstance(left, ir.Lit) and isinstance(right, ir.Lit):
            return IntT(left.value, right.value)
        return INT

    def membership(self, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        rt = right.type
        if not isinstance(rt, (SetT, QueueT)):
            return self.error("VCS302", f"'in' needs a set on its right, found {rt}", node.span)
        if rt.elem is not None and not same_shape(rt.elem, left.type):
            return self.error("VCS302", f"{left.type} cannot be a member of {rt}", node.span)
        test = ir.Binary(BOOL, node.span, "in", left, right)
        return test if node.op == "in" else ir.Unary(BOOL, node.span, "not", test)

    def set_op(self, op: str, node: s.Binary, left: ir.Expr, right: ir.Expr) -> ir.Expr:
        lt, rt = left.type, right.type
        if not (isinstance(lt, SetT) and isinstance(rt, SetT)):
            return self.error("VCS302", f"'{node.op}' needs sets, found {lt} and {rt}",
                              node.span)
        joined = join(lt, rt)
        if joined is None:
            return self.error("VCS302", f"'{node.op}' of {lt} and {rt}", node.span)
        result = BOOL if op == "subseteq" else (lt if op == "diff" else joined)
        return ir.Binary(result, node.span, op, left, right)

    def _IfExpr(self, node: s.IfExpr, ctx: Context) -> ir.Expr:
        cond = self.expect_bool(node.cond, ctx, "the condition of 'if'")
        then, else_ = self.check(node.then, ctx), self.check(node.else_, ctx)
        t = join(then.type, else_.type)
        if t is None:
            return self.error("VCS301", f"the branches of 'if' have types {then.type} and "
                              f"{else_.type}", node.span)
        return ir.Ite(t, node.span, cond, then, else_)

    # ------------------------------------------------------------ temporal
    def _TemporalOp(self, node: s.TemporalOp, ctx: Context) -> ir.Expr:
        if not ctx.temporal:
            return self.error("VCS310", f"'{node.op}' is only allowed in temporal properties",
                              node.span)
        body = self.check(node.body, ctx)
        if not isinstance(body.type, (BoolT, TemporalT, AnyT)):
            return self.error("VCS301", f"'{node.op}' needs a condition, found {body.type}",
                              node.span)
        return ir.TemporalOp(TemporalT(), node.span, node.op, (body,))

    def temporal_leadsto(self, node: s.Binary, ctx: Context) -> ir.Expr:
        if not ctx.temporal:
            return self.error("VCS310", "'leadsto' is only allowed in temporal properties",
                              node.span)
        plain = replace(ctx, temporal=False)
        left = self.expect_bool(node.left, plain, "the left side of 'leadsto'")
        right = self.expect_bool(node.right, plain, "the right side of 'leadsto'")
        return ir.TemporalOp(TemporalT(), node.span, "leadsto", (left, right))

"""C source for the fused BFS expansion of a compiled model.

The Python backend's pieces (vcspec/compile/build.py: a guard expression and
body lines over the state int `s` and the successor `t`) are parsed with
`ast` and re-emitted as C over int64_t. Only a small, closed subset is
translated; anything else raises Unsupported and the caller keeps the Python
backend:

  expressions  integer constants, local names, + - * & | ^ << >> ~ unary -,
               comparisons (chained too), not, `x in (c1, c2, ...)`,
               `a if c else b`, and/or where only truth counts or every
               operand is a bool (C's && and || give 0/1, Python an operand)
  statements   assignment and augmented assignment to a local, if/elif/else,
               pass, `_fail()` (a runtime error of the spec), and a monitor's
               `viol.append((i, K, C))`

Names read must be `s`, `i` or locals of the piece (never the generated
module's constants or helpers). An instance outside the subset is called back:
C evaluates its guard when that translates and calls the instance's Python
step function (vcspec/compile/ts.py `steps[k]`) for the successor.

Values stay below 2**62 (the layout must fit in 62 bits), so int64_t
arithmetic on them equals Python's. Instances are tried in the order of the
Python chunk (vcspec/compile/chunk.dispatch_groups), so states are numbered
identically.
"""

from __future__ import annotations

import ast

from vcspec.compile.chunk import dispatch_groups

MAX_BITS = 62
LIMIT = 1 << 62


class Unsupported(Exception):
    """The model uses something the C translation does not cover."""


_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.BitAnd: "&", ast.BitOr: "|",
        ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>"}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
        ast.GtE: ">="}


class Translator:
    def __init__(self, names: set[str]):
        self.names = names  # the names it may read: s, i and the piece's locals

    def expr(self, node: ast.expr, test: bool = False) -> str:
        """C for a Python expression; `test`: only its truth is used."""
        if isinstance(node, ast.Constant) and type(node.value) in (int, bool):
            value = int(node.value)
            if not -LIMIT <= value < LIMIT:
                raise Unsupported(f"constant {value} does not fit in 62 bits")
            return f"INT64_C({value})"
        if isinstance(node, ast.Name) and node.id in self.names:
            return f"v_{node.id}"
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            return f"({self.expr(node.left)} {_BIN[type(node.op)]} {self.expr(node.right)})"
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return f"(!{self.expr(node.operand, True)})"
            ops = {ast.USub: "-", ast.Invert: "~"}
            if type(node.op) in ops:
                return f"({ops[type(node.op)]}{self.expr(node.operand)})"
        if isinstance(node, ast.BoolOp):
            # Python's `and`/`or` give an operand, C's 0/1: equal only where
            # truth is all that counts or every operand is 0/1 already
            if not (test or all(_boolean(v) for v in node.values)):
                raise Unsupported(f"value of {ast.unparse(node)}")
            op = " && " if isinstance(node.op, ast.And) else " || "
            return "(" + op.join(f"({self.expr(v, True)} != 0)" for v in node.values) + ")"
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            body, orelse = self.expr(node.body, test), self.expr(node.orelse, test)
            return f"(({self.expr(node.test, True)}) ? {body} : {orelse})"
        raise Unsupported(f"expression {ast.unparse(node)}")

    def compare(self, node: ast.Compare) -> str:
        if len(node.ops) > 1:  # a < b < c: b is a pure expression here, evaluate twice
            parts, left = [], node.left
            for op, right in zip(node.ops, node.comparators):
                parts.append(self.compare(ast.Compare(left, [op], [right])))
                left = right
            return "(" + " && ".join(parts) + ")"
        op, right = node.ops[0], node.comparators[0]
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, ast.Tuple):
            left = self.expr(node.left)
            tests = [f"({left} == {self.expr(e)})" for e in right.elts] or ["0"]
            test = "(" + " || ".join(tests) + ")"
            return test if isinstance(op, ast.In) else f"(!{test})"
        if type(op) in _CMP:
            return f"({self.expr(node.left)} {_CMP[type(op)]} {self.expr(right)})"
        raise Unsupported(f"comparison {ast.unparse(node)}")

    def block(self, body: list[ast.stmt], fail: str, depth: int) -> list[str]:
        pad, out = "    " * depth, []
        for st in body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1 \
                    and isinstance(st.targets[0], ast.Name):
                out.append(f"{pad}{self.expr(st.targets[0])} = {self.expr(st.value)};")
            elif isinstance(st, ast.AugAssign) and isinstance(st.target, ast.Name) \
                    and type(st.op) in _BIN:
                out.append(f"{pad}{self.expr(st.target)} {_BIN[type(st.op)]}= "
                           f"{self.expr(st.value)};")
            elif isinstance(st, ast.If):
                out.append(f"{pad}if ({self.expr(st.test, True)}) {{")
                out += self.block(st.body, fail, depth + 1)
                if st.orelse:
                    out.append(f"{pad}}} else {{")
                    out += self.block(st.orelse, fail, depth + 1)
                out.append(f"{pad}}}")
            elif isinstance(st, ast.Pass):
                continue
            elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
                out.append(pad + self.call(st.value, fail))
            else:
                raise Unsupported(f"statement {ast.unparse(st)}")
        return out

    def call(self, node: ast.Call, fail: str) -> str:
        func = ast.unparse(node.func)
        if func == "_fail":
            return f"goto {fail};"
        if func == "viol.append" and len(node.args) == 1 and isinstance(node.args[0], ast.Tuple):
            i, k, check = node.args[0].elts
            if isinstance(i, ast.Name) and i.id == "i":
                return f"VIOL(i, {self.expr(k)}, {self.expr(check)});"
        raise Unsupported(f"call {ast.unparse(node)}")


def _boolean(node: ast.expr) -> bool:
    """Is the node's Python value 0/1 (a bool)?"""
    if isinstance(node, ast.Constant):
        return node.value in (0, 1)
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    if isinstance(node, ast.BoolOp):
        return all(_boolean(v) for v in node.values)
    return isinstance(node, ast.Compare)


def expansion_source(builder, instances, width: int) -> tuple[str, list[int], list[int]]:
    """The C body expanding one state (`s` at index `i`), the order in which
    instances are tried, and the instances left to Python (their step
    function, called back from C, where their guard holds)."""
    if width > MAX_BITS:
        raise Unsupported(f"the state needs {width} bits (at most {MAX_BITS})")
    live = []
    for inst in instances:
        piece = builder.piece(inst, f"viol.append((i, {inst.index}, {{}}))")
        if piece.guard is not None:
            live.append((inst.index, piece))
    order = [k for group in dispatch_groups(live) for k, _ in group]
    pieces = dict(live)
    lines: list[str] = []
    called_back: list[int] = []
    for k in order:
        guard_tree = ast.parse(pieces[k].guard, mode="eval").body
        body_tree = ast.parse("\n".join(pieces[k].body)).body
        try:
            lines += instance_c(k, guard_tree, body_tree)
        except Unsupported:
            called_back.append(k)
            lines += callback_c(k, guard_tree)
    if len(called_back) == len(order) and order:
        raise Unsupported("no action instance translates to C")
    return "\n".join(lines), order, called_back


def _locals(body: list[ast.stmt]) -> set[str]:
    """Names the piece assigns (its temporaries and `t`)."""
    return {n.id for st in body for n in ast.walk(st)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def instance_c(k: int, guard_tree: ast.expr, body_tree: list[ast.stmt]) -> list[str]:
    tr = Translator({"s"})
    guard = tr.expr(guard_tree, True)
    tr = Translator({"s", "i"} | _locals(body_tree))
    body = tr.block(body_tree, f"fail_{k}", 2)
    if "t" not in _locals(body_tree):
        raise Unsupported("the body does not compute the successor t")
    lines = [f"    /* instance {k} */", f"    if ({guard}) {{"]
    lines += [f"        int64_t v_{n} = 0; (void)v_{n};" for n in sorted(_locals(body_tree))]
    lines.append("        d = 0;")
    lines += body
    lines += [f"        ADD(v_t, {k});", f"        goto done_{k};",
              f"    fail_{k}: ERR(i, {k});", f"    done_{k}: ;", "    }"]
    return lines


def callback_c(k: int, guard_tree: ast.expr) -> list[str]:
    """The instance through Python: its step function gives the successor
    (1), nothing (0) or a runtime error (2), and the monitor checks that failed."""
    try:
        guard = Translator({"s"}).expr(guard_tree, True)
    except Unsupported:
        guard = "1"
    return [f"    /* instance {k}: called back */", f"    if ({guard}) {{",
            f"        int r_ = c->callback(i, {k}, v_s, c->out);",
            "        if (r_ > 2) { c->oom = 2; return -2; }",
            f"        for (int64_t m_ = 0; m_ < c->out[1]; m_++) VIOL(i, {k}, c->out[2 + m_]);",
            f"        if (r_ == 1) {{ d = 0; ADD(c->out[0], {k}); }}",
            f"        else if (r_ == 2) {{ d = 0; ERR(i, {k}); }}", "    }"]

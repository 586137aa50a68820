"""IR statements -> Python lines updating the state int held in local `t`.

Statements run in order and later ones read earlier effects, as in
vcspec/model/evaluate.execute: reads in a system action's body go to `t` too. A `let`
of a state slot snapshots the state int, so that later assignments do not
change the let's value. Assignments to fixed slots are bit operations with
the reference's range checks; anything else goes through checked encoders.
"""

from __future__ import annotations

from vcspec.compile.codegen import ActionError, Emitter
from vcspec.compile.expr import ExprCompiler, Scope
from vcspec.compile.layout import Leaf, Map, Queue, Record, Set, Slot, make_slot
from vcspec.compile.values import CV, Bits, Code, Const, SlotRef, Test, field_code
from vcspec.model import ir
from vcspec.model.evaluate import EvalError, check_fits
from vcspec.model.types import BoolT, EnumT, IntT

STATE = "t"


class StmtCompiler:
    def __init__(self, ec: ExprCompiler, out: Emitter):
        self.ec = ec
        self.ns = ec.ns
        self.out = out

    # ------------------------------------------------------------ blocks
    def block(self, stmts: tuple[ir.Stmt, ...], scope: Scope) -> None:
        for stmt in stmts:
            scope = self.stmt(stmt, scope)

    def nested(self, stmts: tuple[ir.Stmt, ...], scope: Scope) -> None:
        before = len(self.out.lines)
        self.out.indent()
        self.block(stmts, scope)
        if len(self.out.lines) == before:
            self.out.line("pass")
        self.out.dedent()

    def stmt(self, stmt: ir.Stmt, scope: Scope) -> Scope:
        if isinstance(stmt, ir.LetStmt):
            return scope.bind(stmt.name, self.let(self.ec.compile(stmt.value, scope)))
        if isinstance(stmt, ir.IfStmt):
            self.if_stmt(stmt, scope)
        elif isinstance(stmt, ir.Assign):
            self.assign(stmt, scope)
        elif isinstance(stmt, ir.Push):
            self.push(stmt, scope)
        elif isinstance(stmt, ir.Pop):
            self.pop(stmt, scope)
        else:
            raise TypeError(stmt)
        return scope

    def let(self, value: CV) -> CV:
        if isinstance(value, Const):
            return value
        if isinstance(value, SlotRef):
            if value.check is not None:
                self.out.line(f"if not {value.check}: _fail()")
            snap = self.ec.temps.new()
            self.out.line(f"{snap} = {value.src}")
            return SlotRef(value.slot, snap, value.type)
        temp = self.ec.temps.new()
        self.out.line(f"{temp} = {self.ec.raw(value)}")
        return self.ec.rebind(value, temp)

    def if_stmt(self, stmt: ir.IfStmt, scope: Scope) -> None:
        cond = self.ec.compile(stmt.cond, scope)
        if isinstance(cond, Const):
            self.block(stmt.then if cond.value else stmt.else_, scope)
            return
        self.out.line(f"if {self.ec.test(cond)}:")
        self.nested(stmt.then, scope)
        if stmt.else_:
            self.out.line("else:")
            self.nested(stmt.else_, scope)

    # ------------------------------------------------------------ places
    def place(self, target: ir.LValue, scope: Scope) -> tuple[Slot | None, list[CV], int]:
        """The slot assigned: (static slot, [], 0), or (container slot, dynamic keys,
        index of the first dynamic step) when a key is only known at run time."""
        slot = self.ec.layout.var(target.var, target.monitor)
        for position, (kind, item) in enumerate(target.path):
            if kind == "field":
                slot = slot.fields[item]
                continue
            key = self.ec.compile(item[0], scope)
            if not isinstance(key, Const):
                keys = [self.ec.compile(k[0], scope) if kd == "index" else Const(k, None)
                        for kd, k in target.path[position:]]
                return slot, keys, position
            index = slot.key_index.get(key.value)
            if index is None:
                return None, [], 0
            slot = slot.entries[index]
        return slot, [], 0

    # ------------------------------------------------------------ assignment
    def assign(self, stmt: ir.Assign, scope: Scope) -> None:
        value = self.ec.compile(stmt.value, scope)
        slot, keys, start = self.place(stmt.target, scope)
        if slot is None:
            self.out.line("_fail()")
        elif keys:
            setter = self.ns.add("_set", dynamic_setter(slot, stmt.target.path[start:]))
            args = ", ".join(self.ec.sem(k) for k in keys)
            self.out.line(f"{STATE} = {setter}({STATE}, ({args},), {self.ec.sem(value)})")
        elif not self.increment(slot, stmt.value, scope):
            bits = self.value_bits(slot, value)
            self.out.line(f"{STATE} = ({STATE} & {~slot.mask}) | {bits}")

    def increment(self, slot: Slot, value: ir.Expr, scope: Scope) -> bool:
        """`x := x + c` / `x := x - c` on an integer slot: add in place."""
        if not (isinstance(slot, Leaf) and isinstance(slot.type, IntT)
                and isinstance(value, ir.Binary) and value.op in ("add", "sub")):
            return False
        left, right = self.ec.compile(value.left, scope), self.ec.compile(value.right, scope)
        if not (isinstance(left, SlotRef) and left.slot is slot and left.src == STATE
                and isinstance(right, Const) and type(right.value) is int):
            return False
        delta = right.value if value.op == "add" else -right.value
        top = slot.type.hi - slot.type.lo
        if delta > 0:  # fails when code + delta > top, compared in place
            test = f"({STATE} & {slot.mask}) > {max(-1, top - delta) << slot.off}" \
                if top - delta >= 0 else "True"
        else:
            test = f"({STATE} & {slot.mask}) < {-delta << slot.off}"
        if delta:
            self.out.line(f"if {test}: _fail()")
            op = "+" if delta >= 0 else "-"
            self.out.line(f"{STATE} {op}= {abs(delta) << slot.off}")
        return True

    def value_bits(self, slot: Slot, value: CV) -> str:
        """Source for the bits of `value` stored in `slot` (at the slot's offset),
        with the reference's checks; may emit lines first."""
        ec = self.ec
        if isinstance(value, Const):
            bits = encode_const(slot, value.value)
            if bits is None:
                self.out.line("_fail()")
                return "0"
            return str(bits)
        t = slot.type
        if isinstance(slot, Leaf) and isinstance(t, BoolT):
            return f"({1 << slot.off} if {ec.test(value)} else 0)"
        if isinstance(slot, Leaf) and isinstance(t, IntT):
            temp = ec.temps.new()
            self.out.line(f"{temp} = {ec.sem(value)}")
            self.out.line(f"if not ({t.lo} <= {temp} <= {t.hi}): _fail()")
            shifted = f"({temp} - {t.lo})" if t.lo else temp
            return f"({shifted} << {slot.off})" if slot.off else shifted
        if isinstance(slot, Leaf) and slot.index is not None:
            table = ec.ns.add("_enc", {v: c << slot.off for v, c in slot.index.items()})
            if isinstance(t, EnumT):
                return f"{table}[{ec.sem(value)}]"
            temp = ec.temps.new()
            self.out.line(f"{temp} = {table}.get({ec.sem(value)})")
            self.out.line(f"if {temp} is None: _fail()")
            return temp
        if isinstance(slot, Set):
            bits = ec.bits(value, slot.elems)
            if bits is not None:
                return f"({bits.code} << {slot.off})" if slot.off else bits.code
        if (isinstance(value, SlotRef) and value.check is None and value.slot.type == t
                and value.slot.width == slot.width):
            moved = field_code(value.src, value.slot.off, slot.width)
            return f"({moved} << {slot.off})" if slot.off else moved
        return f"{ec.ns.add('_enc', checked_encoder(slot))}({ec.sem(value)})"

    # ------------------------------------------------------------ queues
    def queue_place(self, target: ir.LValue, scope: Scope) -> Queue | None:
        slot, keys, _ = self.place(target, scope)
        return slot if isinstance(slot, Queue) and not keys else None

    def push(self, stmt: ir.Push, scope: Scope) -> None:
        slot = self.queue_place(stmt.target, scope)
        if slot is None:
            self.generic_queue(stmt, scope, push=True)
            return
        n = self.ec.temps.new()
        self.out.line(f"{n} = {field_code(STATE, slot.length.off, slot.length.width)}")
        self.out.line(f"if {n} >= {slot.type.max}: _fail()")
        value = self.ec.compile(stmt.value, scope)
        template = make_slot(slot.type.elem, 0)
        bits = self.value_bits(template, value)
        at = f"({slot.items_off} + {n} * {slot.item_width})"
        self.out.line(f"{STATE} = ({STATE} | ({bits} << {at})) + {1 << slot.length.off}")

    def pop(self, stmt: ir.Pop, scope: Scope) -> None:
        slot = self.queue_place(stmt.target, scope)
        if slot is None:
            self.generic_queue(stmt, scope, push=False)
            return
        n = self.ec.temps.new()
        self.out.line(f"{n} = {field_code(STATE, slot.length.off, slot.length.width)}")
        self.out.line(f"if not {n}: _fail()")
        width = slot.item_width * slot.type.max
        items = field_code(STATE, slot.items_off, width)
        keep = ~(((1 << width) - 1) << slot.items_off)
        rest = f"(({items} >> {slot.item_width}) << {slot.items_off})"
        self.out.line(f"{STATE} = (({STATE} & {keep}) - {1 << slot.length.off}) | {rest}")

    def generic_queue(self, stmt: ir.Push | ir.Pop, scope: Scope, push: bool) -> None:
        slot, keys, start = self.place(stmt.target, scope)
        if slot is None:
            self.out.line("_fail()")
            return
        path = stmt.target.path[start:] if keys else ()
        op = self.ns.add("_qop", queue_updater(slot, path, push))
        args = ", ".join(self.ec.sem(k) for k in keys)
        value = self.ec.sem(self.ec.compile(stmt.value, scope)) if push else "None"
        self.out.line(f"{STATE} = {op}({STATE}, ({args}{',' if keys else ''}), {value})")


# ------------------------------------------------------------ runtime helpers
def encode_const(slot: Slot, value) -> int | None:
    try:
        check_fits(slot.type, value, None)
        return slot.encode(value)
    except (EvalError, KeyError, TypeError):
        return None


def checked_encoder(slot: Slot):
    def encode(value) -> int:
        try:
            check_fits(slot.type, value, None)
            return slot.encode(value)
        except (EvalError, KeyError, TypeError) as error:
            raise ActionError() from error
    return encode


def _walk(slot: Slot, path, keys) -> Slot:
    keys = iter(keys)
    for kind, item in path:
        if kind == "field":
            slot = slot.fields[item]
            next(keys)
        else:
            index = slot.key_index.get(next(keys))
            if index is None:
                raise ActionError()
            slot = slot.entries[index]
    return slot


def dynamic_setter(base: Slot, path):
    def store(state: int, keys: tuple, value) -> int:
        slot = _walk(base, path, keys)
        return (state & ~slot.mask) | checked_encoder(slot)(value)
    return store


def queue_updater(base: Slot, path, push: bool):
    def update(state: int, keys: tuple, value) -> int:
        slot = _walk(base, path, keys)
        queue = slot.decode(state)
        if push:
            if len(queue) >= slot.type.max:
                raise ActionError()
            queue = queue + (value,)
        else:
            if not queue:
                raise ActionError()
            queue = queue[1:]
        return (state & ~slot.mask) | checked_encoder(slot)(queue)
    return update


__all__ = ["StmtCompiler", "STATE", "Map", "Record", "Bits", "Code", "Test"]

"""Quantifiers and comprehensions: unrolled over small constant domains and
over sets held in state slots (one membership test per element), generic
loops in the reference's order otherwise."""

from __future__ import annotations

from vcspec.compile.layout import Set
from vcspec.compile.values import (
    CV,
    Bits,
    Code,
    Const,
    SlotRef,
    Test,
    elem_index,
    elem_type,
    masked,
    scoped,
    type_elems,
)
from vcspec.model import ir
from vcspec.model.evaluate import sorted_values
from vcspec.model.types import BOOL, INT


class Quantifiers:
    def __init__(self, ops):
        self.ops = ops
        self.c = ops.c

    def chain(self, op: str, operands: list[CV]) -> CV:
        return self.ops.chain(op, operands)

    def negate(self, t):
        return self.ops.negate(t)

    def quantifier(self, e: ir.Quant, scope) -> CV:
        c = self.c
        domain = c.compile(e.domain, scope)
        values = c.unroll_domain(domain, e.domain.type)
        if values is not None:
            bodies = [c.compile(e.body, scope.bind(e.name, Const(v, elem_type(e))))
                      for v in values]
            return self.fold_quant(e.kind, [(None, b) for b in bodies])
        members = self.bit_members(domain)
        if members is not None:
            pairs = [(m, c.compile(e.body, scope.bind(e.name, Const(v, elem_type(e)))))
                     for v, m in members]
            return self.fold_quant(e.kind, pairs)
        return self.generic_quant(e, domain, scope)

    def bit_members(self, domain: CV) -> list[tuple[object, CV]] | None:
        """For a set held in a state slot: each element with its membership test."""
        if not (isinstance(domain, SlotRef) and isinstance(domain.slot, Set)
                and domain.check is None and len(domain.slot.elems) <= 64):
            return None
        slot = domain.slot
        return [(v, masked(domain.src, 1 << (slot.off + i), 1 << (slot.off + i), False))
                for i, v in enumerate(slot.elems)]

    def fold_quant(self, kind: str, pairs: list[tuple[CV | None, CV]]) -> CV:
        """forall/exists/count over unrolled (membership, body) pairs."""
        if kind == "count":
            return self.count(pairs)
        items = []
        for member, body in pairs:
            if member is None:
                items.append(body)
            elif kind == "forall":
                items.append(self.chain("or", [self.negate(member), body]))
            else:
                items.append(self.chain("and", [member, body]))
        return self.chain("and" if kind == "forall" else "or", items)

    def count(self, pairs) -> CV:
        total, terms, fails = 0, [], False
        for member, body in pairs:
            cond = body if member is None else self.chain("and", [member, body])
            if isinstance(cond, Const):
                total += 1 if cond.value else 0
                continue
            terms.append(f"(1 if {self.c.test(cond)} else 0)")
            fails = fails or cond.fails
        if not terms:
            return Const(total, INT)
        if total:
            terms.append(str(total))
        return Code("(" + " + ".join(terms) + ")", INT, fails)

    def generic_quant(self, e: ir.Quant, domain: CV, scope) -> CV:
        c = self.c
        var = c.temps.new()
        body = c.compile(e.body, scope.bind(e.name, Code(var, elem_type(e))))
        order = c.ns.add("_sv", sorted_values)
        iterate = f"for {var} in {order}({scoped(c.sem(domain))}, {c.ns.const(e.domain.type)})"
        fails = domain.fails or body.fails
        if e.kind == "count":
            return Code(f"sum(1 {iterate} if {c.test(body)})", INT, fails)
        fn = "all" if e.kind == "forall" else "any"
        return Test(f"{fn}({c.test(body)} {iterate})", BOOL, fails)

    def set_filter(self, e: ir.SetFilter, scope) -> CV:
        c = self.c
        domain = c.compile(e.domain, scope)
        values = c.unroll_domain(domain, e.domain.type)
        pairs = None
        if values is not None:
            pairs = [(v, None) for v in values]
        elif (members := self.bit_members(domain)) is not None:
            pairs = members
        elems = type_elems(e.type)
        if pairs is not None and elems is not None:
            index = elem_index(elems)
            terms, fails = [], domain.fails
            for v, member in pairs:
                cond = c.compile(e.cond, scope.bind(e.name, Const(v, elem_type(e))))
                if member is not None:
                    cond = self.chain("and", [member, cond])
                fails = fails or cond.fails
                if v not in index:
                    return self.generic_filter(e, domain, scope)
                if isinstance(cond, Const):
                    terms.append(str(1 << index[v]) if cond.value else "0")
                else:
                    terms.append(f"({1 << index[v]} if {c.test(cond)} else 0)")
            return Bits("(" + " | ".join(terms or ["0"]) + ")", elems, e.type, fails)
        return self.generic_filter(e, domain, scope)

    def generic_filter(self, e: ir.SetFilter, domain: CV, scope) -> CV:
        c = self.c
        var = c.temps.new()
        cond = c.compile(e.cond, scope.bind(e.name, Code(var, elem_type(e))))
        code = f"frozenset({var} for {var} in {scoped(c.sem(domain))} if {c.test(cond)})"
        return Code(code, e.type, domain.fails or cond.fails)

    def queue_filter(self, e: ir.QueueFilter, scope) -> CV:
        """[x in q where p]: a tuple of the kept elements, in queue order."""
        c = self.c
        domain = c.compile(e.domain, scope)
        var = c.temps.new()
        cond = c.compile(e.cond, scope.bind(e.name, Code(var, elem_type(e))))
        code = f"tuple({var} for {var} in {scoped(c.sem(domain))} if {c.test(cond)})"
        return Code(code, e.type, domain.fails or cond.fails)

    def set_map(self, e: ir.SetMap, scope) -> CV:
        c = self.c
        domain = c.compile(e.domain, scope)
        values = c.unroll_domain(domain, e.domain.type)
        if values is not None:
            items = [c.compile(e.body, scope.bind(e.name, Const(v, elem_type(e))))
                     for v in values]
            if all(isinstance(i, Const) for i in items):
                return Const(frozenset(i.value for i in items), e.type)
            inner = "".join(c.sem(i) + ", " for i in items)
            return Code(f"frozenset(({inner}))", e.type, any(i.fails for i in items))
        var = c.temps.new()
        body = c.compile(e.body, scope.bind(e.name, Code(var, elem_type(e))))
        code = f"frozenset({c.sem(body)} for {var} in {scoped(c.sem(domain))})"
        return Code(code, e.type, domain.fails or body.fails)


"""Declarations -> the checked Model (vcspec/model/ir.py), collecting every diagnostic."""

from __future__ import annotations

import difflib
import itertools

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.diagnostics import Diagnostics, Note
from vcspec.model.evaluate import Env, EvalError, Work, evaluate
from vcspec.model.initcheck import InitChecks
from vcspec.model.lints import lint_model
from vcspec.model.propcheck import PropertyChecks
from vcspec.model.scope import Context, Globals
from vcspec.model.stmtcheck import StmtChecker
from vcspec.model.typecheck import ExprChecker
from vcspec.model.types import (
    ANY,
    BOOL,
    AnyT,
    BoolT,
    EnumT,
    IntT,
    MapT,
    Type,
)

MAX_CONSTANT = 1 << 62
CONST_WORK = 1 << 22  # values one constant's evaluation may visit (VCS308 beyond)
MAX_CONST_CHAIN = 150  # constants evaluated inside one another (VCS106 beyond)
_TOP_KINDS = (s.Const, s.Enum, s.TypeAlias, s.Def, s.Process)
_PROPERTY_KINDS = (s.Invariant, s.Monitor, s.Temporal, s.StepProperty)
IMPLICIT_PROPERTIES = {"deadlock": "a reachable state with no enabled action",
                       "runtime": "no action fails at run time"}  # vcspec/engine/properties.py


class ModelChecker(PropertyChecks, InitChecks):
    """Declarations -> ir.Model: names, constants, processes, fairness and symmetry
    here; properties and monitors in the mixin (propcheck.py)."""

    def __init__(self, decls: list[s.Node], overrides: dict[str, str], diags: Diagnostics):
        self.decls, self.overrides, self.diags = decls, overrides, diags
        self.env = Globals(diags, const_int=self.const_int)
        self.exprs = ExprChecker(self.env, diags)
        self.stmts = StmtChecker(self.exprs)
        self.const_decls: dict[str, s.Const] = {}
        self._evaluating: list[str] = []
        self.vars: list[ir.StateVar] = []
        self.defaulted: set[int] = set()  # variables declared without an initial value

    # ------------------------------------------------------------ driver
    def run(self, name: str, files: tuple[str, ...]) -> ir.Model:
        self.declare()
        self.evaluate_consts()
        self.declare_sized_enums()
        processes = [d for d in self.decls if isinstance(d, s.Process)]
        for process in processes:
            self.declare_vars(process)
        for process in processes:
            self.check_inits(process)
        actions = [a for p in processes for a in self.check_actions(p)]
        properties = self.check_properties(actions)
        fairness = self.check_fairness(actions)
        terminals = tuple(self.exprs.expect_bool(d.expr, Context(), "a terminal condition")
                          for d in self.decls if isinstance(d, s.Terminal))
        inits, constraints = self.check_init_predicates(), self.check_constraints()
        model = ir.Model(
            name=name, consts={k: v for k, (v, _) in self.env.consts.items()},
            enums=dict(self.env.enums), vars=tuple(self.vars), actions=tuple(actions),
            properties=properties, fairness=fairness, terminals=terminals,
            processes={p.name: tuple(f"{p.name}.{v}" for v in self.env.process_vars[p.name])
                       for p in processes},
            families={p: t for p, (_, t) in self.env.families.items()},
            symmetry=self.symmetric_enums(), files=files, inits=inits,
            constraints=constraints, semantics=self.check_semantics())
        self.check_tied(model)
        if not self.diags.has_errors:  # no warnings guessed from a spec with errors
            lint_model(model, self.exprs.reads, self.diags)
            self.unused_definitions()
        return model

    def unused_definitions(self) -> None:
        for decl in self.decls:
            if isinstance(decl, (s.Const, s.Def)) and decl.name not in self.exprs.used:
                kind = "constant" if isinstance(decl, s.Const) else "definition"
                self.diags.warning("VCS405", f"{kind} '{decl.name}' is never used", decl.span)

    def declare(self) -> None:
        seen: dict[str, s.Node] = {}
        props: dict[str, s.Node] = {}
        for decl in self.decls:
            if isinstance(decl, _TOP_KINDS):
                self.unique(decl, decl.name, seen)
            elif isinstance(decl, _PROPERTY_KINDS):
                self.unique(decl, decl.name, props)
                if decl.name in IMPLICIT_PROPERTIES:
                    self.diags.error("VCS202", f"'{decl.name}' is the name of an implicit "
                                     f"property ({IMPLICIT_PROPERTIES[decl.name]}); choose "
                                     "another name", decl.span)
            if isinstance(decl, s.Const):
                self.const_decls[decl.name] = decl
            elif isinstance(decl, s.Enum) and decl.members is not None:
                self.add_enum(decl, decl.members)
            elif isinstance(decl, s.TypeAlias):
                self.env.aliases[decl.name] = decl
            elif isinstance(decl, s.Def):
                self.env.defs[decl.name] = decl
            elif isinstance(decl, s.Process):
                self.env.processes[decl.name] = decl
        self.members_unique(seen)
        unknown = sorted(set(self.overrides) - set(self.const_decls))
        for name in unknown:
            close = difflib.get_close_matches(name, sorted(self.const_decls), n=1)
            notes = (Note(f"did you mean '{close[0]}'?"),) if close else ()
            self.diags.error("VCS206", f"--const {name}: the spec declares no constant "
                             f"'{name}'", None, *notes)

    def unique(self, decl: s.Node, name: str, seen: dict[str, s.Node]) -> None:
        if name in seen:
            self.diags.error("VCS202", f"'{name}' is declared twice", decl.span,
                             Note("first declared here", seen[name].span))
        else:
            seen[name] = decl

    def add_enum(self, decl: s.Enum, members: tuple[str, ...], seen: dict | None = None) -> None:
        if not members:
            self.diags.error("VCS305", f"enum {decl.name} has no members", decl.span)
            return
        if len(set(members)) != len(members):
            dup = next(m for m in members if members.count(m) > 1)
            self.diags.error("VCS202", f"enum {decl.name} lists '{dup}' twice", decl.span)
        enum = EnumT(decl.name, members, decl.symmetric)
        self.env.enums[decl.name] = enum
        self.env.types[decl.name] = enum
        for member in members:
            if seen is not None:  # a sized enum: checked against every declaration
                self.member_unique(decl, member, seen)
            self.env.members.setdefault(member, []).append(enum)

    def members_unique(self, seen: dict[str, s.Node]) -> None:
        """An enum member may not share a name with a top-level declaration,
        wherever either is declared (so a name never changes meaning with
        the order of declarations)."""
        for decl in self.decls:
            if not isinstance(decl, s.Enum) or decl.members is None:
                continue
            for member in dict.fromkeys(decl.members):
                self.member_unique(decl, member, seen)

    def member_unique(self, decl: s.Enum, member: str, seen: dict[str, s.Node]) -> None:
        if member in seen:
            self.diags.error("VCS202", f"enum member '{member}' has the name of a "
                             "declaration", decl.span, Note("declared here", seen[member].span))

    # ------------------------------------------------------------ constants
    def evaluate_consts(self) -> None:
        for name in self.const_decls:
            self.const_value(name)

    def const_value(self, name: str):
        if name in self.env.consts:
            return self.env.consts[name]
        decl = self.const_decls[name]
        if name in self._evaluating:
            self.diags.error("VCS207", f"constant '{name}' refers to itself", decl.span)
            return None
        if len(self._evaluating) >= MAX_CONST_CHAIN:  # evaluated on demand: recursion
            self.diags.error("VCS106", f"constant '{name}' ends a chain of over {MAX_CONST_CHAIN}"
                             " constants, each defined by the next", decl.span)
            return self.env.consts.setdefault(name, (None, ANY))[0]
        self._evaluating.append(name)
        try:
            value = self.constant(decl.value, f"the value of constant '{name}'")
        finally:
            self._evaluating.pop()
        if value is None:
            self.env.consts[name] = (None, ANY)
            return None
        value = self.override(decl, *value)
        self.env.consts[name] = value
        return value

    def constant(self, node: s.Node, what: str) -> tuple[object, Type] | None:
        """Check and evaluate a constant expression (other constants are
        evaluated on demand)."""
        for dep in sorted(n for n in _names(node) if n in self.const_decls):
            self.const_value(dep)
        expr = self.exprs.check(node, Context(state=False, where=what))
        if has_error(expr):
            return None
        try:
            value = evaluate(expr, Env((), work=Work(CONST_WORK)))
        except EvalError as error:
            self.diags.error("VCS308", f"{what}: {error.message}", node.span)
            return None
        t = expr.type
        if isinstance(t, IntT):
            if abs(value) > MAX_CONSTANT:
                self.diags.error("VCS304", f"{what} is too large (over 2^62 in magnitude)",
                                 node.span)
                return None
            t = IntT(value, value)
        return value, t

    def override(self, decl: s.Const, value, t: Type) -> tuple[object, Type]:
        if decl.name not in self.overrides:
            return value, t
        text = self.overrides[decl.name]
        if isinstance(t, BoolT) and text in ("true", "false"):
            return text == "true", t
        if isinstance(t, IntT) and text.lstrip("-").isdigit() and len(text) < 19:
            return int(text), IntT(int(text), int(text))
        if isinstance(t, EnumT) and text in t.members:
            return text, t
        self.diags.error("VCS309", f"--const {decl.name}={text}: expected {_describe(t)}",
                         decl.span)
        return value, t

    def const_int(self, node: s.Node, what: str) -> int | None:
        result = self.constant(node, what)
        if result is None:
            return None
        value, t = result
        if not isinstance(t, IntT):
            self.diags.error("VCS301", f"{what} must be an integer, found {t}", node.span)
            return None
        return value

    def declare_sized_enums(self) -> None:
        seen = {d.name: d for d in self.decls if isinstance(d, _TOP_KINDS)}
        for decl in self.decls:
            if isinstance(decl, s.Enum) and decl.members is None:
                size = self.const_int(decl.size, f"the size of enum {decl.name}")
                if size is not None and size > 1000:
                    self.diags.error("VCS304", f"enum {decl.name} of {size} members is too "
                                     "large", decl.size.span)
                    size = None
                if size is not None:
                    members = tuple(f"{decl.name}{i}" for i in range(1, size + 1))
                    self.add_enum(decl, members, seen)

    # ------------------------------------------------------------ processes
    def declare_vars(self, process: s.Process) -> None:
        vars_: dict[str, tuple[int, Type]] = {}
        self.env.process_vars[process.name] = vars_
        if process.index is not None:
            index_type = self.env.finite(process.index.type, "a process index")
            self.env.families[process.name] = (process.index.name, index_type)
        for item in process.items:
            if isinstance(item, s.Var):
                if item.name in vars_:
                    self.diags.error("VCS202", f"variable '{item.name}' is declared twice",
                                     item.span)
                    continue
                t = self.env.resolve_type(item.type)
                vars_[item.name] = (len(self.vars), t)
                full = t
                if process.name in self.env.families:
                    family = self.env.families[process.name][1]
                    full = ANY if isinstance(family, AnyT) else MapT(family, t)
                self.vars.append(ir.StateVar(f"{process.name}.{item.name}", process.name,
                                             full, None, False, item.span))

    def check_actions(self, process: s.Process) -> list[ir.Action]:
        actions, names = [], {}
        family = self.env.families.get(process.name)
        for item in process.items:
            if not isinstance(item, s.Action):
                continue
            self.unique(item, item.name, names)
            params = [family] if family else []
            params += [(p.name, self.env.finite(p.type, "a parameter")) for p in item.params or ()]
            self.unique_params(item)
            ctx = Context(dict(params), process=process.name, where="an action")
            guard = (self.exprs.expect_bool(item.guard, ctx, "a guard") if item.guard
                     else ir.Lit(BOOL, item.span, True))
            body = self.stmts.block(item.body, ctx)
            actions.append(ir.Action(f"{process.name}.{item.name}", process.name,
                                     tuple(params), guard, body, item.span))
        return actions

    def unique_params(self, action: s.Action) -> None:
        seen: dict[str, s.Node] = {}
        for param in action.params or ():
            self.unique(param, param.name, seen)

    # ------------------------------------------------------------ fairness, symmetry
    def check_fairness(self, actions: list[ir.Action]) -> tuple[ir.Fairness, ...]:
        out = []
        for decl in self.decls:
            if not isinstance(decl, s.Fairness):
                continue
            for item in decl.items:
                fair = self.fairness_item(item, actions)
                if fair is not None:
                    out.append(fair)
        return tuple(out)

    def fairness_item(self, item: s.FairnessItem, actions) -> ir.Fairness | None:
        if item.process not in self.env.processes:
            self.diags.error("VCS205", f"no process '{item.process}'", item.span)
            return None
        mine = [a for a in actions if a.process == item.process]
        family = 1 if item.process in self.env.families else 0
        if item.action is None:
            return ir.Fairness(item.kind, item.process, tuple(a.name for a in mine), family,
                               item.span)
        name = f"{item.process}.{item.action}"
        action = next((a for a in mine if a.name == name), None)
        if action is None:
            self.diags.error("VCS205", f"no action '{name}'", item.span)
            return None
        per = family if item.any else len(action.params)  # `any`: all valuations are one
        return ir.Fairness(item.kind, item.process, (name,), per, item.span, item.any)

    def symmetric_enums(self) -> tuple[str, ...]:
        out = []
        for name, enum in sorted(self.env.enums.items()):
            if not enum.symmetric:
                continue
            if name in self.exprs.named_symmetric:
                self.diags.warning("VCS404", f"member of symmetric enum {name} named "
                                   "literally; symmetry reduction is off for it",
                                   self.exprs.named_symmetric[name])
            else:
                out.append(name)
        return tuple(out)


def has_error(expr: ir.Expr) -> bool:
    """Whether an expression holds a part that already failed to check."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Expr):
            if isinstance(node.type, AnyT):
                return True
            stack.extend(getattr(node, f) for f in node.__dataclass_fields__
                         if f not in ("type", "span"))
        elif isinstance(node, tuple):
            stack.extend(node)
    return False


def _names(node) -> set[str]:
    """Every bare name used in a syntax subtree."""
    found, stack = set(), [node]
    while stack:
        item = stack.pop()
        if isinstance(item, s.Name):
            found.add(item.id)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
        elif isinstance(item, s.Node):
            stack.extend(getattr(item, f) for f in item.__dataclass_fields__
                         if f not in ("span", "name_span"))
    return found


def _describe(t: Type) -> str:
    if isinstance(t, EnumT):
        return "one of " + ", ".join(t.members)
    return "true or false" if isinstance(t, BoolT) else "an integer"


def all_valuations(params) -> list[dict]:
    names = [n for n, _ in params]
    return [dict(zip(names, values))
            for values in itertools.product(*(t.domain() for _, t in params))]

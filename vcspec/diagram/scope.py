"""Expressions typed by the user (`--vars`, `--around`, `trace.eval(...)`),
parsed by the language's own parser and type-checked in the model's scope,
then evaluated with the reference semantics (vcspec/model/evaluate.py). Never Python
`eval`.

The checked Model does not keep its scope, so the spec is analysed once more
(the root file's text is taken from the model's own spans, or read from its
path) and the type checker of that analysis checks the expression:

    expr = compile_expr(model, "Ndis.call[Vc1]")
    value = evaluate_at(expr, model, step_state)
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

from vcspec.model import ir
from vcspec.model import syntax as s
from vcspec.model.check import ModelChecker
from vcspec.model.contract import apply_contracts
from vcspec.model.diagnostics import Diagnostics
from vcspec.model.evaluate import Env, EvalError, evaluate, format_value
from vcspec.model.loader import Loader, read_source
from vcspec.model.parse import parse_source
from vcspec.model.scope import Context
from vcspec.model.source import SourceFile
from vcspec.model.typecheck import ExprChecker
from vcspec.model.types import AnyT, TemporalT

_PREFIX = "invariant __expr__: "
_SCOPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class ExprError(ValueError):
    """The expression does not parse or type-check; the message shows where."""


@dataclass(frozen=True)
class Compiled:
    """A typed expression and the text it came from."""

    text: str
    expr: ir.Expr

    @property
    def type(self):
        return self.expr.type

    def format(self, value) -> str:
        return format_value(value, self.expr.type)


def compile_expr(model: ir.Model, text: str) -> Compiled:
    """Parse and type-check `text` in the scope of `model` (state variables as
    `Proc.var`, family instances as `Fam[i].var`, constants, enum members, defs)."""
    checker = _scope(model)
    diags = Diagnostics()
    tree = parse_source(SourceFile("<expression>", _PREFIX + text), diags)
    if tree is None or diags.has_errors:
        raise ExprError(_explain(text, diags))
    decl = next(d for d in tree.decls if isinstance(d, s.Invariant))
    exprs = ExprChecker(checker.env, diags)
    expr = exprs.check(decl.expr, Context(where="the expression"))
    if diags.has_errors or isinstance(expr.type, AnyT):
        raise ExprError(_explain(text, diags))
    if isinstance(expr.type, TemporalT):
        raise ExprError(f"{text}: a temporal formula has no value in one state")
    return Compiled(text, expr)


def evaluate_state(compiled: Compiled, state: tuple, monitors: dict | None = None):
    """The expression's value in a state (a tuple in model.vars order); an
    error of the spec's semantics (e.g. a field of none) gives the message."""
    try:
        return evaluate(compiled.expr, Env(state, monitors or {}))
    except EvalError as error:
        return EvalFailure(error.message)


@dataclass(frozen=True)
class EvalFailure:
    """A runtime error while evaluating a user expression (shown, not raised)."""

    message: str

    def __str__(self) -> str:
        return f"error: {self.message}"


# ------------------------------------------------------------ the model's scope
def _scope(model: ir.Model) -> ModelChecker:
    cached = _SCOPES.get(model)
    if cached is not None:
        return cached
    source, path = _root_source(model)
    diags = Diagnostics()
    loader = Loader(diags)
    loader.load_root(source, path)
    if diags.has_errors or not loader.order:
        raise ExprError(f"cannot re-read the spec {source.name!r} to type the expression")
    decls = [d for _, tree in loader.order for d in tree.decls
             if not isinstance(d, s.Import)]
    contracts = apply_contracts(decls, loader.order[-1][1], diags, loader.in_library(path))
    checker = ModelChecker(contracts.decls, _overrides(model), diags)  # as model.analyse does
    checker.run(model.name, model.files)
    if diags.has_errors:
        raise ExprError(f"the spec {source.name!r} changed since it was loaded")
    _SCOPES[model] = checker
    return checker


def _root_source(model: ir.Model) -> tuple[SourceFile, Path | None]:
    """The root file's text (from the model's spans when possible) and its path."""
    root = model.files[-1] if model.files else "<input>"
    path = Path(root)
    path = path if path.is_file() else None
    for source in _sources(model):
        if source.name == root:
            return source, path
    if path is None:
        raise ExprError(f"cannot find the spec's source {root!r} to type the expression")
    diags = Diagnostics()
    source = read_source(path, root, diags)
    if source is None:
        raise ExprError(f"cannot read the spec's source {root!r}")
    return source, path


def _sources(model: ir.Model):
    items = [*model.vars, *model.actions, *model.properties, *model.fairness,
             *model.terminals]
    for item in items:
        span = getattr(item, "span", None)
        if span is not None:
            yield span.source


def _overrides(model: ir.Model) -> dict[str, str]:
    return {name: format_value(value) for name, value in model.consts.items()}


def _explain(text: str, diags: Diagnostics) -> str:
    first = next((d for d in diags.sorted() if d.is_error), None)
    if first is None:
        return f"{text}: not an expression"
    lines = [f"in expression {text!r}: {first.message}"]
    if first.span is not None and first.span.start >= len(_PREFIX):
        column = first.span.start - len(_PREFIX)
        width = max(1, min(first.span.end, len(_PREFIX) + len(text)) - first.span.start)
        lines += [f"  {text}", f"  {' ' * column}{'^' * width}"]
    return "\n".join(lines)

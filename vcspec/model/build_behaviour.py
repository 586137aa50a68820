"""Builders of the behaviour declarations (a mixin of build.SyntaxBuilder):
initial predicates, state constraints, the declared temporal semantics,
fairness over all parameters and step properties; MalformedConstruct lives here
so that build.py and this mixin share it.
Kept apart from build.py so that grammar additions made in parallel merge."""

from __future__ import annotations

from lark import Transformer, v_args

from vcspec.model import syntax as s
from vcspec.model.source import Span


class MalformedConstruct(Exception):
    """A construct that parses but does not form what it looks like."""

    def __init__(self, message: str, span: Span, code: str = "VCS107"):
        super().__init__(message)
        self.span = span
        self.code = code


@v_args(meta=True)
class BehaviourBuilder(Transformer):
    def init_decl(self, meta, children):
        return s.InitPredicate(children[0], self._span(meta))

    def constraint_decl(self, meta, children):
        name = str(children[0]) if len(children) == 2 else None
        return s.Constraint(name, children[-1], self._span(meta))

    def weak_any_fairness(self, meta, children):
        return s.FairnessItem("weak", str(children[0]), str(children[1]), self._span(meta),
                              any=True)

    def strong_any_fairness(self, meta, children):
        return s.FairnessItem("strong", str(children[0]), str(children[1]), self._span(meta),
                              any=True)

    def step_property_decl(self, meta, children):
        *attrs, word, name, expr = children
        if str(word) != "step":
            raise MalformedConstruct(f"'always {word}': a step property is "
                                     "`always step Name: P`", self._tok(word))
        return s.StepProperty(str(name), expr, tuple(attrs), self._span(meta))

    def semantics_decl(self, meta, children):
        return s.Semantics(str(children[0]), self._span(meta), self._tok(children[0]))

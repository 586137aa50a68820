"""Builders of the behaviour declarations (a mixin of build.SyntaxBuilder):
initial predicates, state constraints and the declared temporal semantics.
Kept apart from build.py so that grammar additions made in parallel merge."""

from __future__ import annotations

from lark import Transformer, v_args

from vcspec.model import syntax as s


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

    def semantics_decl(self, meta, children):
        return s.Semantics(str(children[0]), self._span(meta), self._tok(children[0]))

"""Proofs for every size of a symmetric enum (`--for-all Vc`).

  uvalues.py     the enum as an uninterpreted z3 sort; maps keyed by it as arrays
  uexpr.py       expressions and statements over those values
  uencode.py     init, trans (some instance acts; stores keep the others) and bad
  generalize.py  PDR's invariant at size n -> quantified candidate conjuncts
  induct.py      the inductive subset (Houdini), safety, the counterexample to induction
  cert.py        the SMT-LIB certificate (`z3 FILE`: three unsat per property)
  forall.py      per property: sizes 2, 3, generalise, check, re-check
  ulive.py       temporal: the liveness-to-safety reduction over the sorts
  liveall.py     temporal: PDR on the finite reductions at 1, 2; generalise, check
  api.py         the Report
"""

"""The symbolic engines (z3): bounded model checking, k-induction and PDR.

z3 is imported only by the modules of this package, and this package is
imported only when a symbolic engine is asked for (vcspec/symbolic/api.py):
explicit-only users never load z3.

    encode.py        the checked Model as z3 formulas: init, transition, bad states
    values.py        symbolic values mirroring vcspec/model/types.py semantic values
    canon.py         their canonical (state) shape: storing, leaves, decoding
    layout.py        state variables flattened to z3 scalars; decoding of models
    expr.py stmt.py  symbolic evaluation agreeing with vcspec/model/evaluate.py
    frames.py        copies of the state per time step
    bmc.py kind.py pdr.py lasso.py   the engines
    l2s.py liveproof.py   temporal properties: liveness to safety, proved by PDR
    certificate.py   the inductive invariant as an SMT-LIB file, re-checked
    decode.py        z3 models -> Trace, replayed on the reference semantics
    api.py           check_symbolic(model, engine, ...) -> Report
"""

"""Trace validation: does some behaviour of a spec produce a driver's call log?

log.py reads the log (JSON Lines, CSV), mapping.py the mapping file, bind.py
ties the mapping to a compiled model, handles.py binds real handles to the
model's slots, run.py is the validator, explain.py says why a log diverges,
render.py writes the verdict, generate.py makes logs from the model
(docs/validate.md).
"""

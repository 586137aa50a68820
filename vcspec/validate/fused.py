"""One generated function for the unobserved steps: all successors of a state
by the instances the log does not show, without a Python call per instance.

It is built from the compiled pieces of vcspec/compile/build.py (the same
guard and body code as `TransitionSystem.steps`); a step that fails a monitor
check or at run time gives no successor (the validator keeps only behaviours
that keep every safety property).
"""

from __future__ import annotations

from collections.abc import Callable

from vcspec.compile.codegen import Emitter
from vcspec.compile.ts import TransitionSystem


def successors_function(ts: TransitionSystem, instances: tuple[int, ...]
                        ) -> Callable[[int], list[int]]:
    builder = ts.builder
    out = Emitter()
    out.line("def _hidden(s):")
    out.indent()
    out.line("out = []")
    for k in instances:
        piece = builder.piece(ts.instances[k], "ok = False")
        if piece.guard is None:
            continue
        out.line("try:")
        out.indent()
        out.line(f"if {piece.guard}:")
        out.indent()
        out.line("ok = True")
        for line in piece.body:
            out.line(line)
        out.line("if ok:")
        out.line("    out.append(t)")
        out.dedent()
        out.dedent()
        out.line("except ActionError:")
        out.line("    pass")
    out.line("return out")
    return builder.run(out.source(), "validate_hidden")["_hidden"]

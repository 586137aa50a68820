"""z3 models of unrolled paths -> Trace, replayed on the reference semantics.

A path is read frame by frame (layout.decode) with the instance each step
took (`sel@k`). The Trace has the same shape as the explicit engine's
(vcspec/engine/result.py): every variable by qualified name, monitors' too, the
call of each step with its arguments. Every trace is replayed with
vcspec/trace.Replayer (vcspec/model/evaluate) before it is reported, and the
violation's words come from that replay, as in vcspec/verdicts.py.
"""

from __future__ import annotations

import z3

from vcspec.compile.ts import ActionInstance
from vcspec.engine.result import Step, Trace
from vcspec.engine.trace import Replayer, ReplayError, call_step, steps_of
from vcspec.engine.verdicts import deadlock_violation, runtime_violation
from vcspec.model import ir
from vcspec.model.evaluate import EvalError
from vcspec.symbolic.encode import Encoding, Instance, SafetyProperty
from vcspec.symbolic.frames import Frames


class Decoder:
    def __init__(self, enc: Encoding):
        self.enc = enc
        self.model = enc.model
        self.replayer = Replayer(enc.model)
        self.types = {slot.name: slot.type for slot in enc.layout.slots}

    # ------------------------------------------------------------ reading models
    def states(self, frames: Frames, model: z3.ModelRef, k: int) -> list[tuple]:
        return [self.enc.layout.decode(frames[i], model) for i in range(k + 1)]

    def instances(self, frames: Frames, model: z3.ModelRef, k: int) -> list[Instance]:
        out = []
        for i in range(k):
            pos = model.eval(frames.sel(i), model_completion=True).as_long()
            out.append(self.enc.instances[pos])
        return out

    def failing_instance(self, prop: SafetyProperty, frames: Frames, model: z3.ModelRef,
                         k: int) -> Instance:
        """The first instance whose step from frame k violates `prop`."""
        for inst in self.enc.instances:
            cond = prop.steps.get(inst.index)
            if cond is not None and z3.is_true(model.eval(frames.at(cond, k),
                                                          model_completion=True)):
                return inst
        raise ReplayError(f"no step from the last state violates {prop.name}")

    # ------------------------------------------------------------ building
    def trace(self, states: list[tuple], instances: list[Instance | None]) -> Trace:
        """The trace of a path, replayed on the reference (raises ReplayError)."""
        trace = self.trace_unchecked(states, instances)
        self.replayer.replay(trace)
        return trace

    def trace_unchecked(self, states: list[tuple], instances: list[Instance | None]) -> Trace:
        return Trace(steps_of([self.named(*s) for s in states], instances), dict(self.types))

    def named(self, system: tuple, monitors: dict) -> dict:
        out = {}
        for slot in self.enc.layout.slots:
            out[slot.name] = (system[slot.index] if slot.monitor is None
                              else monitors[slot.monitor][slot.index])
        return out

    def successor(self, state: tuple, inst: Instance) -> tuple:
        """The reference's successor of `state` by `inst` (a monitor's bad step)."""
        system, monitors = state
        try:
            new_system, new_monitors, _ = self.replayer.step(system, monitors, call_step(inst))
        except EvalError as error:
            raise ReplayError(f"{inst.label()} raises on the reference: {error.message}") \
                from None
        return new_system, new_monitors

    # ------------------------------------------------------------ violations in words
    def safety_trace(self, prop: SafetyProperty, frames: Frames, model: z3.ModelRef,
                     k: int) -> Trace:
        """The trace of a violation of `prop` at frame k (state or step)."""
        states = self.states(frames, model, k)
        instances: list[Instance | None] = [None] + self.instances(frames, model, k)
        if prop.kind in ("invariant", "monitor"):
            if self._state_fails(prop, states[-1]):
                return self.state_violation(prop, states, instances)
            inst = self.failing_instance(prop, frames, model, k)
            states.append(self.successor(states[-1], inst))
            instances.append(inst)
            return self.step_violation(prop, states, instances)
        if prop.kind == "runtime":
            inst = self.failing_instance(prop, frames, model, k)
            return self.runtime_violation(states, instances, inst)
        return self.deadlock_violation(states, instances)

    def _state_fails(self, prop: SafetyProperty, state: tuple) -> bool:
        step = Step(None, (), "", self.named(*state), ())
        for expr in self.state_exprs(prop.name):
            if self.replayer.holds(expr, step) is not True:
                return True
        return False

    def state_exprs(self, name: str) -> list[ir.Expr]:
        prop = self.model.find_property(name)
        if isinstance(prop, ir.Invariant):
            return [prop.expr]
        return [c.expr for c in prop.always]

    def state_violation(self, prop: SafetyProperty, states, instances) -> Trace:
        trace = self.trace(states, instances)
        model_prop = self.model.find_property(prop.name)
        checks = ([(model_prop.expr, None)] if isinstance(model_prop, ir.Invariant)
                  else [(c.expr, c.message) for c in model_prop.always])
        for expr, message in checks:
            value = self.replayer.holds(expr, trace.steps[-1])
            if value is True:
                continue
            if isinstance(value, str):
                trace.violation = f"evaluating {prop.name} fails: {value}"
            elif message is None:
                trace.violation = f"{prop.name} is false in the last state"
            else:
                trace.violation = message
            return trace
        raise ReplayError(f"{prop.name} holds in the trace's last state")

    def step_violation(self, prop: SafetyProperty, states, instances) -> Trace:
        trace = self.trace(states, instances)
        monitor = self.model.find_property(prop.name)
        mine = [c for r in monitor.on_rules for c in r.checks]
        failed = [c for c in self.replayer.failed_checks(trace) if any(c is m for m in mine)]
        if not failed:
            raise ReplayError(f"the last step does not fail {prop.name}'s check")
        trace.violation = f"{failed[0].kind}: {failed[0].message}"
        return trace

    def runtime_violation(self, states, instances, inst: Instance) -> Trace:
        failing = ActionInstance(inst.index, inst.action, inst.args)
        return runtime_violation(self.replayer, self.trace(states, instances), failing)

    def deadlock_violation(self, states, instances) -> Trace:
        return deadlock_violation(self.replayer, self.trace(states, instances))

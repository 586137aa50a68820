"""Seeded random walks, and shortening of the violations they find.

Each run starts in a random initial state and takes up to `steps` random
enabled action instances (random.Random(seed): the same seed gives the same
runs). A run stops at the first violation (invariant, monitor check, runtime
error, deadlock) or at a state without successors. A violating walk is then
shortened: cycles are cut (a repeated state), and single steps are dropped
while the rest still replays and still violates the same property.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from vcspec.compile.codegen import ActionError
from vcspec.compile.ts import TransitionSystem
from vcspec.engine.progress import NullReporter, Progress, Reporter
from vcspec.engine.watchdog import stop_reason

MAX_DROP_PASS = 400
BFS_BUDGET = 20_000  # states a shortening search may visit


@dataclass(frozen=True)
class Violation:
    kind: str  # state | step | runtime | deadlock
    check: int | None = None  # state-check or step-check index


@dataclass
class Walk:
    start: int  # initial state int
    instances: list[int]  # action instance of each step
    violation: Violation


@dataclass
class Simulation:
    walks: list[Walk]  # the first violating walk of each kind, shortened
    runs: int  # runs started (fewer than asked when the watchdog stopped them)
    steps: int  # total steps taken
    seconds: float
    distinct: int


class _Trail:
    """A walk's action instances with its cycles cut: back at a state already
    on the trail, the steps since then are dropped (the result is the walk
    with each state followed by the step after its last visit)."""

    def __init__(self, start: int):
        self.instances: list[int] = []
        self.states = [start]  # states[i] is reached after instances[:i]
        self.position = {start: 0}
        self.taken = 0  # steps walked, cycles included

    def step(self, instance: int, state: int) -> None:
        self.taken += 1
        back = self.position.get(state)
        if back is None:
            self.instances.append(instance)
            self.states.append(state)
            self.position[state] = len(self.instances)
            return
        for dropped in self.states[back + 1:]:
            del self.position[dropped]
        del self.states[back + 1:]
        del self.instances[back:]


class Simulator:
    def __init__(self, ts: TransitionSystem, state_checks: tuple[int, ...],
                 step_checks: tuple[int, ...], deadlock: bool,
                 reporter: Reporter | None = None):
        self.ts = ts
        self.state_checks = state_checks
        self.step_checks = set(step_checks)
        self.deadlock = deadlock
        self.reporter = reporter or NullReporter()
        self.preds = [ts.builder.predicate(ts.state_checks[i].expr) for i in state_checks]

    # ------------------------------------------------------------ walking
    def run(self, seed: int, runs: int, steps: int) -> Simulation:
        rng, start = random.Random(seed), time.monotonic()
        found: dict[Violation, Walk] = {}
        seen: set[int] = set()
        total = done = 0
        for _ in range(runs):
            if stop_reason() is not None:  # a limit or Ctrl-C: the runs done are reported
                break
            done += 1
            walk, taken = self.walk(rng, steps, seen)
            total += taken
            if walk is not None and walk.violation not in found:
                found[walk.violation] = self.shorten(walk)
            self.reporter.progress(Progress("simulate", total, len(seen), 0, taken, total,
                                            time.monotonic() - start))
        walks = sorted(found.values(), key=lambda w: (len(w.instances), str(w.violation)))
        return Simulation(walks, done, total, time.monotonic() - start, len(seen))

    def walk(self, rng: random.Random, steps: int, seen: set[int]) -> tuple[Walk | None, int]:
        """One run and the steps it took. Its trail is kept with each cycle cut
        as it closes (what `shorten` would cut anyway), so a walk's memory is
        bounded by the states it visits, not by `steps`."""
        state = first = rng.choice(self.ts.initial)
        seen.add(state)
        trail = _Trail(first)
        violation = self.state_violation(state)
        for _ in range(steps):
            if violation is not None or stop_reason() is not None:
                break
            options, violation = self.options(state)
            if violation is not None:
                trail.instances.append(violation[1])
                return Walk(first, trail.instances, violation[0]), trail.taken + 1
            if not options:
                if self.deadlock and not self.terminal(state):
                    violation = Violation("deadlock")
                break
            options = [(k, s) for k, s in options if self.admits(s)]
            if not options:  # every successor outside the constraints: not a deadlock
                break
            k, state = options[rng.randrange(len(options))]
            trail.step(k, state)
            seen.add(state)
            violation = self.state_violation(state)
        if violation is None:
            return None, trail.taken
        return Walk(first, trail.instances, violation), trail.taken

    def options(self, state: int):
        """Enabled (instance, successor) pairs, or a runtime/monitor violation
        with the instance that causes it."""
        out = []
        for k, step in enumerate(self.ts.steps):
            viol: list[int] = []
            try:
                successor = step(state, viol)
            except ActionError:
                return out, (Violation("runtime"), k)
            for check in viol:
                if check in self.step_checks:
                    return out, (Violation("step", check), k)
            if successor is not None:
                out.append((k, successor))
        return out, None

    def state_violation(self, state: int) -> Violation | None:
        for index, pred in zip(self.state_checks, self.preds):
            try:
                if not pred(state):
                    return Violation("state", index)
            except ActionError:
                return Violation("state", index)
        return None

    def fails(self, state: int, check: int) -> bool:
        try:
            return not self.preds[self.state_checks.index(check)](state)
        except ActionError:
            return True

    def admits(self, state: int) -> bool:
        """The state satisfies the constraints (one that fails to evaluate does not)."""
        try:
            return self.ts.admits(state)
        except ActionError:
            return False

    def terminal(self, state: int) -> bool:
        try:
            return self.ts.terminal(state)
        except ActionError:
            return False

    # ------------------------------------------------------------ shortening
    def replay(self, start: int, instances: list[int]) -> list[int] | None:
        """States along the instances, or None if one is not enabled."""
        states = [start]
        for k in instances:
            try:
                successor = self.ts.steps[k](states[-1], [])
            except ActionError:
                return None
            if successor is None:
                return None
            states.append(successor)
        return states

    def violates(self, start: int, instances: list[int], violation: Violation,
                 exact: bool = False) -> bool:
        """Whether the steps replay from `start` and end in the violation
        (`exact`: only state and deadlock violations, at the last state)."""
        if violation.kind in ("runtime", "step"):
            if exact:
                return False
            states = self.replay(start, instances[:-1])
            if states is None:
                return False
            options, found = self.options(states[-1])
            return found is not None and found[0] == violation and found[1] == instances[-1]
        states = self.replay(start, instances)
        if states is None:
            return False
        if violation.kind == "state":
            return self.fails(states[-1], violation.check)
        options, found = self.options(states[-1])
        return not options and found is None and not self.terminal(states[-1])

    def shorten(self, walk: Walk) -> Walk:
        instances = self.cut_cycles(walk)
        if len(instances) <= MAX_DROP_PASS:
            instances = self.drop_steps(walk, instances)
        instances = self.search_shorter(walk, instances)
        if walk.violation.kind == "state":
            states = self.replay(walk.start, instances)
            first = next(i for i, s in enumerate(states)
                         if self.fails(s, walk.violation.check))
            instances = instances[:first]
        return Walk(walk.start, instances, walk.violation)

    def cut_cycles(self, walk: Walk) -> list[int]:
        tail = 1 if walk.violation.kind in ("runtime", "step") else 0
        body = walk.instances[:len(walk.instances) - tail]
        states = self.replay(walk.start, body)
        trail = _Trail(walk.start)
        for instance, state in zip(body, states[1:]):
            trail.step(instance, state)
        return trail.instances + walk.instances[len(walk.instances) - tail:]

    def drop_steps(self, walk: Walk, instances: list[int]) -> list[int]:
        """Remove steps while the rest still replays and violates: first every
        step of one process instance at once, then blocks of halving size."""
        keep_last = walk.violation.kind in ("runtime", "step")
        changed = True
        while changed:
            changed = False
            for owner in dict.fromkeys(self.owner(k) for k in instances):
                candidate = [k for i, k in enumerate(instances) if self.owner(k) != owner
                             or (keep_last and i == len(instances) - 1)]
                if len(candidate) < len(instances) and self.violates(
                        walk.start, candidate, walk.violation):
                    instances, changed = candidate, True
            size = max(1, len(instances) // 2)
            while size >= 1:
                i = len(instances) - size - (1 if keep_last else 0)
                while i >= 0:
                    candidate = instances[:i] + instances[i + size:]
                    if self.violates(walk.start, candidate, walk.violation):
                        instances, changed = candidate, True
                    i -= size if size > 1 else 1
                    i = min(i, len(instances) - size - (1 if keep_last else 0))
                size //= 2
        return instances

    def search_shorter(self, walk: Walk, instances: list[int]) -> list[int]:
        """Breadth-first from the walk's initial state, within a budget and
        shorter than `instances`, for a path with the same violation."""
        parents: dict[int, tuple[int | None, int | None]] = {walk.start: (None, None)}
        level, depth = [walk.start], 0
        while level and depth < len(instances) and len(parents) < BFS_BUDGET:
            following = []
            for state in level:
                path = self.path_to(parents, state)
                if self.violates(walk.start, path, walk.violation, exact=True):
                    return path
                for k, successor in self.ts.successors(state):
                    if successor not in parents:
                        parents[successor] = (state, k)
                        following.append(successor)
                if walk.violation.kind in ("runtime", "step"):
                    options, found = self.options(state)
                    if found is not None and found[0] == walk.violation:
                        return path + [found[1]]
            level, depth = following, depth + 1
        return instances

    @staticmethod
    def path_to(parents: dict, state: int) -> list[int]:
        out = []
        while parents[state][0] is not None:
            state, k = parents[state]
            out.append(k)
        out.reverse()
        return out

    def owner(self, k: int) -> tuple:
        """The process instance that performs action instance k."""
        inst = self.ts.instances[k]
        family = inst.action.process in self.ts.model.families
        return (inst.action.process, inst.args[0] if family else None)

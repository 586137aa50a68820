"""Swarm search (`vcspec check --swarm N`, after SPIN's swarm): N independent
depth-first searches, each with its own seed (the initial state and the
order of the action instances at every state are drawn from
random.Random(seed)), a depth bound and a budget of distinct states, for
bug hunting in spaces too large to explore whole.

A search stops at its first violation (invariant, monitor check, runtime
error, deadlock), which it gives as a walk (explicit/simulate.Walk) that
vcspec.api shortens and replays on the reference semantics like a
simulation's. The searches run on forked worker processes when asked
(`--workers`); results are taken in seed order, so what is reported does not
depend on which process finished first. A swarm never proves anything: a
property without a violation is UNKNOWN (the words give the coverage: the
distinct states the searches visited together).
"""

from __future__ import annotations

import multiprocessing
import random
from dataclasses import dataclass

from vcspec.compile.ts import TransitionSystem
from vcspec.explicit.owner import quiet_worker
from vcspec.explicit.simulate import Simulator, Violation, Walk


@dataclass
class Hunt:
    """One search's outcome."""

    seed: int
    walk: Walk | None
    visited: list[int]  # its distinct states (for the swarm's coverage)
    deepest: int


class Hunter(Simulator):
    def hunt(self, seed: int, depth: int, budget: int) -> Hunt:
        """A depth-first search from a random initial state, instances in a
        random order at each state, at most `depth` steps deep and `budget`
        distinct states."""
        rng = random.Random(seed)
        first = rng.choice(self.ts.initial)
        seen = {first}
        found = self.state_violation(first)
        if found is not None:
            return Hunt(seed, Walk(first, [], found), [first], 0)
        stack: list[tuple[int, list]] = [(first, self.shuffled(first, rng))]
        trail: list[int] = []
        deepest = 0
        while stack:
            state, options = stack[-1]
            if isinstance(options, tuple):  # a runtime error or failed step check here
                violation, k = options
                return Hunt(seed, Walk(first, trail + [k], violation), list(seen), deepest)
            if options is None:  # no successor: a deadlock unless terminal
                if self.deadlock and not self.terminal(state):
                    return Hunt(seed, Walk(first, list(trail), Violation("deadlock")),
                                list(seen), deepest)
                options = []
            if not options or len(trail) >= depth or len(seen) >= budget:
                stack.pop()
                if trail:
                    trail.pop()
                continue
            k, successor = options.pop()
            if successor in seen:
                continue
            seen.add(successor)
            trail.append(k)
            deepest = max(deepest, len(trail))
            found = self.state_violation(successor)
            if found is not None:
                return Hunt(seed, Walk(first, list(trail), found), list(seen), deepest)
            stack.append((successor, self.shuffled(successor, rng)))
        return Hunt(seed, None, list(seen), deepest)

    def shuffled(self, state: int, rng: random.Random):
        """The successors in a random order; (violation, instance) when a step
        from here fails; None when there is none."""
        options, violation = self.options(state)
        if violation is not None:
            return violation
        if not options:
            return None
        rng.shuffle(options)
        return options


_HUNTER: Hunter | None = None  # the forked workers' hunter (inherited, not pickled)


def _hunt(args: tuple[int, int, int]) -> Hunt:
    return _HUNTER.hunt(*args)


def swarm(ts: TransitionSystem, state_checks: tuple[int, ...], step_checks: tuple[int, ...],
          deadlock: bool, searches: int, depth: int, budget: int,
          workers: int = 1) -> list[Hunt]:
    """Searches with seeds 0..searches-1, in seed order."""
    global _HUNTER
    hunter = Hunter(ts, state_checks, step_checks, deadlock)
    jobs = [(seed, depth, budget) for seed in range(searches)]
    if workers <= 1 or searches <= 1 or not ts.initial:
        return [hunter.hunt(*job) for job in jobs] if ts.initial else []
    _HUNTER = hunter
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=quiet_worker)
        try:
            return pool.map(_hunt, jobs, chunksize=1)
        finally:
            pool.close()
            pool.join()
    finally:
        _HUNTER = None

"""The validator: does some behaviour of the model produce the log?

It keeps the SET of model states consistent with the events read so far (not
one guess), on the compiled TransitionSystem (vcspec/compile: states are
ints, steps[k] the generated successor functions), so a long log costs a few
dictionary look-ups per event once its situations have been met:

  before each event, the states reachable by at most `depth` unobserved action
  instances (breadth-first; the actions the mapping names no event for);
  then the successors of those states by the instances the event may be.

Only behaviours that keep every safety property are kept: a step that fails a
monitor check, or reaches a state that fails an invariant or a monitor's
`always`, explains nothing. An empty set is a divergence; vcspec/validate/
explain.py then says what the model allowed there and which property the
event breaks (with the reference semantics, vcspec/model/evaluate.py).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from vcspec.compile.codegen import ActionError
from vcspec.compile.ts import TransitionSystem
from vcspec.validate.bind import Bound
from vcspec.validate.explain import explain
from vcspec.validate.fused import successors_function
from vcspec.validate.handles import Handles, OutOfSlots
from vcspec.validate.log import Event, LogError
from vcspec.validate.mapping import Mapping
from vcspec.validate.result import BAD, CONFORMS, DIVERGES, INCONCLUSIVE, Outcome

DEFAULT_DEPTH = 8


class Validator:
    def __init__(self, ts: TransitionSystem, mapping: Mapping, depth: int = DEFAULT_DEPTH):
        self.ts = ts
        self.bound = Bound(mapping, ts)
        self.mapping = mapping
        self.depth = depth
        domains = {name: enum.members for name, enum in ts.model.enums.items()}
        self.handles = Handles(mapping.handles, domains)
        self.preds = [ts.builder.predicate(c.expr) for c in ts.state_checks]
        self._succ: dict[tuple[int, int], int | None] = {}
        self._bad: dict[int, bool] = {}
        self._advance: dict[tuple, tuple] = {}
        self._hidden: dict[int, tuple[int, ...]] = {}
        self.states = frozenset(s for s in ts.initial if not self.bad_state(s))
        self.events = 0  # events validated
        self.skipped = 0  # events of ignored functions
        self.cut = False  # a search of unobserved steps stopped at `depth`
        self.most = len(self.states)
        self.cands: tuple[int, ...] = ()  # the instances the last event read may be
        self._fused = successors_function(ts, self.bound.unobserved)
        self.used: Counter = Counter()  # advance key -> events it explained
        self.machines = mapping.machines
        self._leaves = self._machine_leaves()
        self.started = time.monotonic()

    # ------------------------------------------------------------ per state
    def bad_state(self, state: int) -> bool:
        hit = self._bad.get(state)
        if hit is None:
            hit = False
            for pred in self.preds:
                try:
                    if not pred(state):
                        hit = True
                        break
                except ActionError:
                    hit = True
                    break
            self._bad[state] = hit
        return hit

    def succ(self, state: int, k: int) -> int | None:
        """Instance k's successor of `state`, BAD, or None when it is disabled
        (or fails at run time)."""
        key = (state, k)
        if key in self._succ:
            return self._succ[key]
        viol: list[int] = []
        try:
            out = self.ts.steps[k](state, viol)
        except ActionError:
            out = None
        if out is not None and (viol or self.bad_state(out)):
            out = BAD
        self._succ[key] = out
        return out

    def hidden(self, state: int) -> tuple[int, ...]:
        """The successors of `state` by unobserved instances (safe ones only)."""
        hit = self._hidden.get(state)
        if hit is None:
            bad = self.bad_state
            hit = self._hidden[state] = tuple(sorted({t for t in self._fused(state)
                                                      if not bad(t)}))
        return hit

    def closure_of(self, states: Iterable[int]) -> tuple[frozenset[int], bool]:
        """The states within `depth` unobserved steps of `states` (breadth-first),
        and whether the bound cut the search (a state one step further is new)."""
        seen = set(states)
        level = list(seen)
        hidden = self.hidden
        for _ in range(self.depth + 1):
            following = []
            for s in level:
                for t in hidden(s):
                    if t not in seen:
                        seen.add(t)
                        following.append(t)
            level = following
            if not level:
                return frozenset(seen), False
        return frozenset(seen - set(level)), True

    # ------------------------------------------------------------ per event
    def advance(self, states: frozenset[int], cands: tuple[int, ...]) -> tuple:
        """(next states, cut, actions used, machine transitions) of one event."""
        key = (states, cands)
        hit = self._advance.get(key)
        if hit is None:
            before, cut = self.closure_of(states)
            following, actions, moves = set(), set(), set()
            for s in before:
                for k in cands:
                    t = self.succ(s, k)
                    if t is None or t == BAD:
                        continue
                    following.add(t)
                    actions.add(self.ts.instances[k].name)
                    moves.update(self._moves(s, k, t))
            hit = self._advance[key] = (frozenset(following), cut, frozenset(actions),
                                        frozenset(moves))
        return hit

    def _moves(self, s: int, k: int, t: int) -> tuple[tuple[str, str, str], ...]:
        """(variable, before, after) of the machine variables at the step's first
        argument (e.g. Ndis.call[v] for a step on VC v)."""
        inst = self.ts.instances[k]
        if not self.machines or not inst.args:
            return ()
        out = []
        for name, leaf in self._leaves.get(inst.args[0], ()):
            a, b = leaf.decode(s), leaf.decode(t)
            if a != b:
                out.append((name, str(a), str(b)))
        return tuple(out)

    def _machine_leaves(self) -> dict[object, list]:
        """key -> [(variable, the slot of its entry at that key)] for the machine
        variables (maps) named by the mapping."""
        out: dict[object, list] = {}
        for var in self.ts.layout.all_vars():
            keys = getattr(var.slot.type, "key", None)
            if var.name in self.machines and keys is not None:
                for key, entry in zip(keys.domain(), var.slot.entries):
                    out.setdefault(key, []).append((var.name, entry))
        return out

    def feed(self, event: Event) -> Outcome | None:
        """Validate one event; an Outcome when the log diverges (or the model is
        too small for it), None while it conforms. LogError: an event the
        mapping cannot read."""
        self.cands = ()
        if event.function in self.mapping.ignore:
            self.skipped += 1
            return None
        if not self.bound.entries(event.function, event.caller):
            who = f" called by {event.caller}" if event.caller else ""
            raise LogError(event.line, f"the mapping has no event {event.function}{who}")
        try:
            values = self.handles.values(event)
        except OutOfSlots as error:
            return self.outcome(INCONCLUSIVE, str(error), event)
        if event.status is not None:
            member = self.mapping.status_member(event.status)
            if member is None:
                raise LogError(event.line, f"the mapping has no status {event.status}")
            values["status"] = member
        cands = self.cands = self.bound.candidates(event.function, event.caller, values)
        result = self.advance(self.states, cands)
        self.cut = self.cut or result[1]
        if not result[0]:
            verdict = INCONCLUSIVE if self.cut else DIVERGES
            return self.diverged(verdict, event, cands)
        self.used[(self.states, cands)] += 1
        self.states = result[0]
        self.most = max(self.most, len(self.states))
        self.handles.after(event)
        self.events += 1
        return None

    def run(self, events: Iterable[Event]) -> Outcome:
        for event in events:
            outcome = self.feed(event)
            if outcome is not None:
                return outcome
        return self.outcome(CONFORMS, "", None)

    # ------------------------------------------------------------ verdicts
    def coverage(self) -> tuple[dict[str, int], dict[str, list[str]]]:
        actions: Counter = Counter()
        moves: dict[str, set[str]] = {}
        for key, n in self.used.items():
            _, _, names, steps = self._advance[key]
            for name in names:
                actions[name] += n
            for var, a, b in steps:
                moves.setdefault(var, set()).add(f"{a} -> {b}")
        return dict(sorted(actions.items())), {v: sorted(m) for v, m in sorted(moves.items())}

    def outcome(self, verdict: str, reason: str, event: Event | None) -> Outcome:
        actions, moves = self.coverage()
        observed = sorted({self.ts.instances[k].name for k in self.bound.observed})
        return Outcome(verdict, self.events, reason, event, self.events + 1 if event else None,
                       coverage=actions, machines=moves, observed_actions=observed,
                       most_states=self.most, depth=self.depth, cut=self.cut,
                       skipped=self.skipped, seconds=time.monotonic() - self.started,
                       distinct_states=len(self._bad))

    def diverged(self, verdict: str, event: Event, cands: tuple[int, ...]) -> Outcome:
        reason = ("no behaviour of the model explains this event"
                  if verdict == DIVERGES else
                  f"no behaviour found, but the search of unobserved steps was cut at depth "
                  f"{self.depth} (try a larger --depth)")
        outcome = self.outcome(verdict, reason, event)
        explain(self, outcome, event, cands)
        return outcome

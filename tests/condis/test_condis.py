"""The CoNDIS flagship: the correct model holds, every seeded bug is caught with
its shortest counterexample, and the generated documents are up to date.

Everything runs at NVC=1 (one VC handle; the VCs are independent, see
docs/condis-model.md), CM and MCM.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vcspec.api import check
from vcspec.condis.ambiguities import ambiguities_document, modelled_questions, render_trace
from vcspec.condis.data import (
    DataError,
    in_scope,
    load_notes,
    load_questions,
    load_reasons,
    load_rules,
    parse_reference,
)
from vcspec.condis.docs import AMBIGUITIES_DOC, RULES_DOC
from vcspec.condis.rules import CoverageError, coverage_problems, rule_verdict, rules_document
from vcspec.condis.runner import Runner
from vcspec.engine.result import Verdict

ROOT = Path(__file__).resolve().parents[2]
MODEL_DOC = ROOT / "docs" / "condis-model.md"
REFERENCE = ROOT.parent / "shared" / "condis" / "REFERENCE.md"  # where CI has it, if at all

CM, MCM = {"VARIANT": "CM"}, {"VARIANT": "MCM"}
BOTH = (CM, MCM)


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner()


# ------------------------------------------------------------ (a) the correct model
# (distinct states, transitions, BFS depth) of the flagship, all properties, NVC=1, with
# crossings (the default) and without. Without crossings the environment is the one of
# before; the states above the former 792/736 are the client's own close record (CloseSent
# kept after the close, until the VC's next call). An add-party completes with SUCCESS only
# while the remote has the call up: the states below the former 960/876 (808/748 without
# crossings) are the ones where a party became active after the remote's release.
# Synchronous returns (SYNC_RETURNS, on by default) add transitions and no state: a call
# the (M)CM sets up or closes in line reaches states the pended call reaches too.
FLAGSHIP = {("CM", "true", "true"): (912, 3681, 13), ("MCM", "true", "true"): (828, 3370, 13),
            ("CM", "false", "true"): (760, 3075, 13), ("MCM", "false", "true"): (700, 2848, 13),
            ("CM", "true", "false"): (912, 3621, 16), ("MCM", "true", "false"): (828, 3310, 16)}


@pytest.mark.parametrize(("variant", "crossings", "sync"), sorted(FLAGSHIP))
def test_flagship_holds(runner: Runner, variant: str, crossings: str, sync: str) -> None:
    report = runner.report(VARIANT=variant, CROSSINGS=crossings, SYNC_RETURNS=sync)
    broken = {p.name: p.verdict.value for p in report.properties if p.verdict != Verdict.HOLDS}
    assert broken == {}
    assert report.stats.complete
    stats = report.stats
    assert (stats.distinct_states, stats.transitions, stats.depth) == \
        FLAGSHIP[variant, crossings, sync]
    names = {p.name for p in report.properties}
    assert names == {p.name for p in runner.model().properties} | {"deadlock", "runtime"}


# ------------------------------------------------------------ (b) the seeded bugs
# bug: (target property, [(configuration besides NVC=1 and BUG, trace length, loop start)])
# A loop start (the step whose state the lasso returns to) marks a temporal property.
def _any(length: int, loop: int | None = None) -> list:
    return [(c, length, loop) for c in BOTH]


BUGS: dict[str, tuple[str, list]] = {
    "ClientSkipsCloseOnIncomingClose": ("IncomingCloseHonoured", _any(5, 4)),
    "SendAfterIncomingClose": ("NoDataTransferAfterClose", _any(5)),
    "ClientDeletesCmVc": ("NoClientUseOfCmVcAfterClose", _any(7)),
    "CloseMultipointWithTwoParties": ("CloseMultipointWithOneParty", _any(6)),
    "ClientClosesWithSendsOutstanding": ("NoCloseWithSendsOutstanding", _any(5)),
    "ClientSendsBeforeCallConnected": ("SendOnlyOnConnectedCall", _any(5)),
    "ClientDeletesWhileMakeCallPending": ("DeleteOnlyWithoutCall", _any(3)),
    "ClientMakesCallOnCmVc": ("ClientMakesCallsOnOwnVc", _any(7)),
    "ClientReusesVcAfterNetworkFailure": ("DeleteAfterNetworkFailure", _any(6)),
    "ClientReusesClosedVc": ("NoReuseOfClosingVc", [
        ({**c, "OQ7": "NoReuseAfterClose"}, 5, None) for c in BOTH]),
    "ClientDropsLastParty": ("DropPartyNotLast", _any(3)),
    "ClientAddsPartyToPointToPointCall": ("AddPartyOnlyToOwnMultipointCall", _any(3)),
    "ClientDropsPartyTwice": ("PartyHandleValid", _any(6)),
    "ClientNeverCompletesPendedIncomingCall": ("IncomingCallAnswered", _any(5, 4)),
    "ClientIgnoresIncomingDropParty": ("IncomingDropHonoured", _any(11, 7)),
    "ClientKeepsReceivedNbls": ("ReceivesReturned", _any(5, 3)),
    "ClientLeaksVcAfterFailedCall": ("CreatorDeletes", _any(3, 2)),
    "ClientMakesCallOnDeletedVc": ("NoUseAfterDelete", _any(1)),
    "ClientUsesNdisMCmCreateVc": ("ClientUsesClientApi", _any(1)),
    "ClientActivatesVc": ("ClientUsesClientApi", _any(2)),
    "ClientClosesWhileMakeCallPending": ("NoCloseBeforeEstablished", _any(3)),
    "ClientCompletesIncomingCallWithPending": ("NoPendingCompletionStatus", _any(5)),
    "McmDeletesActiveVc": ("DeleteOnlyDeactivatedVc", [(MCM, 5, None)]),
    "CmCompletesCloseBeforeDeactivate": ("CloseCompletesDeactivated", _any(5)),
    "CmDeletesClientVc": ("OnlyCreatorDeletes", _any(5)),
    "CmCompletesMakeCallBeforeActivation": ("MakeCallSuccessOnlyWhenActive", [
        (CM, 5, None), ({**MCM, "OQ8": "McmActivationMayPend"}, 5, None)]),
    "McmSkipsNdisMCmActivateVc": ("ConnectedImpliesActive", [(MCM, 4, None)]),
    "CmDispatchesBeforeActivation": ("DispatchOnlyWhenActive", _any(2)),
    "CmActivatesTwice": ("OneActivationAtATime", [(CM, 3, None)]),
    "CmCompletesWithPending": ("NoPendingCompletionStatus", _any(5)),
    "CmFailsCallWhileActive": ("FailedCallLeavesVcInactive", _any(6)),
    "CmDispatchesDropForLastParty": ("IncomingDropOnlyForNonLastParty", _any(3)),
    "CmConnectsAfterRemoteTeardown": ("ConnectOnlyEstablishedCall", _any(6)),
    "CmIgnoresRemoteClose": ("RemoteCloseDispatched", _any(5, 3)),
    "CmNeverCompletesFailedCall": ("MakeCallCompletes", _any(4, 3)),
    "CmSkipsDeactivateOnClose": ("CloseCallCompletes", _any(5, 4)),
    "CmNeverCompletesAddParty": ("AddPartyCompletes", _any(7, 3)),
    "CmNeverCompletesDropParty": ("DropPartyCompletes", _any(9, 5)),
    "CmNeverDispatchesCallConnected": ("CallConnectedDispatched", _any(6, 5)),
    "McmUsesCmDispatchIncomingCloseCall": ("OnlyCmCallsNdisCm", [(MCM, 4, None)]),
    "CmUsesNdisMCmDeactivateVc": ("OnlyMcmCallsNdisMCm", [(CM, 4, None)]),
    "McmDeletesWithNdisCoDeleteVc": ("McmUsesMcmVcFunctions", [(MCM, 2, None)]),
    "McmSendsSignalingWithNdisCo": ("McmNeverSendsWithNdisCo", [(MCM, 3, None)]),
    "MiniportCompletesDeactivationWithSendsOut": ("DeactivationDrainsData", _any(6)),
    "MiniportIndicatesWhileDeactivating": ("DataOnlyOnActiveVc", _any(6)),
    "MiniportNeverCompletesActivation": ("ActivationCompletes", [(CM, 3, 2)]),
    "MiniportNeverCompletesDeactivation": ("DeactivationCompletes", [(CM, 5, 4)]),
    "MiniportLosesSendCompletion": ("SendsComplete", _any(5, 3)),
    # a second completion, or one with no request: no state changes, only the
    # exactly-once monitors see it (none of the other properties is violated)
    "ClientCompletesIncomingCallTwice": ("IncomingCallCompletedOnce", _any(5)),
    "CmCompletesMakeCallTwice": ("MakeCallCompletedOnce", _any(3)),
    "CmCompletesCloseTwice": ("CloseCallCompletedOnce", _any(5)),
    "CmCompletesAddPartyTwice": ("AddPartyCompletedOnce", _any(3)),
    "CmCompletesDropPartyTwice": ("DropPartyCompletedOnce", _any(3)),
    # crossings (CROSSINGS, on by default) and CloseStatus by cause
    "ClientClosesAgainOnCrossedClose": ("OneClosePerCall", _any(7)),
    "CmAbandonsCrossedClose": ("CloseCallCompletes", _any(8, 7)),
    "ClientDropsAgainOnCrossedDrop": ("PartyHandleValid", _any(7)),
    "CmAbandonsCrossedDrop": ("DropPartyCompletes", _any(10, 6)),
    "ClientIgnoresReceivesAfterClose": ("ReceivesReturned", [(CM, 7, 6), (MCM, 6, 5)]),
    "CmReportsLinkFailureAsSuccess": ("CloseStatusMatchesCause", _any(4)),
    # a completion or a dispatch with nothing outstanding, a success after the network or the
    # remote tore the call down, a failed activation never released (NEW_BUGS below)
    "MiniportCompletesActivationTwice": ("ActivationCompletedOnce", [(CM, 3, None)]),
    "MiniportCompletesActivationWithPending": ("ActivationCompletedOnce", [(CM, 3, None)]),
    "MiniportCompletesDeactivationTwice": ("DeactivationCompletedOnce", [(CM, 2, None)]),
    "MiniportCompletesSendTwice": ("SendCompletedOnce", _any(3)),
    "CmDispatchesOfferTwice": ("IncomingCallDispatchedOnce", _any(4)),
    "CmDispatchesIncomingCloseTwice": ("IncomingCloseOnlyOnLiveCall", _any(5)),
    "CmClosesRejectedOffer": ("IncomingCloseOnlyOnLiveCall", _any(5)),
    "CmClosesHealthyCall": ("IncomingCloseHasCause", _any(3)),
    "CmDispatchesIncomingDropTwice": ("IncomingDropNamesActiveParty", _any(6)),
    "CmDispatchesDropForAbsentParty": ("IncomingDropNamesActiveParty", _any(3)),
    "CmDispatchesDropAfterIncomingClose": ("IncomingDropNamesActiveParty", _any(7)),
    "CmConnectsCallAfterNetworkFailure": ("MakeCallSuccessOnlyWhenNetworkUp", _any(6)),
    "CmConnectsCallAfterRemoteRelease": ("MakeCallSuccessOnlyWhenNetworkUp", _any(6)),
    "CmAddsPartyAfterNetworkFailure": ("AddPartySuccessOnlyOnLiveCall", _any(5)),
    "CmAddsPartyAfterRemoteRelease": ("AddPartySuccessOnlyOnLiveCall", _any(5)),
    "CmAddsPartyAfterIncomingClose": ("AddPartySuccessOnlyOnLiveCall", _any(6)),
    "CmActivatesAbandonedOffer": ("ActivateOnlyForLiveCall", _any(3)),
    "CmDeactivatesBeforeClientCloses": ("DeactivateOnlyAfterClientClose", _any(5)),
    "CmLeaksVcAfterFailedActivation": ("FailedActivationReleased", _any(3, 2)),
    # synchronous returns (SYNC_RETURNS, on by default; SYNC_BUGS below)
    "ClientIgnoresSyncCloseReturn": ("CreatorDeletes", _any(5, 4)),
    "CmReturnsCloseSuccessWhileActive": ("ClosedCallIsDeactivated", _any(4)),
    "ClientTreatsSyncMakeCallSuccessAsFailure": ("DeleteOnlyWithoutCall", _any(3)),
    "CmReturnsMakeCallSuccessBeforeActivation": ("ConnectedImpliesActive", _any(2)),
}

EXACTLY_ONCE = ["ClientCompletesIncomingCallTwice", "CmCompletesMakeCallTwice",
                "CmCompletesCloseTwice", "CmCompletesAddPartyTwice", "CmCompletesDropPartyTwice"]

CASES = [pytest.param(bug, target, consts, length, loop,
                      id=f"{bug}-" + "-".join(f"{v}" for v in consts.values()))
         for bug, (target, configs) in BUGS.items() for consts, length, loop in configs]


def test_every_bug_has_a_test(runner: Runner) -> None:
    members = runner.model().enums["Bug"].members
    assert members[0] == "NoBug"
    assert sorted(BUGS) == sorted(members[1:])


@pytest.mark.parametrize(("bug", "target", "consts", "length", "loop"), CASES)
def test_bug_is_caught(runner: Runner, bug: str, target: str, consts: dict, length: int,
                       loop: int | None) -> None:
    model = runner.model(**consts, BUG=bug)
    result = check(model, properties=[target]).find(target)
    assert result.verdict == Verdict.VIOLATED, result.message
    trace = result.trace
    assert (trace.length, trace.loop_start) == (length, loop)
    assert trace.steps[-1].action is not None


def violated(report) -> list[str]:
    """The properties a report finds violated, in the report's order."""
    return [r.name for r in report.properties if r.verdict == Verdict.VIOLATED]


@pytest.mark.parametrize("bug", EXACTLY_ONCE)
def test_only_the_exactly_once_monitor_sees_a_second_completion(runner: Runner, bug: str) -> None:
    """Without the *CompletedOnce monitors these bugs pass every other property."""
    for variant in ("CM", "MCM"):
        found = violated(check(runner.model(VARIANT=variant, BUG=bug)))
        assert found == [BUGS[bug][0]], (variant, found)


# The bugs the crossings and CloseStatus work added, and the properties it added. Without
# crossings (CROSSINGS=false: the environment of before) every property the model had
# before holds for each of them: the model of before missed them all.
CROSSING_BUGS = ["ClientClosesAgainOnCrossedClose", "CmAbandonsCrossedClose",
                 "ClientDropsAgainOnCrossedDrop", "CmAbandonsCrossedDrop",
                 "ClientIgnoresReceivesAfterClose", "CmReportsLinkFailureAsSuccess"]
NEW_PROPERTIES = {"OneClosePerCall", "CloseStatusMatchesCause"}


@pytest.mark.parametrize("bug", CROSSING_BUGS)
def test_the_model_without_crossings_misses_the_crossing_bugs(runner: Runner, bug: str) -> None:
    for variant in ("CM", "MCM"):
        found = set(violated(check(runner.model(VARIANT=variant, BUG=bug, CROSSINGS="false"))))
        assert found <= NEW_PROPERTIES, (variant, found)


# The bugs of the second round (exactly-once pairs of the environment, dispatches on a live
# call, success after a teardown, failed activations) and the properties it added: every
# property the model had before holds for each of them, CROSSINGS on.
SECOND_ROUND_PROPERTIES = {
    "ActivationCompletedOnce", "DeactivationCompletedOnce", "SendCompletedOnce",
    "IncomingCallDispatchedOnce", "IncomingCloseOnlyOnLiveCall", "IncomingCloseHasCause",
    "IncomingDropNamesActiveParty", "MakeCallSuccessOnlyWhenNetworkUp",
    "AddPartySuccessOnlyOnLiveCall", "ActivateOnlyForLiveCall", "DeactivateOnlyAfterClientClose",
    "FailedActivationReleased"}
NEW_BUGS = [bug for bug, (target, _) in BUGS.items() if target in SECOND_ROUND_PROPERTIES]


def test_the_second_round_added_nineteen_bugs() -> None:
    assert len(NEW_BUGS) == 19


@pytest.mark.parametrize("bug", NEW_BUGS)
def test_the_properties_of_before_miss_the_second_round_bugs(runner: Runner, bug: str) -> None:
    for consts, _, _ in BUGS[bug][1]:
        found = set(violated(check(runner.model(**consts, BUG=bug))))
        assert found and found <= SECOND_ROUND_PROPERTIES, (consts, found)


# The bugs on the synchronous path: a make-call or a close the (M)CM finishes in line. Without
# synchronous returns (SYNC_RETURNS=false: the environment of before) every property holds
# for each of them: that model could not show them.
SYNC_BUGS = ["ClientIgnoresSyncCloseReturn", "CmReturnsCloseSuccessWhileActive",
             "ClientTreatsSyncMakeCallSuccessAsFailure",
             "CmReturnsMakeCallSuccessBeforeActivation"]


@pytest.mark.parametrize("bug", SYNC_BUGS)
def test_the_model_without_sync_returns_misses_the_sync_bugs(runner: Runner, bug: str) -> None:
    for variant in ("CM", "MCM"):
        report = check(runner.model(VARIANT=variant, BUG=bug, SYNC_RETURNS="false"))
        assert report.stats.complete
        assert violated(report) == [], variant


def test_a_synchronous_close_is_the_last_call_of_the_leak(runner: Runner) -> None:
    """The client that waits for a ProtocolClCloseCallComplete NDIS never calls: its close
    returned SUCCESS, and the VC it created is never deleted (R117)."""
    model = runner.model(BUG="ClientIgnoresSyncCloseReturn")
    trace = check(model, properties=["CreatorDeletes"]).find("CreatorDeletes").trace
    steps = render_trace(trace)
    closes = [s for s in steps if "NdisClCloseCall" in s]
    assert len(closes) == 1 and closes[0].endswith(", Success)"), steps
    assert not any("CloseCallComplete" in s for s in steps), steps


def test_the_former_client_closes_twice_under_crossings(runner: Runner) -> None:
    """The client of before (no record of its own close) answers an incoming close that
    crosses its pending close with a second NdisClCloseCall: the seeded bug is that client."""
    model = runner.model(BUG="ClientClosesAgainOnCrossedClose")
    trace = check(model, properties=["OneClosePerCall"]).find("OneClosePerCall").trace
    steps = [str(step.action) for step in trace.steps if step.action is not None]
    closes = [s for s in steps if "NdisClCloseCall" in s]
    assert len(closes) == 2 and any("DispatchIncomingCloseCall" in s for s in steps), steps


def test_bug_table_of_the_model_doc_agrees() -> None:
    """docs/condis-model.md's table of seeded bugs: same targets, same lengths (a bug whose
    shortest behaviour differs between configurations has one row per configuration)."""
    rows: dict[str, list] = {}
    for line in MODEL_DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)` \| `(\w+)`[^|]* \| ([^|]*) \| (.*) \|$", line)
        if match and match.group(1) in BUGS:
            rows.setdefault(match.group(1), []).append((match.group(2), match.group(4)))
    assert sorted(rows) == sorted(BUGS)
    for bug, shown_rows in rows.items():
        shown = set()
        for target, behaviour in shown_rows:
            assert target == BUGS[bug][0], bug
            lasso = re.search(r"\(lasso: (\d+) steps, back to step (\d+)\)$", behaviour)
            safety = re.search(r"\((\d+)(?: steps)?(?:, [^)]*)?\)$", behaviour)
            shown.add((int(lasso[1]), int(lasso[2])) if lasso else (int(safety[1]), None)
                      if safety else None)
        lengths = {(length, loop) for _, length, loop in BUGS[bug][1]}
        assert shown == lengths, f"{bug}: the doc says {shown}, the engine {lengths}"


# ------------------------------------------------------------ (c) the generated documents
def test_rules_document_is_up_to_date(runner: Runner) -> None:
    assert rules_document(runner) == RULES_DOC.read_text(encoding="utf-8"), \
        "docs/condis-rules.md is stale: run python -m vcspec.condis.docs rules"


def test_ambiguities_document_is_up_to_date(runner: Runner) -> None:
    assert ambiguities_document(runner) == AMBIGUITIES_DOC.read_text(encoding="utf-8"), \
        "docs/condis-ambiguities.md is stale: run python -m vcspec.condis.docs ambiguities"


def test_every_modelled_open_question_has_a_section(runner: Runner) -> None:
    questions = load_questions()
    modelled = modelled_questions(runner.model())
    assert [c for c, _, _ in modelled] == ["OQ5", "OQ7", "OQ8", "OQ11", "OQ13", "OQ20"]
    text = AMBIGUITIES_DOC.read_text(encoding="utf-8")
    for const, default, readings in modelled:
        assert f"OQ-{const[2:]}" in questions
        assert readings[0] == default
        for reading in readings:
            assert f"### `{const}={reading}`" in text


def test_a_lasso_is_rendered_with_its_loop(runner: Runner) -> None:
    model = runner.model(BUG="ClientNeverCompletesPendedIncomingCall")
    trace = check(model, properties=["IncomingCallAnswered"]).find("IncomingCallAnswered").trace
    assert render_trace(trace) == [
        "1. CallManager.NdisCoCreateVc(Vc1)",
        "2. CallManager.NdisCmActivateVc(Vc1, Success)",
        "3. CallManager.NdisCmDispatchIncomingCall(Vc1)",
        "4. Client.ProtocolClIncomingCall(Vc1, Pending)",
        "   loop: step 5 lead back to the state after step 4 and repeat forever",
        "5. Miniport.NdisMCoIndicateStatusEx()",
    ]


def test_a_rule_verdict_names_the_variant_and_the_broken_property(runner: Runner) -> None:
    reports = {"CM": runner.report(VARIANT="CM"),
               "MCM": runner.report(VARIANT="MCM", OQ5="CloseBeforeDeactivate")}
    names = ["CloseCallCompletes", "CloseCompletesDeactivated"]
    assert rule_verdict(names, reports) == "HOLDS (CM); VIOLATED (MCM: CloseCompletesDeactivated)"
    assert rule_verdict(names[:1], reports) == "HOLDS (CM, MCM)"


# ------------------------------------------------------------ (d) rule coverage
def test_every_rule_in_scope_is_checked_or_explained(runner: Runner) -> None:
    rules = load_rules()
    assert coverage_problems(runner.model(), rules, load_reasons(), load_notes()) == []
    scope = [r.id for r in rules.values() if in_scope(r)]
    expected = [f"R{n}" for n in [*range(1, 10), *range(29, 171)]]
    assert sorted(scope, key=lambda r: int(r[1:])) == expected


def test_a_rule_neither_carried_nor_explained_fails_loudly(runner: Runner) -> None:
    reasons = load_reasons()
    del reasons["R31"]
    problems = coverage_problems(runner.model(), load_rules(), reasons, load_notes())
    assert problems == ["R31 is in scope but no property carries it (@rules) and "
                        "specs/condis/unmodelled.tsv does not list it"]
    reasons = {**load_reasons(), "R63": "outside: a contradiction"}
    problems = coverage_problems(runner.model(), load_rules(), reasons, load_notes())
    assert problems == ["R63 is listed in unmodelled.tsv but OnlyCreatorDeletes carries it"]
    with pytest.raises(CoverageError):
        raise CoverageError(problems)


def test_rule_extraction(tmp_path: Path) -> None:
    text = "\n".join([
        "## 5. Rules", "### 5.1 Roles",
        "- **R1. [S] MUST** — Only a CM calls NdisCmXxx (e.g., NdisCmActivateVc). "
        "An MCM does not. *NdisCmActivateVc ref.*",
        "### 5.2 Next",
        "- **R2. [L] MUST** — Eventually. *X ref.*",
        "## 7. Open questions",
        "- **OQ-1 (a title).** First sentence.", "  Second one.",
        "- **OQ-2 (another).** Only.", ""])
    rules, questions = parse_reference(text)
    assert [(r.id, r.section, r.tag, r.text) for r in rules] == [
        ("R1", "5.1 Roles", "S", "Only a CM calls NdisCmXxx (e.g., NdisCmActivateVc)."),
        ("R2", "5.2 Next", "L", "Eventually.")]
    assert [(q.id, q.title, q.text) for q in questions] == [
        ("OQ-1", "a title", "First sentence. Second one."), ("OQ-2", "another", "Only.")]
    with pytest.raises(DataError):
        parse_reference(text.replace("**R2.", "**R3."))


@pytest.mark.skipif(not REFERENCE.exists(), reason="REFERENCE.md is not next to the repo")
def test_rules_tsv_matches_the_reference(tmp_path: Path) -> None:
    from vcspec.condis.data import extract_reference

    extract_reference(REFERENCE, tmp_path / "rules.tsv", tmp_path / "questions.tsv")
    assert load_rules(tmp_path / "rules.tsv") == load_rules()
    assert load_questions(tmp_path / "questions.tsv") == load_questions()

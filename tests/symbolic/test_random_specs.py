"""Random small specs (hypothesis, tests/checker/specgen.py): the encoding
agrees with the reference semantics state by state, BMC finds exactly the
reference's shortest counterexamples, PDR's verdicts are the reference's,
and a lasso found symbolically is a violation for the explicit engine too."""

from __future__ import annotations

import os

import reference as R
from agree import compare
from hypothesis import HealthCheck, assume, given, settings
from specgen import specs

from vcspec.api import check
from vcspec.engine.result import Verdict
from vcspec.model import analyse_text
from vcspec.symbolic.api import check_symbolic

# VCSPEC_EXAMPLES=500 for a longer, randomized hunt
EXAMPLES = int(os.environ.get("VCSPEC_EXAMPLES", "0"))
SETTINGS = settings(max_examples=EXAMPLES or 20, deadline=None, derandomize=not EXAMPLES,
                    suppress_health_check=list(HealthCheck))


def model_of(text: str):
    checked = analyse_text(text, "random.vcspec")
    assume(checked.ok)
    return checked.model


def reachable(model):
    try:
        return R.shortest(model, max_states=400)
    except RuntimeError:
        assume(False)


@SETTINGS
@given(specs())
def test_encoding_matches_reference(text):
    model = model_of(text)
    reachable(model)
    compare(model, max_states=12)


@SETTINGS
@given(specs())
def test_bmc_and_pdr_match_reference(text):
    model = model_of(text)
    first, _ = reachable(model)
    safety = [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]
    depth = max(first.values(), default=0) + 1
    bmc = check_symbolic(model, "bmc", depth=depth, properties=safety, timeout_s=60)
    pdr = check_symbolic(model, "pdr", properties=safety, timeout_s=60)
    for report in (bmc, pdr):
        for prop in report.properties:
            if prop.name in first:
                assert prop.verdict is Verdict.VIOLATED, (report.engine, prop, text)
                assert prop.trace_length == first[prop.name], (report.engine, prop, text)
            elif report.engine == "pdr":
                assert prop.verdict is Verdict.HOLDS, (prop, text)
            else:
                assert prop.verdict is Verdict.BOUNDED, (prop, text)


@SETTINGS
@given(specs(symmetric=True))
def test_pdr_on_symmetric_specs_matches_reference(text):
    """PDR slices by symmetry and projects onto cones; its verdicts stay the
    reference's (and every proof's certificate re-checks)."""
    model = model_of(text)
    first, _ = reachable(model)
    safety = [p.name for p in model.properties if p.kind != "temporal"] + ["deadlock"]
    pdr = check_symbolic(model, "pdr", properties=safety, timeout_s=60)
    for prop in pdr.properties:
        if prop.name in first:
            assert prop.verdict is Verdict.VIOLATED, (prop, text)
            assert prop.trace_length == first[prop.name], (prop, text)
        else:
            assert prop.verdict is Verdict.HOLDS, (prop, text)


@settings(max_examples=EXAMPLES or 10, deadline=None, derandomize=not EXAMPLES,
          suppress_health_check=list(HealthCheck))
@given(specs())
def test_lassos_are_explicit_violations(text):
    model = model_of(text)
    assume(model.temporals)
    reachable(model)
    names = [p.name for p in model.temporals]
    symbolic = check_symbolic(model, "bmc", depth=5, properties=names, timeout_s=60)
    explicit = check(model, properties=names)
    for prop in symbolic.properties:
        if prop.kind != "temporal":
            continue
        other = explicit.find(prop.name)
        if prop.verdict is Verdict.VIOLATED:
            assert other.verdict is Verdict.VIOLATED, (prop, text)
        if other.verdict is Verdict.VIOLATED and other.trace_length <= 5:
            assert prop.verdict is Verdict.VIOLATED, (other, text)


@settings(max_examples=EXAMPLES or 6, deadline=None, derandomize=not EXAMPLES,
          suppress_health_check=list(HealthCheck))
@given(specs(fair=True))
def test_pdr_temporal_verdicts_are_explicit_ones(text):
    """PDR on the liveness-to-safety reduction, under random weak and strong
    fairness: a HOLDS or VIOLATED is the explicit engine's verdict (PDR may
    stop at a limit, never give the opposite verdict)."""
    model = model_of(text)
    assume(model.temporals)
    reachable(model)
    names = [p.name for p in model.temporals]
    pdr = check_symbolic(model, "pdr", depth=8, properties=names, timeout_s=60)
    explicit = check(model, properties=names)
    for prop in pdr.properties:
        if prop.kind == "temporal" and prop.verdict in (Verdict.HOLDS, Verdict.VIOLATED):
            assert prop.verdict is explicit.find(prop.name).verdict, (prop, text)

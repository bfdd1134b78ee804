"""Security assurances as a transfer from exploiter to exploited, and the effect explanations."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.report.sections.trust import trust_section
from panmun.scenario.loader import load_shipped
from panmun.trust import (
    CATALOGUE,
    Change,
    Estimate,
    Intervention,
    Payoffs,
    RelationshipInputs,
    parse_strategy,
    self_enforcing_gain,
)
from panmun.trust.analytic import grim_threshold, tft_threshold, wsls_threshold
from panmun.trust.catalogue import NO_EFFECT, explain_effect
from panmun.trust.interventions import Draws, apply, sustained_under

BY_ID = {i.id: i for i in CATALOGUE}
ASSURANCE = BY_ID["security_assurances"]
#: The mapping this catalogue used before: insurance alone, a higher sucker's payoff.
S_ONLY = Intervention("s_only", "S only", (Change("S", 0.05, 0.15),), "Insurance alone.", ("x",))


def classic_draw() -> Draws:
    return Draws(np.array([[5.0, 3.0, 1.0, 0.0]]), np.array([0.0]), np.array([0.9]), None)


def after(changes: list[tuple[Change, float]]) -> Payoffs:
    out = apply(classic_draw(), [(c, np.array([size])) for c, size in changes])
    t, r, p, s = (float(x) for x in out.payoffs[0])
    return Payoffs(T=t, R=r, P=p, S=s)


def test_security_assurances_are_one_transfer() -> None:
    assert [c.parameter for c in ASSURANCE.changes] == ["transfer"]
    assert all(0 < c.low <= c.high for c in ASSURANCE.changes)
    moved = after([(ASSURANCE.changes[0], 0.1)])  # 0.1 of the spread T - S = 5
    np.testing.assert_allclose(moved.as_tuple(), (4.5, 3.0, 1.0, 0.5))


def test_transfer_lowers_the_thresholds_by_hand() -> None:
    """Classic payoffs (5, 3, 1, 0), a transfer of 0.1 of the spread: T = 4.5, S = 0.5.

    Tit for tat: max((T - R) / (T - P), (T - R) / (R - S)) goes from max(2/4, 2/3) = 2/3 to
    max(1.5/3.5, 1.5/2.5) = 0.6; grim trigger (T - R) / (T - P) from 1/2 to 3/7; win-stay,
    lose-shift (T - R) / (R - P) from 1 to 0.75. Raising S alone by the same 0.5 leaves grim and
    win-stay, lose-shift where they were and raises tit for tat's to max(2/4, 2/2.5) = 0.8.
    """
    base = Payoffs()
    new = after([(ASSURANCE.changes[0], 0.1)])
    old = after([(S_ONLY.changes[0], 0.1)])
    assert tft_threshold(base) == pytest.approx(2 / 3)
    assert tft_threshold(new) == pytest.approx(0.6)
    assert grim_threshold(new) == pytest.approx(3 / 7)
    assert wsls_threshold(new) == pytest.approx(0.75)
    assert tft_threshold(old) == pytest.approx(0.8)
    assert grim_threshold(old) == grim_threshold(base) == 0.5
    assert wsls_threshold(old) == wsls_threshold(base) == 1.0


@pytest.mark.parametrize(
    ("w", "enforcing"),
    [
        (0.63, {"base": False, "new": True, "old": False}),  # between 0.6 and 2/3
        (0.70, {"base": True, "new": True, "old": False}),  # between 2/3 and 0.8
    ],
)
def test_exact_chain_agrees_with_the_thresholds(w: float, enforcing: dict[str, bool]) -> None:
    tft = parse_strategy("tft").automaton(Payoffs())
    cases = {
        "base": Payoffs(),
        "new": after([(ASSURANCE.changes[0], 0.1)]),
        "old": after([(S_ONLY.changes[0], 0.1)]),
    }
    for name, payoffs in cases.items():
        gain_a, gain_b = self_enforcing_gain(tft, tft, payoffs, 0.0, continuation=w)
        assert bool(gain_a[0] <= 1e-9 and gain_b[0] <= 1e-9) is enforcing[name], name


def korean_pair() -> RelationshipInputs:
    """Numbers like the shipped ROK-DPRK relationship, fixed here so the test stands alone."""
    return RelationshipInputs(
        T=Estimate(5.0, 4.5, 5.5),
        R=Estimate(3.2, 2.7, 3.7),
        P=Estimate(1.2, 0.8, 1.8),
        S=Estimate(0.0, -0.5, 0.3),
        noise=Estimate(0.04, 0.02, 0.08),
        strategy_a=parse_strategy("tft"),
        strategy_b=parse_strategy("tft"),
        continuation=Estimate(0.983, 0.96, 0.99),
    )


def test_transfer_no_longer_undermines_reciprocity_under_noise() -> None:
    catalogue = (ASSURANCE, S_ONLY)
    kw = {"catalogue": catalogue, "n_draws": 24, "n_matches": 16, "seed": 2}
    base = sustained_under(korean_pair(), (), **kw)  # type: ignore[arg-type]
    new = sustained_under(korean_pair(), ("security_assurances",), **kw)  # type: ignore[arg-type]
    old = sustained_under(korean_pair(), ("s_only",), **kw)  # type: ignore[arg-type]
    assert old.self_enforcing < base.self_enforcing and old.sustained < base.sustained
    assert new.self_enforcing >= base.self_enforcing and new.sustained >= base.sustained


def one_sentence(text: str) -> bool:
    body = text.rstrip(".")
    return text.endswith(".") and ". " not in body and "\n" not in text and len(text) < 300


def test_every_intervention_states_its_mechanism_in_one_sentence() -> None:
    for item in CATALOGUE:
        assert one_sentence(item.mechanism), item.id
        assert one_sentence(item.backfire), item.id
        assert not item.no_effect or one_sentence(item.no_effect), item.id


@pytest.mark.parametrize("item", CATALOGUE, ids=lambda i: i.id)
def test_explanation_appears_exactly_when_the_sign_contradicts(item: Intervention) -> None:
    for gain in (0.2, 0.01, NO_EFFECT + 1e-9):
        assert explain_effect(item, gain) is None
    for gain in (-0.2, -0.01, -NO_EFFECT - 1e-9):
        assert explain_effect(item, gain) == item.backfire
    for gain in (0.0, NO_EFFECT, -NO_EFFECT, 0.004):
        text = explain_effect(item, gain)
        assert text is not None and text != item.backfire and one_sentence(text)


def test_explanation_names_the_mechanism() -> None:
    assert "punishment" in str(explain_effect(ASSURANCE, -0.1))
    assert "mutual punishment" in str(explain_effect(BY_ID["sanctions_deadlock"], -0.1))
    assert "longer relationship" in str(explain_effect(BY_ID["people_exchanges"], -0.1))


def test_explanation_without_sentences_of_its_own() -> None:
    bare = Intervention("calm", "Calm", (Change("noise", 0.0, 0.0),), "No errors.", ("x",))
    assert explain_effect(bare, 0.1) is None
    assert one_sentence(str(explain_effect(bare, -0.1)))
    assert one_sentence(str(explain_effect(bare, 0.0)))
    assert explain_effect(bare, -0.1) != explain_effect(bare, 0.0)
    assert explain_effect(bare, 0.03, tolerance=0.05) is not None


@pytest.fixture(scope="module")
def section() -> dict[str, object]:
    return trust_section(load_shipped("korea-2022-09"), seed=0, n_draws=4)


def test_report_rows_carry_the_explanation(section: dict[str, object]) -> None:
    relationships = section["relationships"]
    assert isinstance(relationships, list) and relationships
    for rel in relationships:
        for row in rel["conditions"]:
            ids = row["interventions"]
            if len(ids) == 1:
                assert row["explanation"] == explain_effect(BY_ID[ids[0]], row["gain"])
                assert (row["explanation"] is None) is (row["gain"] > NO_EFFECT)
            else:
                assert row["explanation"] is None
    singles = section["single_interventions"]
    assert isinstance(singles, list) and len(singles) == len(CATALOGUE)
    for row in singles:
        assert row["explanation"] == explain_effect(BY_ID[row["id"]], row["mean_gain"])
    catalogue = section["catalogue"]
    assert isinstance(catalogue, list)
    assert all(entry["mechanism"] for entry in catalogue)

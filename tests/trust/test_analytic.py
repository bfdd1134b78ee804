"""Closed forms from the literature, and the exact Markov chain that checks them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panmun.errors import InputError
from panmun.trust import (
    Game,
    Payoffs,
    expected_payoffs,
    expected_rounds_to_first_error,
    grim_threshold,
    long_run_payoffs,
    optimal_generosity,
    parse_strategy,
    probability_error_free,
    self_enforcing_gain,
    simulate,
    tft_long_run_payoff,
    tft_threshold,
    thresholds,
    wsls_threshold,
)


def auto(text: str, payoffs: Payoffs | None = None) -> object:
    return parse_strategy(text).automaton(payoffs or Payoffs())


@st.composite
def dilemmas(draw: st.DrawFn) -> Payoffs:
    """Random payoffs with T > R > P > S and 2R > T + S, well separated."""
    s = draw(st.floats(-5, 5))
    p = s + draw(st.floats(0.1, 5))
    r = p + draw(st.floats(0.1, 5))
    t = r + draw(st.floats(0.1, 0.95)) * (r - s)  # keeps 2R > T + S
    return Payoffs(T=t, R=r, P=p, S=s)


def test_classic_values() -> None:
    p = Payoffs()
    assert tft_threshold(p) == pytest.approx(2 / 3)
    assert grim_threshold(p) == 0.5
    assert wsls_threshold(p) == 1.0  # 2R = T + P: never strictly stable
    assert optimal_generosity(p) == pytest.approx(1 / 3)
    assert tft_long_run_payoff(p) == 2.25
    assert set(thresholds(p)) == {
        "tit_for_tat_min_w",
        "grim_trigger_min_w",
        "win_stay_lose_shift_min_w",
        "generous_tit_for_tat_optimal_q",
        "tit_for_tat_pair_long_run_payoff",
    }


@pytest.mark.parametrize("func", [tft_threshold, grim_threshold, wsls_threshold])
def test_thresholds_need_a_dilemma(func: object) -> None:
    with pytest.raises(InputError, match="not a prisoner's dilemma"):
        func(Payoffs(3, 5, 1, 0))  # type: ignore[operator]


@settings(max_examples=30, deadline=None)
@given(payoffs=dilemmas(), delta=st.floats(0.01, 0.05))
def test_tft_threshold_is_where_deviation_stops_paying(payoffs: Payoffs, delta: float) -> None:
    """Axelrod (1984) Proposition 2, checked against exact expected payoffs without noise."""
    tft = auto("tft", payoffs)
    w = tft_threshold(payoffs)
    if w + delta < 1:
        above, _ = self_enforcing_gain(tft, tft, payoffs, continuation=w + delta)
        assert above[0] < 0
    if w - delta > 0:
        below, _ = self_enforcing_gain(tft, tft, payoffs, continuation=w - delta)
        assert below[0] > 0


@settings(max_examples=30, deadline=None)
@given(payoffs=dilemmas(), delta=st.floats(0.01, 0.05))
def test_grim_threshold_is_where_defection_stops_paying(payoffs: Payoffs, delta: float) -> None:
    grim, alld = auto("grim", payoffs), auto("alld", payoffs)
    w = grim_threshold(payoffs)
    for side, expect in ((w + delta, True), (w - delta, False)):
        if 0 < side < 1:
            keep, _ = expected_payoffs(grim, grim, payoffs, continuation=side)
            dev, _ = expected_payoffs(alld, grim, payoffs, continuation=side)
            assert (keep[0] >= dev[0]) == expect


@settings(max_examples=30, deadline=None)
@given(payoffs=dilemmas(), delta=st.floats(0.01, 0.05))
def test_wsls_threshold(payoffs: Payoffs, delta: float) -> None:
    wsls = auto("wsls", payoffs)
    w = wsls_threshold(payoffs)
    if w + delta < 1:
        assert self_enforcing_gain(wsls, wsls, payoffs, continuation=w + delta)[0][0] < 0
    if 0 < w - delta < 1:
        assert self_enforcing_gain(wsls, wsls, payoffs, continuation=w - delta)[0][0] > 0


@settings(max_examples=30, deadline=None)
@given(payoffs=dilemmas(), noise=st.floats(0.001, 0.999))
def test_tft_pair_long_run_payoff_is_the_mean_payoff(payoffs: Payoffs, noise: float) -> None:
    """Molander (1985): under any noise two tit-for-tat players earn (T+R+P+S)/4 per round."""
    tft = auto("tft", payoffs)
    a, b = long_run_payoffs(tft, tft, payoffs, noise)
    assert a == pytest.approx(tft_long_run_payoff(payoffs), abs=1e-9)
    assert b == pytest.approx(a, abs=1e-9)


def test_tft_pair_long_run_payoff_by_simulation() -> None:
    res = simulate(parse_strategy("tft"), parse_strategy("tft"), Game(rounds=2000, noise=0.1), 300)
    assert res.mean_score(0) / 2000 == pytest.approx(2.25, abs=0.03)


@settings(max_examples=20, deadline=None)
@given(payoffs=dilemmas())
def test_optimal_generosity_leaves_defection_no_better(payoffs: Payoffs) -> None:
    """Nowak and Sigmund (1992): at q* (rare errors) ALLD earns at most R against GTFT."""
    q = optimal_generosity(payoffs)
    gtft, alld = auto(f"gtft:{q!r}", payoffs), auto("alld", payoffs)
    dev, _ = long_run_payoffs(alld, gtft, payoffs, 1e-9)
    keep, _ = long_run_payoffs(gtft, gtft, payoffs, 1e-9)
    assert dev <= keep + 1e-6
    assert keep == pytest.approx(payoffs.R, abs=1e-5)
    more = min(1.0, q + 0.05)
    if more == q + 0.05 and q == pytest.approx((payoffs.R - payoffs.P) / (payoffs.T - payoffs.P)):
        dev_more, _ = long_run_payoffs(alld, auto(f"gtft:{more!r}", payoffs), payoffs, 1e-9)
        assert dev_more > payoffs.R


def test_expected_rounds_to_first_error() -> None:
    assert math.isinf(expected_rounds_to_first_error(0.0))
    assert expected_rounds_to_first_error(1.0) == 1.0
    assert expected_rounds_to_first_error(0.05) == pytest.approx(1 / (1 - 0.95**2))
    # Two unconditional cooperators break down exactly at the first error.
    res = simulate(
        parse_strategy("allc"), parse_strategy("allc"), Game(rounds=400, noise=0.05), 4000
    )
    assert res.breakdown_share() == 1.0
    assert res.mean_first_breakdown() == pytest.approx(
        expected_rounds_to_first_error(0.05), rel=0.05
    )


@pytest.mark.parametrize("game", [Game(rounds=30, noise=0.02), Game(continuation=0.95, noise=0.02)])
def test_probability_error_free(game: Game) -> None:
    res = simulate(parse_strategy("allc"), parse_strategy("allc"), game, 6000, seed=4)
    p = probability_error_free(game)
    assert 1 - res.breakdown_share() == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / 6000))


def test_expected_payoffs_closed_forms() -> None:
    p = Payoffs()
    tft, alld = auto("tft"), auto("alld")
    a, b = expected_payoffs(tft, alld, p, rounds=10)
    assert (a[0], b[0]) == (9.0, 14.0)
    a, b = expected_payoffs(alld, tft, p, continuation=0.5)
    assert a[0] == pytest.approx(5 + 0.5 * 1 / 0.5)  # T + w P / (1 - w)
    assert b[0] == pytest.approx(0 + 0.5 * 1 / 0.5)


def test_expected_payoffs_in_batches() -> None:
    tft = auto("tft")
    payoffs = np.array([[5, 3, 1, 0], [6, 4, 1, 0]], dtype=float)
    a, _ = expected_payoffs(tft, tft, payoffs, noise=0.0, rounds=np.array([10, 20]))
    assert list(a) == [30.0, 80.0]
    a, _ = expected_payoffs(tft, tft, Payoffs(), noise=[0.0, 0.0], continuation=[0.5, 0.9])
    assert a == pytest.approx([6.0, 30.0])


def test_expected_payoffs_needs_one_horizon() -> None:
    tft = auto("tft")
    with pytest.raises(InputError, match="exactly one"):
        expected_payoffs(tft, tft, Payoffs())
    with pytest.raises(InputError, match="exactly one"):
        expected_payoffs(tft, tft, Payoffs(), rounds=3, continuation=0.5)


@pytest.mark.parametrize("noise", [0.0, 1.0])
def test_long_run_needs_noise_strictly_inside(noise: float) -> None:
    tft = auto("tft")
    with pytest.raises(InputError, match="strictly between"):
        long_run_payoffs(tft, tft, Payoffs(), noise)


def test_contrition_and_generosity_beat_tft_under_noise() -> None:
    """Wu and Axelrod (1995): both remedies restore cooperation that TFT loses to noise."""
    p = Payoffs()
    tft = long_run_payoffs(auto("tft"), auto("tft"), p, 0.05)[0]
    ctft = long_run_payoffs(auto("ctft"), auto("ctft"), p, 0.05)[0]
    gtft = long_run_payoffs(auto("gtft"), auto("gtft"), p, 0.05)[0]
    assert tft < gtft < ctft < p.R

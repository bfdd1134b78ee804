"""The intervention catalogue, parameter changes, and the ranking of interventions."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.errors import InputError
from panmun.trust import (
    CATALOGUE,
    Change,
    Estimate,
    Intervention,
    RelationshipInputs,
    parse_strategy,
    rank_interventions,
)
from panmun.trust.interventions import Draws, apply, draw_parameters
from tests.trust.helpers import bibliography_ids


def inputs(**overrides: object) -> RelationshipInputs:
    base: dict[str, object] = {
        "T": Estimate(5, 4.5, 5.5),
        "R": Estimate(3, 2.8, 3.2),
        "P": Estimate(1, 0.8, 1.2),
        "S": Estimate(0, -0.2, 0.2),
        "noise": Estimate(0.05, 0.04, 0.06),
        "strategy_a": parse_strategy("tft"),
        "strategy_b": parse_strategy("tft"),
        "continuation": Estimate(0.97, 0.96, 0.98),
    }
    base.update(overrides)
    return RelationshipInputs(**base)  # type: ignore[arg-type]


def test_catalogue_is_complete_and_sourced() -> None:
    ids = [i.id for i in CATALOGUE]
    assert len(ids) == len(set(ids))
    params = {c.parameter for i in CATALOGUE for c in i.changes}
    assert params == {"noise", "horizon", "T", "R", "P", "transfer"}
    known = bibliography_ids()
    for item in CATALOGUE:
        assert item.rationale and item.name and item.sources and item.mechanism
        assert set(item.sources) <= known, item.id
        for change in item.changes:
            assert change.low <= change.high


def test_catalogue_directions() -> None:
    """Hotlines lower noise, exchanges lengthen the horizon, CBMs lower the temptation, and
    assurances move payoff from the exploiter to the exploited."""
    by_id = {i.id: i for i in CATALOGUE}
    assert all(c.high < 1 for c in by_id["hotline"].changes if c.parameter == "noise")
    assert any(c.parameter == "horizon" and c.low > 1 for c in by_id["people_exchanges"].changes)
    assert all(c.high < 0 for c in by_id["confidence_building"].changes)
    assert all(
        c.parameter == "transfer" and c.low > 0 for c in by_id["security_assurances"].changes
    )
    assert all(c.high < 0 for c in by_id["sanctions_deadlock"].changes)


def test_estimate_draws() -> None:
    rng = np.random.default_rng(0)
    assert np.all(Estimate(0.3, 0.3, 0.3).draw(rng, 5) == 0.3)
    x = Estimate(2, 1, 5).draw(rng, 4000)
    assert x.min() >= 1 and x.max() <= 5
    assert x.mean() == pytest.approx((1 + 2 + 5) / 3, abs=0.05)  # triangular mean


def test_apply_changes() -> None:
    draws = Draws(
        payoffs=np.array([[5.0, 3.0, 1.0, 0.0]]),
        noise=np.array([0.1]),
        continuation=np.array([0.9]),
        rounds=None,
    )
    out = apply(
        draws,
        [
            (Change("noise", 0.5, 0.5), np.array([0.5])),
            (Change("horizon", 2, 2), np.array([2.0])),
            (Change("R", 0.1, 0.1), np.array([0.1])),
        ],
    )
    assert out.noise[0] == pytest.approx(0.05)
    assert out.continuation is not None and out.continuation[0] == pytest.approx(0.95)
    assert out.payoffs[0, 1] == pytest.approx(3.5)  # R + 0.1 * (T - S)
    assert draws.payoffs[0, 1] == 3.0  # the input is left alone
    fixed = Draws(draws.payoffs, draws.noise, None, np.array([10]))
    assert apply(fixed, [(Change("horizon", 1.5, 1.5), np.array([1.5]))]).rounds[0] == 15  # type: ignore[index]


def test_draws_with_a_fixed_horizon() -> None:
    d = draw_parameters(inputs(continuation=None, rounds=Estimate(20, 10, 30)), 50, seed=1)
    assert d.continuation is None and d.rounds is not None
    assert d.rounds.min() >= 10 and d.rounds.max() <= 30
    assert d.payoffs.shape == (50, 4)


@pytest.fixture(scope="module")
def ranked() -> list:
    return rank_interventions(inputs(), n_draws=12, n_matches=40, max_combination=2, seed=3)


def test_ranking_lists_every_condition_once_best_first(ranked: list) -> None:
    n = len(CATALOGUE)
    assert len(ranked) == 1 + n + n * (n - 1) // 2
    labels = [r.label for r in ranked]
    assert len(set(labels)) == len(labels) and "baseline" in labels
    values = [r.sustained for r in ranked]
    assert values == sorted(values, reverse=True)
    for r in ranked:
        assert 0 <= r.sustained_low <= r.sustained <= r.sustained_high <= 1
        assert 0 <= r.self_enforcing <= 1 and 0 <= r.mutual_cooperation <= 1


def test_hotline_helps_tit_for_tat_under_noise(ranked: list) -> None:
    by = {r.label: r for r in ranked}
    assert by["hotline"].sustained > by["baseline"].sustained + 0.05
    assert by["hotline"].mutual_cooperation > by["baseline"].mutual_cooperation


def test_same_seed_same_ranking() -> None:
    small = {"n_draws": 4, "n_matches": 8, "max_combination": 1, "seed": 5}
    a = rank_interventions(inputs(), **small)  # type: ignore[arg-type]
    b = rank_interventions(inputs(), **small)  # type: ignore[arg-type]
    assert a == b


def test_fixed_horizon_and_custom_catalogue() -> None:
    calm = Intervention("calm", "Calm", (Change("noise", 0.0, 0.0),), "No errors.", ("x",))
    res = rank_interventions(
        inputs(continuation=None, rounds=Estimate(30, 20, 40), strategy_a=parse_strategy("grim")),
        catalogue=(calm,),
        n_draws=4,
        n_matches=20,
    )
    by = {r.label: r for r in res}
    assert by["calm"].sustained == 1.0  # no noise: grim and tit for tat cooperate throughout
    assert by["baseline"].sustained < 1.0


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"n_draws": 1}, "draws: 1"),
        ({"n_matches": 0}, "matches: 0"),
        ({"max_combination": -1}, "max_combination: -1"),
        ({"repair_window": -2}, "repair_window: -2"),
    ],
)
def test_rank_rejects_bad_sizes(kwargs: dict[str, int], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        rank_interventions(inputs(), **kwargs)  # type: ignore[arg-type]

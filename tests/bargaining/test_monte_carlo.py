"""Monte Carlo forecasts: sampling from ranges, summaries, variance shares, seeds."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.bargaining import (
    ExpectedUtilityModel,
    IssueInputs,
    WeightedMeanModel,
    forecast_distribution,
    forecast_issue,
    sample_inputs,
)
from panmun.bargaining.monte_carlo import triangular, variance_shares
from panmun.errors import InputError


def _inputs() -> IssueInputs:
    return IssueInputs.from_values(
        ["north", "south", "mediator"],
        positions=[2.0, 8.0, 5.0],
        capabilities=[0.6, 0.7, 0.2],
        saliences=[0.8, 0.7, 0.9],
        ranges={
            "position": [(1.0, 3.0), (8.0, 8.0), (4.0, 6.0)],
            "capability": [(0.6, 0.6), (0.5, 0.9), (0.2, 0.2)],
            "salience": [(0.8, 0.8), (0.7, 0.7), (0.9, 0.9)],
        },
    )


def test_triangular_has_its_mode_and_bounds() -> None:
    u = np.linspace(0, 1, 100_001)[:-1]
    values = triangular(u, np.zeros_like(u), np.full_like(u, 0.25), np.ones_like(u))
    assert values.min() == 0.0 and values.max() < 1.0
    # CDF at the mode is (mode − low) / (high − low) = 0.25.
    assert np.mean(values <= 0.25) == pytest.approx(0.25, abs=1e-4)
    assert np.mean(values) == pytest.approx((0 + 0.25 + 1) / 3, abs=1e-4)


def test_samples_stay_in_their_ranges_and_points_stay_fixed() -> None:
    x, c, s = sample_inputs(_inputs(), 2000, seed=5)
    assert x.shape == (2000, 3)
    assert x[:, 0].min() >= 1.0 and x[:, 0].max() <= 3.0
    assert np.all(x[:, 1] == 8.0) and np.all(s == [0.8, 0.7, 0.9])
    assert c[:, 1].min() >= 0.5 and c[:, 1].max() <= 0.9 and np.all(c[:, 0] == 0.6)


def test_same_seed_same_result_other_seed_other_result() -> None:
    model = ExpectedUtilityModel(rounds=4)
    a = forecast_distribution(model, _inputs(), draws=300, seed=11)
    b = forecast_distribution(model, _inputs(), draws=300, seed=11)
    c = forecast_distribution(model, _inputs(), draws=300, seed=12)
    assert a == b
    assert (a.median, a.p05, a.p95, a.mean) != (c.median, c.p05, c.p95, c.mean)


def test_summary_is_ordered_and_inside_the_ranges() -> None:
    dist = forecast_distribution(ExpectedUtilityModel(rounds=5), _inputs(), draws=500, seed=1)
    assert 1.0 <= dist.p05 <= dist.median <= dist.p95 <= 8.0
    assert dist.draws == 500 and dist.seed == 1 and dist.std >= 0


def test_variance_shares_find_the_input_that_matters() -> None:
    # The weighted mean is linear: only positions with a range move it, in proportion
    # to weight² × variance. North's position range is as wide as the mediator's, but
    # north weighs 0.48 against 0.18, so it explains most of the variance.
    dist = forecast_distribution(WeightedMeanModel(), _inputs(), draws=4000, seed=3)
    shares = {(v.actor, v.input): v.share for v in dist.variance_shares}
    assert max(shares, key=lambda k: shares[k]) == ("north", "position")
    assert shares[("north", "position")] > shares[("mediator", "position")] > 0.02
    assert ("south", "position") not in shares  # a point value has no share
    assert sum(shares.values()) == pytest.approx(1.0, abs=0.08)  # linear: no interactions


def test_variance_shares_of_a_constant_forecast_are_empty() -> None:
    samples = {"position": np.random.default_rng(0).uniform(size=(50, 2))}
    assert variance_shares(("a", "b"), samples, np.ones(50)) == ()  # type: ignore[arg-type]  # literal key
    assert variance_shares(("a", "b"), samples, np.arange(5.0)[[0] * 5]) == ()  # type: ignore[arg-type]  # literal key


def test_irrelevant_inputs_score_near_zero() -> None:
    rng = np.random.default_rng(4)
    x = rng.uniform(size=(5000, 2))
    y = 3 * x[:, 0] + rng.normal(scale=0.01, size=5000)
    shares = variance_shares(("a", "b"), {"position": x}, y)  # type: ignore[arg-type]  # literal key
    found = {v.actor: v.share for v in shares}
    assert found["a"] > 0.95 and found["b"] < 0.01


def test_forecast_issue_adds_a_distribution_only_with_draws() -> None:
    plain = forecast_issue(_inputs(), "eum", rounds=3)
    assert plain.distribution is None
    drawn = forecast_issue(_inputs(), "eum", rounds=3, draws=200, seed=2)
    assert drawn.distribution is not None and drawn.distribution.draws == 200
    assert drawn.rounds == plain.rounds  # the rounds are the point-estimate run
    assert "distribution" in drawn.to_dict()


def test_draws_from_another_namespace_name() -> None:
    a = forecast_issue(_inputs(), "median", draws=50, seed=9)
    b = forecast_issue(_inputs(), "median", draws=50, seed=9, xp="numpy")
    assert a == b


@pytest.mark.parametrize(("draws", "seed"), [(-1, 0), (10, -3), (1.5, 0)])
def test_bad_counts_are_input_errors(draws: float, seed: int) -> None:
    with pytest.raises(InputError):
        forecast_issue(_inputs(), "eum", draws=draws, seed=seed)  # type: ignore[arg-type]  # on purpose


def test_no_varying_input_means_no_shares() -> None:
    samples = {"salience": np.ones((40, 2))}
    assert variance_shares(("a", "b"), samples, np.arange(40.0)) == ()  # type: ignore[arg-type]  # literal key

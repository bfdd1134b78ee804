"""The weighted median and mean baselines."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.bargaining import weighted_mean, weighted_median


@pytest.mark.parametrize(
    ("x", "w", "median"),
    [
        ([0, 4, 10], [1, 1, 3], 10.0),
        ([0, 4, 10], [2, 1, 1], 2.0),  # cumulative weight is exactly half at 0: midpoint
        ([10, 0, 4], [1, 2, 1], 2.0),  # order of the input does not matter
        ([0, 4, 10], [1, 0, 1], 5.0),  # a zero weight does not count
        ([0, 4, 10], [0, 0, 0], 4.0),  # no weight at all: actors count equally
        ([3, 3, 3], [1, 2, 3], 3.0),
    ],
)
def test_weighted_median(x: list[float], w: list[float], median: float) -> None:
    assert float(weighted_median(np.array([x], float), np.array([w], float))[0]) == median


def test_weighted_mean_is_exact_for_equal_positions_and_stays_in_range() -> None:
    x = np.full((1, 5), 0.1)
    assert float(weighted_mean(x, np.array([[0.3, 0.1, 0.7, 0.2, 0.9]]))[0]) == 0.1
    rng = np.random.default_rng(1)
    xs, ws = rng.normal(size=(200, 7)) * 1e6, rng.uniform(size=(200, 7))
    means = weighted_mean(xs, ws)
    assert np.all(means >= xs.min(axis=1)) and np.all(means <= xs.max(axis=1))
    np.testing.assert_allclose(means, (xs * ws).sum(1) / ws.sum(1), rtol=1e-12)


def test_batches_are_independent() -> None:
    x = np.array([[0.0, 1.0, 2.0], [5.0, 6.0, 9.0]])
    w = np.array([[1.0, 1.0, 5.0], [5.0, 1.0, 1.0]])
    np.testing.assert_array_equal(weighted_median(x, w), [2.0, 5.0])

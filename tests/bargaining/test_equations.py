"""Hand-computed cases for each equation of the expected-utility model, on 2-3 actors.

Example: positions 0, 4, 10 (R = 10), capability = salience = 1, so the normalised distances
are d01 = 0.4, d02 = 1, d12 = 0.6 and every vote is a difference of distances.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from panmun.bargaining import equations as eq
from panmun.bargaining._pairs import blend, midpoint_counts, power, prefix_sums, sorted_pairs
from tests.bargaining.conftest import column

X = column([0.0, 4.0, 10.0])
ONES = column([1.0, 1.0, 1.0])
SCALE = np.array([10.0])

# Votes for i over j, summed over the voters who prefer i (worked out in the docstring):
NUM = np.array([[0.0, 0.4, 1.2], [0.8, 0.0, 1.2], [1.0, 0.6, 0.0]])
# Σ_k Σ_a Σ_b |d_ka − d_kb|: voter 0 → 4.0, voter 1 → 2.4, voter 2 → 4.0.
DEN = 10.4


def test_win_probabilities_global_normalisation() -> None:
    p = eq.win_probabilities(X, ONES, ONES, None, SCALE)[:, :, 0]
    np.testing.assert_allclose(p, NUM / DEN, rtol=0, atol=1e-15)


def test_win_probabilities_pairwise_normalisation_sums_to_one() -> None:
    p = eq.win_probabilities(X, ONES, ONES, None, SCALE, "pairwise")[:, :, 0]
    assert p[0, 1] == pytest.approx(1 / 3)
    assert p[0, 2] == pytest.approx(1.2 / 2.2)
    assert p[1, 2] == pytest.approx(2 / 3)
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose((p + p.T)[off], 1.0)


def test_win_probability_is_zero_for_equal_positions() -> None:
    x = column([3.0, 3.0, 9.0])
    p = eq.win_probabilities(x, ONES, ONES, None, np.array([6.0]))[:, :, 0]
    assert p[0, 1] == 0.0 and p[1, 0] == 0.0
    assert p[0, 2] > 0


def test_win_probabilities_with_exponents_and_weights() -> None:
    # Voter k's distance terms are (|x_k − x_a| / R) ** r_k; check one entry by hand.
    c = column([2.0, 1.0, 1.0])
    s = column([0.5, 1.0, 0.25])
    r = column([2.0, 0.5, 1.0])
    p = eq.win_probabilities(X, c, s, r, SCALE)[:, :, 0]
    w = [1.0, 1.0, 0.25]
    d = np.abs(X[:, 0][:, None] - X[:, 0][None, :]) / 10.0
    powered = d ** np.array([2.0, 0.5, 1.0])[:, None]
    top = sum(w[k] * max(0.0, powered[k, 2] - powered[k, 0]) for k in range(3))
    bottom = sum(
        w[k] * abs(powered[k, a] - powered[k, b])
        for k in range(3)
        for a in range(3)
        for b in range(3)
    )
    assert p[0, 2] == pytest.approx(top / bottom, abs=1e-15)


@pytest.mark.parametrize(
    ("r", "u_s", "u_f", "u_sq"),
    [
        (1.0, 0.8, -0.8, 0.0),
        (2.0, 2 - 4 * 0.09, 2 - 4 * 0.49, 1.0),
        (0.5, 2 - 4 * math.sqrt(0.3), 2 - 4 * math.sqrt(0.7), 2 - 4 * math.sqrt(0.5)),
    ],
)
def test_utilities_at_distance_point_four(
    xp: Any, r: float, u_s: float, u_f: float, u_sq: float
) -> None:
    dist = np.full((1, 1, 1), 0.4)
    got = eq.utilities(xp, dist, np.array([[r]]))
    assert float(got[0][0, 0, 0]) == pytest.approx(u_s, abs=1e-14)
    assert float(got[1][0, 0, 0]) == pytest.approx(u_f, abs=1e-14)
    assert float(got[2][0, 0, 0]) == pytest.approx(u_sq, abs=1e-14)


def test_risk_neutral_utilities_are_linear(xp: Any) -> None:
    dist = np.full((1, 1, 1), 0.25)
    u_s, u_f, u_sq = eq.utilities(xp, dist, None)
    assert (float(u_s[0, 0, 0]), float(u_f[0, 0, 0]), float(u_sq[0, 0, 0])) == (0.5, -0.5, 0.0)


def test_expected_utilities_by_hand(xp: Any) -> None:
    # Two actors at distance d = 1 (the extremes), r = 1: U_s = 2, U_f = −2, U_sq = 0.
    p = np.array([[0.0, 0.3], [0.1, 0.0]])[:, :, None]
    dist = np.array([[0.0, 1.0], [1.0, 0.0]])[:, :, None]
    s = column([0.5, 0.8])
    a, b = eq.expected_utilities(xp, p, dist, s, None)
    # EU_0(0→1) = s_1 [P01·2 + (1 − P01)(−2)] + (1 − s_1)·2
    assert float(a[0, 1, 0]) == pytest.approx(0.8 * (0.6 - 1.4) + 0.2 * 2)
    # EU_0(1→0) = s_0 [P10·2 + (1 − P10)(−2)] + (1 − s_0)·2
    assert float(b[0, 1, 0]) == pytest.approx(0.5 * (0.2 - 1.8) + 0.5 * 2)
    # With an exponent the same formula holds with the powered utilities.
    r = column([2.0, 2.0])
    a2, _ = eq.expected_utilities(xp, p, dist, s, r)
    u_s, u_f, u_sq = 2 - 4 * 0.0, 2 - 4 * 1.0, 2 - 4 * 0.25
    expected = 0.8 * (0.3 * u_s + 0.7 * u_f) + 0.2 * u_s - u_sq
    assert float(a2[0, 1, 0]) == pytest.approx(expected, abs=1e-12)


def test_risk_exponents_by_hand() -> None:
    # Danger with r = 1: d_i = Σ_j 2 d_ij (1 − 2 s_i (1 − P_ji)), s = 1.
    p = NUM / DEN
    d = np.array([[0.0, 0.4, 1.0], [0.4, 0.0, 0.6], [1.0, 0.6, 0.0]])
    danger = [sum(2 * d[i, j] * (2 * p[j, i] - 1) for j in range(3) if j != i) for i in range(3)]
    high, low = max(danger), min(danger)
    expected = []
    for v in danger:
        big_r = (2 * v - high - low) / (high - low)
        expected.append((1 - big_r / 3) / (1 + big_r / 3))
    got = eq.risk_exponents(X, ONES, ONES, SCALE)[:, 0]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-14)
    assert sorted(got)[0] == pytest.approx(0.5) and sorted(got)[-1] == pytest.approx(2.0)


def test_risk_exponents_stay_neutral_when_dangers_are_equal(xp: Any) -> None:
    # Two identical actors facing each other: equal dangers, no spread.
    got = eq.risk_from_danger(xp, np.array([[1.5], [1.5 + 1e-14]]))
    np.testing.assert_array_equal(got, np.ones((2, 1)))


def test_risk_exponents_do_not_depend_on_actor_order() -> None:
    rng = np.random.default_rng(0)
    x, c, s = (rng.uniform(0, 1, (6, 3)) for _ in range(3))
    scale = x.max(axis=0) - x.min(axis=0)
    perm = rng.permutation(6)
    a = eq.risk_exponents(x, c, s, scale)
    b = eq.risk_exponents(x[perm], c[perm], s[perm], scale)
    np.testing.assert_array_equal(a[perm], b)


@pytest.mark.parametrize("n", [2, 5, 13, 30])
def test_midpoint_counts_match_brute_force(xp: Any, n: int) -> None:
    rng = np.random.default_rng(n)
    x = np.sort(rng.integers(0, 6, (n, 7)).astype(float), axis=0)  # many ties
    got = midpoint_counts(xp, x)
    mids = (x[:, None, :] + x[None, :, :]) / 2
    want = (x[:, None, None, :] < mids[None, :, :, :]).sum(axis=0)
    low, high = np.triu_indices(n, 1)
    assert got.shape == (low.size, 7)
    np.testing.assert_array_equal(got, want[low, high])


def test_both_counting_methods_agree(xp: Any) -> None:
    from panmun.bargaining._pairs import _midpoint_counts_sorted

    rng = np.random.default_rng(3)
    x = np.sort(np.round(rng.uniform(0, 4, (9, 11)), 1), axis=0)
    np.testing.assert_array_equal(midpoint_counts(xp, x), _midpoint_counts_sorted(xp, x))


def test_sorted_pairs_geometry(xp: Any) -> None:
    pairs = sorted_pairs(xp, X, SCALE)
    assert float(pairs.dist[0, 2, 0]) == 1.0  # the extremes are exactly one range apart
    assert float(pairs.gap[2, 0, 0]) == -10.0
    # Upper-triangle pairs (0, 1), (0, 2), (1, 2): distances equal the full table's bits.
    np.testing.assert_array_equal(pairs.dist_upper[:, 0], [0.4, 1.0, 0.6])
    np.testing.assert_array_equal(pairs.dist_upper[:, 0], pairs.dist[[0, 0, 1], [1, 2, 2], 0])
    full = pairs.mirror(np.array([[1.0], [2.0], [3.0]]), np.array([[4.0], [5.0], [6.0]]), 9.0)
    np.testing.assert_array_equal(full[:, :, 0], [[9, 1, 2], [4, 9, 3], [5, 6, 9]])


def test_pair_logs_give_the_same_powers_as_power(xp: Any) -> None:
    rng = np.random.default_rng(5)
    x = np.sort(rng.uniform(0, 1, (6, 4)), axis=0)
    x[2] = x[1]  # a tie: distance 0
    scale = x.max(axis=0) - x.min(axis=0)
    pairs = sorted_pairs(xp, x, scale)
    r = rng.uniform(0.5, 2.0, (6, 4))
    np.testing.assert_array_equal(pairs.powered_dist(r), power(xp, pairs.dist, r[:, None, :]))
    near, far, even = pairs.utility_powers(r)
    off = ~np.eye(6, dtype=bool)
    rr = r[:, None, :]
    np.testing.assert_array_equal(near[off], power(xp, 0.5 - 0.5 * pairs.dist, rr)[off])
    np.testing.assert_array_equal(far[off], np.exp(rr * np.log(0.5 + 0.5 * pairs.dist))[off])
    np.testing.assert_array_equal(even, 0.5**rr)


def test_prefix_sums_equal_a_cumulative_sum(xp: Any) -> None:
    terms = np.random.default_rng(1).uniform(-1, 1, (7, 3, 5))
    got = prefix_sums(xp, terms)
    assert got.shape == (8, 3, 5) and not got[0].any()
    np.testing.assert_array_equal(got[1:], np.cumsum(terms, axis=0))


def test_power_and_blend_helpers(xp: Any) -> None:
    base = np.array([0.0, 0.3, 1.0])
    got = power(xp, base, np.array([0.5, 2.0, 0.7]))
    assert 0 < got[0] < 1e-74  # a zero base: tiny but a normal number (no underflow)
    np.testing.assert_allclose(got[1:], [0.09, 1.0], rtol=1e-15)
    mask = np.array([1.0, 0.0])
    t, f = np.array([0.1, 1e20]), np.array([1e20, 0.3])
    np.testing.assert_array_equal(blend(mask, t, f), [0.1, 0.3])

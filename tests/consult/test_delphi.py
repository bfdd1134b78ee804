"""Tests of the Delphi round statistics: median and IQR, consensus, stability, Kendall's W."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import spearmanr

from panmun.consult import delphi


def chi2_sf_df3(x: float) -> float:
    """P(chi2_3 > x) in closed form: erfc(sqrt(x / 2)) + sqrt(2 x / pi) exp(-x / 2)."""
    return math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)


# --- round_statistics ------------------------------------------------------------------------


def test_round_statistics_by_hand() -> None:
    # Item 1, five experts 1, 2, 3, 4, 10 (odd n): median 3; linear quartiles at positions
    # h = (n - 1) P = 1 and 3 (0-based) -> q25 = 2, q75 = 4, IQR 2.
    # Item 2, values 1, 2, 4, 8, 16: q25 at h = 1 -> 2, median 4, q75 at h = 3 -> 8, IQR 6.
    best = np.array([[1.0, 16.0], [2.0, 1.0], [3.0, 4.0], [4.0, 8.0], [10.0, 2.0]])
    stats = delphi.round_statistics(best)
    assert stats.median.tolist() == [3.0, 4.0]
    assert stats.q25.tolist() == [2.0, 2.0]
    assert stats.q75.tolist() == [4.0, 8.0]
    assert stats.iqr.tolist() == [2.0, 6.0]
    assert stats.n_experts == 5


def test_round_statistics_even_panel_interpolates() -> None:
    # Four experts 1, 2, 4, 8: q25 at h = 0.75 -> 1 + 0.75 x 1 = 1.75; median (2 + 4) / 2 = 3;
    # q75 at h = 2.25 -> 4 + 0.25 x 4 = 5.
    stats = delphi.round_statistics([[8.0], [1.0], [4.0], [2.0]])
    assert (stats.q25.tolist(), stats.median.tolist(), stats.q75.tolist()) == (
        [1.75],
        [3.0],
        [5.0],
    )


def test_round_statistics_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="shape"):
        delphi.round_statistics([1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        delphi.round_statistics([[1.0], [np.nan]])


# --- converged -------------------------------------------------------------------------------


def test_converged_by_hand() -> None:
    # Widths 10 and 4, share 0.25: limits 2.5 and 1. IQR 2.5 is exactly at its limit (passes),
    # 1.5 is above 1 (fails).
    assert delphi.converged([2.5, 1.5], [10.0, 4.0], 0.25).tolist() == [True, False]
    assert delphi.converged([0.0], 1.0, 0.0).tolist() == [True]


@pytest.mark.parametrize(
    ("iqr", "width", "share", "message"),
    [
        ([-1.0], 1.0, 0.2, "non-negative"),
        ([[1.0]], 1.0, 0.2, "1-D"),
        ([1.0], 0.0, 0.2, "positive"),
        ([1.0], [1.0, 2.0], 0.2, "scale_width must be"),
        ([1.0], 1.0, -0.2, "max_share"),
        ([1.0], 1.0, math.nan, "max_share"),
    ],
)
def test_converged_rejects(iqr: object, width: object, share: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        delphi.converged(iqr, width, share)  # type: ignore[arg-type]


# --- stable ----------------------------------------------------------------------------------


def test_stable_by_hand() -> None:
    # Scale width 10, tolerance 0.1 -> limit 1 unit. Four experts, three items.
    previous = np.array([[1.0, 5.0, 2.0], [2.0, 5.0, 4.0], [3.0, 5.0, 6.0], [4.0, 5.0, 8.0]])
    current = np.array([[1.0, 5.0, 5.0], [2.0, 7.0, 5.0], [3.5, 4.0, 5.0], [6.0, 5.0, 5.0]])
    # Item 1: median 2.5 -> 2.75, moved 0.25 < 1; one expert of four (the last, +2) moved > 1.
    # Item 2: median 5 -> 5, moved 0; one expert (+2) moved > 1 (the -1 is not "more than").
    # Item 3: median 5 -> 5, moved 0; changes +3, +1, -1, -3: two of four moved > 1.
    got = delphi.stable(previous, current, 0.1, scale_width=10.0)
    assert got.tolist() == [True, True, True]
    # With at most a quarter of the panel allowed to change, item 3 (half changed) fails.
    got = delphi.stable(previous, current, 0.1, scale_width=10.0, max_changed_share=0.25)
    assert got.tolist() == [True, True, False]


def test_stable_median_must_move_less_than_the_tolerance() -> None:
    # The median moves by exactly the limit (1 unit): not "less than", so not stable.
    assert delphi.stable([[0.0]], [[1.0]], 0.5, scale_width=2.0).tolist() == [False]
    assert delphi.stable([[0.0]], [[0.999]], 0.5, scale_width=2.0).tolist() == [True]
    # Per-item widths.
    got = delphi.stable([[0.0, 0.0]], [[1.0, 1.0]], 0.1, scale_width=[5.0, 20.0])
    assert got.tolist() == [False, True]


def test_stable_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="same experts"):
        delphi.stable([[1.0, 2.0]], [[1.0]], 0.1)
    with pytest.raises(ValueError, match="tolerance"):
        delphi.stable([[1.0]], [[1.0]], -0.1)
    with pytest.raises(ValueError, match="max_changed_share"):
        delphi.stable([[1.0]], [[1.0]], 0.1, max_changed_share=1.5)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=10), st.floats(0.001, 1.0))
def test_an_unchanged_round_is_stable(answers: list[float], tolerance: float) -> None:
    best = np.array(answers)[:, None]
    assert delphi.stable(best, best, tolerance, max_changed_share=0.0).tolist() == [True]


# --- kendall_w -------------------------------------------------------------------------------


def test_kendall_w_with_ties_by_hand() -> None:
    # m = 3 experts, n = 4 items.
    #   E1 (1, 2, 3, 4)  ranks 1, 2, 3, 4
    #   E2 (1, 1, 2, 3)  ranks 1.5, 1.5, 3, 4  one tie of 2: T = 2^3 - 2 = 6
    #   E3 (4, 3, 2, 1)  ranks 4, 3, 2, 1
    # Rank sums R = (6.5, 6.5, 8, 9), mean m (n + 1) / 2 = 7.5, S = 1 + 1 + 0.25 + 2.25 = 4.5.
    # W = 12 S / (m^2 (n^3 - n) - m sum T) = 54 / (9 x 60 - 3 x 6) = 54 / 522 = 3/29.
    # chi2 = m (n - 1) W = 9 x 3/29 = 27/29 on 3 degrees of freedom.
    result = delphi.kendall_w([[1, 2, 3, 4], [1, 1, 2, 3], [4, 3, 2, 1]])
    assert result.w == pytest.approx(3 / 29, rel=1e-15)
    assert result.chi2 == pytest.approx(27 / 29, rel=1e-15)
    assert result.df == 3
    assert result.p_value == pytest.approx(chi2_sf_df3(27 / 29), rel=1e-12)
    assert (result.n_raters, result.n_items) == (3, 4)


def test_kendall_w_without_the_tie_correction_would_differ() -> None:
    # The same panel without the correction: 54 / 540 = 0.1; the corrected W is larger.
    result = delphi.kendall_w([[1, 2, 3, 4], [1, 1, 2, 3], [4, 3, 2, 1]])
    assert result.w > 0.1


def test_identical_rankings_give_one() -> None:
    best = np.array([[1.0, 5.0, 2.0, 9.0], [10.0, 50.0, 20.0, 90.0], [0.1, 0.5, 0.2, 0.9]])
    result = delphi.kendall_w(best)
    assert result.w == 1.0
    assert result.chi2 == pytest.approx(3 * 3)  # m (n - 1) W
    # Identical rankings with the same ties also give exactly 1.
    assert delphi.kendall_w([[1, 1, 2], [5, 5, 7]]).w == pytest.approx(1.0, rel=1e-15)


def test_two_opposed_experts_give_zero() -> None:
    # Every item's rank sum is n + 1, so S = 0 and W = 0; the p-value is 1.
    result = delphi.kendall_w([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]])
    assert result.w == 0.0
    assert result.p_value == 1.0


@given(
    st.integers(2, 6).flatmap(
        lambda n: st.lists(st.permutations(list(range(n))), min_size=2, max_size=6)
    )
)
def test_w_matches_the_mean_spearman_correlation(rankings: list[list[int]]) -> None:
    # Without ties W = ((m - 1) mean_rho + 1) / m, mean_rho the mean pairwise Spearman rho
    # (Kendall & Babington Smith 1939): an independent check of the formula.
    best = np.array(rankings, dtype=float)
    m = best.shape[0]
    rhos = [float(spearmanr(best[a], best[b]).statistic) for a in range(m) for b in range(a + 1, m)]
    expected = ((m - 1) * float(np.mean(rhos)) + 1) / m
    assert delphi.kendall_w(best).w == pytest.approx(expected, abs=1e-12)


@given(st.integers(2, 8), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_w_lies_in_the_unit_interval(m: int, n: int, seed: int) -> None:
    best = np.random.default_rng(seed).integers(0, 4, size=(m, n)).astype(float)
    best[0, 0] = -1.0  # at least one expert without all items tied
    result = delphi.kendall_w(best)
    assert 0.0 <= result.w <= 1.0
    assert 0.0 <= result.p_value <= 1.0


def test_kendall_w_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="at least 2 experts"):
        delphi.kendall_w([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="at least 2 experts and 2 items"):
        delphi.kendall_w([[1.0], [2.0]])
    with pytest.raises(ValueError, match="undefined"):
        delphi.kendall_w([[3.0, 3.0, 3.0], [1.0, 1.0, 1.0]])

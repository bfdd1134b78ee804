"""Tests of the experts' piecewise-linear CDFs and the linear opinion pool."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from panmun.consult.pooling import BIN_PROBS, expert_cdf, pool

# --- expert_cdf ------------------------------------------------------------------------------


def test_expert_cdf_through_the_knots() -> None:
    # Quantiles (1, 2, 3) on [0, 4]: the CDF is linear between (0,0), (1,.05), (2,.5),
    # (3,.95), (4,1). F(0.5) = 0.05 * 0.5 / 1 = 0.025; F(1.5) = 0.05 + 0.45 * 0.5 = 0.275;
    # F(3.5) = 0.95 + 0.05 * 0.5 = 0.975; 0 below the range and 1 above it.
    cdf = expert_cdf([[1.0, 2.0, 3.0]], 0.0, 4.0)
    x = [[-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 4.0, 5.0]]
    expected = [[0.0, 0.0, 0.025, 0.05, 0.275, 0.5, 0.95, 0.975, 1.0, 1.0]]
    np.testing.assert_allclose(cdf(x), expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(cdf.left(x), expected, rtol=0, atol=1e-15)
    np.testing.assert_array_equal(cdf.levels, [0.0, 0.05, 0.5, 0.95, 1.0])


def test_expert_cdf_jumps_at_coincident_quantiles() -> None:
    # q05 == q50 == 2: the CDF jumps from 0.05 to 0.5 at 2. The value there is the top of the
    # jump, the left limit its bottom; no division by the zero-width bin.
    cdf = expert_cdf([[2.0, 2.0, 3.0]], 0.0, 4.0)
    with np.errstate(all="raise"):
        assert cdf([[2.0]]).tolist() == [[0.5]]
        assert cdf.left([[2.0]]).tolist() == [[0.05]]
        assert cdf([[1.0]]).tolist() == [[0.025]]


def test_expert_cdf_zero_width_range() -> None:
    # Everything at 5: a unit step at 5.
    cdf = expert_cdf([[5.0, 5.0, 5.0]], 5.0, 5.0)
    with np.errstate(all="raise"):
        assert cdf([[4.0, 5.0, 6.0]]).tolist() == [[0.0, 1.0, 1.0]]
        assert cdf.left([[4.0, 5.0, 6.0]]).tolist() == [[0.0, 0.0, 1.0]]


def test_expert_cdf_batches_over_experts_and_items() -> None:
    q = np.array([[[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]], [[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]]])
    cdf = expert_cdf(q, [0.0, 0.0], [5.0, 40.0])
    assert cdf.knots.shape == (2, 2, 5)
    values = cdf(np.array([[[2.0], [20.0]], [[2.0], [20.0]]]))
    # Expert 2, item 1: F(2) = 0.05 (its q05); item 2: 20 lies between q95 = 7 and hi = 40,
    # F = 0.95 + 0.05 * 13 / 33.
    np.testing.assert_allclose(values[:, :, 0], [[0.5, 0.5], [0.05, 0.95 + 0.05 * 13 / 33]])


def test_expert_cdf_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="lo <= low"):
        expert_cdf([[1.0, 2.0, 3.0]], 1.5, 4.0)
    with pytest.raises(ValueError, match="finite"):
        expert_cdf([[1.0, np.nan, 3.0]], 0.0, 4.0)
    with pytest.raises(ValueError, match="last axis"):
        expert_cdf(1.0, 0.0, 4.0)
    with pytest.raises(ValueError, match="bins"):
        expert_cdf([[1.0, 2.0, 3.0]], 0.0, 4.0, probs=(0.5, 0.5))


# --- pool: hand-computed cases ---------------------------------------------------------------

# Two experts on [0, 10]: A = (2, 4, 6), B = (4, 6, 8).
TWO = np.array([[[2.0, 4.0, 6.0]], [[4.0, 6.0, 8.0]]])


def test_equal_weight_pool_by_hand() -> None:
    # On [2, 4]: F_A = 0.05 + 0.45 (x - 2) / 2, F_B = 0.05 x / 4. The mixture
    # (F_A + F_B) / 2 = 0.05 gives 0.225 (x - 2) + 0.0125 x = 0.05, x = 0.5 / 0.2375 = 40/19.
    # (At x = 2 the mixture is (0.05 + 0.025) / 2 = 0.0375 < 0.05, so the root is above 2.)
    # The pair and the range are symmetric about 5, so q50 = 5 and q95 = 10 - 40/19.
    pooled = pool(TWO, None, [0.0], [10.0])
    np.testing.assert_allclose(pooled.q05, [40 / 19], rtol=1e-15)
    np.testing.assert_allclose(pooled.q50, [5.0], rtol=1e-15)
    np.testing.assert_allclose(pooled.q95, [150 / 19], rtol=1e-15)
    np.testing.assert_array_equal(pooled.weights, [0.5, 0.5])
    assert pooled.quantiles.shape == (1, 3)


def test_weighted_pool_by_hand() -> None:
    # Weights (3, 1) -> (0.75, 0.25). On [4, 6]: F_A = 0.5 + 0.225 (x - 4),
    # F_B = 0.05 + 0.225 (x - 4); mixture = 0.3875 + 0.225 (x - 4) = 0.5 at x = 4.5.
    pooled = pool(TWO, [3.0, 1.0], [0.0], [10.0])
    np.testing.assert_allclose(pooled.q50, [4.5], rtol=1e-15)
    np.testing.assert_array_equal(pooled.weights, [0.75, 0.25])


def test_all_weight_on_one_expert_returns_that_expert() -> None:
    pooled = pool(TWO, [0.0, 1.0], [0.0], [10.0])
    np.testing.assert_allclose(pooled.quantiles, [[4.0, 6.0, 8.0]], rtol=1e-15)


def test_log_scale_pool_by_hand() -> None:
    # In log10 units A = (0, 1, 2), B = (1, 2, 3) on (-1, 4): symmetric about 1.5, so the
    # median is 10**1.5; and A alone would be returned unchanged.
    q = np.array([[[1.0, 10.0, 100.0]], [[10.0, 100.0, 1000.0]]])
    pooled = pool(q, None, [0.1], [10_000.0], scale="log")
    np.testing.assert_allclose(pooled.q50, [10**1.5], rtol=1e-13)
    np.testing.assert_allclose(pooled.q05 * pooled.q95, [1000.0], rtol=1e-13)  # symmetry
    alone = pool(q, [1.0, 0.0], [0.1], [10_000.0], scale=["log"])
    np.testing.assert_allclose(alone.quantiles, [[1.0, 10.0, 100.0]], rtol=1e-13)


def test_single_item_input_gives_scalars() -> None:
    pooled = pool(TWO[:, 0, :], None, 0.0, 10.0)
    assert pooled.q50.shape == ()
    assert float(pooled.q50) == pytest.approx(5.0, rel=1e-15)
    assert pooled.quantiles.shape == (3,)
    assert pooled.weights.tolist() == [0.5, 0.5]


def test_item_weights_are_normalised_per_item() -> None:
    q = np.concatenate([TWO, TWO], axis=1)  # two identical items
    w = np.array([[3.0, 0.0], [1.0, 2.0]])  # item 1: (0.75, 0.25); item 2: all on B
    pooled = pool(q, w, [0.0, 0.0], [10.0, 10.0])
    np.testing.assert_allclose(pooled.weights, [[0.75, 0.0], [0.25, 1.0]])
    np.testing.assert_allclose(pooled.q50, [4.5, 6.0], rtol=1e-15)


def test_vectorised_over_items_matches_item_by_item() -> None:
    rng = np.random.default_rng(7)
    q = np.sort(rng.uniform(0, 100, size=(4, 6, 3)), axis=-1)
    lo, hi = np.full(6, -10.0), np.full(6, 110.0)
    w = rng.uniform(0.1, 1.0, size=4)
    together = pool(q, w, lo, hi).quantiles
    for i in range(6):
        alone = pool(q[:, i, :], w, lo[i], hi[i]).quantiles
        np.testing.assert_allclose(together[i], alone, rtol=1e-14)


# --- pool: degenerate input ------------------------------------------------------------------


@pytest.mark.filterwarnings("error")
def test_identical_experts_with_coincident_quantiles() -> None:
    # q05 == q50: the CDF jumps from 0.05 to 0.5 at 3, so q05 (the smallest x with
    # F(x) >= 0.05) is 3, and so is q50.
    q = np.array([[[3.0, 3.0, 7.0]], [[3.0, 3.0, 7.0]]])
    with np.errstate(all="raise"):
        pooled = pool(q, None, [2.0], [8.0])
    np.testing.assert_allclose(pooled.quantiles, [[3.0, 3.0, 7.0]], rtol=1e-15)


@pytest.mark.filterwarnings("error")
def test_everything_at_one_point() -> None:
    q = np.full((3, 2, 3), 4.0)
    with np.errstate(all="raise"):
        pooled = pool(q, [1.0, 2.0, 3.0], [4.0, 4.0], [4.0, 4.0])
    np.testing.assert_array_equal(pooled.quantiles, np.full((2, 3), 4.0))


@pytest.mark.filterwarnings("error")
def test_range_end_on_a_quantile() -> None:
    # Overshoot 0: lo equals the lowest q05, a vertical step at lo.
    q = np.array([[[0.0, 5.0, 10.0]], [[2.0, 5.0, 8.0]]])
    with np.errstate(all="raise"):
        pooled = pool(q, None, [0.0], [10.0])
    assert pooled.q50.tolist() == [5.0]
    assert 0.0 < float(pooled.q05[0]) < 2.0


# --- pool: properties ------------------------------------------------------------------------


@st.composite
def panels(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Random panels for one item: quantiles may coincide, weights may be zero."""
    n = draw(st.integers(1, 5))
    grid = st.integers(-20, 20).map(float)  # a coarse grid makes ties likely
    q = np.array([sorted(draw(st.lists(grid, min_size=3, max_size=3))) for _ in range(n)])
    w = np.array(draw(st.lists(st.integers(0, 4).map(float), min_size=n, max_size=n)))
    if w.sum() == 0:
        w[draw(st.integers(0, n - 1))] = 1.0
    pad = draw(st.sampled_from([0.0, 0.5, 3.0]))
    return q[:, None, :], w, float(q.min()) - pad, float(q.max()) + pad


@given(panels())
def test_pooled_quantiles_are_monotone_and_inside(
    panel: tuple[np.ndarray, np.ndarray, float, float],
) -> None:
    q, w, lo, hi = panel
    with np.errstate(all="raise"):
        pooled = pool(q, w, [lo], [hi])
    used = q[w > 0]
    assert pooled.q05[0] <= pooled.q50[0] <= pooled.q95[0]
    # Every quantile lies between the extreme quantiles of the experts with weight.
    assert used[..., 0].min() <= pooled.q05[0]
    assert pooled.q95[0] <= used[..., 2].max()


@given(panels())
def test_pooled_quantiles_invert_the_mixture(
    panel: tuple[np.ndarray, np.ndarray, float, float],
) -> None:
    # At its P quantile the mixture CDF is >= P, and its left limit is <= P.
    q, w, lo, hi = panel
    pooled = pool(q, w, [lo], [hi])
    cdf = expert_cdf(q[:, 0, :], lo, hi)
    wn = w / w.sum()
    x = np.broadcast_to(pooled.quantiles[0], (q.shape[0], 3))
    right = wn @ cdf(x)
    left = wn @ cdf.left(x)
    levels = np.cumsum(BIN_PROBS)[:-1]
    assert np.all(right >= levels - 1e-12)
    assert np.all(left <= levels + 1e-12)


@given(
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=3, max_size=3),
    st.integers(1, 6),
    st.floats(0.0, 2.0),
)
def test_equal_weight_pool_of_identical_experts_is_that_expert(
    triple: list[float], n: int, pad: float
) -> None:
    expert = np.sort(np.array(triple))
    q = np.broadcast_to(expert, (n, 1, 3))
    lo, hi = expert[0] - pad, expert[2] + pad
    pooled = pool(q, None, [lo], [hi])
    scale = max(1.0, float(np.abs(expert).max()))
    np.testing.assert_allclose(pooled.quantiles[0], expert, rtol=0, atol=1e-12 * scale)


def test_pool_does_not_depend_on_expert_order() -> None:
    rng = np.random.default_rng(3)
    q = np.sort(rng.uniform(0, 10, size=(5, 3, 3)), axis=-1)
    w = rng.uniform(0, 1, size=5)
    order = rng.permutation(5)
    a = pool(q, w, [-1.0] * 3, [11.0] * 3).quantiles
    b = pool(q[order], w[order], [-1.0] * 3, [11.0] * 3).quantiles
    np.testing.assert_allclose(a, b, rtol=1e-14)


# --- pool: errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": [-1.0, 2.0]}, "non-negative"),
        ({"weights": [0.0, 0.0]}, "positive sum"),
        ({"weights": [1.0, 2.0, 3.0]}, "shape"),
        ({"weights": [[[1.0]]]}, "shape"),
        ({"weights": [np.nan, 1.0]}, "finite"),
        ({"lo": [3.0]}, "within"),
        ({"hi": [7.0]}, "within"),
        ({"lo": [0.0, 0.0]}, "lo must be"),
        ({"hi": [np.inf]}, "finite"),
        ({"probs": (0.1, 0.4, 0.4, 0.2)}, "sum to 1"),
        ({"probs": (0.0, 0.5, 0.5, 0.0)}, "positive"),
        ({"probs": [[0.5, 0.5]]}, "1-D"),
        ({"scale": "logarithmic"}, "'uniform' or 'log'"),
        ({"scale": ["log", "log"]}, "one string or 1 strings"),
    ],
)
def test_pool_rejects(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"weights": None, "lo": [0.0], "hi": [10.0]}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        pool(TWO, **args)  # type: ignore[arg-type]


def test_pool_rejects_malformed_quantiles() -> None:
    with pytest.raises(ValueError, match="non-decreasing"):
        pool([[[3.0, 2.0, 4.0]]], None, [0.0], [5.0])
    with pytest.raises(ValueError, match="shape"):
        pool([1.0, 2.0, 3.0], None, [0.0], [5.0])
    with pytest.raises(ValueError, match="finite"):
        pool([[[1.0, np.nan, 4.0]]], None, [0.0], [5.0])
    with pytest.raises(ValueError, match="3 quantiles"):
        pool([[[1.0, 2.0, 3.0, 4.0]]], None, [0.0], [5.0])


def test_log_scale_needs_positive_values() -> None:
    with pytest.raises(ValueError, match="positive values"):
        pool([[[0.0, 1.0, 2.0]]], None, [0.0], [3.0], scale="log")
    # The same item on a uniform scale is fine, and an item-wise scale list works.
    q = np.array([[[0.0, 1.0, 2.0], [1.0, 10.0, 100.0]]])
    pooled = pool(q, None, [0.0, 0.5], [3.0, 200.0], scale=["uniform", "log"])
    np.testing.assert_allclose(pooled.quantiles, [[0.0, 1.0, 2.0], [1.0, 10.0, 100.0]])
    assert math.isclose(float(pooled.q50[1]), 10.0, rel_tol=1e-13)

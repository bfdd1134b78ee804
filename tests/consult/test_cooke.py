"""Tests of Cooke's classical model: ranges, calibration, information, weights, optimal DM."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from panmun.consult import cooke
from panmun.consult.pooling import pool

DATA = Path(__file__).parent / "data"


def chi2_sf_df3(x: float) -> float:
    """Chi-square survival function for 3 degrees of freedom, in closed form (no scipy):
    P(X > x) = erfc(sqrt(x / 2)) + sqrt(2 x / pi) exp(-x / 2)."""
    return math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)


# --- intrinsic_range -------------------------------------------------------------------------


def test_intrinsic_range_by_hand() -> None:
    # Item 1: values 2..12 and realization 15 outside them: L = 2, U = 15, k (U - L) = 1.3,
    # range [0.7, 16.3]. Item 2: no realization (NaN): L = 1, U = 9, range [0.2, 9.8].
    q = np.array([[[2.0, 5.0, 8.0], [1.0, 2.0, 3.0]], [[4.0, 6.0, 12.0], [4.0, 5.0, 9.0]]])
    lo, hi = cooke.intrinsic_range(q, [15.0, np.nan])
    np.testing.assert_allclose(lo, [0.7, 0.2], rtol=1e-14)
    np.testing.assert_allclose(hi, [16.3, 9.8], rtol=1e-14)
    # Without realizations, and with a per-item overshoot (0 and 0.5).
    lo, hi = cooke.intrinsic_range(q, None, [0.0, 0.5])
    np.testing.assert_allclose(lo, [2.0, -3.0], rtol=1e-14)
    np.testing.assert_allclose(hi, [12.0, 13.0], rtol=1e-14)


def test_intrinsic_range_on_a_log_scale() -> None:
    # ln L = ln 1 = 0, ln U = ln 100; the overshoot 10 % of ln 100 on each side gives
    # [100**-0.1, 100**1.1] = [10**-0.2, 10**2.2].
    lo, hi = cooke.intrinsic_range([[[1.0, 10.0, 100.0]]], scale="log")
    np.testing.assert_allclose(lo, [10**-0.2], rtol=1e-14)
    np.testing.assert_allclose(hi, [10**2.2], rtol=1e-14)
    with pytest.raises(ValueError, match="log scale needs positive values"):
        cooke.intrinsic_range([[[0.0, 10.0, 100.0]]], scale="log")


def test_intrinsic_range_of_identical_values_has_zero_width() -> None:
    lo, hi = cooke.intrinsic_range(np.full((2, 1, 3), 3.0), [3.0])
    assert lo.tolist() == hi.tolist() == [3.0]


def test_intrinsic_range_rejects_bad_input() -> None:
    q = [[[1.0, 2.0, 3.0]]]
    with pytest.raises(ValueError, match="non-negative"):
        cooke.intrinsic_range(q, overshoot=-0.1)
    with pytest.raises(ValueError, match="realizations must have shape"):
        cooke.intrinsic_range(q, [1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        cooke.intrinsic_range(q, [np.inf])
    with pytest.raises(ValueError, match="overshoot must be a scalar"):
        cooke.intrinsic_range(q, overshoot=[0.1, 0.2])


# --- calibration -----------------------------------------------------------------------------

# Two experts x four calibration items; realizations 1, 2, 3, 4.
REALIZATIONS = np.array([1.0, 2.0, 3.0, 4.0])
TWO_EXPERTS = np.array(
    [
        # Expert A: r=1 equals q50 -> bin 1 (only q05 = 0 is strictly below);
        # r=2 in (0, 3] -> bin 1; r=3 in (2, 5] -> bin 2; r=4 in (3, 6] -> bin 2.
        [[0.0, 1.0, 5.0], [0.0, 3.0, 5.0], [0.0, 2.0, 5.0], [0.0, 3.0, 6.0]],
        # Expert B: r=1 below q05=2 -> bin 0; r=2 equals q95 -> bin 2;
        # r=3 above q95=2 -> bin 3; r=4 above q95=3 -> bin 3.
        [[2.0, 3.0, 4.0], [0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [1.0, 2.0, 3.0]],
    ]
)


def test_calibration_two_experts_by_hand() -> None:
    cal = cooke.calibration(TWO_EXPERTS, REALIZATIONS)
    assert cal.counts.tolist() == [[0, 2, 2, 0], [1, 0, 1, 2]]
    np.testing.assert_array_equal(cal.frequencies, [[0, 0.5, 0.5, 0], [0.25, 0, 0.25, 0.5]])
    # A: I = 0.5 ln(0.5/0.45) * 2 = ln(10/9) (0 ln 0 = 0 for the empty tails).
    # B: I = 0.25 ln(0.25/0.05) + 0.25 ln(0.25/0.45) + 0.5 ln(0.5/0.05)
    #      = 0.25 ln 5 + 0.25 ln(5/9) + 0.5 ln 10.
    info_a = math.log(10 / 9)
    info_b = 0.25 * math.log(5) + 0.25 * math.log(5 / 9) + 0.5 * math.log(10)
    np.testing.assert_allclose(cal.relative_information, [info_a, info_b], rtol=1e-14)
    # Statistic 2 N I with N = 4; score = P(chi2_3 > 2 N I).
    np.testing.assert_allclose(cal.statistic, [8 * info_a, 8 * info_b], rtol=1e-14)
    expected = [chi2_sf_df3(8 * info_a), chi2_sf_df3(8 * info_b)]
    np.testing.assert_allclose(cal.score, expected, rtol=1e-12)
    assert cal.score[0] == pytest.approx(0.839185, abs=5e-7)  # 8 ln(10/9) = 0.8429
    assert cal.score[1] == pytest.approx(0.0104305, abs=5e-8)  # 8 x 1.40671 = 11.2536
    assert cal.n_items == 4


def test_tie_rule() -> None:
    # A realization equal to a quantile counts in the bin below it; equal to several
    # coincident quantiles, in the bin below the lowest of them.
    q = np.array([[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [2.0, 2.0, 2.0]]])
    cal = cooke.calibration(q, [1.0, 2.0, 3.0, 2.0])
    # r = q05 -> bin 0; r = q50 -> bin 1; r = q95 -> bin 2; r = q05 = q50 = q95 -> bin 0.
    assert cal.counts.tolist() == [[2, 1, 1, 0]]


def test_calibration_is_one_when_frequencies_equal_p() -> None:
    # 20 items with counts (1, 9, 9, 1): s = (0.05, 0.45, 0.45, 0.05) = p, so I(s, p) = 0 and
    # the score is P(chi2_3 > 0) = 1.
    expert = np.tile([10.0, 20.0, 30.0], (20, 1))
    realizations = np.array([5.0] + [15.0] * 9 + [25.0] * 9 + [35.0])
    cal = cooke.calibration(expert[None], realizations)
    assert cal.counts.tolist() == [[1, 9, 9, 1]]
    assert cal.relative_information[0] == 0.0
    assert cal.score[0] == 1.0


def test_calibration_with_other_quantiles() -> None:
    # Five quantiles (5, 25, 50, 75, 95 %), six bins, one item, realization in the 50-75 % bin:
    # s = (0, 0, 0, 1, 0, 0), I = ln(1 / 0.25), and len(p) - 1 = 5 degrees of freedom.
    probs = (0.05, 0.2, 0.25, 0.25, 0.2, 0.05)
    cal = cooke.calibration([[[1.0, 2.0, 3.0, 4.0, 5.0]]], [3.5], probs)
    assert cal.counts.tolist() == [[0, 0, 0, 1, 0, 0]]
    np.testing.assert_allclose(cal.relative_information, [math.log(4.0)], rtol=1e-15)
    # chi2 with 5 df: P(X > x) = erfc(sqrt(x/2)) + sqrt(2x/pi) exp(-x/2) (1 + x/3); x = 2 ln 4.
    x = 2 * math.log(4.0)
    sf5 = math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2) * (1 + x / 3)
    np.testing.assert_allclose(cal.score, [sf5], rtol=1e-12)


def test_calibration_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="realizations must be finite"):
        cooke.calibration(TWO_EXPERTS, [1.0, np.nan, 3.0, 4.0])
    with pytest.raises(ValueError, match="shape"):
        cooke.calibration(TWO_EXPERTS, [1.0, 2.0])
    with pytest.raises(ValueError, match="bins"):
        cooke.calibration(TWO_EXPERTS, REALIZATIONS, (0.5, 0.5))
    with pytest.raises(ValueError, match="non-decreasing"):
        cooke.calibration([[[3.0, 2.0, 1.0]]], [1.0])


# --- information -----------------------------------------------------------------------------


def test_information_by_hand() -> None:
    # Range [0, 10]. Item 1: quantiles (2, 5, 8), bins 2, 3, 3, 2 wide, r = (.2, .3, .3, .2):
    #   I = 2 x 0.05 ln(0.05/0.2) + 2 x 0.45 ln(0.45/0.3) = 0.1 ln 0.25 + 0.9 ln 1.5.
    # Item 2: quantiles (0.5, 5, 9.5) reproduce the background masses: I = 0.
    q = np.array([[[2.0, 5.0, 8.0], [0.5, 5.0, 9.5]]])
    info = cooke.information(q, ([0.0, 0.0], [10.0, 10.0]))
    item1 = 0.1 * math.log(0.25) + 0.9 * math.log(1.5)
    np.testing.assert_allclose(info.per_item, [[item1, 0.0]], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(info.score, [item1 / 2], rtol=1e-14)


def test_information_on_a_log_scale_by_hand() -> None:
    # Quantiles (1, 10, 100) on [0.1, 1000]: in log units the knots -1, 0, 1, 2, 3 make four
    # bins of equal width, r = 0.25 each: I = 0.1 ln(0.05/0.25) + 0.9 ln(0.45/0.25).
    info = cooke.information([[[1.0, 10.0, 100.0]]], ([0.1], [1000.0]), scale="log")
    expected = 0.1 * math.log(0.2) + 0.9 * math.log(1.8)
    np.testing.assert_allclose(info.score, [expected], rtol=1e-14)
    # On a uniform background the same expert is far more informative.
    uniform = cooke.information([[[1.0, 10.0, 100.0]]], ([0.1], [1000.0]))
    assert uniform.score[0] > info.score[0]


def test_information_rejects_zero_width_bins_and_non_positive_logs() -> None:
    with pytest.raises(ValueError, match="zero-width bin"):
        cooke.information([[[2.0, 2.0, 8.0]]], ([0.0], [10.0]))
    with pytest.raises(ValueError, match="overshoot > 0"):
        cooke.information([[[0.0, 2.0, 8.0]]], ([0.0], [10.0]))  # q05 on lo
    with pytest.raises(ValueError, match="zero-width bin"):
        cooke.information([[[1.0, 2.0, 8.0]]], ([2.0], [10.0]))  # q05 below lo
    with pytest.raises(ValueError, match="positive values"):
        cooke.information([[[1.0, 2.0, 8.0]]], ([-1.0], [10.0]), scale="log")


@given(
    # Distinct values on a 0.01 grid, so no bin is narrower than rounding (also in log units).
    st.lists(st.integers(1, 10_000).map(lambda v: v / 100), min_size=3, max_size=3, unique=True),
    st.floats(0.01, 1.0),
)
def test_information_is_non_negative(triple: list[float], k: float) -> None:
    # I(p, r) is a relative entropy, so >= 0 for any expert and range.
    q = np.sort(np.array(triple))[None, None, :]
    lo, hi = cooke.intrinsic_range(q, overshoot=k)
    assert cooke.information(q, (lo, hi)).score[0] >= -1e-12
    lo, hi = cooke.intrinsic_range(q, overshoot=k, scale="log")
    assert cooke.information(q, (lo, hi), scale="log").score[0] >= -1e-12


# --- weights ---------------------------------------------------------------------------------


def test_weights_by_hand() -> None:
    # Unnormalised: 0.5 x 1 = 0.5, 0.2 x 2 = 0.4, 0.01 x 3 = 0.03 (cut at alpha = 0.05).
    w = cooke.weights([0.5, 0.2, 0.01], [1.0, 2.0, 3.0], alpha=0.05)
    np.testing.assert_allclose(w, [0.5 / 0.9, 0.4 / 0.9, 0.0], rtol=1e-15)
    # No cutoff: 0.5, 0.4, 0.03 over 0.93.
    w0 = cooke.weights([0.5, 0.2, 0.01], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(w0, [0.5 / 0.93, 0.4 / 0.93, 0.03 / 0.93], rtol=1e-15)
    # An expert exactly at the cutoff passes it.
    assert cooke.weights([0.5, 0.2], [1.0, 1.0], alpha=0.2)[1] > 0.0


def test_item_weights_normalise_per_item() -> None:
    # Per-item information (2 experts x 2 items): item 1 raw (0.5 x 1, 0.25 x 2) = (0.5, 0.5);
    # item 2 raw (0.5 x 3, 0.25 x 2) = (1.5, 0.5) -> (0.75, 0.25).
    w = cooke.weights([0.5, 0.25], [[1.0, 3.0], [2.0, 2.0]])
    np.testing.assert_allclose(w, [[0.5, 0.75], [0.5, 0.25]], rtol=1e-15)


def test_weights_raise_when_nobody_passes() -> None:
    with pytest.raises(ValueError, match="no expert passes the calibration cutoff"):
        cooke.weights([0.01, 0.02], [1.0, 1.0], alpha=0.05)
    with pytest.raises(ValueError, match="no expert passes"):
        cooke.weights([0.0, 0.0], [1.0, 1.0])


@pytest.mark.parametrize(
    ("cal", "info", "message"),
    [
        ([0.5, 0.2], [1.0], "shape"),
        ([[0.5]], [1.0], "shape"),
        ([], [], "shape"),
        ([0.5, np.nan], [1.0, 1.0], "finite"),
        ([0.5, -0.2], [1.0, 1.0], "non-negative"),
    ],
)
def test_weights_reject(cal: list[float], info: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cooke.weights(cal, info)


@given(
    st.lists(st.tuples(st.floats(1e-12, 1.0), st.floats(1e-6, 10.0)), min_size=1, max_size=12),
    st.floats(0.0, 1.0),
)
def test_weights_sum_to_one(scores: list[tuple[float, float]], alpha: float) -> None:
    cal = np.array([c for c, _ in scores])
    info = np.array([i for _, i in scores])
    alpha = min(alpha, float(cal.max()))  # at least the best expert passes
    w = cooke.weights(cal, info, alpha)
    assert w.sum() == pytest.approx(1.0, rel=1e-12)
    assert np.all(w >= 0.0)
    assert np.all(w[cal < alpha] == 0.0)


# --- optimal_alpha ---------------------------------------------------------------------------


def test_optimal_alpha_picks_the_best_candidate() -> None:
    rng = np.random.default_rng(11)
    truth = rng.uniform(10, 90, size=8)
    # Three honest experts with intervals around the truth, one overconfident, one biased.
    centres = truth[None, :] + rng.normal(0, [[5], [8], [3], [15], [0]], size=(5, 8))
    centres[4] += 25.0
    spreads = np.array([[12.0], [15.0], [6.0], [2.0], [10.0]])
    q = np.stack([centres - spreads, centres, centres + spreads], axis=-1)
    result = cooke.optimal_alpha(q, truth)
    cal = cooke.calibration(q, truth).score
    np.testing.assert_array_equal(result.candidates, np.unique(cal))
    assert result.alpha in result.candidates
    best = int(np.argmax(result.candidate_scores))
    assert result.alpha == result.candidates[best]
    assert (
        result.score
        == result.candidate_scores[best]
        == pytest.approx(result.calibration * result.information, rel=1e-12)
    )
    assert result.weights.sum() == pytest.approx(1.0)
    assert np.all(result.weights[cal < result.alpha] == 0.0)
    # The reported decision maker is the pool with the reported weights.
    lo, hi = cooke.intrinsic_range(q, truth)
    np.testing.assert_allclose(
        pool(q, result.weights, lo, hi).quantiles, result.quantiles, rtol=1e-13
    )
    # Each candidate's score is the decision maker's virtual weight at that cutoff.
    info = cooke.information(q, (lo, hi)).score
    for alpha, score in zip(result.candidates, result.candidate_scores, strict=True):
        dm = pool(q, cooke.weights(cal, info, alpha), lo, hi).quantiles[None]
        dm_cal = cooke.calibration(dm, truth).score[0]
        dm_info = cooke.information(dm, (lo, hi)).score[0]
        assert score == pytest.approx(dm_cal * dm_info * (dm_cal >= alpha), rel=1e-12)


def test_optimal_alpha_with_one_expert() -> None:
    q = np.array([[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]])
    result = cooke.optimal_alpha(q, [2.5, 1.5, 2.2])
    assert result.weights.tolist() == [1.0]
    np.testing.assert_allclose(result.quantiles, q[0], rtol=1e-14)


def test_optimal_alpha_raises_when_the_dm_scores_zero() -> None:
    # Two mirror-image experts tie on calibration: each has one realization (10.95) in
    # (q50, q95] = (10, 11] and one above q95 = 2, counts (0, 0, 1, 1). The only cutoff is
    # their shared score, but their pool puts both realizations above its q95 (about 10.9),
    # counts (0, 0, 0, 2): its calibration falls below the cutoff, its virtual weight is 0.
    q = np.array([[[9.0, 10.0, 11.0], [0.0, 1.0, 2.0]], [[0.0, 1.0, 2.0], [9.0, 10.0, 11.0]]])
    assert cooke.calibration(q, [10.95, 10.95]).counts.tolist() == [[0, 0, 1, 1]] * 2
    with pytest.raises(ValueError, match="zero virtual weight"):
        cooke.optimal_alpha(q, [10.95, 10.95])


# --- the reference check against Anduryl -----------------------------------------------------


def read_excalibur(stem: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Read an EXCALIBUR .dtt/.rls pair: quantiles (experts, items, 3), realizations, scales.

    The item names contain spaces (even the word 'log'), so each line is read from its ends:
    in the .dtt the last three fields are the quantiles and the one before them the scale; in
    the .rls the last field is the scale and the one before it the realization.
    """
    rows: dict[tuple[int, int], tuple[str, list[float]]] = {}
    for line in stem.with_suffix(".dtt").read_text(encoding="latin-1").splitlines()[1:]:
        fields = line.split()
        if fields:
            rows[(int(fields[0]), int(fields[2]))] = (
                fields[-4].lower(),
                [*map(float, fields[-3:])],
            )
    n_experts = max(e for e, _ in rows)
    n_items = max(i for _, i in rows)
    q = np.array(
        [[rows[(e, i)][1] for i in range(1, n_items + 1)] for e in range(1, n_experts + 1)]
    )
    scales = ["log" if rows[(1, i)][0] == "log" else "uniform" for i in range(1, n_items + 1)]
    realizations = [
        float(line.split()[-2])
        for line in stem.with_suffix(".rls").read_text(encoding="latin-1").splitlines()
        if line.strip()
    ]
    return q, np.array(realizations), scales


# Anduryl 1.2.2 (github.com/grongen/anduryl, commit 3bf8bc4295c4d21ca2507c4422286debce355071)
# on data/phac2009_13seed.{dtt,rls}, overshoot 0.1, calibration power 1: the experts'
# calibration scores and information scores on the seed items (Experts.calibration,
# Experts.info_real) and the quantiles of three decision makers: equal weights ("EQ"), global
# weights without cutoff ("GL0") and global weights with the optimised cutoff ("GLopt").
# Produced by Project.io.load_excalibur + Project.calculate_decision_maker in a separate
# virtual environment (numpy 1.26.4, pydantic 1.10.27, PyQt5 stubbed); data/README.md gives
# the driver. Values are repr() of Anduryl's float64 results.

ANDURYL_CALIBRATION = np.array(
    [
        0.007437536389003352,
        0.0013070091085241042,
        0.005881247729031314,
        0.0007466528637334324,
        3.254708820232821e-07,
        0.0007466528637334324,
        0.007437536389003352,
        0.002625875670082878,
        4.506550688176958e-11,
        4.6173796043325055e-06,
    ]
)
ANDURYL_INFORMATION = np.array(
    [
        0.653327531774232,
        1.1582353933578384,
        1.2493634329827483,
        1.1287978526608557,
        1.2592919217466778,
        0.9825424994016595,
        0.7353873431645882,
        0.5735342683819767,
        1.2712778842198333,
        1.0897073690013837,
    ]
)
ANDURYL_DM_EQ = np.array(
    [
        [0.25166570041778347, 2.8967644891944992, 6.5901606027939374],
        [37.00782031288915, 60.411233701103306, 81.89180957944546],
        [2.3823925913808197, 52.3805015322998, 196.5797492916311],
        [6.797308327675389, 44.252993762175194, 90.01302183045782],
        [0.1320544010707168, 4.308478564559936, 25.300913114358224],
        [427.3521416656869, 210945.41063353428, 27453053.832222074],
        [165.09050222346758, 448.70294732318695, 25186.888031778974],
        [4.777458899116994, 201467.47468635757, 174826368868.19437],
        [4.44025768810016, 48.759443025979834, 95.1725941422594],
        [4.4994416815962595, 58.20088729263309, 94.48983369075387],
        [0.2800648955587102, 6.530553759077456, 29.49962107477093],
        [1.9024331703219224, 56.14961712153937, 95.54006797025069],
        [4.456759281295209, 18.245947685928495, 57.32549905393634],
    ]
)
ANDURYL_DM_GL0 = np.array(
    [
        [0.18946647005667835, 3.21192025219817, 6.817376232259148],
        [40.48424618016542, 61.89007938005255, 80.92918230264728],
        [7.979688233817412, 64.2580159583034, 193.93582246338894],
        [8.010350713847778, 38.153221779499084, 83.82406316811877],
        [0.6743214652368041, 4.797410097292098, 23.002765206950762],
        [1651.611929953032, 117502.37431917648, 8680475.204801122],
        [175.116265280077, 361.1456668950699, 49979.6758893888],
        [367.61617985660973, 570498.6921530677, 617278958.6065656],
        [8.584885712585416, 42.368045302626875, 93.24869853861323],
        [11.801919128652699, 52.19064023479657, 92.3504175275686],
        [1.0242862660446395, 9.185083854534085, 34.57190227367386],
        [5.463040214399683, 59.904953937079625, 94.0541149451195],
        [5.4792080985554685, 23.5557916581494, 58.66066310037092],
    ]
)
ANDURYL_DM_GLOPT = np.array(
    [
        [0.17514917734815144, 3.1282313121640875, 6.744888200428915],
        [42.19854662106035, 62.16032765907452, 78.95064268055265],
        [8.280529698516244, 59.8340654373313, 146.3867020138722],
        [10.36535325354699, 37.874745770765145, 77.99708824407305],
        [1.055240396015432, 4.73802925237145, 15.56245197423433],
        [10777.44500517985, 105681.23100902356, 935289.7771275045],
        [185.8093586154235, 339.61276895097, 58691.902050903685],
        [12485.124995526654, 897934.0117027621, 707890064.6990417],
        [10.825217091403259, 40.580387290137665, 87.79203928954784],
        [12.444202430140637, 48.970804355861624, 74.4129574396684],
        [2.541846575204035, 9.50829843040893, 35.802797178778285],
        [5.34263973581014, 60.453326640659924, 92.66045671182954],
        [5.405307329336414, 29.102978798655823, 58.291790139379884],
    ]
)
ANDURYL_DM_SCORES = {
    "EQ": (0.26503863169430686, 0.20428459980178731, 0.05414331080768478),
    "GL0": (0.09209922250672775, 0.2611823161442862, 0.024054688249395127),
    "GLopt": (0.14308779171472397, 0.3959236144263062, 0.056651835675971984),
}
ANDURYL_ALPHA_OPT = 0.005881247729031314


@pytest.fixture(scope="module")
def phac() -> tuple[np.ndarray, np.ndarray, list[str]]:
    return read_excalibur(DATA / "phac2009_13seed")


def test_reference_data_reads_as_expected(phac: tuple[np.ndarray, np.ndarray, list[str]]) -> None:
    q, r, scales = phac
    assert q.shape == (10, 13, 3)
    assert r[:3].tolist() == [4.9, 68.0, 103.0]
    assert [i for i, s in enumerate(scales) if s == "log"] == [5, 6, 7]


def test_scores_match_anduryl(phac: tuple[np.ndarray, np.ndarray, list[str]]) -> None:
    q, r, scales = phac
    lo, hi = cooke.intrinsic_range(q, r, 0.1, scale=scales)
    cal = cooke.calibration(q, r)
    info = cooke.information(q, (lo, hi), scale=scales)
    # Anduryl computes 1 - cdf with its own continued fraction; for the smallest score
    # (4.5e-11) that keeps only about 6 significant digits, hence the absolute tolerance.
    np.testing.assert_allclose(cal.score, ANDURYL_CALIBRATION, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(info.score, ANDURYL_INFORMATION, rtol=1e-12)


def test_decision_makers_match_anduryl(phac: tuple[np.ndarray, np.ndarray, list[str]]) -> None:
    q, r, scales = phac
    lo, hi = cooke.intrinsic_range(q, r, 0.1, scale=scales)
    cal = cooke.calibration(q, r).score
    info = cooke.information(q, (lo, hi), scale=scales).score
    equal = pool(q, None, lo, hi, scale=scales)
    np.testing.assert_allclose(equal.quantiles, ANDURYL_DM_EQ, rtol=1e-12)
    global0 = pool(q, cooke.weights(cal, info, 0.0), lo, hi, scale=scales)
    np.testing.assert_allclose(global0.quantiles, ANDURYL_DM_GL0, rtol=1e-12)
    best = cooke.optimal_alpha(q, r, overshoot=0.1, scale=scales)
    assert best.alpha == pytest.approx(ANDURYL_ALPHA_OPT, rel=1e-9)
    np.testing.assert_allclose(best.quantiles, ANDURYL_DM_GLOPT, rtol=1e-12)
    # The decision makers scored as virtual experts: calibration, information, product.
    for name, dm in [("EQ", equal.quantiles), ("GL0", global0.quantiles)]:
        dm_cal = cooke.calibration(dm[None], r).score[0]
        dm_info = cooke.information(dm[None], (lo, hi), scale=scales).score[0]
        want = ANDURYL_DM_SCORES[name]
        np.testing.assert_allclose([dm_cal, dm_info, dm_cal * dm_info], want, rtol=1e-9)
    want = ANDURYL_DM_SCORES["GLopt"]
    got = [best.calibration, best.information, best.score]
    np.testing.assert_allclose(got, want, rtol=1e-9)

"""Cooke's classical model: calibration, information and performance weights of experts.

Each expert assesses calibration ("seed") items, whose true values (realizations) become known
to the analyst, and target items, with the same quantiles (here 5 %, 50 %, 95 %). The classical
model scores each expert on the calibration items and weights them accordingly:

* **Calibration** (statistical accuracy): the realizations should fall into the expert's
  inter-quantile bins with the bin probabilities ``p = (0.05, 0.45, 0.45, 0.05)``. With ``s``
  the empirical bin frequencies over the ``N`` items, ``2 N I(s, p)`` is asymptotically
  chi-square with ``len(p) - 1`` degrees of freedom, and the calibration score is the
  p-value ``1 - chi2.cdf(2 N I(s, p))``: the probability of a fit this bad or worse if the
  expert were perfectly calibrated.
* **Information**: how concentrated the expert's distribution is relative to a uniform (or
  log-uniform) background on the item's *intrinsic range*, the span of all assessments and the
  realization widened by an overshoot ``k`` (10 % by default) on each side.
* **Weights**: ``calibration x information``, zero below a calibration cutoff ``alpha``,
  normalised. :func:`optimal_alpha` chooses the cutoff that maximises the score of the
  resulting decision maker (the weighted linear pool, :mod:`panmun.consult.pooling`), scored
  as a virtual expert.

Conventions (checked against Anduryl, the TU Delft Python implementation)
    * Bins are right-closed: a realization ``r`` falls into bin ``j`` = the number of quantiles
      strictly below ``r``. A realization *equal* to a quantile counts in the bin below it, so
      ``r == q05`` is in the tail below q05 and ``r == q50`` in the bin q05-q50. This is
      Anduryl's rule (it counts ``r <= q`` per quantile).
    * Intrinsic range: ``[L - k (U - L), U + k (U - L)]`` with ``L``, ``U`` the smallest and
      largest of all experts' quantiles and the realization; on a log scale the same in
      ``ln x``. Default ``k = 0.1``.
    * The information score of an expert is the plain mean of the per-item scores over the
      items given; the calibration score uses ``N`` = the number of calibration items given.
    * Arrays follow :mod:`panmun.consult.pooling`: quantiles (n_experts, n_items, K), ``probs``
      are bin probabilities, ``scale`` is ``"uniform"`` or ``"log"`` (per item or for all).

References
----------
.. [Cooke1991] R. M. Cooke, *Experts in Uncertainty: Opinion and Subjective Probability in
   Science*, Oxford University Press, 1991. ISBN 978-0-19-506465-0.
.. [CookeGoossens2008] R. M. Cooke and L. L. H. J. Goossens, "TU Delft expert judgment data
   base", *Reliability Engineering & System Safety* 93(5), 657-674, 2008.
   doi:10.1016/j.ress.2007.03.005
.. [Anduryl] G. Rongen, C. M. P. 't Hart, G. Leontaris and O. Morales-Napoles, *Anduryl*,
   version 1.2.2, https://github.com/grongen/anduryl (GPL-3.0), described in C. M. P. 't Hart,
   G. Leontaris and O. Morales-Napoles, "Update (1.1) to ANDURIL - A MATLAB toolbox for
   ANalysis and Decisions with UnceRtaInty: Learning from expert judgments: ANDURYL",
   *SoftwareX* 10, 100295, 2019. doi:10.1016/j.softx.2019.100295. Used as the reference for
   the conventions above and for the test numbers; no code is taken from it.
.. [EFSA2014] European Food Safety Authority, "Guidance on Expert Knowledge Elicitation in Food
   and Feed Safety Risk Assessment", *EFSA Journal* 12(6), 3734, 2014.
   doi:10.2903/j.efsa.2014.3734 (the classical model, with worked scores).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import chi2

from panmun.consult.pooling import (
    BIN_PROBS,
    FloatArray,
    Scale,
    _bin_probs,
    _from_log,
    _item_vector,
    _knots,
    _levels,
    _log_mask,
    _pool_weights,
    _pooled_quantiles,
    _quantile_array,
    _to_log,
)

__all__ = [
    "CalibrationScore",
    "InformationScore",
    "OptimisedDecisionMaker",
    "calibration",
    "information",
    "intrinsic_range",
    "optimal_alpha",
    "weights",
]

IntArray = NDArray[np.int64]


def _realizations(realizations: ArrayLike, n_items: int, *, allow_nan: bool) -> FloatArray:
    r = np.asarray(realizations, dtype=np.float64)
    if r.shape != (n_items,):
        raise ValueError(f"realizations must have shape ({n_items},), got {r.shape}")
    bad = np.isinf(r) if allow_nan else ~np.isfinite(r)
    if np.any(bad):
        note = " (NaN marks an item without one)" if allow_nan else ""
        raise ValueError("realizations must be finite" + note)
    return r


def intrinsic_range(
    quantiles: ArrayLike,
    realization: ArrayLike | None = None,
    overshoot: ArrayLike = 0.1,
    *,
    scale: Scale = "uniform",
) -> tuple[FloatArray, FloatArray]:
    """Intrinsic range ``(lo, hi)`` of each item: the k % overshoot rule.

    ``L`` and ``U`` are the smallest and largest value among all experts' quantiles and, for
    a calibration item, its realization; the range is ``[L - k (U - L), U + k (U - L)]``.

    Parameters
    ----------
    quantiles : array_like, shape (n_experts, n_items, K)
        All experts' quantiles.
    realization : array_like, shape (n_items,), optional
        Realizations of calibration items; NaN for an item without one (a target item).
    overshoot : float or array_like, shape (n_items,)
        ``k`` >= 0, the share of ``U - L`` added on each side (default 0.1).
    scale : {"uniform", "log"} or sequence of them
        On ``"log"`` the overshoot is applied to ``ln L`` and ``ln U`` (values must be
        positive); the range is still returned in the items' own units.

    Returns
    -------
    lo, hi : ndarray, shape (n_items,)
        Range ends. They coincide where every value of an item is the same.

    Notes
    -----
    Anduryl applies the log transform only when the overshoot is positive; with ``k = 0``
    both give ``[L, U]``, so the results agree. Anduryl also lets a user clip the range to
    fixed bounds; here a caller clips the returned arrays.

    Examples
    --------
    Two experts, one item with realization 3; ``L = 2``, ``U = 12``, ``k (U - L) = 1``:

    >>> lo, hi = intrinsic_range([[[2.0, 5.0, 8.0]], [[4.0, 6.0, 12.0]]], [3.0])
    >>> lo.tolist(), hi.tolist()
    ([1.0], [13.0])
    """
    q = _quantile_array(quantiles)
    n_items = q.shape[1]
    low = q.min(axis=(0, 2))
    high = q.max(axis=(0, 2))
    if realization is not None:
        r = _realizations(realization, n_items, allow_nan=True)
        low = np.fmin(low, r)
        high = np.fmax(high, r)
    k = _item_vector(overshoot, n_items, "overshoot")
    if np.any(k < 0.0):
        raise ValueError("overshoot must be non-negative")
    mask = _log_mask(scale, n_items)
    low_b = _to_log(low, mask, "the item values")
    high_b = _to_log(high, mask, "the item values")
    width = high_b - low_b
    return _from_log(low_b - k * width, mask), _from_log(high_b + k * width, mask)


@dataclass(frozen=True)
class CalibrationScore:
    """Calibration of each expert on the calibration items.

    Attributes
    ----------
    counts : ndarray of int, shape (n_experts, K + 1)
        Realizations per inter-quantile bin (below q05, q05-q50, q50-q95, above q95).
    frequencies : ndarray, shape (n_experts, K + 1)
        Empirical bin frequencies ``s = counts / n_items``.
    relative_information : ndarray, shape (n_experts,)
        ``I(s, p) = sum_j s_j ln(s_j / p_j)`` with ``0 ln 0 = 0``.
    statistic : ndarray, shape (n_experts,)
        ``2 N I(s, p)``, asymptotically chi-square with ``K`` degrees of freedom.
    score : ndarray, shape (n_experts,)
        The calibration score ``1 - chi2.cdf(statistic, K)``, in (0, 1].
    n_items : int
        ``N``, the number of calibration items.
    """

    counts: IntArray
    frequencies: FloatArray
    relative_information: FloatArray
    statistic: FloatArray
    score: FloatArray
    n_items: int


def calibration(
    quantiles: ArrayLike,
    realizations: ArrayLike,
    probs: ArrayLike = BIN_PROBS,
) -> CalibrationScore:
    """Cooke's calibration score of each expert.

    Parameters
    ----------
    quantiles : array_like, shape (n_experts, N, K)
        The experts' quantiles on the ``N`` calibration items.
    realizations : array_like, shape (N,)
        The true values, finite.
    probs : array_like, shape (K + 1,)
        Bin probabilities ``p`` (default: 5 %, 50 %, 95 % format).

    Returns
    -------
    CalibrationScore
        Bin counts, frequencies, ``I(s, p)``, the statistic and the score per expert.

    Notes
    -----
    *Tie rule.* A realization falls into bin ``j`` = number of the expert's quantiles strictly
    below it: bins are right-closed, ``(q_j, q_{j+1}]``, and a realization equal to a
    quantile counts in the bin below that quantile (equal to several coincident quantiles: in
    the bin below the lowest of them). This is Anduryl's rule.

    The score is computed as ``chi2.sf``, the same quantity as ``1 - chi2.cdf`` but without
    cancellation for very small scores. Anduryl evaluates ``1 - cdf`` with its own continued
    fraction; on the reference data the two agree to 1e-13 relative for scores above 1e-5 and
    to 1e-16 absolute below (where Anduryl's subtraction loses relative precision). Anduryl's
    optional calibration power (scaling ``N``) and its handling of unanswered items (``N`` =
    the fewest items any expert answered) are not offered: every expert answers every item.

    Examples
    --------
    One expert, four items; the realizations fall in bins 0, 1, 2, 2:

    >>> cal = calibration([[[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]], [0.5, 1.5, 2.5, 3.0])
    >>> cal.counts.tolist()
    [[1, 1, 2, 0]]
    """
    q = _quantile_array(quantiles)
    _, n_items, n_q = q.shape
    p = _bin_probs(probs, n_q)
    r = _realizations(realizations, n_items, allow_nan=False)
    bins = (q < r[None, :, None]).sum(axis=-1)  # (E, N): quantiles strictly below r
    counts = np.stack([(bins == j).sum(axis=1) for j in range(n_q + 1)], axis=1).astype(np.int64)
    s = counts / n_items
    ratio = np.where(s > 0.0, s / p[None, :], 1.0)
    rel_info = np.sum(np.where(s > 0.0, s * np.log(ratio), 0.0), axis=1)
    rel_info = np.maximum(rel_info, 0.0)  # I(s, p) >= 0; no rounding below zero
    stat = 2.0 * n_items * rel_info
    score = np.asarray(chi2.sf(stat, df=n_q), dtype=np.float64)
    return CalibrationScore(
        counts=counts,
        frequencies=s,
        relative_information=rel_info,
        statistic=stat,
        score=score,
        n_items=n_items,
    )


@dataclass(frozen=True)
class InformationScore:
    """Information of each expert relative to the background measure.

    Attributes
    ----------
    per_item : ndarray, shape (n_experts, n_items)
        ``sum_j p_j ln(p_j / r_j)`` per item, ``r_j`` the background mass of bin ``j``.
    score : ndarray, shape (n_experts,)
        The mean of ``per_item`` over the items.
    """

    per_item: FloatArray
    score: FloatArray


def information(
    quantiles: ArrayLike,
    ranges: tuple[ArrayLike, ArrayLike],
    probs: ArrayLike = BIN_PROBS,
    *,
    scale: Scale = "uniform",
) -> InformationScore:
    """Relative information of each expert's distribution with respect to the background.

    Per item, the expert's minimum-information density (uniform between the quantiles and
    the range ends) is compared with the uniform density on the range: ``I = sum_j p_j
    ln(p_j / r_j)``, with ``r_j = (x_{j+1} - x_j) / (hi - lo)`` over the knots ``x = (lo,
    q_1, ..., q_K, hi)``. The expert's score is the mean over the items.

    Parameters
    ----------
    quantiles : array_like, shape (n_experts, n_items, K)
        The experts' quantiles.
    ranges : tuple (lo, hi) of array_like, each shape (n_items,)
        The items' ranges, normally :func:`intrinsic_range` (of the same items).
    probs : array_like, shape (K + 1,)
        Bin probabilities.
    scale : {"uniform", "log"} or sequence of them
        ``"log"``: a log-uniform background; quantiles and range are replaced by their
        natural logarithms first, which requires them to be positive.

    Returns
    -------
    InformationScore
        Per-item information and its mean per expert.

    Raises
    ------
    ValueError
        If a log-scale item has values <= 0, or a bin has zero width (coincident quantiles, or
        a quantile on a range end as happens with overshoot 0): the information would be
        infinite.

    Notes
    -----
    Anduryl averages only the non-zero per-item scores (zero marks an unanswered item
    there); here every item counts, which differs only for an answered item whose density
    equals the background exactly. Anduryl returns infinity (with a warning) for a zero-width
    bin; here that is an error.

    Examples
    --------
    An expert whose bins have the background's own masses has information 0:

    >>> info = information([[[0.5, 5.0, 9.5]]], ([0.0], [10.0]))
    >>> float(abs(info.score[0])) < 1e-15
    True
    """
    q = _quantile_array(quantiles)
    _, n_items, n_q = q.shape
    p = _bin_probs(probs, n_q)
    lo_v = _item_vector(ranges[0], n_items, "lo")
    hi_v = _item_vector(ranges[1], n_items, "hi")
    mask = _log_mask(scale, n_items)
    q_b = _to_log(q, mask[None, :, None], "quantiles")
    lo_b = _to_log(lo_v, mask, "lo")
    hi_b = _to_log(hi_v, mask, "hi")
    knots = _knots(q_b, lo_b, hi_b)
    widths = np.diff(knots, axis=-1)  # (E, I, K + 1)
    if np.any(widths <= 0.0):
        e, i = np.argwhere(np.any(widths <= 0.0, axis=-1))[0]
        raise ValueError(
            "information needs lo < low < best < high < hi (a zero-width bin has infinite "
            f"information); expert {e}, item {i} has quantiles {q[e, i].tolist()} on the range "
            f"[{float(lo_v[i])!r}, {float(hi_v[i])!r}]. Use an overshoot > 0 for the range."
        )
    r = widths / (hi_b - lo_b)[None, :, None]
    # A relative information is >= 0 (Gibbs); rounding must not push a background-like
    # expert to -1e-17, which weights() would reject.
    per_item = np.maximum(np.sum(p * np.log(p / r), axis=-1), 0.0)
    return InformationScore(per_item=per_item, score=per_item.mean(axis=1))


def weights(cal: ArrayLike, info: ArrayLike, alpha: float = 0.0) -> FloatArray:
    """Performance weights ``cal * info * (cal >= alpha)``, normalised to sum to 1.

    Parameters
    ----------
    cal : array_like, shape (n_experts,)
        Calibration scores (:attr:`CalibrationScore.score`).
    info : array_like, shape (n_experts,) or (n_experts, n_items)
        Information scores: the mean over the calibration items gives *global* weights; the
        per-item information (:attr:`InformationScore.per_item`) gives *item* weights,
        normalised per item.
    alpha : float
        Calibration cutoff: experts with ``cal < alpha`` get weight 0 (default 0: none cut).

    Returns
    -------
    ndarray, shape of ``info``
        Weights, non-negative, summing to 1 (per item for item weights).

    Raises
    ------
    ValueError
        If no expert passes the cutoff (all weights would be zero), or on negative,
        non-finite or mismatched scores.

    Examples
    --------
    >>> weights([0.5, 0.25, 0.01], [1.0, 2.0, 3.0], alpha=0.05).tolist()
    [0.5, 0.5, 0.0]
    """
    c = np.asarray(cal, dtype=np.float64)
    i = np.asarray(info, dtype=np.float64)
    if c.ndim != 1 or i.ndim not in (1, 2) or i.shape[0] != c.shape[0] or c.size == 0:
        raise ValueError(
            f"cal must have shape (n_experts,) and info (n_experts,) or (n_experts, n_items); "
            f"got {c.shape} and {i.shape}"
        )
    if not (np.all(np.isfinite(c)) and np.all(np.isfinite(i))):
        raise ValueError("calibration and information scores must be finite")
    if np.any(c < 0.0) or np.any(i < 0.0):
        raise ValueError("calibration and information scores must be non-negative")
    passes = (c >= alpha).astype(np.float64)
    raw = (c * passes)[:, None] * (i if i.ndim == 2 else i[:, None])
    total = raw.sum(axis=0)
    if np.any(total <= 0.0):
        raise ValueError(
            f"no expert passes the calibration cutoff alpha={alpha!r} with a positive score "
            f"(best calibration {float(c.max())!r}); all weights would be zero"
        )
    out: FloatArray = raw / total
    return out if i.ndim == 2 else out[:, 0]


@dataclass(frozen=True)
class OptimisedDecisionMaker:
    """The performance-weight decision maker with the optimal calibration cutoff.

    Attributes
    ----------
    alpha : float
        The chosen cutoff (one of the experts' calibration scores).
    weights : ndarray, shape (n_experts,)
        The experts' global weights at that cutoff; pass them to
        :func:`panmun.consult.pooling.pool` for the target items.
    quantiles : ndarray, shape (n_items, K)
        The decision maker's quantiles on the calibration items.
    calibration, information, score : float
        The decision maker's calibration, mean information on the calibration items, and
        their product (its unnormalised weight as a virtual expert).
    candidates : ndarray, shape (n_candidates,)
        The cutoffs tried (the distinct calibration scores, ascending).
    candidate_scores : ndarray, shape (n_candidates,)
        The decision maker's virtual weight at each cutoff.
    """

    alpha: float
    weights: FloatArray
    quantiles: FloatArray
    calibration: float
    information: float
    score: float
    candidates: FloatArray
    candidate_scores: FloatArray


def optimal_alpha(
    quantiles: ArrayLike,
    realizations: ArrayLike,
    probs: ArrayLike = BIN_PROBS,
    *,
    overshoot: float = 0.1,
    scale: Scale = "uniform",
) -> OptimisedDecisionMaker:
    """Choose the calibration cutoff that maximises the decision maker's virtual weight.

    For each candidate cutoff ``alpha`` (each distinct calibration score of the experts) the
    global performance weights give a decision maker (the linear pool) on the calibration
    items. It is scored like an expert, on the same intrinsic ranges: its virtual weight is
    ``cal_DM * info_DM * (cal_DM >= alpha)``. The cutoff with the largest virtual weight wins;
    on a tie the smallest such cutoff.

    Parameters
    ----------
    quantiles : array_like, shape (n_experts, N, K)
        The experts' quantiles on the calibration items.
    realizations : array_like, shape (N,)
        Their true values.
    probs : array_like, shape (K + 1,)
        Bin probabilities.
    overshoot : float
        ``k`` of the intrinsic ranges (default 0.1).
    scale : {"uniform", "log"} or sequence of them
        Background per item.

    Returns
    -------
    OptimisedDecisionMaker
        The cutoff, the weights, and the decision maker's quantiles and scores.

    Raises
    ------
    ValueError
        If the decision maker scores zero at every cutoff, or on invalid input.

    Notes
    -----
    This is the optimisation of Anduryl's "global weights with optimisation" (and of Cooke's
    EXCALIBUR): the same candidates, the same virtual-weight criterion including the cutoff
    on the decision maker's own calibration, and ties resolved to the first (smallest)
    cutoff. The decision maker here is scored on the calibration items only; target items do
    not enter (Anduryl scores on the same items).
    """
    q = _quantile_array(quantiles)
    n_experts, n_items, n_q = q.shape
    p = _bin_probs(probs, n_q)
    r = _realizations(realizations, n_items, allow_nan=False)
    lo, hi = intrinsic_range(q, r, overshoot, scale=scale)
    cal = calibration(q, r, p).score
    info = information(q, (lo, hi), p, scale=scale).score
    mask = _log_mask(scale, n_items)
    q_b = _to_log(q, mask[None, :, None], "quantiles")
    lo_b = _to_log(lo, mask, "lo")
    hi_b = _to_log(hi, mask, "hi")
    levels = _levels(p)
    candidates = np.unique(cal)
    scores = np.zeros(candidates.size)
    results: list[tuple[FloatArray, FloatArray, float, float]] = []
    for n, alpha in enumerate(candidates):
        w = weights(cal, info, float(alpha))
        w_full = _pool_weights(w, n_experts, n_items)
        dm_b = _pooled_quantiles(q_b, w_full, lo_b, hi_b, levels, levels[1:-1])
        dm = np.clip(_from_log(dm_b, mask[:, None]), lo[:, None], hi[:, None])
        dm_cal = float(calibration(dm[None], r, p).score[0])
        dm_info = float(information(dm[None], (lo, hi), p, scale=scale).score[0])
        scores[n] = dm_cal * dm_info * float(dm_cal >= alpha)
        results.append((w, dm, dm_cal, dm_info))
    best = int(np.argmax(scores))
    if scores[best] <= 0.0:
        raise ValueError("the decision maker has zero virtual weight at every cutoff")
    w, dm, dm_cal, dm_info = results[best]
    return OptimisedDecisionMaker(
        alpha=float(candidates[best]),
        weights=w,
        quantiles=dm,
        calibration=dm_cal,
        information=dm_info,
        score=float(scores[best]),
        candidates=candidates,
        candidate_scores=scores,
    )

"""The linear opinion pool of experts' quantile assessments.

Each expert gives, per item, the quantiles ``q_1 <= ... <= q_K`` of their uncertainty about
an unknown quantity (in this project the 5 %, 50 % and 95 % quantiles: low, best, high). Within
the item's range ``[lo, hi]`` the expert's distribution is read as the *minimum-information*
one that honours those quantiles: uniform between consecutive quantiles, so the cumulative
distribution function (CDF) is the piecewise-linear curve through ``(lo, 0), (q_1, P_1), ...,
(q_K, P_K), (hi, 1)``, with ``P_k`` the cumulative probabilities. The *linear opinion pool* is
the weighted mixture of these CDFs, ``F(x) = sum_e w_e F_e(x)`` with ``w_e >= 0`` summing to
one; with equal weights it is the equal-weight decision maker, with Cooke's performance weights
(:mod:`panmun.consult.cooke`) the performance-weight decision maker.

The pool's quantiles are found *exactly*: the mixture of piecewise-linear CDFs is piecewise
linear with breakpoints at the union of all experts' quantiles and the range ends, so it is
evaluated at those breakpoints and inverted by linear interpolation between them. There is no
root finding and no tolerance. Coincident quantiles (``q05 == q50``, identical experts, a
zero-width range) make vertical steps in the CDF; they are handled without dividing by zero.

Conventions of this package (:mod:`panmun.consult`)
    * Quantile arrays have shape ``(n_experts, n_items, n_quantiles)``; the last axis is
      ordered ``low <= best <= high``.
    * ``probs`` are always *bin* probabilities: the probability mass between consecutive
      quantiles, including the two tails, so ``len(probs) == n_quantiles + 1`` and the default
      ``(0.05, 0.45, 0.45, 0.05)`` belongs to the 5 %, 50 %, 95 % format. Cumulative levels are
      ``cumsum(probs)[:-1]``.
    * ``scale`` is ``"uniform"`` or ``"log"`` (one for all items, or one per item). On a log
      scale the CDF is piecewise linear in ``ln x`` instead of ``x`` (the "log background" of
      the classical model); values must then be positive.

References
----------
.. [Stone1961] M. Stone, "The opinion pool", *The Annals of Mathematical Statistics* 32(4),
   1339-1342, 1961. doi:10.1214/aoms/1177704873
.. [ClemenWinkler1999] R. T. Clemen and R. L. Winkler, "Combining probability distributions
   from experts in risk analysis", *Risk Analysis* 19(2), 187-203, 1999.
   doi:10.1111/j.1539-6924.1999.tb00399.x
.. [Cooke1991] R. M. Cooke, *Experts in Uncertainty: Opinion and Subjective Probability in
   Science*, Oxford University Press, 1991 (chapter 12: the minimum-information distribution
   between quantiles and the linear pool of the classical model).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "BIN_PROBS",
    "PiecewiseLinearCDF",
    "PooledItem",
    "expert_cdf",
    "pool",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Scale = str | Sequence[str]

#: Bin probabilities of the 5 %, 50 %, 95 % elicitation format: below q05, q05-q50, q50-q95,
#: above q95.
BIN_PROBS: tuple[float, ...] = (0.05, 0.45, 0.45, 0.05)

_SCALES = ("uniform", "log")


# --- validation shared by the package --------------------------------------------------------


def _bin_probs(probs: ArrayLike, n_quantiles: int | None = None) -> FloatArray:
    """Return ``probs`` as a checked 1-D array of positive bin probabilities summing to 1."""
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1 or p.size < 2:
        raise ValueError(f"probs must be a 1-D sequence of at least 2 bin probabilities, got {p}")
    if not np.all(np.isfinite(p)) or np.any(p <= 0.0):
        raise ValueError(f"bin probabilities must be finite and positive, got {p}")
    if abs(float(p.sum()) - 1.0) > 1e-9:
        raise ValueError(f"bin probabilities must sum to 1, got sum {float(p.sum())!r}")
    if n_quantiles is not None and p.size != n_quantiles + 1:
        raise ValueError(
            f"{n_quantiles} quantiles make {n_quantiles + 1} bins, but probs has {p.size} entries"
        )
    return p


def _levels(p: FloatArray) -> FloatArray:
    """Cumulative levels of the knots ``lo, q_1, ..., q_K, hi``: ``0, P_1, ..., P_K, 1``."""
    levels = np.concatenate(([0.0], np.cumsum(p)))
    levels[-1] = 1.0  # exactly, whatever the rounding of the sum
    return levels


def _quantile_array(quantiles: ArrayLike, name: str = "quantiles") -> FloatArray:
    """Return ``quantiles`` as a finite float array of shape (experts, items, K), sorted."""
    q = np.asarray(quantiles, dtype=np.float64)
    if q.ndim != 3 or 0 in q.shape:
        raise ValueError(
            f"{name} must have shape (n_experts, n_items, n_quantiles), got shape {q.shape}"
        )
    if not np.all(np.isfinite(q)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    if np.any(np.diff(q, axis=-1) < 0.0):
        e, i = np.argwhere(np.any(np.diff(q, axis=-1) < 0.0, axis=-1))[0]
        raise ValueError(
            f"{name} must be non-decreasing (low <= best <= high); expert {e}, item {i} has "
            f"{q[e, i].tolist()}"
        )
    return q


def _item_vector(values: ArrayLike, n_items: int, name: str) -> FloatArray:
    """Broadcast a scalar or per-item array to a finite float array of shape (n_items,)."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim > 1 or (v.ndim == 1 and v.size not in (1, n_items)):
        raise ValueError(f"{name} must be a scalar or have shape ({n_items},), got {v.shape}")
    v = np.broadcast_to(v, (n_items,)).astype(np.float64)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be finite")
    return v


def _log_mask(scale: Scale, n_items: int) -> BoolArray:
    """Per-item flags: True where the item is on a log scale."""
    names = [scale] * n_items if isinstance(scale, str) else list(scale)
    if len(names) != n_items:
        raise ValueError(f"scale must be one string or {n_items} strings, got {len(names)}")
    unknown = sorted({s for s in names if s not in _SCALES})
    if unknown:
        raise ValueError(f"scale must be 'uniform' or 'log', got {unknown}")
    return np.array([s == "log" for s in names], dtype=np.bool_)


def _to_log(values: FloatArray, mask: BoolArray, what: str) -> FloatArray:
    """Take ``ln`` where ``mask`` (broadcast against ``values``) is set; refuse values <= 0."""
    mask = np.broadcast_to(mask, values.shape)
    if not mask.any():
        return values
    if np.any(values[mask] <= 0.0):
        raise ValueError(
            f"a log scale needs positive values, but {what} has values <= 0 on a log-scale item; "
            "use scale='uniform' for that item or shift its scale"
        )
    return np.where(mask, np.log(np.where(mask, values, 1.0)), values)


def _from_log(values: FloatArray, mask: BoolArray) -> FloatArray:
    """Undo :func:`_to_log`: ``exp`` where ``mask`` is set."""
    mask = np.broadcast_to(mask, values.shape)
    if not mask.any():
        return values
    return np.where(mask, np.exp(np.where(mask, values, 0.0)), values)


def _knots(q: FloatArray, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Knots ``lo, q_1, ..., q_K, hi``, shape (E, I, K + 2), from q (E, I, K) and lo, hi (I,)."""
    n_experts, n_items, _ = q.shape
    ends = (n_experts, n_items, 1)
    low = np.broadcast_to(lo[None, :, None], ends)
    high = np.broadcast_to(hi[None, :, None], ends)
    return np.concatenate((low, q, high), axis=-1)


# --- the piecewise-linear CDF ----------------------------------------------------------------


def _gather(knots: FloatArray, index: NDArray[np.intp], shape: tuple[int, ...]) -> FloatArray:
    """``knots[..., index]`` with ``knots`` (..., J) broadcast to ``shape[:-1] + (J,)``."""
    full = np.broadcast_to(knots[..., None, :], (*shape, knots.shape[-1]))
    return np.take_along_axis(full, index[..., None], axis=-1)[..., 0]


def _cdf_right(knots: FloatArray, levels: FloatArray, x: FloatArray) -> FloatArray:
    """Right-continuous value ``F(x)`` of the piecewise-linear CDF through (knots, levels).

    ``knots`` has shape (..., J) and is non-decreasing; ``x`` broadcasts to (..., M).
    """
    below_or_at = knots[..., None, :] <= x[..., :, None]  # (..., M, J)
    j = below_or_at.sum(axis=-1) - 1  # last knot <= x; -1 when x < lo
    n = knots.shape[-1]
    inside = (j >= 0) & (j < n - 1)
    jj = np.clip(j, 0, n - 2)
    x0 = _gather(knots, jj, j.shape)
    x1 = _gather(knots, jj + 1, j.shape)
    # Inside, knots[j] <= x < knots[j + 1], so the denominator is positive.
    frac = (x - x0) / np.where(inside, x1 - x0, 1.0)
    value = levels[jj] + (levels[jj + 1] - levels[jj]) * frac
    return np.where(j < 0, 0.0, np.where(j >= n - 1, 1.0, value))


def _cdf_left(knots: FloatArray, levels: FloatArray, x: FloatArray) -> FloatArray:
    """Left limit ``F(x-)`` of the piecewise-linear CDF through (knots, levels)."""
    below = knots[..., None, :] < x[..., :, None]
    j = below.sum(axis=-1)  # knots strictly below x
    n = knots.shape[-1]
    inside = (j >= 1) & (j <= n - 1)
    jj = np.clip(j, 1, n - 1)
    x0 = _gather(knots, jj - 1, j.shape)
    x1 = _gather(knots, jj, j.shape)
    # Inside, knots[j - 1] < x <= knots[j], so the denominator is positive.
    frac = (x - x0) / np.where(inside, x1 - x0, 1.0)
    value = levels[jj - 1] + (levels[jj] - levels[jj - 1]) * frac
    return np.where(j <= 0, 0.0, np.where(j >= n, 1.0, value))


@dataclass(frozen=True)
class PiecewiseLinearCDF:
    """Piecewise-linear CDFs through ``(knots[..., j], levels[j])``, one per leading index.

    Attributes
    ----------
    knots : ndarray, shape (..., K + 2)
        ``lo, q_1, ..., q_K, hi`` for each CDF; non-decreasing along the last axis.
    levels : ndarray, shape (K + 2,)
        ``0, P_1, ..., P_K, 1``: the cumulative probability at each knot.
    """

    knots: FloatArray
    levels: FloatArray

    def __call__(self, x: ArrayLike) -> FloatArray:
        """Evaluate the right-continuous CDF ``F(x) = P(X <= x)``.

        Parameters
        ----------
        x : array_like, shape broadcastable to ``knots.shape[:-1] + (m,)``
            Points; the last axis lists the points for each CDF.

        Returns
        -------
        ndarray
            ``F(x)``, 0 below ``lo`` and 1 from ``hi`` on. Where quantiles coincide the CDF
            jumps, and the value there is the top of the jump.
        """
        return _cdf_right(self.knots, self.levels, np.asarray(x, dtype=np.float64))

    def left(self, x: ArrayLike) -> FloatArray:
        """Evaluate the left limit ``F(x-) = P(X < x)`` (the bottom of a jump)."""
        return _cdf_left(self.knots, self.levels, np.asarray(x, dtype=np.float64))


def expert_cdf(
    quantiles: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    probs: ArrayLike = BIN_PROBS,
) -> PiecewiseLinearCDF:
    """Return the experts' piecewise-linear CDFs on the range ``[lo, hi]``.

    The CDF passes through ``(lo, 0), (q05, 0.05), (q50, 0.5), (q95, 0.95), (hi, 1)`` (for the
    default ``probs``): the minimum-information distribution given the quantiles.

    Parameters
    ----------
    quantiles : array_like, shape (..., K)
        Non-decreasing quantiles; any leading shape, e.g. (n_experts, n_items, 3).
    lo, hi : array_like, broadcastable to ``quantiles.shape[:-1]``
        Range ends, ``lo <= q_1`` and ``q_K <= hi`` (e.g. from
        :func:`panmun.consult.cooke.intrinsic_range`).
    probs : array_like, shape (K + 1,)
        Bin probabilities (the package convention); levels are ``cumsum(probs)``.

    Returns
    -------
    PiecewiseLinearCDF
        Callable; ``cdf(x)`` evaluates every CDF at the points ``x[..., m]``.

    Raises
    ------
    ValueError
        If the quantiles are not finite and non-decreasing or lie outside ``[lo, hi]``.

    Examples
    --------
    >>> cdf = expert_cdf([[1.0, 2.0, 3.0]], 0.0, 4.0)
    >>> cdf([[0.5, 2.0, 3.5]]).round(3).tolist()
    [[0.025, 0.5, 0.975]]
    """
    q = np.asarray(quantiles, dtype=np.float64)
    if q.ndim < 1 or q.shape[-1] < 1:
        raise ValueError(f"quantiles need a last axis of quantiles, got shape {q.shape}")
    p = _bin_probs(probs, q.shape[-1])
    lo_a = np.broadcast_to(np.asarray(lo, dtype=np.float64), q.shape[:-1])
    hi_a = np.broadcast_to(np.asarray(hi, dtype=np.float64), q.shape[:-1])
    knots = np.concatenate((lo_a[..., None], q, hi_a[..., None]), axis=-1)
    if not np.all(np.isfinite(knots)):
        raise ValueError("quantiles and range ends must be finite")
    if np.any(np.diff(knots, axis=-1) < 0.0):
        raise ValueError("need lo <= low <= best <= high <= hi for every assessment")
    return PiecewiseLinearCDF(knots=knots, levels=_levels(p))


# --- the pool --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PooledItem:
    """Quantiles of a linear opinion pool (the decision maker), per item.

    Attributes
    ----------
    q05, q50, q95 : ndarray, shape (n_items,) or ()
        The pooled distribution's 5 %, 50 % and 95 % quantiles (for the default ``probs``: in
        general the quantiles at the levels ``cumsum(probs)[:-1]``). 0-d when :func:`pool` got
        a single item as a (n_experts, 3) array.
    weights : ndarray, shape (n_experts,) or (n_experts, n_items)
        The weights used, normalised to sum to 1 (per item for item weights).
    """

    q05: FloatArray
    q50: FloatArray
    q95: FloatArray
    weights: FloatArray

    @property
    def quantiles(self) -> FloatArray:
        """The three quantiles stacked on a last axis, shape (n_items, 3) or (3,).

        ``pooled.quantiles[None]`` is the decision maker as a one-expert quantile array, ready
        for :func:`panmun.consult.cooke.calibration` and
        :func:`panmun.consult.cooke.information`.
        """
        return np.stack((self.q05, self.q50, self.q95), axis=-1)


def _pool_weights(weights: ArrayLike | None, n_experts: int, n_items: int) -> FloatArray:
    """Checked, per-item normalised weights of shape (n_experts, n_items)."""
    if weights is None:
        return np.full((n_experts, n_items), 1.0 / n_experts)
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim == 1:
        w = w[:, None]
    if w.ndim != 2 or w.shape[0] != n_experts or w.shape[1] not in (1, n_items):
        raise ValueError(
            f"weights must have shape ({n_experts},) or ({n_experts}, {n_items}), "
            f"got {np.shape(weights)}"
        )
    if not np.all(np.isfinite(w)) or np.any(w < 0.0):
        raise ValueError("weights must be finite and non-negative")
    total = w.sum(axis=0)
    if np.any(total <= 0.0):
        raise ValueError("the weights of every item must have a positive sum")
    return np.broadcast_to(w / total, (n_experts, n_items)).astype(np.float64)


def _pooled_quantiles(
    q: FloatArray,
    w: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    levels: FloatArray,
    targets: FloatArray,
) -> FloatArray:
    """Quantiles at ``targets`` of the mixture of the experts' CDFs, on the background scale.

    ``q`` (E, I, K) checked quantiles, ``w`` (E, I) normalised weights, ``lo``/``hi`` (I,),
    ``levels`` (K + 2,), ``targets`` (T,) in (0, 1). Returns shape (I, T).
    """
    n_items = q.shape[1]
    knots = _knots(q, lo, hi)
    # Breakpoints of the mixture: every knot of every expert, sorted per item.
    points = np.sort(np.moveaxis(knots, 0, 1).reshape(n_items, -1), axis=-1)  # (I, M)
    low = np.einsum("ei,eim->im", w, _cdf_left(knots, levels, points[None]))
    high = np.einsum("ei,eim->im", w, _cdf_right(knots, levels, points[None]))
    # The mixture's graph as a monotone polyline: at each breakpoint a (possibly vertical)
    # step from the left limit to the value. The running maximum removes the spurious drop
    # from one copy's top to the next copy's bottom where breakpoints coincide.
    vx = np.repeat(points, 2, axis=-1)
    vg = np.maximum.accumulate(np.stack((low, high), axis=-1).reshape(n_items, -1), axis=-1)
    # First vertex with G >= p; the one before has G < p (vertex 0 has G = 0 < p).
    last = vg.shape[-1] - 1
    j = np.clip((vg[:, None, :] < targets[None, :, None]).sum(axis=-1), 1, last)  # (I, T)
    x0 = np.take_along_axis(vx, j - 1, axis=-1)
    x1 = np.take_along_axis(vx, j, axis=-1)
    g0 = np.take_along_axis(vg, j - 1, axis=-1)
    g1 = np.take_along_axis(vg, j, axis=-1)
    rise = g1 - g0
    frac = np.where(rise > 0.0, (targets[None, :] - g0) / np.where(rise > 0.0, rise, 1.0), 1.0)
    return x0 + np.clip(frac, 0.0, 1.0) * (x1 - x0)


def pool(
    quantiles: ArrayLike,
    weights: ArrayLike | None,
    lo: ArrayLike,
    hi: ArrayLike,
    probs: ArrayLike = BIN_PROBS,
    *,
    scale: Scale = "uniform",
) -> PooledItem:
    """Quantiles of the linear opinion pool of the experts' CDFs, item by item.

    The pooled CDF is ``F(x) = sum_e w_e F_e(x)`` with each ``F_e`` from :func:`expert_cdf`;
    its quantile at level ``P`` is ``inf {x : F(x) >= P}``, computed exactly from the
    mixture's values at the union of all experts' quantiles and the range ends.

    Parameters
    ----------
    quantiles : array_like, shape (n_experts, n_items, 3) or (n_experts, 3)
        Each expert's 5 %, 50 %, 95 % quantiles per item (or for one item).
    weights : array_like, shape (n_experts,) or (n_experts, n_items), or None
        Non-negative expert weights, one set for all items or one per item; normalised here
        per item. ``None`` gives the equal-weight pool.
    lo, hi : array_like, shape (n_items,) or scalar
        Range ends per item; every quantile must lie in ``[lo, hi]``.
    probs : array_like, shape (4,)
        Bin probabilities of the three quantiles (package convention).
    scale : {"uniform", "log"} or sequence of them, one per item
        On ``"log"`` the experts' CDFs are linear in ``ln x`` (Cooke's log background), the
        pool is formed there and its quantiles are transformed back; values must be positive.

    Returns
    -------
    PooledItem
        ``q05``, ``q50``, ``q95`` per item and the normalised weights used.

    Raises
    ------
    ValueError
        On malformed shapes, non-finite or decreasing quantiles, quantiles outside the range,
        negative weights or weights that sum to zero for an item.

    Notes
    -----
    Where the pooled CDF is flat at exactly level ``P`` the left end of the flat part is
    returned (the usual generalised inverse). Anduryl's ``np.interp`` inversion would return
    the right end, but with positive weights and strictly increasing experts' CDFs no flat
    part exists, so the two agree on all regular input. Vertical steps (coincident
    quantiles, a zero-width range) return the step's location.

    Examples
    --------
    Two experts with equal weights; the range is [0, 10]:

    >>> q = [[[2.0, 4.0, 6.0]], [[4.0, 6.0, 8.0]]]
    >>> pooled = pool(q, None, [0.0], [10.0])
    >>> pooled.q50.tolist()
    [5.0]
    """
    q = np.asarray(quantiles, dtype=np.float64)
    single = q.ndim == 2
    q = _quantile_array(q[:, None, :] if single else q)
    n_experts, n_items, n_q = q.shape
    if n_q != 3:
        raise ValueError(f"pool takes 3 quantiles (low, best, high) per assessment, got {n_q}")
    p = _bin_probs(probs, n_q)
    lo_v = _item_vector(lo, n_items, "lo")
    hi_v = _item_vector(hi, n_items, "hi")
    if np.any(q.min(axis=(0, 2)) < lo_v) or np.any(q.max(axis=(0, 2)) > hi_v):
        raise ValueError("every quantile must lie within its item's range [lo, hi]")
    w_full = _pool_weights(weights, n_experts, n_items)
    mask = _log_mask(scale, n_items)
    q_b = _to_log(q, mask[None, :, None], "quantiles")
    lo_b = _to_log(lo_v, mask, "lo")
    hi_b = _to_log(hi_v, mask, "hi")
    levels = _levels(p)
    out = _from_log(_pooled_quantiles(q_b, w_full, lo_b, hi_b, levels, levels[1:-1]), mask[:, None])
    # Rounding in exp/log or the interpolation must not leave the range.
    out = np.clip(out, lo_v[:, None], hi_v[:, None])
    per_item = not single and weights is not None and np.ndim(weights) == 2
    used = w_full if per_item else w_full[:, 0].copy()
    if single:
        q05, q50, q95 = (np.asarray(out[0, k]) for k in range(3))
        return PooledItem(q05=q05, q50=q50, q95=q95, weights=used)
    return PooledItem(q05=out[:, 0], q50=out[:, 1], q95=out[:, 2], weights=used)

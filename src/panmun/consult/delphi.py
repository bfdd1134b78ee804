"""Delphi round statistics: group position, spread, consensus, stability and concordance.

A Delphi consultation asks the same panel the same items over several rounds, feeding back
the group's answers between rounds. The analyst stops when the panel agrees (consensus) or
when further rounds stop changing the answers (stability); the literature insists on checking
stability, since a panel can settle without agreeing. This module computes, from the experts'
best estimates (the 50 % quantiles) of each round:

* the group median and interquartile range (IQR) per item (:func:`round_statistics`);
* consensus: the IQR at most a given share of the item's scale width (:func:`converged`);
* stability between two rounds (:func:`stable`);
* Kendall's coefficient of concordance ``W`` across items, with its chi-square test
  (:func:`kendall_w`): do the experts rank the items alike?

Arrays of best estimates have shape ``(n_experts, n_items)``; the same experts, in the same
order, in every round. Panels with missing answers must be reduced to complete ones first.

References
----------
.. [Dajani1979] J. S. Dajani, M. Z. Sincoff and W. K. Talley, "Stability and agreement
   criteria for the termination of Delphi studies", *Technological Forecasting and Social
   Change* 13(1), 83-90, 1979.
.. [vonderGracht2012] H. A. von der Gracht, "Consensus measurement in Delphi studies: review
   and implications for future quality assurance", *Technological Forecasting and Social
   Change* 79(8), 1525-1536, 2012. doi:10.1016/j.techfore.2012.04.013
.. [Scheibe1975] M. Scheibe, M. Skutsch and J. Schofer, "Experiments in Delphi methodology",
   in H. A. Linstone and M. Turoff (eds.), *The Delphi Method: Techniques and Applications*,
   Addison-Wesley, 1975, 262-287 (the "15 % change" stability rule).
.. [KendallBS1939] M. G. Kendall and B. Babington Smith, "The problem of m rankings", *The
   Annals of Mathematical Statistics* 10(3), 275-287, 1939. doi:10.1214/aoms/1177732186
.. [SiegelCastellan1988] S. Siegel and N. J. Castellan Jr., *Nonparametric Statistics for the
   Behavioral Sciences*, 2nd ed., McGraw-Hill, 1988, section 9.4 (W with the tie correction
   and its large-sample chi-square test).
.. [HyndmanFan1996] R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages",
   *The American Statistician* 50(4), 361-365, 1996. doi:10.2307/2684934
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import chi2, rankdata

from panmun.consult.pooling import BoolArray, FloatArray

__all__ = [
    "KendallW",
    "RoundStatistics",
    "converged",
    "kendall_w",
    "round_statistics",
    "stable",
]


def _best_array(best: ArrayLike, name: str) -> FloatArray:
    b = np.asarray(best, dtype=np.float64)
    if b.ndim != 2 or 0 in b.shape:
        raise ValueError(f"{name} must have shape (n_experts, n_items), got {b.shape}")
    if not np.all(np.isfinite(b)):
        raise ValueError(f"{name} must be finite (drop experts who did not answer)")
    return b


def _widths(scale_width: ArrayLike, n_items: int) -> FloatArray:
    w = np.asarray(scale_width, dtype=np.float64)
    if w.ndim > 1 or (w.ndim == 1 and w.size not in (1, n_items)):
        raise ValueError(f"scale_width must be a scalar or have shape ({n_items},), got {w.shape}")
    w = np.broadcast_to(w, (n_items,))
    if not np.all(np.isfinite(w)) or np.any(w <= 0.0):
        raise ValueError("scale_width must be finite and positive")
    return w


@dataclass(frozen=True)
class RoundStatistics:
    """Per-item summary of one round's best estimates.

    Attributes
    ----------
    median, q25, q75, iqr : ndarray, shape (n_items,)
        The median, the lower and upper quartiles and ``iqr = q75 - q25``.
    n_experts : int
        Panel size.
    """

    median: FloatArray
    q25: FloatArray
    q75: FloatArray
    iqr: FloatArray
    n_experts: int


def round_statistics(best: ArrayLike) -> RoundStatistics:
    """Median and interquartile range of the experts' best estimates, per item.

    Parameters
    ----------
    best : array_like, shape (n_experts, n_items)
        Each expert's best estimate (50 % quantile) of each item.

    Returns
    -------
    RoundStatistics

    Notes
    -----
    Quartiles use numpy's default ``method="linear"`` (Hyndman and Fan's definition 7, also
    R's and Excel's ``QUARTILE.INC`` default): the ``P`` quantile of ``n`` sorted values
    ``x_(1..n)`` is ``x_(h)`` interpolated at ``h = (n - 1) P + 1``. The median is the usual
    one (the average of the two middle values for even ``n``).

    Examples
    --------
    >>> s = round_statistics([[1.0], [2.0], [4.0], [8.0]])
    >>> s.median.tolist(), s.q25.tolist(), s.q75.tolist(), s.iqr.tolist()
    ([3.0], [1.75], [5.0], [3.25])
    """
    b = _best_array(best, "best")
    q25, median, q75 = np.quantile(b, [0.25, 0.5, 0.75], axis=0, method="linear")
    return RoundStatistics(
        median=median, q25=q25, q75=q75, iqr=q75 - q25, n_experts=int(b.shape[0])
    )


def converged(iqr: ArrayLike, scale_width: ArrayLike, max_share: float) -> BoolArray:
    """Consensus per item: the IQR is at most ``max_share`` of the scale width.

    Parameters
    ----------
    iqr : array_like, shape (n_items,)
        Interquartile ranges (:attr:`RoundStatistics.iqr`).
    scale_width : float or array_like, shape (n_items,)
        Width of each item's scale (``max - min`` of a bounded response scale; for an
        unbounded quantity a reference width such as the intrinsic range).
    max_share : float
        The largest IQR, as a share of the width, that counts as consensus (e.g. 0.2; an IQR
        of 1 on a 1-5 scale is a share of 0.25, von der Gracht 2012).

    Returns
    -------
    ndarray of bool, shape (n_items,)
        ``iqr <= max_share * scale_width``.

    Examples
    --------
    >>> converged([0.5, 1.5], 4.0, 0.25).tolist()
    [True, False]
    """
    i = np.asarray(iqr, dtype=np.float64)
    if i.ndim != 1 or not np.all(np.isfinite(i)) or np.any(i < 0.0):
        raise ValueError("iqr must be a 1-D array of finite, non-negative values")
    if not (np.isfinite(max_share) and max_share >= 0.0):
        raise ValueError("max_share must be finite and non-negative")
    return np.asarray(i <= max_share * _widths(scale_width, i.size), dtype=np.bool_)


def stable(
    previous_best: ArrayLike,
    current_best: ArrayLike,
    tolerance: float,
    *,
    scale_width: ArrayLike = 1.0,
    max_changed_share: float | None = None,
) -> BoolArray:
    """Stability per item between two consecutive rounds.

    An item is stable when

    1. the group median moved by *less than* ``tolerance * scale_width``; and, if
       ``max_changed_share`` is given,
    2. the share of experts whose own best estimate moved by *more than*
       ``tolerance * scale_width`` is *at most* ``max_changed_share``.

    Parameters
    ----------
    previous_best, current_best : array_like, shape (n_experts, n_items)
        Best estimates of the same experts in the two rounds.
    tolerance : float
        The largest movement, as a share of the scale width, that counts as no change.
    scale_width : float or array_like, shape (n_items,)
        Width of each item's scale (default 1: ``tolerance`` in the items' units).
    max_changed_share : float, optional
        The largest share of experts allowed to change; e.g. 0.15 for the rule that a change
        of 15 % or less of the responses indicates stability (Scheibe et al. 1975).

    Returns
    -------
    ndarray of bool, shape (n_items,)

    Notes
    -----
    Dajani et al. (1979) judge stability on the distribution of the group's answers across
    rounds rather than on individuals; condition 1 is that group-level criterion for a
    location, condition 2 the individual-level change rate of Scheibe et al.

    Examples
    --------
    Three experts, one item on a 0-10 scale, tolerance 5 % (0.5 units); the median moves from
    5 to 5.2 and one expert of three moves by 2:

    >>> stable([[4.0], [5.0], [6.0]], [[4.0], [5.2], [8.0]], 0.05, scale_width=10.0).tolist()
    [True]
    >>> stable([[4.0], [5.0], [6.0]], [[4.0], [5.2], [8.0]], 0.05, scale_width=10.0,
    ...        max_changed_share=0.2).tolist()
    [False]
    """
    prev = _best_array(previous_best, "previous_best")
    cur = _best_array(current_best, "current_best")
    if prev.shape != cur.shape:
        raise ValueError(
            f"both rounds must have the same experts and items, got {prev.shape} and {cur.shape}"
        )
    if not (np.isfinite(tolerance) and tolerance >= 0.0):
        raise ValueError("tolerance must be finite and non-negative")
    limit = tolerance * _widths(scale_width, prev.shape[1])
    moved = np.abs(np.median(cur, axis=0) - np.median(prev, axis=0))
    ok = moved < limit
    if max_changed_share is not None:
        if not (np.isfinite(max_changed_share) and 0.0 <= max_changed_share <= 1.0):
            raise ValueError("max_changed_share must lie in [0, 1]")
        changed = np.mean(np.abs(cur - prev) > limit[None, :], axis=0)
        ok &= changed <= max_changed_share
    return np.asarray(ok, dtype=np.bool_)


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance and its chi-square test.

    Attributes
    ----------
    w : float
        ``W`` in [0, 1]: 1 when all experts rank the items alike.
    chi2 : float
        ``m (n - 1) W``.
    df : int
        ``n - 1``.
    p_value : float
        ``P(chi2_df >= chi2)``, the large-sample test of ``W = 0``.
    n_raters, n_items : int
        ``m`` experts and ``n`` items.
    """

    w: float
    chi2: float
    df: int
    p_value: float
    n_raters: int
    n_items: int


def kendall_w(best: ArrayLike) -> KendallW:
    """Kendall's ``W`` for ``m`` experts ranking ``n`` items by their best estimates.

    Each expert's best estimates are ranked across the items (1 = smallest, ties get their
    average rank). With ``R_i`` the rank sum of item ``i`` and ``T_j = sum (t^3 - t)`` over the
    groups of ``t`` tied values of expert ``j``::

        W = 12 sum_i (R_i - m (n + 1) / 2)^2 / (m^2 (n^3 - n) - m sum_j T_j)

    Parameters
    ----------
    best : array_like, shape (m, n)
        Best estimates of ``m >= 2`` experts on ``n >= 2`` items.

    Returns
    -------
    KendallW
        ``W`` with its chi-square statistic ``m (n - 1) W``, ``n - 1`` degrees of freedom and
        p-value.

    Raises
    ------
    ValueError
        With fewer than 2 experts or items, or when every expert gives all items the same
        value (``W`` is then undefined: 0 / 0).

    Notes
    -----
    The chi-square approximation is the one Siegel and Castellan recommend for ``n > 7``;
    for fewer items their exact table is the better reference. Two experts with exactly
    opposite rankings have every ``R_i = n + 1``, hence ``W = 0``.

    Examples
    --------
    >>> kendall_w([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]]).w
    1.0
    """
    b = _best_array(best, "best")
    m, n = b.shape
    if m < 2 or n < 2:
        raise ValueError(f"Kendall's W needs at least 2 experts and 2 items, got {m} x {n}")
    ranks = np.asarray(rankdata(b, method="average", axis=1), dtype=np.float64)
    ties = 0.0
    for row in b:
        _, t = np.unique(row, return_counts=True)
        ties += float(np.sum(t.astype(np.float64) ** 3 - t))
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0.0:
        raise ValueError("every expert gives all items the same value: W is undefined")
    sums = ranks.sum(axis=0)
    s = float(np.sum((sums - m * (n + 1) / 2.0) ** 2))
    w = min(max(12.0 * s / denominator, 0.0), 1.0)
    stat = m * (n - 1) * w
    p_value = float(chi2.sf(stat, df=n - 1))
    return KendallW(w=w, chi2=stat, df=n - 1, p_value=p_value, n_raters=m, n_items=n)

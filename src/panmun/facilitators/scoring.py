"""The numeric core of the facilitator assessment: pure functions over arrays, no I/O.

The rules are documented in :mod:`panmun.facilitators`: a criterion is the mean of its
indicators, a per-party criterion the minimum over the parties of each party's mean, a criterion
without indicators is unknown (uniform on 0..1, 0.5 at the point), and the fit is the weighted
mean of the criteria. Draws are triangular on each indicator's range with its value as mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class IndicatorValues:
    """The indicators of one criterion of one candidate: value, range ends, and party index
    (-1 for a criterion that is not scored per party)."""

    value: Array
    low: Array
    high: Array
    party: NDArray[np.int64]

    @classmethod
    def of(cls, rows: Sequence[tuple[float, float, float, int]]) -> IndicatorValues:
        """Build from ``(value, low, high, party)`` rows."""
        arr = np.asarray([r[:3] for r in rows], dtype=float).reshape(-1, 3)
        party = np.asarray([r[3] for r in rows], dtype=np.int64)
        return cls(value=arr[:, 0], low=arr[:, 1], high=arr[:, 2], party=party)


def triangular(values: IndicatorValues, draws: int, rng: np.random.Generator) -> Array:
    """Draws (indicators x draws) from triangular(low, value, high); a point range is the point."""
    lo, mode, hi = values.low[:, None], values.value[:, None], values.high[:, None]
    width = hi - lo
    u = rng.random((values.value.size, draws))
    safe = np.where(width > 0, width, 1.0)
    cut = np.where(width > 0, (mode - lo) / safe, 0.0)
    left = lo + np.sqrt(u * safe * (mode - lo))
    right = hi - np.sqrt((1.0 - u) * safe * (hi - mode))
    out = np.where(u < cut, left, right)
    return np.where(width > 0, out, mode)


def combine(
    values: Array, party: NDArray[np.int64], n_parties: int, per_party: bool
) -> tuple[Array, bool]:
    """Combine indicator values (indicators x draws) into the criterion (draws,).

    Returns the criterion and whether it is known: a per-party criterion is known only when
    every party has an indicator; an unknown per-party criterion uses the parties that have one.
    """
    if values.shape[0] == 0:
        return np.full(values.shape[1:], np.nan), False
    if not per_party:
        return values.mean(axis=0), True
    means = [values[party == p].mean(axis=0) for p in range(n_parties) if np.any(party == p)]
    return np.min(np.stack(means), axis=0), len(means) == n_parties


def criterion(
    values: IndicatorValues,
    n_parties: int,
    per_party: bool,
    draws: int,
    rng: np.random.Generator,
) -> tuple[float, Array, bool]:
    """The criterion at the indicators' values, its draws, and whether it is known.

    An unknown criterion (no indicator) is 0.5 at the point and uniform on 0..1 in the draws.
    """
    if values.value.size == 0:
        return 0.5, rng.random(draws), False
    point, known = combine(values.value[:, None], values.party, n_parties, per_party)
    drawn, _ = combine(triangular(values, draws, rng), values.party, n_parties, per_party)
    return float(point[0]), drawn, known


def fit(criteria: Array, weights: Sequence[float]) -> Array:
    """The weighted mean over the first axis (criteria) of ``criteria``."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    return np.tensordot(w, criteria, axes=1)


def ranks(fits: Array) -> NDArray[np.int64]:
    """Rank 1 for the best fit, along the first axis (candidates); ties keep the given order."""
    order = np.argsort(-fits, axis=0, kind="stable")
    return np.argsort(order, axis=0, kind="stable").astype(np.int64) + 1


@dataclass(frozen=True)
class Stability:
    """How stable the ranking is over the draws."""

    p_top: Array  # each candidate's probability of ranking first
    rank_low: NDArray[np.int64]  # 5 % quantile of its rank
    rank_high: NDArray[np.int64]  # 95 % quantile of its rank
    p_same_order: float  # probability that a draw ranks all candidates as the point does


def stability(point: Array, drawn: Array) -> Stability:
    """Rank stability of candidates (``point``: candidates; ``drawn``: candidates x draws)."""
    r = ranks(drawn)
    p = ranks(point)
    same = float(np.mean(np.all(r == p[:, None], axis=0)))
    return Stability(
        p_top=np.mean(r == 1, axis=1),
        rank_low=np.quantile(r, 0.05, axis=1, method="lower").astype(np.int64),
        rank_high=np.quantile(r, 0.95, axis=1, method="higher").astype(np.int64),
        p_same_order=same,
    )

"""Pairwise geometry shared by the expected-utility equations (actors sorted by position).

Arrays are laid out actors first, draws last: positions (N, B), pairs (N, N, B) with
``[i, j, b]`` the pair (i, j) in draw b, so that NumPy's inner loops run over the long draw
axis. Quantities that are the same for (i, j) and (j, i) (distances, their logarithms,
midpoint counts) are computed once per unordered pair, on the M = N(N−1)/2 pairs
``i < j`` of the upper triangle (shape (M, B)), and mirrored into (N, N, B) by one gather
(:meth:`SortedPairs.mirror`). Helpers here are exact: no tolerance enters a count or a
selection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from panmun.bargaining._arrays import Array, device_of, inverse_permutation, take_rows

TINY = 1e-150
"""Floor for bases of fractional powers.

With exponents in [0.5, 2], ``TINY ** r`` lies between 1e-300 and 1e-75: 0 for every purpose
of the model, yet a normal number, so ``exp`` never takes its slow path for results below
the smallest normal double (measured: about 20 % of ``exp``'s time when a twelfth of the
entries underflowed).
"""


def power(xp: Any, base: Array, exponent: Array) -> Array:
    """``base ** exponent`` for ``base ≥ 0``, as ``exp(exponent · log(base))``.

    Agrees with ``**`` to a few ulp. A zero base gives at most ``1e-75`` (exponents here
    are ≥ 0.5; see :data:`TINY`), which is 0 for every purpose of the model. Note that
    ``(0.5 − 0.5 d)^r`` with ``r < 1`` has an infinite slope at ``d = 1``: a rounding error
    of 1e-16 in ``d`` moves ``U_s`` by 1e-8. Distances are therefore computed exactly as
    the definition reads, ``|x_i − x_j| / R``, which is exactly 1 for the two extreme
    actors.
    :class:`SortedPairs` uses the same formula with the logarithm taken once per unordered
    pair, so both give identical numbers.
    """
    return xp.exp(exponent * _log_floored(xp, base))


def _log_floored(xp: Any, base: Array) -> Array:
    return xp.log(xp.maximum(base, TINY))


def blend(mask: Array, if_true: Array, if_false: Array) -> Array:
    """``where(mask, if_true, if_false)`` for a 0.0/1.0 float mask and finite values, exactly.

    ``t·1 + f·0 = t`` and ``t·0 + f·1 = f`` hold exactly in floating point, and the
    multiply-adds run several times faster than NumPy's ``where``.
    """
    return if_true * mask + if_false * (1.0 - mask)


def transpose_pairs(xp: Any, values: Array) -> Array:
    """Swap the two actor axes of a (N, N, B) array: ``out[i, j] = values[j, i]``."""
    return xp.permute_dims(values, (1, 0, 2))


def prefix_sums(xp: Any, terms: Array) -> Array:
    """Running sums along axis 0 with a leading zero: ``out[k] = terms[0] + … + terms[k−1]``.

    Shape (K + 1, ...) for ``terms`` of shape (K, ...). The terms are added one slice at a
    time, in order (as a cumulative sum would): with the long draw axis last, slice-wise
    additions run several times faster than NumPy's ``cumsum`` along the first axis.
    """
    total = xp.zeros_like(terms[0, ...])
    rows = [total]
    for k in range(terms.shape[0]):
        total = total + terms[k, ...]
        rows.append(total)
    return xp.stack(rows)


# -- geometry -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PairTables:
    """Index tables for N actors: the upper-triangle pairs and how to mirror them.

    Built once per run (:meth:`of`) and kept on the positions' device.

    Attributes
    ----------
    n
        Number of actors.
    low, high
        The M = N(N−1)/2 pairs ``(low[m], high[m])`` with ``low < high``, shape (M,).
    mirror
        For every flat (i, j) of an N × N table, its row in the stacked
        ``[upper (M rows); lower (M rows); diagonal (1 row)]``: ``m`` for ``i < j``,
        ``M + m`` for ``i > j`` (the pair (j, i)) and ``2M`` on the diagonal; shape (N²,).
    """

    n: int
    low: Array = field(repr=False)
    high: Array = field(repr=False)
    mirror: Array = field(repr=False)

    @classmethod
    def of(cls, xp: Any, n: int, device: Any = None) -> PairTables:
        """The tables for ``n`` actors as arrays of namespace ``xp`` on ``device``."""
        low, high = np.triu_indices(n, 1)
        m = low.shape[0]
        mirror = np.full((n, n), 2 * m, dtype=np.int64)
        mirror[low, high] = np.arange(m)
        mirror[high, low] = m + np.arange(m)
        tables = (low.astype(np.int64), high.astype(np.int64), mirror.reshape(-1))
        low_x, high_x, mirror_x = (xp.asarray(t, device=device) for t in tables)
        return cls(n=n, low=low_x, high=high_x, mirror=mirror_x)


DIRECT_COUNT_MAX_ACTORS = 24
"""Up to this many actors, :func:`midpoint_counts` compares every actor with every midpoint."""


def midpoint_counts(xp: Any, x: Array, tables: PairTables | None = None) -> Array:
    """Count, for every pair ``i < j``, the actors strictly below the pair's midpoint.

    ``out[m, b] = #{k : x[k, b] < (x[i, b] + x[j, b]) / 2}`` for the upper-triangle pair
    ``m = (i, j)`` of :class:`PairTables` and positions ``x`` of shape (N, B) sorted along
    axis 0; the result has shape (M, B). Exact, no tolerance. Up to
    :data:`DIRECT_COUNT_MAX_ACTORS` actors every actor is compared with every midpoint
    (N³/2 comparisons per draw, fastest for small N); above, one stable sort of the M
    midpoints together with the N positions per draw (O(N² log N)).
    """
    n = x.shape[0]
    tables = PairTables.of(xp, n, device_of(x)) if tables is None else tables
    if n <= DIRECT_COUNT_MAX_ACTORS:
        mids = (xp.take(x, tables.low, axis=0) + xp.take(x, tables.high, axis=0)) / 2
        below = xp.astype(x[:, None, :] < mids[None, :, :], xp.int16)
        return xp.sum(below, axis=0, dtype=xp.int16)
    return _midpoint_counts_sorted(xp, x, tables)


def _midpoint_counts_sorted(xp: Any, x: Array, tables: PairTables | None = None) -> Array:
    """:func:`midpoint_counts` by sorting midpoints with positions (any N)."""
    tables = PairTables.of(xp, x.shape[0], device_of(x)) if tables is None else tables
    low, high = tables.low, tables.high
    m = low.shape[0]
    rows = xp.permute_dims(x, (1, 0))  # (B, N): sort along the last axis
    mids = (xp.take(rows, low, axis=1) + xp.take(rows, high, axis=1)) / 2
    # Midpoints come first, so a stable sort puts a midpoint before an equal position:
    # only positions strictly below it are counted.
    order = xp.argsort(xp.concat([mids, rows], axis=1), axis=1, stable=True)
    below = xp.cumulative_sum(xp.astype(order >= m, xp.int64), axis=1)
    at_mid = take_rows(xp, below, inverse_permutation(xp, order)[:, :m])
    return xp.permute_dims(at_mid, (1, 0))  # (M, B)


@dataclass(frozen=True)
class SortedPairs:
    """Pairwise geometry of one round for actors sorted by position (a batch of draws).

    Full tables have shape (N, N, B) with ``[i, j, b]`` the pair (i, j); upper-triangle
    tables have shape (M, B), one row per pair ``low[m] < high[m]`` of ``tables``.

    Attributes
    ----------
    xp
        The array namespace.
    x
        Positions, sorted along axis 0, shape (N, B).
    scale
        ``R`` per draw, shape (B,).
    gap
        ``x_j − x_i`` at ``[i, j, b]``, full.
    dist
        ``|x_i − x_j| / R``, full.
    dist_upper
        The same distances, upper triangle (bit for bit those of ``dist``).
    distinct_upper
        ``x_i < x_j`` as 0.0 / 1.0, upper triangle.
    at_low, at_high
        Flat indices into a flattened (N + 1, N, B) prefix-sum array picking ``[p, i, b]``
        and ``[p, j, b]`` for every upper pair (i, j) and draw (shape (M·B,), pair-major),
        where ``p`` is :func:`midpoint_counts`: the number of voters on the lower side.
    tables
        The :class:`PairTables` for N actors.
    """

    xp: Any
    x: Array
    scale: Array
    gap: Array
    dist: Array
    dist_upper: Array
    distinct_upper: Array
    at_low: Array
    at_high: Array
    tables: PairTables

    def mirror(self, upper: Array, lower: Array, diagonal: float) -> Array:
        """Assemble a full (N, N, B) table from its two triangles and a constant diagonal.

        ``out[i, j] = upper[m]`` for ``i < j``, ``lower[m]`` for ``i > j`` (``m`` the pair
        (j, i)), ``diagonal`` for ``i = j``.
        """
        xp = self.xp
        n, batch = self.x.shape
        diag = xp.full((1, batch), diagonal, dtype=upper.dtype, device=device_of(upper))
        rows = xp.concat([upper, lower, diag], axis=0)
        return xp.reshape(xp.take(rows, self.tables.mirror, axis=0), (n, n, batch))

    def symmetric(self, upper: Array, diagonal: float) -> Array:
        """A full table with ``out[i, j] = out[j, i] = upper[m]``."""
        return self.mirror(upper, upper, diagonal)

    @cached_property
    def log_dist(self) -> Array:
        """``log(max(d, TINY))`` for every pair, full (the vote terms' logarithm)."""
        return self.symmetric(_log_floored(self.xp, self.dist_upper), float(np.log(TINY)))

    @cached_property
    def log_near(self) -> Array:
        """``log(max(0.5 − 0.5 d, TINY))``, full (the utility of success' base)."""
        base = 0.5 - 0.5 * self.dist_upper
        return self.symmetric(_log_floored(self.xp, base), float(np.log(0.5)))

    @cached_property
    def log_far(self) -> Array:
        """``log(0.5 + 0.5 d)``, full (the utility of failure's base; never below 0.5)."""
        return self.symmetric(self.xp.log(0.5 + 0.5 * self.dist_upper), float(np.log(0.5)))

    def powered_dist(self, r: Array) -> Array:
        """``(|x_k − x_a| / R) ** r_k`` at ``[k, a, b]``, as :func:`power` computes it."""
        return self.xp.exp(r[:, None, :] * self.log_dist)

    def utility_powers(self, r: Array) -> tuple[Array, Array, Array]:
        """``(0.5 − 0.5 d)^r``, ``(0.5 + 0.5 d)^r`` and ``0.5^r`` (the last (N, 1, B)).

        The exponent is the row actor's; values equal :func:`power` on the full distances.
        """
        rr = r[:, None, :]
        return self.xp.exp(rr * self.log_near), self.xp.exp(rr * self.log_far), 0.5**rr


def sorted_pairs(xp: Any, x: Array, scale: Array, tables: PairTables | None = None) -> SortedPairs:
    """Precompute the pair geometry for positions ``x`` (N, B) sorted along axis 0."""
    n, batch = x.shape
    dev = device_of(x)
    tables = PairTables.of(xp, n, dev) if tables is None else tables
    low, high = tables.low, tables.high
    gap = x[None, :, :] - x[:, None, :]
    x_low, x_high = xp.take(x, low, axis=0), xp.take(x, high, axis=0)
    counts = xp.astype(midpoint_counts(xp, x, tables), xp.int64)
    draw = xp.reshape(xp.arange(batch, device=dev), (1, batch))
    base = counts * (n * batch) + draw
    return SortedPairs(
        xp=xp,
        x=x,
        scale=scale,
        gap=gap,
        dist=xp.abs(gap) / scale[None, None, :],  # exact 1 for the extremes: see power()
        # x is sorted, so x_high − x_low = |x_low − x_high| bit for bit.
        dist_upper=(x_high - x_low) / scale[None, :],
        distinct_upper=xp.astype(x_high > x_low, x.dtype),
        at_low=xp.reshape(base + xp.reshape(low, (-1, 1)) * batch, (-1,)),
        at_high=xp.reshape(base + xp.reshape(high, (-1, 1)) * batch, (-1,)),
        tables=tables,
    )

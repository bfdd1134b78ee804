"""Pairwise geometry shared by the expected-utility equations (actors sorted by position).

Arrays are laid out actors first, draws last: positions (N, B), pairs (N, N, B) with
``[i, j, b]`` the pair (i, j) in draw b, so that NumPy's inner loops run over the long draw
axis. Helpers here are exact: no tolerance enters a count or a selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from panmun.bargaining._arrays import Array, device_of, inverse_permutation, take_rows

TINY = 1e-300
"""Floor for bases of fractional powers: ``TINY ** r`` (r ≥ 0.5) is below 1e-150, i.e. 0."""


def power(xp: Any, base: Array, exponent: Array) -> Array:
    """``base ** exponent`` for ``base ≥ 0``, as ``exp(exponent · log(base))``.

    Agrees with ``**`` to a few ulp. A zero base gives at most ``1e-150`` (exponents here
    are ≥ 0.5), which is 0 for every purpose of the model. Note that ``(0.5 − 0.5 d)^r``
    with ``r < 1`` has an infinite slope at ``d = 1``: a rounding error of 1e-16 in ``d``
    moves ``U_s`` by 1e-8. Distances are therefore computed exactly as the definition
    reads, ``|x_i − x_j| / R``, which is exactly 1 for the two extreme actors.
    """
    return xp.exp(exponent * xp.log(xp.maximum(base, TINY)))


def blend(mask: Array, if_true: Array, if_false: Array) -> Array:
    """``where(mask, if_true, if_false)`` for a 0.0/1.0 float mask and finite values, exactly.

    ``t·1 + f·0 = t`` and ``t·0 + f·1 = f`` hold exactly in floating point, and the
    multiply-adds run several times faster than NumPy's ``where``.
    """
    return if_true * mask + if_false * (1.0 - mask)


def transpose_pairs(xp: Any, values: Array) -> Array:
    """Swap the two actor axes of a (N, N, B) array: ``out[i, j] = values[j, i]``."""
    return xp.permute_dims(values, (1, 0, 2))


# -- geometry -------------------------------------------------------------------------------
def _pair_tables(n: int) -> tuple[Any, Any, Any]:
    """Upper-triangle pair indices and, for every (i, j), its slot among them (diagonal: m)."""
    iu, ju = np.triu_indices(n, 1)
    slot = np.full((n, n), iu.shape[0], dtype=np.int64)
    slot[iu, ju] = np.arange(iu.shape[0])
    slot[ju, iu] = np.arange(iu.shape[0])
    return iu, ju, slot.reshape(-1)


DIRECT_COUNT_MAX_ACTORS = 24
"""Up to this many actors, :func:`midpoint_counts` compares every actor with every midpoint."""


def midpoint_counts(xp: Any, x: Array) -> Array:
    """Count, for every pair, the actors strictly below the pair's midpoint.

    ``out[i, j, b] = #{k : x[k, b] < (x[i, b] + x[j, b]) / 2}`` for positions ``x`` of shape
    (N, B) sorted along axis 0 (the diagonal is not used). Exact, no tolerance. Up to
    :data:`DIRECT_COUNT_MAX_ACTORS` actors every actor is compared with every midpoint
    (N³ comparisons per draw, fastest for small N); above, one stable sort of the
    N(N−1)/2 midpoints together with the N positions per draw (O(N² log N)).
    """
    n = x.shape[0]
    if n <= DIRECT_COUNT_MAX_ACTORS:
        mids = (x[:, None, :] + x[None, :, :]) / 2
        below = xp.astype(x[:, None, None, :] < mids[None, :, :, :], xp.int16)
        return xp.sum(below, axis=0, dtype=xp.int16)
    return _midpoint_counts_sorted(xp, x)


def _midpoint_counts_sorted(xp: Any, x: Array) -> Array:
    """:func:`midpoint_counts` by sorting midpoints with positions (any N)."""
    n, batch = x.shape
    dev = device_of(x)
    iu, ju, slot = (xp.asarray(t, device=dev) for t in _pair_tables(n))
    m = iu.shape[0]
    rows = xp.permute_dims(x, (1, 0))  # (B, N): sort along the last axis
    mids = (xp.take(rows, iu, axis=1) + xp.take(rows, ju, axis=1)) / 2
    # Midpoints come first, so a stable sort puts a midpoint before an equal position:
    # only positions strictly below it are counted.
    order = xp.argsort(xp.concat([mids, rows], axis=1), axis=1, stable=True)
    below = xp.cumulative_sum(xp.astype(order >= m, xp.int64), axis=1)
    at_mid = take_rows(xp, below, inverse_permutation(xp, order)[:, :m])
    padded = xp.concat([at_mid, xp.zeros((batch, 1), dtype=at_mid.dtype, device=dev)], axis=1)
    counts = xp.take(padded, slot, axis=1)  # (B, N * N)
    return xp.reshape(xp.permute_dims(counts, (1, 0)), (n, n, batch))


@dataclass(frozen=True)
class SortedPairs:
    """Pairwise geometry of one round for actors sorted by position (a batch of draws).

    Attributes
    ----------
    x
        Positions, sorted along axis 0, shape (N, B).
    scale
        ``R`` per draw, shape (B,).
    gap
        ``x_j − x_i`` at ``[i, j, b]``, shape (N, N, B).
    dist
        ``|x_i − x_j| / R``, shape (N, N, B).
    below_f, above_f
        ``x_i < x_j`` and ``x_i > x_j`` as 0.0 / 1.0, shape (N, N, B).
    split
        Flat indices into a (N + 1, N, B) prefix-sum array picking ``[p_ij, j, b]``, where
        ``p_ij`` is :func:`midpoint_counts`: the voters on the lower side of the pair.
    """

    x: Array
    scale: Array
    gap: Array
    dist: Array
    below_f: Array
    above_f: Array
    split: Array


def sorted_pairs(xp: Any, x: Array, scale: Array) -> SortedPairs:
    """Precompute the pair geometry for positions ``x`` (N, B) sorted along axis 0."""
    n, batch = x.shape
    dev = device_of(x)
    gap = x[None, :, :] - x[:, None, :]
    counts = midpoint_counts(xp, x)
    column = xp.reshape(xp.arange(n, device=dev), (1, n, 1))
    draw = xp.reshape(xp.arange(batch, device=dev), (1, 1, batch))
    split = xp.reshape(xp.astype(counts, xp.int64) * (n * batch) + (column * batch + draw), (-1,))
    return SortedPairs(
        x=x,
        scale=scale,
        gap=gap,
        dist=xp.abs(gap) / scale[None, None, :],  # exact 1 for the extremes: see power()
        below_f=xp.astype(gap > 0, x.dtype),
        above_f=xp.astype(gap < 0, x.dtype),
        split=split,
    )

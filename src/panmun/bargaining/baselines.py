"""The standard baselines: capability × salience weighted median and mean of positions.

Both are the usual yardsticks of the bargaining-forecast literature. The weighted median is
Black's median voter under weights ``c_i s_i`` — for single-peaked preferences on one
dimension it is the position no majority of weighted votes would replace (Black 1948), and
it is also the expected-utility model's round-0 forecast (Bueno de Mesquita 1994). The
weighted mean is the "compromise model" that Achen (2006) and Thomson et al. (2006) found
at least as accurate as more elaborate models on the European Union's DEU data set.

Conventions
-----------
* Weights are ``c_i s_i``; if every weight is zero (possible only in a Monte Carlo draw),
  actors count equally.
* Median ties: where the cumulative weight reaches exactly half the total at an actor, the
  median is the midpoint between that position and the next one carrying weight (the lower
  and upper weighted medians). This keeps the median symmetric under reflecting the scale.
* Sums run over actors sorted by (position, weight), so relabelling changes nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from panmun.bargaining._arrays import Array, first_true, lexsort_rows, namespace, take_rows
from panmun.bargaining._base import BargainingModel, Trajectory


def _weights(xp: Any, weight: Array, axis: int) -> Array:
    total = xp.sum(weight, axis=axis, keepdims=True)
    return xp.where(total > 0, weight, xp.ones_like(weight))


def _edge(x: Array, axis: int, last: bool) -> Array:
    """The first or last entry of a 2-D array along ``axis``, keeping that axis (size 1)."""
    part = slice(-1, None) if last else slice(0, 1)
    return x[part, :] if axis == 0 else x[:, part]


def weighted_median_sorted(xp: Any, x: Array, weight: Array, axis: int = -1) -> Array:
    """Weighted median of positions already sorted along ``axis`` of a 2-D array.

    Rows of shape (B, N) by default; ``axis=0`` takes columns of an (N, B) array (the
    engines' actors-first layout) without transposing. Returns shape (B,).
    """
    w = _weights(xp, weight, axis)
    cum = xp.cumulative_sum(w, axis=axis)
    half = _edge(cum, axis, last=True) / 2.0
    lower = xp.expand_dims(first_true(xp, cum >= half, axis=axis), axis=axis)
    upper = xp.expand_dims(first_true(xp, cum > half, axis=axis), axis=axis)
    x_low = xp.take_along_axis(x, lower, axis=axis)
    x_high = xp.take_along_axis(x, upper, axis=axis)
    return xp.reshape((x_low + x_high) / 2.0, (-1,))


def weighted_mean_sorted(xp: Any, x: Array, weight: Array, axis: int = -1) -> Array:
    """Weighted mean of positions sorted along ``axis`` of a 2-D array (as the median).

    Computed as ``x_min + Σ w (x − x_min) / Σ w``: exact when all positions are equal, and
    never outside ``[x_min, x_max]``.
    """
    w = _weights(xp, weight, axis)
    first = _edge(x, axis, last=False)
    offset = xp.sum(w * (x - first), axis=axis) / xp.sum(w, axis=axis)
    low, high = xp.reshape(first, (-1,)), xp.reshape(_edge(x, axis, last=True), (-1,))
    return low + xp.minimum(offset, high - low)


def weighted_median(x: Array, weight: Array) -> Array:
    """Weighted median of each row of ``x`` (shape (B, N)) with weights ``weight``.

    Examples
    --------
    >>> import numpy as np
    >>> float(weighted_median(np.array([[0.0, 4.0, 10.0]]), np.array([[1.0, 1.0, 3.0]]))[0])
    10.0
    >>> float(weighted_median(np.array([[0.0, 4.0]]), np.array([[1.0, 1.0]]))[0])
    2.0
    """
    xp = namespace(x, weight)
    perm = lexsort_rows(xp, (x, weight))
    return weighted_median_sorted(xp, take_rows(xp, x, perm), take_rows(xp, weight, perm))


def weighted_mean(x: Array, weight: Array) -> Array:
    """Weighted mean of each row of ``x`` (shape (B, N)) with weights ``weight``.

    Examples
    --------
    >>> import numpy as np
    >>> float(weighted_mean(np.array([[0.0, 4.0, 10.0]]), np.array([[1.0, 1.0, 2.0]]))[0])
    6.0
    """
    xp = namespace(x, weight)
    perm = lexsort_rows(xp, (x, weight))
    return weighted_mean_sorted(xp, take_rows(xp, x, perm), take_rows(xp, weight, perm))


class _StaticModel(BargainingModel):
    """A model with no dynamics: round 0 only, the forecast is one statistic of it."""

    statistic: ClassVar[str]

    def __init__(self) -> None:
        pass

    def simulate(
        self,
        positions: Array,
        capabilities: Array,
        saliences: Array,
        *,
        record_offers: bool = False,
    ) -> Trajectory:
        """Return round 0 and the forecast for a batch of draws (each shape (B, N))."""
        xp = namespace(positions, capabilities, saliences)
        weight = capabilities * saliences
        median = weighted_median(positions, weight)
        mean = weighted_mean(positions, weight)
        forecast = median if self.statistic == "median" else mean
        return Trajectory(
            positions=positions[None, ...],
            medians=median[None, ...],
            means=mean[None, ...],
            forecast=forecast,
            offers=[] if record_offers else None,
            xp=xp,
        )


class WeightedMedianModel(_StaticModel):
    """Forecast: the capability × salience weighted median of the positions.

    Examples
    --------
    >>> from panmun.bargaining import IssueInputs
    >>> inputs = IssueInputs.from_values(
    ...     ["a", "b", "c"], positions=[0, 40, 100], capabilities=[1, 1, 1],
    ...     saliences=[0.5, 0.5, 1.0])
    >>> WeightedMedianModel().run(inputs).forecast
    70.0
    """

    name: ClassVar[str] = "median"
    statistic: ClassVar[str] = "median"


class WeightedMeanModel(_StaticModel):
    """Forecast: the capability × salience weighted mean of the positions.

    Examples
    --------
    >>> from panmun.bargaining import IssueInputs
    >>> inputs = IssueInputs.from_values(
    ...     ["a", "b", "c"], positions=[0, 40, 100], capabilities=[1, 1, 1],
    ...     saliences=[0.5, 0.5, 1.0])
    >>> WeightedMeanModel().run(inputs).forecast
    60.0
    """

    name: ClassVar[str] = "mean"
    statistic: ClassVar[str] = "mean"

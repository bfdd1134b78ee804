"""Forecasts with uncertainty: sample the inputs' ranges, run all draws at once, summarise.

* **Sampling.** Every position, salience and capability with a range (low < high) is drawn
  from a triangular distribution on [low, high] with its mode at the point estimate, so the
  analyst's best guess stays the most likely value and the range bounds every draw; values
  without a range stay fixed. One ``seed`` drives a NumPy ``Generator``: the same seed gives
  the same draws, bit for bit, whatever array library then runs the model.
* **Running.** The draws go to the model as (draws × actors) arrays in one call.
* **Summary.** The forecast's median and 5–95 % band, and each input's share of the
  forecast's variance.

Variance shares are first-order (main-effect) sensitivity indices
``S_k = Var(E[Y | X_k]) / Var(Y)`` (Saltelli et al. 2008, ch. 1), estimated from the same
draws by cutting ``X_k`` into equal-count bins and comparing bin means of the forecast ``Y``
(the correlation ratio). The raw ratio is biased upwards by about ``(bins − 1)/(draws − 1)``
when ``X_k`` does not matter; the estimate subtracts that and rescales, so irrelevant inputs
score near 0. Shares need not add to 1: the rest is interaction between inputs. They answer
"which actor's number matters most"; they are not a full variance decomposition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from panmun.bargaining._arrays import asarray, resolve_namespace, to_numpy
from panmun.bargaining._validation import check_count
from panmun.bargaining.result import ForecastDistribution, InputKind, VarianceShare

if TYPE_CHECKING:
    from panmun.bargaining._base import BargainingModel
    from panmun.bargaining.inputs import IssueInputs

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def triangular(u: FloatArray, low: FloatArray, mode: FloatArray, high: FloatArray) -> FloatArray:
    """Inverse CDF of the triangular distribution, applied to uniforms ``u`` in [0, 1).

    Where ``low == high`` the value is ``mode``.

    Examples
    --------
    >>> import numpy as np
    >>> triangular(np.array([0.0, 0.5, 0.999999]), np.zeros(3), np.full(3, 0.5), np.ones(3))
    array([0.        , 0.5       , 0.99929289])
    """
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    split = (mode - low) / safe
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(width > 0, np.where(u < split, left, right), mode)


def sample_inputs(
    inputs: IssueInputs, draws: int, seed: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Draw (positions, capabilities, saliences), each of shape (draws, N), from the ranges."""
    rng = np.random.default_rng(seed)
    u = rng.random((3, draws, inputs.n_actors))
    out = []
    for k, (point, rng_k) in enumerate(zip(inputs.point_values(), inputs.ranges(), strict=True)):
        out.append(triangular(u[k], rng_k[:, 0], point, rng_k[:, 1]))
    return out[0], out[1], out[2]


def variance_shares(
    actors: tuple[str, ...],
    samples: dict[InputKind, FloatArray],
    forecast: FloatArray,
    bins: int | None = None,
) -> tuple[VarianceShare, ...]:
    """First-order variance shares of every input that varies, largest first.

    Parameters
    ----------
    actors
        Actor names (N).
    samples
        Draws of each input kind, shape (draws, N).
    forecast
        The forecast per draw, shape (draws,).
    bins
        Equal-count bins per input; ``clip(sqrt(draws), 2, 50)`` by default.

    Returns
    -------
    tuple of VarianceShare
        Empty when the forecast does not vary or there are fewer than 10 draws.
    """
    y = np.asarray(forecast, dtype=np.float64)
    draws = y.shape[0]
    total = float(np.var(y))
    if draws < 10 or not total > 1e-12 * max(1.0, float(np.max(np.abs(y)))):
        return ()
    columns: list[tuple[str, InputKind, FloatArray]] = []
    for kind, values in samples.items():
        for k, name in enumerate(actors):
            col = values[:, k]
            if np.ptp(col) > 0:
                columns.append((name, kind, col))
    if not columns:
        return ()
    n_bins = bins or int(np.clip(np.sqrt(draws), 2, 50))
    x = np.stack([c[2] for c in columns], axis=1)  # (draws, K)
    ranks = np.argsort(np.argsort(x, axis=0, kind="stable"), axis=0, kind="stable")
    index = ranks * n_bins // draws + n_bins * np.arange(x.shape[1])[None, :]
    size = n_bins * x.shape[1]
    counts = np.bincount(index.ravel(), minlength=size).reshape(-1, n_bins)
    sums = np.bincount(index.ravel(), weights=np.repeat(y, x.shape[1]), minlength=size)
    means = sums.reshape(-1, n_bins) / np.where(counts > 0, counts, 1)
    between = np.sum(counts * (means - y.mean()) ** 2, axis=1) / draws
    raw = between / total
    bias = (n_bins - 1) / (draws - 1)
    shares = np.clip((raw - bias) / (1.0 - bias), 0.0, 1.0)
    found = [
        VarianceShare(actor=name, input=kind, share=float(share))
        for (name, kind, _), share in zip(columns, shares, strict=True)
    ]
    return tuple(sorted(found, key=lambda v: (-v.share, v.actor, v.input)))


def forecast_distribution(
    model: BargainingModel,
    inputs: IssueInputs,
    draws: int = 1000,
    seed: int = 0,
    *,
    xp: Any = None,
    device: Any = None,
) -> ForecastDistribution:
    """Run ``model`` on ``draws`` samples of the inputs and summarise the forecast.

    Parameters
    ----------
    model
        Any bargaining model (its ``simulate`` runs all draws at once).
    inputs
        The issue, with ranges to sample.
    draws
        Number of Monte Carlo draws (≥ 1).
    seed
        Seed of the draws (≥ 0); the only randomness.
    xp, device
        Array namespace (module or name) and device for the model run; NumPy by default.

    Returns
    -------
    ForecastDistribution
        Median, 5 % and 95 % quantiles, mean, standard deviation and variance shares.
    """
    draws = check_count(draws, "draws", minimum=1)
    seed = check_count(seed, "seed")
    run = run_draws(model, inputs, draws, seed, xp=xp, device=device)
    return summarise_draws(inputs.actors, run, draws, seed)


@dataclass(frozen=True)
class DrawRun:
    """One Monte Carlo run kept whole: the sampled inputs and every round of every draw.

    ``samples`` maps ``"position"``, ``"salience"`` and ``"capability"`` to (draws, N) arrays;
    ``positions`` is (T + 1, draws, N), ``medians`` and ``means`` (T + 1, draws), as NumPy arrays;
    ``forecast`` is the model's forecast per draw.
    """

    samples: dict[InputKind, FloatArray]
    positions: FloatArray
    medians: FloatArray
    means: FloatArray
    forecast: FloatArray


def run_draws(
    model: BargainingModel,
    inputs: IssueInputs,
    draws: int,
    seed: int,
    *,
    xp: Any = None,
    device: Any = None,
) -> DrawRun:
    """Sample the inputs once and run ``model`` on every draw; keep everything for analysis."""
    positions, capabilities, saliences = sample_inputs(inputs, draws, seed)
    return run_samples(model, positions, capabilities, saliences, xp=xp, device=device)


def run_samples(
    model: BargainingModel,
    positions: FloatArray,
    capabilities: FloatArray,
    saliences: FloatArray,
    *,
    xp: Any = None,
    device: Any = None,
) -> DrawRun:
    """Run ``model`` on given draws, each of shape (draws, N) (for draws made elsewhere)."""
    model.validate()
    ns = resolve_namespace(xp)
    traj = model.simulate(
        asarray(ns, positions, device),
        asarray(ns, capabilities, device),
        asarray(ns, saliences, device),
    )
    return DrawRun(
        samples={"position": positions, "salience": saliences, "capability": capabilities},
        positions=to_numpy(traj.positions).astype(np.float64),
        medians=to_numpy(traj.medians).astype(np.float64),
        means=to_numpy(traj.means).astype(np.float64),
        forecast=to_numpy(traj.forecast).astype(np.float64),
    )


def summarise_draws(
    actors: tuple[str, ...], run: DrawRun, draws: int, seed: int, values: FloatArray | None = None
) -> ForecastDistribution:
    """Median, 5-95 % band, mean, spread and variance shares of ``values`` over the draws.

    ``values`` defaults to the run's forecast; pass another per-draw quantity (for example
    the feasible outcome) to summarise it against the same sampled inputs.
    """
    y = run.forecast if values is None else np.asarray(values, dtype=np.float64)
    p05, median, p95 = np.quantile(y, [0.05, 0.5, 0.95])
    return ForecastDistribution(
        draws=draws,
        seed=seed,
        median=float(median),
        p05=float(p05),
        p95=float(p95),
        mean=float(np.mean(y)),
        std=float(np.std(y)),
        variance_shares=variance_shares(actors, run.samples, y),
    )

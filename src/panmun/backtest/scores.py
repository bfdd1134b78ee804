"""Scores of a backtest: pure functions over the rows of forecasts and what happened.

For each model and horizon, over its forecasts (one per dated preset and issue):

* **mean absolute error** on the issue's scale normalised to 0-100, with a percentile
  bootstrap interval over forecasts (Efron and Tibshirani 1993, ch. 13), seeded;
* **directional accuracy**: the share of forecasts whose direction from the status quo (up,
  down, or no move: within :data:`DEADBAND` of the scale) is the direction the outcome took;
* **coverage**: the share of outcomes inside the forecast's 5-95 % band;
* **skill** against "no change": ``1 - MAE(model) / MAE(no change)`` (positive: better than
  assuming the status quo persists; Murphy 1988 for skill scores).

Rolling-origin scoring, each forecast judged only on what came after its date, follows the
practice of forecast evaluation in conflict research (VIEWS; Hegre et al. 2019).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

#: A move smaller than this share of the scale counts as "no move".
DEADBAND = 0.05
#: Bootstrap resamples of the forecasts.
BOOTSTRAP = 2000


@dataclass(frozen=True)
class Row:
    """One forecast against what happened (``error`` on a 0-100 scale)."""

    preset: str
    as_of: str
    horizon: int  # years
    target: str
    issue: str
    model: str
    status_quo: float
    forecast: float
    p05: float
    p95: float
    realised: float
    scale: tuple[float, float]

    @property
    def width(self) -> float:
        """The issue's scale width."""
        return self.scale[1] - self.scale[0]

    @property
    def error(self) -> float:
        """Absolute error, normalised to a 0-100 scale."""
        return abs(self.forecast - self.realised) / self.width * 100.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (everything needed to recompute the scores)."""
        return {
            "preset": self.preset,
            "as_of": self.as_of,
            "horizon_years": self.horizon,
            "target": self.target,
            "issue": self.issue,
            "model": self.model,
            "status_quo": self.status_quo,
            "forecast": self.forecast,
            "band": [self.p05, self.p95],
            "realised": self.realised,
            "scale": list(self.scale),
            "error": self.error,
        }


def direction(change: float, width: float) -> int:
    """-1, 0 or +1: the direction of a change, with moves inside the deadband as 0.

    >>> direction(3.0, 100.0), direction(-8.0, 100.0), direction(6.0, 100.0)
    (0, -1, 1)
    """
    if abs(change) < DEADBAND * width:
        return 0
    return 1 if change > 0 else -1


@dataclass(frozen=True)
class Score:
    """One model's record at one horizon."""

    model: str
    horizon: int
    n: int
    mae: float
    mae_low: float
    mae_high: float
    directional: float
    coverage: float
    skill: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "model": self.model,
            "horizon_years": self.horizon,
            "forecasts": self.n,
            "mae": self.mae,
            "mae_interval": [self.mae_low, self.mae_high],
            "directional_accuracy": self.directional,
            "coverage": self.coverage,
            "skill_vs_no_change": self.skill,
        }


def bootstrap_interval(errors: np.ndarray[Any, Any], seed: int) -> tuple[float, float]:
    """The 5-95 % percentile bootstrap interval of the mean of ``errors``."""
    if errors.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng([seed, errors.size])
    picks = rng.integers(0, errors.size, size=(BOOTSTRAP, errors.size))
    means = errors[picks].mean(axis=1)
    low, high = np.quantile(means, [0.05, 0.95])
    return float(low), float(high)


def score(rows: Sequence[Row], seed: int = 0) -> list[Score]:
    """Score every (model, horizon) of ``rows``; skill needs the "no_change" rows."""
    groups: dict[tuple[str, int], list[Row]] = {}
    for r in rows:
        groups.setdefault((r.model, r.horizon), []).append(r)
    base = {
        h: float(np.mean([r.error for r in g]))
        for (m, h), g in groups.items()
        if m == "no_change" and g
    }
    out = []
    for (model, horizon), group in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        errors = np.array([r.error for r in group])
        mae = float(errors.mean())
        low, high = bootstrap_interval(errors, seed)
        hits = [
            direction(r.forecast - r.status_quo, r.width)
            == direction(r.realised - r.status_quo, r.width)
            for r in group
        ]
        inside = [r.p05 - 1e-9 <= r.realised <= r.p95 + 1e-9 for r in group]
        no_change = base.get(horizon)
        skill = None if not no_change else 1.0 - mae / no_change
        out.append(
            Score(
                model=model,
                horizon=horizon,
                n=len(group),
                mae=mae,
                mae_low=low,
                mae_high=high,
                directional=float(np.mean(hits)),
                coverage=float(np.mean(inside)),
                skill=skill,
            )
        )
    return out

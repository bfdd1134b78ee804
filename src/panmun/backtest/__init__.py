"""A track record: each model's forecasts from dated presets, scored against what happened.

For every dated preset (a scenario that knows only what was known at its date) and every
horizon, each model forecasts every issue from the preset alone; the forecast is then
compared with the issue's value in the status-quo history (:mod:`panmun.history`) at the
preset's date plus the horizon. The history is read only for that comparison, never as an
input: :func:`preset_forecasts` takes the scenario and settings and nothing else.

Models: ``no_change`` (the status quo persists), the capability x salience weighted
``median`` and ``mean``, the expected-utility model under both compromise rules (``eum``:
the least move, ``eum_midpoint``: the replication's EU-weighted midpoint), and the
``feasible`` outcome (the expected-utility forecast within the veto players' win-set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from panmun.analysis.settings import AnalysisSettings
from panmun.backtest.scores import Row, Score, score
from panmun.errors import InputError
from panmun.scenario.models import Scenario

MODELS = ("no_change", "median", "mean", "eum", "eum_midpoint", "feasible")
MODEL_NAMES = {
    "no_change": "no change",
    "median": "weighted median",
    "mean": "weighted mean",
    "eum": "expected-utility model",
    "eum_midpoint": "expected-utility model (midpoint rule)",
    "feasible": "feasible outcome",
}
#: Short labels for tables.
MODEL_LABELS = {
    "no_change": "no change",
    "median": "median",
    "mean": "mean",
    "eum": "EUM",
    "eum_midpoint": "EUM midpoint",
    "feasible": "feasible",
}
DEFAULT_HORIZONS = (1, 2, 4)
#: Draws per preset in a backtest (fewer than an analysis: eight presets, two model runs).
DEFAULT_DRAWS = 200

__all__ = [
    "DEFAULT_HORIZONS",
    "MODELS",
    "MODEL_LABELS",
    "MODEL_NAMES",
    "Backtest",
    "Row",
    "Score",
    "parse_horizons",
    "preset_forecasts",
    "run_backtest",
    "score",
]


def parse_horizons(text: str) -> tuple[int, ...]:
    """Read ``"1y,2y,4y"`` as (1, 2, 4) years.

    >>> parse_horizons("1y, 2y,4y")
    (1, 2, 4)
    """
    out = []
    for part in text.split(","):
        item = part.strip().lower().removesuffix("y")
        if not item.isdigit() or int(item) < 1 or int(item) > 30:
            raise InputError(
                [f"--horizon: {part.strip()!r} is not a number of years like 1y (1 to 30)"]
            )
        out.append(int(item))
    return tuple(sorted(set(out)))


def _plus_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


@dataclass(frozen=True)
class Forecast:
    """One model's forecast of one issue from one preset (median of the draws and band)."""

    issue: str
    model: str
    status_quo: float
    forecast: float
    p05: float
    p95: float
    scale: tuple[float, float]


def preset_forecasts(scenario: Scenario, settings: AnalysisSettings) -> list[Forecast]:
    """Every model's forecast of every issue of one preset, from the preset alone."""
    from panmun.analysis import ScenarioAnalysis

    least = ScenarioAnalysis(scenario, replace(settings, model="eum"))
    midpoint = ScenarioAnalysis(
        scenario, replace(settings, model="eum", compromise_rule="replication_midpoint")
    )
    out = []
    for ia, ib in zip(least.issues, midpoint.issues, strict=True):
        sq = scenario.status_quo_on(ia.issue)
        dists = {
            "median": ia.baselines["median"],
            "mean": ia.baselines["mean"],
            "eum": ia.unconstrained,
            "eum_midpoint": ib.unconstrained,
            "feasible": ia.consent.feasible,
        }
        out.append(Forecast(ia.issue, "no_change", sq.value, sq.value, *sq.value_range, ia.scale))
        for model, d in dists.items():
            out.append(Forecast(ia.issue, model, sq.value, d.median, d.p05, d.p95, ia.scale))
    return out


@dataclass(frozen=True)
class Backtest:
    """Rows, scores and what the record rests on."""

    rows: tuple[Row, ...]
    scores: tuple[Score, ...]
    presets: tuple[dict[str, Any], ...]
    settings: AnalysisSettings
    horizons: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: every row, so that anyone can recompute the scores."""
        return {
            "models": {m: MODEL_NAMES[m] for m in MODELS},
            "horizons_years": list(self.horizons),
            "draws": self.settings.draws,
            "seed": self.settings.seed,
            "presets": list(self.presets),
            "scores": [s.to_dict() for s in self.scores],
            "rows": [r.to_dict() for r in self.rows],
        }

    def best(self, models: Iterable[str] = MODELS) -> str | None:
        """The model with the lowest mean absolute error over all horizons (None if none)."""
        wanted = set(models)
        totals: dict[str, list[float]] = {}
        for r in self.rows:
            if r.model in wanted:
                totals.setdefault(r.model, []).append(r.error)
        if not totals:
            return None
        return min(totals, key=lambda m: (sum(totals[m]) / len(totals[m]), m))


def _retrospective_share(scenario: Scenario) -> float:
    retro = {s.id for s in scenario.sources if s.retrospective}
    if not scenario.positions:
        return 0.0
    resting = sum(1 for p in scenario.positions if retro & set(p.sources))
    return resting / len(scenario.positions)


def run_backtest(
    presets: Sequence[Scenario],
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    settings: AnalysisSettings | None = None,
    history: dict[str, Any] | None = None,
    known_by: dt.date | None = None,
) -> Backtest:
    """Forecast from every preset and score each forecast ``horizons`` years later.

    ``history`` maps issue ids to :class:`panmun.history.IssueHistory` (the shipped history
    by default); a forecast is scored only when the history reaches its target date, and,
    with ``known_by``, only when that date is on or before it (the record as known then; a
    preset with nothing to score is not forecast at all).
    """
    from panmun.history import shipped_history

    cfg = settings or AnalysisSettings(draws=DEFAULT_DRAWS)
    hist = history if history is not None else shipped_history()
    rows: list[Row] = []
    used: list[dict[str, Any]] = []
    for scenario in sorted(presets, key=lambda s: (s.as_of, s.id)):
        scored = 0
        forecasts: list[Forecast] | None = None
        for years in horizons:
            target = _plus_years(scenario.as_of, years)
            if known_by is not None and target > known_by:
                continue
            for issue in scenario.issues:
                h = hist.get(issue.id)
                if h is None or h.points[-1].date < target:
                    continue
                point = h.at(target)
                if point is None:  # pragma: no cover - histories start in 1991
                    continue
                if forecasts is None:
                    forecasts = preset_forecasts(scenario, cfg)
                for f in forecasts:
                    if f.issue != issue.id:
                        continue
                    rows.append(
                        Row(
                            preset=scenario.id,
                            as_of=scenario.as_of.isoformat(),
                            horizon=years,
                            target=target.isoformat(),
                            issue=issue.id,
                            model=f.model,
                            status_quo=f.status_quo,
                            forecast=f.forecast,
                            p05=f.p05,
                            p95=f.p95,
                            realised=point.value,
                            scale=f.scale,
                        )
                    )
                    scored += 1
        used.append(
            {
                "preset": scenario.id,
                "as_of": scenario.as_of.isoformat(),
                "rows": scored,
                "retrospective_share": _retrospective_share(scenario),
            }
        )
    order = {m: k for k, m in enumerate(MODELS)}
    scores = sorted(score(rows, cfg.seed), key=lambda s: (s.horizon, order.get(s.model, 99)))
    return Backtest(
        rows=tuple(rows),
        scores=tuple(scores),
        presets=tuple(used),
        settings=cfg,
        horizons=tuple(horizons),
    )

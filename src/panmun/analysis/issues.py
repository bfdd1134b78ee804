"""One issue analysed: the bargaining forecast, who must consent, convergence, minor actors.

:func:`analyse_issue` runs the chosen bargaining model once at the stated values (for the
trajectories) and once over the scenario's Monte Carlo draws (made once for the whole
scenario by :class:`panmun.analysis.ScenarioAnalysis`), then derives everything else from those
two runs: the win-set of the status quo and the feasible outcome
(:mod:`panmun.bargaining.winset`), whether the bargaining settled
(:mod:`panmun.bargaining.convergence`) and how much the forecast rests on minor actors.

Headline numbers are medians over the draws, with the 5-95 % band of the same draws, so a
headline always lies inside its own band; the run at the stated values is kept for the
trajectories and the offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from panmun.analysis.settings import AnalysisSettings
from panmun.bargaining.convergence import DEFAULT_TOLERANCE, STATUS_NAMES, classify
from panmun.bargaining.inputs import IssueInputs, make_model
from panmun.bargaining.monte_carlo import DrawRun, run_samples, summarise_draws
from panmun.bargaining.result import BargainingResult, ForecastDistribution
from panmun.bargaining.winset import binding_player, feasible_outcome, win_set
from panmun.proposals.utility import gains
from panmun.scenario.arrays import Draws, ScenarioArrays
from panmun.scenario.models import Scenario

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Consent:
    """Who must consent on an issue, and where that leaves the outcome.

    ``win_set`` and ``feasible_point`` are at the stated values; ``holder`` is the veto player
    that keeps the bargaining forecast from being reached there (None if none does) and
    ``holder_loss`` what it would lose if the outcome moved to that forecast, in the utility
    units of the packages (-1..0 scale). ``feasible`` is the feasible outcome over the draws,
    ``p_moves`` the share of draws in which it moves away from the status quo, and
    ``p_empty`` the share in which the win-set holds only the status quo.
    """

    veto_players: tuple[str, ...]
    win_set: tuple[float, float]
    empty: bool
    feasible_point: float
    holder: str | None
    holder_loss: float | None
    feasible: ForecastDistribution
    p_moves: float
    p_empty: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "veto_players": list(self.veto_players),
            "win_set": list(self.win_set),
            "win_set_empty": self.empty,
            "feasible_point": self.feasible_point,
            "holder": self.holder,
            "holder_loss": self.holder_loss,
            "feasible": self.feasible.to_dict(),
            "p_moves": self.p_moves,
            "p_win_set_empty": self.p_empty,
        }


@dataclass(frozen=True)
class Settling:
    """Whether the bargaining settled: at the stated values, and the shares over the draws."""

    status: str
    period: int
    forecast_range: tuple[float, float]
    shares: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "status": self.status,
            "period": self.period,
            "forecast_range": list(self.forecast_range),
            "shares": dict(self.shares),
        }


@dataclass(frozen=True)
class MinorActors:
    """How far the forecast rests on actors of little clout on this issue.

    ``actors`` have clout (capability x salience) below ``threshold`` of the issue's total;
    ``forecast_without`` is the forecast at the stated values without them (None when fewer
    than two actors would remain), ``shift`` its difference from the forecast with them, and
    ``variance_share`` the sum of their inputs' first-order variance shares.
    """

    threshold: float
    actors: tuple[str, ...]
    forecast_without: float | None
    shift: float
    variance_share: float
    depends: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "threshold": self.threshold,
            "actors": list(self.actors),
            "forecast_without": self.forecast_without,
            "shift": self.shift,
            "variance_share": self.variance_share,
            "depends": self.depends,
        }


@dataclass(frozen=True)
class IssueAnalysis:
    """Everything the CLI, the report and the platform show about one issue."""

    issue: str
    scale: tuple[float, float]
    status_quo: float
    model: str
    point: BargainingResult
    unconstrained: ForecastDistribution
    baselines: dict[str, ForecastDistribution]
    consent: Consent
    settling: Settling
    minor: MinorActors
    draws: int

    @property
    def headline(self) -> float:
        """The feasible outcome: the median over the draws."""
        return self.consent.feasible.median

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (the same in ``panmun forecast --format json`` and the report)."""
        return {
            "issue": self.issue,
            "scale": list(self.scale),
            "status_quo": self.status_quo,
            "model": self.model,
            "draws": self.draws,
            "feasible": self.consent.feasible.median,
            "consent": self.consent.to_dict(),
            "unconstrained": self.unconstrained.to_dict(),
            "point_forecast": self.point.forecast,
            "baselines": {k: v.to_dict() for k, v in self.baselines.items()},
            "settling": self.settling.to_dict(),
            "minor_actors": self.minor.to_dict(),
        }


def analyse_issue(
    scenario: Scenario,
    arrays: ScenarioArrays,
    draws: Draws,
    index: int,
    settings: AnalysisSettings,
) -> IssueAnalysis:
    """Analyse issue number ``index`` of the scenario on the scenario's draws."""
    issue = scenario.issues[index]
    inputs = IssueInputs.from_scenario(scenario, issue.id)
    model = make_model(settings.model, **settings.model_params())
    point = model.run(inputs)
    rows = [arrays.actors.index(a) for a in inputs.actors]
    n, seed = settings.bargaining_draws(inputs.n_actors), settings.seed
    run = run_samples(
        model,
        np.ascontiguousarray(draws.position[:n, rows, index]),
        np.ascontiguousarray(draws.capability[:n, rows, index]),
        np.ascontiguousarray(draws.salience[:n, rows, index]),
    )
    unconstrained = summarise_draws(inputs.actors, run, n, seed)
    baselines = {
        "median": summarise_draws(inputs.actors, run, n, seed, run.medians[0]),
        "mean": summarise_draws(inputs.actors, run, n, seed, run.means[0]),
    }
    width = issue.scale.max - issue.scale.min
    consent = _consent(scenario, arrays, draws, index, inputs, point, run, n, settings)
    return IssueAnalysis(
        issue=issue.id,
        scale=(issue.scale.min, issue.scale.max),
        status_quo=float(arrays.status_quo.value[index]),
        model=point.model,
        point=point,
        unconstrained=unconstrained,
        baselines=baselines,
        consent=consent,
        settling=_settling(point, run, DEFAULT_TOLERANCE * width),
        minor=_minor(inputs, point, unconstrained, settings, width),
        draws=n,
    )


def holder_loss(arrays: ScenarioArrays, index: int, holder: str, forecast: float) -> float:
    """What moving issue ``index`` from its status quo to ``forecast`` would cost ``holder``,
    the veto player holding the status quo: its utility is weighed over all its issues."""
    a = arrays.actors.index(holder)
    moved = arrays.status_quo.value.copy()
    moved[index] = forecast
    g = gains(
        moved,
        arrays.status_quo.value,
        arrays.position.value[a][None, :],
        arrays.salience.value[a][None, :],
        arrays.scale_max - arrays.scale_min,
    )
    return float(-g[0])


def _consent(
    scenario: Scenario,
    arrays: ScenarioArrays,
    draws: Draws,
    index: int,
    inputs: IssueInputs,
    point: BargainingResult,
    run: DrawRun,
    n: int,
    settings: AnalysisSettings,
) -> Consent:
    issue = scenario.issues[index]
    scale = (issue.scale.min, issue.scale.max)
    width = scale[1] - scale[0]
    vetoes = scenario.veto_players_on(issue.id)
    cols = [inputs.actors.index(v) for v in vetoes]
    sq = float(arrays.status_quo.value[index])
    ws0 = win_set(sq, inputs.positions[cols], scale)
    feasible0 = float(feasible_outcome(point.forecast, ws0))
    bind = int(binding_player(point.forecast, ws0))
    holder = vetoes[bind] if bind >= 0 else None
    loss = None if holder is None else holder_loss(arrays, index, holder, float(point.forecast))
    sq_draws = draws.status_quo[:n, index]
    ws = win_set(sq_draws, run.samples["position"][:, cols], scale)
    feasible = feasible_outcome(run.forecast, ws)
    moves = np.abs(feasible - sq_draws) > settings.move_tolerance * width
    return Consent(
        veto_players=vetoes,
        win_set=(float(ws0.low), float(ws0.high)),
        empty=bool(ws0.empty),
        feasible_point=feasible0,
        holder=holder,
        holder_loss=loss,
        feasible=summarise_draws(inputs.actors, run, n, settings.seed, feasible),
        p_moves=float(np.mean(moves)),
        p_empty=float(np.mean(ws.empty)),
    )


def _settling(point: BargainingResult, run: DrawRun, tol: float) -> Settling:
    names = point.actors
    x0 = np.array([[r.positions[a] for a in names] for r in point.rounds])[:, None, :]
    m0 = np.array([r.weighted_median for r in point.rounds])[:, None]
    at_point = classify(x0, m0, tol)
    over = classify(run.positions, run.medians, tol)
    return Settling(
        status=STATUS_NAMES[int(at_point.status[0])],
        period=int(at_point.period[0]),
        forecast_range=(float(at_point.forecast_low[0]), float(at_point.forecast_high[0])),
        shares={name: over.share(code) for code, name in enumerate(STATUS_NAMES)},
    )


def _minor(
    inputs: IssueInputs,
    point: BargainingResult,
    dist: ForecastDistribution,
    settings: AnalysisSettings,
    width: float,
) -> MinorActors:
    clout = inputs.capabilities * inputs.saliences
    total = float(clout.sum())
    share = clout / total if total > 0 else np.zeros_like(clout)
    minor = tuple(
        a for a, sh in zip(inputs.actors, share, strict=True) if sh < settings.minor_clout_share
    )
    keep = [k for k, a in enumerate(inputs.actors) if a not in minor]
    without = None
    if minor and len(keep) >= 2 and float(clout[keep].sum()) > 0:
        sub = IssueInputs.from_values(
            [inputs.actors[k] for k in keep],
            inputs.positions[keep],
            inputs.capabilities[keep],
            inputs.saliences[keep],
            issue=inputs.issue,
            scale=inputs.scale,
        )
        without = make_model(settings.model, **settings.model_params()).run(sub).forecast
    shift = 0.0 if without is None else without - point.forecast
    var_share = float(sum(v.share for v in dist.variance_shares if v.actor in minor))
    depends = abs(shift) > settings.minor_shift * width or var_share > settings.minor_variance
    return MinorActors(
        threshold=settings.minor_clout_share,
        actors=minor,
        forecast_without=without,
        shift=float(shift),
        variance_share=var_share,
        depends=bool(depends),
    )

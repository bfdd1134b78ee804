"""One issue's inputs as arrays: from a scenario, a CSV, or plain values.

:class:`IssueInputs` carries actor names, point values and the (low, high) range of every
value, which the Monte Carlo layer samples. :func:`issue_forecast` is the one call the
report makes for every issue of a scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from panmun.bargaining._validation import check_actor_values
from panmun.errors import InputError

if TYPE_CHECKING:
    from panmun.bargaining._base import BargainingModel
    from panmun.bargaining.result import BargainingResult
    from panmun.scenario.models import Scenario

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def _frozen(values: Any, shape: tuple[int, ...]) -> FloatArray:
    arr = np.array(values, dtype=np.float64).reshape(shape)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class IssueInputs:
    """Actors, values and ranges for one issue dimension.

    Attributes
    ----------
    issue
        Issue id (or the CSV file name).
    actors
        Actor ids or names, in order.
    positions, capabilities, saliences
        Point values, shape (N,).
    position_ranges, capability_ranges, salience_ranges
        (low, high) per actor, shape (N, 2); equal ends mean the value is certain.
    scale
        The issue scale (min, max), or None when unknown (a CSV).
    """

    issue: str
    actors: tuple[str, ...]
    positions: FloatArray
    capabilities: FloatArray
    saliences: FloatArray
    position_ranges: FloatArray
    capability_ranges: FloatArray
    salience_ranges: FloatArray
    scale: tuple[float, float] | None = None

    @classmethod
    def from_values(
        cls,
        actors: Sequence[str],
        positions: Sequence[float] | FloatArray,
        capabilities: Sequence[float] | FloatArray,
        saliences: Sequence[float] | FloatArray,
        *,
        issue: str = "input",
        ranges: dict[str, Sequence[tuple[float, float]]] | None = None,
        scale: tuple[float, float] | None = None,
    ) -> IssueInputs:
        """Build and check inputs from plain values; ranges default to the points.

        ``ranges`` may give ``"position"``, ``"capability"`` and ``"salience"`` ranges, each
        a (low, high) pair per actor.

        Raises
        ------
        InputError
            For too few actors, duplicate names, non-finite numbers, negative capability,
            salience outside 0..1, all weights zero, or ranges that do not hold the value.
        """
        names = tuple(str(a) for a in actors)
        x, c, s = check_actor_values(names, positions, capabilities, saliences, where=issue)
        n = len(names)
        got = ranges or {}
        out: dict[str, FloatArray] = {}
        problems: list[str] = []
        for label, point in (("position", x), ("capability", c), ("salience", s)):
            rng = np.asarray(got.get(label, np.stack([point, point], axis=1)), dtype=np.float64)
            if rng.shape != (n, 2):
                problems.append(f"{issue}: {label} ranges must be one (low, high) per actor")
                continue
            for k, name in enumerate(names):
                low, high = rng[k]
                if not low <= point[k] <= high:
                    problems.append(
                        f"{issue}: {name}: {label} range [{low:g}, {high:g}] "
                        f"does not contain {point[k]:g}"
                    )
            out[label] = _frozen(rng, (n, 2))
        if problems:
            raise InputError(problems)
        return cls(
            issue=issue,
            actors=names,
            positions=_frozen(x, (n,)),
            capabilities=_frozen(c, (n,)),
            saliences=_frozen(s, (n,)),
            position_ranges=out["position"],
            capability_ranges=out["capability"],
            salience_ranges=out["salience"],
            scale=scale,
        )

    @classmethod
    def from_scenario(cls, scenario: Scenario, issue_id: str) -> IssueInputs:
        """Read one issue of a scenario: every actor with a position on it, in scenario order.

        Raises
        ------
        InputError
            If the issue id is unknown or fewer than two actors hold a position on it.
        """
        known = [i.id for i in scenario.issues]
        if issue_id not in known:
            raise InputError(
                [f"{scenario.id}: issue {issue_id!r} is not one of {', '.join(known)}"]
            )
        found = scenario.positions_on(issue_id)
        issue = scenario.issue(issue_id)
        return cls.from_values(
            [p.actor for p in found],
            [p.position for p in found],
            [p.capability for p in found],
            [p.salience for p in found],
            issue=issue_id,
            ranges={
                "position": [p.position_range for p in found],
                "capability": [p.capability_range for p in found],
                "salience": [p.salience_range for p in found],
            },
            scale=(issue.scale.min, issue.scale.max),
        )

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    def point_values(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return (positions, capabilities, saliences)."""
        return self.positions, self.capabilities, self.saliences

    def ranges(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Return the (N, 2) ranges of (positions, capabilities, saliences)."""
        return self.position_ranges, self.capability_ranges, self.salience_ranges


MODEL_NAMES: tuple[str, ...] = ("median", "mean", "eum")


def make_model(name: str, *, rounds: int = 10, **params: Any) -> BargainingModel:
    """Return a model by short name: ``"median"``, ``"mean"`` or ``"eum"``.

    ``rounds`` and other parameters apply to the expected-utility model; the static
    baselines have none.
    """
    from panmun.bargaining._validation import check_choice
    from panmun.bargaining.baselines import WeightedMeanModel, WeightedMedianModel
    from panmun.bargaining.expected_utility import ExpectedUtilityModel

    check_choice(name, "model", MODEL_NAMES)
    if name == "median":
        return WeightedMedianModel()
    if name == "mean":
        return WeightedMeanModel()
    return ExpectedUtilityModel(rounds=rounds, **params)


def forecast_issue(
    inputs: IssueInputs,
    model: str | BargainingModel = "eum",
    *,
    rounds: int = 10,
    draws: int = 0,
    seed: int = 0,
    xp: Any = None,
    device: Any = None,
) -> BargainingResult:
    """Run a model on one issue's inputs, with a Monte Carlo distribution when ``draws > 0``."""
    from dataclasses import replace

    from panmun.bargaining._validation import check_count
    from panmun.bargaining.monte_carlo import forecast_distribution

    chosen = make_model(model, rounds=rounds) if isinstance(model, str) else model
    draws = check_count(draws, "draws")
    seed = check_count(seed, "seed")
    result = chosen.run(inputs, xp=xp, device=device)
    if draws == 0:
        return result
    dist = forecast_distribution(chosen, inputs, draws=draws, seed=seed, xp=xp, device=device)
    return replace(result, distribution=dist)


def issue_forecast(
    scenario: Scenario,
    issue_id: str,
    model: str = "eum",
    rounds: int = 10,
    draws: int = 0,
    seed: int = 0,
) -> BargainingResult:
    """Forecast one issue of a scenario: the call the HTML report makes for every issue.

    Parameters
    ----------
    scenario
        A loaded scenario.
    issue_id
        The issue to forecast.
    model
        ``"eum"`` (default), ``"median"`` or ``"mean"``.
    rounds
        Bargaining rounds for the expected-utility model.
    draws
        Monte Carlo draws from the scenario's ranges (0: point estimates only).
    seed
        Seed of the draws; the same seed gives the same result.

    Returns
    -------
    BargainingResult
        Rounds, offers, forecast and, with draws, the distribution and variance shares.
    """
    inputs = IssueInputs.from_scenario(scenario, issue_id)
    return forecast_issue(inputs, model, rounds=rounds, draws=draws, seed=seed)

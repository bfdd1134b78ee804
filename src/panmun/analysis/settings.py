"""The settings of an analysis, with the one set of defaults the CLI, report and platform use.

Every entry point (``panmun forecast``, ``panmun proposals``, ``panmun analyze`` and the
platform) builds an :class:`AnalysisSettings` from its arguments; an argument left out takes
the default here, so the same scenario, seed and settings give the same numbers everywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from panmun.errors import InputError

MODELS = ("eum", "median", "mean")
COMPROMISE_RULES = ("least_move", "replication_midpoint")
#: The fewest draws the expected-utility model runs on, whatever the size of the issue.
MIN_EUM_DRAWS = 20


@dataclass(frozen=True)
class AnalysisSettings:
    """What an analysis computes.

    Attributes
    ----------
    draws
        Monte Carlo draws from every number's range (each draw is a complete scenario).
    seed
        The seed of every draw; the same seed gives the same numbers, bit for bit.
    rounds
        Bargaining rounds of the expected-utility model.
    model
        The bargaining model whose forecast the consent constraint is applied to.
    trust_draws
        Relationship draws (and matches per draw) in the trust engine.
    minor_clout_share
        An actor is *minor* on an issue when its clout (capability x salience) is below this
        share of the issue's total clout; forecasts are re-run without minor actors to see
        whether they depend on them.
    minor_shift
        A forecast *depends on minor actors* when leaving them out moves it by more than this
        share of the scale, or when their inputs explain more than ``minor_variance`` of its
        variance.
    minor_variance
        See ``minor_shift``.
    move_tolerance
        The status quo *moves* in a draw when the feasible outcome lies more than this share
        of the scale away from it.
    indifference
        An actor accepts a package when its utility gain exceeds this (utility scale -1..0).
    """

    draws: int = 1000
    seed: int = 0
    rounds: int = 10
    model: str = "eum"
    trust_draws: int = 32
    minor_clout_share: float = 0.05
    minor_shift: float = 0.05
    minor_variance: float = 0.10
    move_tolerance: float = 0.01
    indifference: float = 0.01
    eum_budget: int = 20_000_000
    compromise_rule: str = "least_move"

    def model_params(self) -> dict[str, Any]:
        """Keyword arguments of :func:`panmun.bargaining.inputs.make_model` for this model."""
        params: dict[str, Any] = {"rounds": self.rounds}
        if self.model == "eum":
            params["compromise_rule"] = self.compromise_rule
        return params

    def bargaining_draws(self, actors: int) -> int:
        """How many of the draws the bargaining model runs on for an issue of ``actors``."""
        if self.model != "eum":
            return self.draws
        affordable = self.eum_budget // max(1, actors * actors * self.rounds)
        return min(self.draws, max(MIN_EUM_DRAWS, affordable))

    def __post_init__(self) -> None:
        problems = []
        for name, low in (
            ("draws", 1),
            ("seed", 0),
            ("rounds", 1),
            ("trust_draws", 1),
            ("eum_budget", 1),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                problems.append(f"{name}: {value!r} is not an integer of at least {low}")
        if self.model not in MODELS:
            problems.append(f"model: {self.model!r} is not one of {', '.join(MODELS)}")
        if self.compromise_rule not in COMPROMISE_RULES:
            problems.append(
                f"compromise_rule: {self.compromise_rule!r} is not one of "
                f"{', '.join(COMPROMISE_RULES)}"
            )
        for name in (
            "minor_clout_share",
            "minor_shift",
            "minor_variance",
            "move_tolerance",
            "indifference",
        ):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 <= float(value) < 1.0:
                problems.append(f"{name}: {value!r} is not a number in [0, 1)")
        if problems:
            raise InputError(problems)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as JSON-compatible data."""
        return asdict(self)


DEFAULTS = AnalysisSettings()

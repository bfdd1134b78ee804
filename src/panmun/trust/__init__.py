"""Trust dynamics: the noisy repeated prisoner's dilemma as a test bed for confidence-building.

The policy paper's first recommendation is to rebuild trust step by step through exchanges and
confidence-building measures. This package lets a user test such claims: which strategies keep
cooperation alive when moves are sometimes misread (:mod:`~panmun.trust.strategies`,
:mod:`~panmun.trust.simulate`), what the literature's closed forms say
(:mod:`~panmun.trust.analytic`), and which intervention most raises the chance that cooperation
survives over a relationship's horizon (:mod:`~panmun.trust.interventions`). Everything here is
pure numeric code: no printing, one ``seed`` per random computation, and no files but the
intervention catalogue (``panmun/data/interventions.yaml``), read on first use.

>>> from panmun.trust import Game, parse_strategy, simulate
>>> res = simulate(parse_strategy("tft"), parse_strategy("tft"), Game(rounds=50), n_matches=10)
>>> res.mean_score(0)
150.0
"""

from panmun.trust.analytic import (
    expected_payoffs,
    expected_rounds_to_first_error,
    grim_threshold,
    long_run_payoffs,
    optimal_generosity,
    probability_error_free,
    self_enforcing_gain,
    tft_long_run_payoff,
    tft_threshold,
    thresholds,
    wsls_threshold,
)
from panmun.trust.automaton import Automaton
from panmun.trust.catalogue import Change, Intervention, shipped_interventions
from panmun.trust.game import Game, Payoffs
from panmun.trust.interventions import (
    ConditionResult,
    Estimate,
    RelationshipInputs,
    rank_interventions,
)
from panmun.trust.registry import STRATEGIES, parse_strategy
from panmun.trust.simulate import MatchResults, play, simulate
from panmun.trust.strategies import Strategy

__all__ = [
    "CATALOGUE",
    "STRATEGIES",
    "Automaton",
    "Change",
    "ConditionResult",
    "Estimate",
    "Game",
    "Intervention",
    "MatchResults",
    "Payoffs",
    "RelationshipInputs",
    "Strategy",
    "expected_payoffs",
    "expected_rounds_to_first_error",
    "grim_threshold",
    "long_run_payoffs",
    "optimal_generosity",
    "parse_strategy",
    "play",
    "probability_error_free",
    "rank_interventions",
    "self_enforcing_gain",
    "shipped_interventions",
    "simulate",
    "tft_long_run_payoff",
    "tft_threshold",
    "thresholds",
    "wsls_threshold",
]

#: The shipped intervention catalogue (:data:`panmun.trust.catalogue.CATALOGUE`), read on first
#: access.
CATALOGUE: tuple[Intervention, ...]


def __getattr__(name: str) -> tuple[Intervention, ...]:
    """``CATALOGUE`` is :func:`shipped_interventions`, read on first access."""
    if name == "CATALOGUE":
        return shipped_interventions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

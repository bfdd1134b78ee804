"""Interventions as parameter changes, and their effect on whether cooperation is sustained.

Each intervention in :data:`CATALOGUE` changes the game in a documented way: a hotline lowers the
noise, exchanges lengthen the shadow of the future and raise the reward of cooperation, a
security assurance lowers the gain from exploiting and the loss of being exploited together, and
so on (Axelrod 1984, ch. 7, "How to promote cooperation": enlarge the shadow of the future, change
the payoffs). Effect sizes are ranges, marked as analyst estimates, because the literature gives the
direction of each effect, not its size.

:func:`rank_interventions` draws the relationship's uncertain numbers from their ranges, applies
each intervention and each combination, and estimates the probability that cooperation is
sustained over the horizon (the relationship's baseline horizon, the same for every condition:
an intervention that lengthens the shadow of the future changes the incentives, not the period
observed). A draw sustains cooperation in a match when (1) the assumed strategy
pair is self-enforcing, i.e. neither side gains in expectation by switching to unconditional
defection or to alternation (exact, from :func:`panmun.trust.analytic.self_enforcing_gain`,
noise included), and (2) the simulated match never spends more than ``repair_window`` rounds in a
row without mutual cooperation. Common random numbers (the same draws and match seeds for every
condition) keep the comparison between conditions sharp.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from panmun.errors import InputError
from panmun.trust.analytic import self_enforcing_gain
from panmun.trust.catalogue import Change, Intervention, shipped_interventions
from panmun.trust.game import Payoffs
from panmun.trust.registry import compile_strategy
from panmun.trust.simulate import play
from panmun.trust.strategies import Strategy


@dataclass(frozen=True)
class Estimate:
    """A number with its (low, high) range; draws are triangular with the mode at the value."""

    value: float
    low: float
    high: float

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Draw ``n`` values (all equal to ``value`` when the range is a point)."""
        if self.high <= self.low:
            return np.full(n, float(self.value))
        return rng.triangular(self.low, self.value, self.high, size=n)


@dataclass(frozen=True)
class RelationshipInputs:
    """The numeric side of a relationship: uncertain game parameters and assumed strategies.

    Give exactly one of ``continuation`` (``w`` per round) and ``rounds`` (a fixed horizon).
    """

    T: Estimate
    R: Estimate
    P: Estimate
    S: Estimate
    noise: Estimate
    strategy_a: Strategy
    strategy_b: Strategy
    continuation: Estimate | None = None
    rounds: Estimate | None = None

    @property
    def central_payoffs(self) -> Payoffs:
        """The payoffs at their central values."""
        return Payoffs(T=self.T.value, R=self.R.value, P=self.P.value, S=self.S.value)


@dataclass(frozen=True)
class Draws:
    """Parameter draws, one row per draw: payoffs ``(T, R, P, S)``, noise and horizon."""

    payoffs: np.ndarray[Any, np.dtype[np.float64]]
    noise: np.ndarray[Any, np.dtype[np.float64]]
    continuation: np.ndarray[Any, np.dtype[np.float64]] | None
    rounds: np.ndarray[Any, np.dtype[np.int64]] | None


def draw_parameters(inputs: RelationshipInputs, n: int, seed: int) -> Draws:
    """Draw ``n`` parameter sets from the relationship's ranges."""
    rng = np.random.default_rng([seed, 0])
    payoffs = np.stack([e.draw(rng, n) for e in (inputs.T, inputs.R, inputs.P, inputs.S)], 1)
    noise = np.clip(inputs.noise.draw(rng, n), 0.0, 1.0)
    if inputs.continuation is not None:
        w = np.clip(inputs.continuation.draw(rng, n), 0.0, 1.0 - 1e-9)
        return Draws(payoffs, noise, w, None)
    assert inputs.rounds is not None  # the model requires one of the two
    rounds = np.maximum(1, np.rint(inputs.rounds.draw(rng, n))).astype(np.int64)
    return Draws(payoffs, noise, None, rounds)


def apply(draws: Draws, changes: list[tuple[Change, np.ndarray[Any, Any]]]) -> Draws:
    """Apply changes with drawn sizes (one per draw) to a set of draws."""
    payoffs = draws.payoffs.copy()
    spread = draws.payoffs[:, 0] - draws.payoffs[:, 3]
    noise, w, rounds = draws.noise.copy(), draws.continuation, draws.rounds
    for change, size in changes:
        if change.parameter == "noise":
            noise = np.clip(noise * size, 0.0, 1.0)
        elif change.parameter == "horizon":
            if w is not None:
                w = np.clip(1.0 - (1.0 - w) / size, 0.0, 1.0 - 1e-9)
            else:
                assert rounds is not None  # one of the two is always set
                rounds = np.maximum(1, np.rint(rounds * size)).astype(np.int64)
        elif change.parameter == "transfer":  # what the exploiter forfeits, the exploited gets
            payoffs[:, 0] -= size * spread
            payoffs[:, 3] += size * spread
        else:
            payoffs[:, "TRPS".index(change.parameter)] += size * spread
    return replace(draws, payoffs=payoffs, noise=noise, continuation=w, rounds=rounds)


@dataclass(frozen=True)
class ConditionResult:
    """Estimated effect of one intervention or combination (or of none, the baseline)."""

    interventions: tuple[str, ...]
    sustained: float
    sustained_low: float
    sustained_high: float
    sustained_stderr: float
    self_enforcing: float
    mutual_cooperation: float

    @property
    def label(self) -> str:
        """The intervention ids joined by ``+``, or ``baseline``."""
        return " + ".join(self.interventions) or "baseline"


def _evaluate(
    inputs: RelationshipInputs,
    draws: Draws,
    base: Draws,
    n_matches: int,
    repair_window: int,
    seed: int,
    max_rounds: int,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Per draw: P(sustained), self-enforcing (0/1), mean mutual-cooperation rate."""
    auto_a = compile_strategy(inputs.strategy_a, inputs.central_payoffs, "strategy_a")
    auto_b = compile_strategy(inputs.strategy_b, inputs.central_payoffs, "strategy_b")
    gain_a, gain_b = self_enforcing_gain(
        auto_a, auto_b, draws.payoffs, draws.noise, draws.rounds, draws.continuation
    )
    scale = np.abs(draws.payoffs).max(axis=1) + 1.0
    enforcing = ((gain_a <= 1e-9 * scale) & (gain_b <= 1e-9 * scale)).astype(np.float64)
    rng = np.random.default_rng([seed, 2])
    n_draws = draws.noise.shape[0]
    # Matches last as long as under the baseline horizon, whatever the intervention: a longer
    # shadow of the future changes the incentives, not the period over which we look.
    if base.continuation is not None:
        per_match_w = np.repeat(base.continuation, n_matches)
        lengths = rng.geometric(1.0 - per_match_w).astype(np.int64)
    else:
        assert base.rounds is not None  # one of the two is always set
        lengths = np.repeat(base.rounds, n_matches)
    lengths = np.minimum(lengths, max_rounds)
    noise = np.repeat(draws.noise, n_matches)
    res = play(auto_a, auto_b, Payoffs(), lengths, noise, rng)
    sustained = np.asarray(res.sustained(repair_window), dtype=np.float64)
    both = np.asarray(res.actions_a == 1) & np.asarray(res.actions_b == 1)
    mutual = both.sum(axis=1) / np.asarray(res.lengths, dtype=np.float64)
    shape = (n_draws, n_matches)
    return (
        sustained.reshape(shape).mean(axis=1) * enforcing,
        enforcing,
        mutual.reshape(shape).mean(axis=1),
    )


def _change_sizes(
    catalogue: tuple[Intervention, ...], n_draws: int, seed: int
) -> dict[str, list[tuple[Change, np.ndarray[Any, Any]]]]:
    """Drawn effect sizes per intervention: one stream per (intervention, change) position."""
    return {
        item.id: [
            (c, np.random.default_rng([seed, 1, k, j]).uniform(c.low, c.high, n_draws))
            for j, c in enumerate(item.changes)
        ]
        for k, item in enumerate(catalogue)
    }


def _condition(
    inputs: RelationshipInputs,
    ids: tuple[str, ...],
    base: Draws,
    sizes: dict[str, list[tuple[Change, np.ndarray[Any, Any]]]],
    n_matches: int,
    repair_window: int,
    seed: int,
    max_rounds: int,
) -> ConditionResult:
    draws = apply(base, [pair for i in ids for pair in sizes[i]])
    p, enforcing, mutual = _evaluate(
        inputs, draws, base, n_matches, repair_window, seed, max_rounds
    )
    low, high = np.quantile(p, [0.05, 0.95])
    return ConditionResult(
        interventions=ids,
        sustained=float(p.mean()),
        sustained_low=float(low),
        sustained_high=float(high),
        sustained_stderr=float(p.std(ddof=1) / np.sqrt(len(p))),
        self_enforcing=float(enforcing.mean()),
        mutual_cooperation=float(mutual.mean()),
    )


def sustained_under(
    inputs: RelationshipInputs,
    interventions: tuple[str, ...],
    catalogue: tuple[Intervention, ...] | None = None,
    n_draws: int = 64,
    n_matches: int = 64,
    repair_window: int = 6,
    seed: int = 0,
    max_rounds: int = 10_000,
) -> ConditionResult:
    """Estimate P(cooperation sustained) under one set of interventions applied together.

    Uses the same draws and effect sizes as :func:`rank_interventions` with the same seed, so
    the two agree on any condition both evaluate. Unknown intervention ids are an input error.
    ``catalogue`` defaults to the shipped one
    (:func:`~panmun.trust.catalogue.shipped_interventions`).
    """
    if catalogue is None:
        catalogue = shipped_interventions()
    known = {i.id for i in catalogue}
    unknown = [i for i in interventions if i not in known]
    if unknown:
        raise InputError(
            [f"interventions: {u!r} is not one of {', '.join(sorted(known))}" for u in unknown]
        )
    base = draw_parameters(inputs, n_draws, seed)
    sizes = _change_sizes(catalogue, n_draws, seed)
    ids = tuple(dict.fromkeys(interventions))
    return _condition(inputs, ids, base, sizes, n_matches, repair_window, seed, max_rounds)


def rank_interventions(
    inputs: RelationshipInputs,
    catalogue: tuple[Intervention, ...] | None = None,
    n_draws: int = 64,
    n_matches: int = 64,
    max_combination: int = 2,
    repair_window: int = 6,
    seed: int = 0,
    max_rounds: int = 10_000,
) -> list[ConditionResult]:
    """Estimate, for every intervention and combination, P(cooperation sustained), ranked.

    Parameters
    ----------
    inputs
        The relationship: uncertain parameters and assumed strategies.
    catalogue
        Interventions to consider; by default the shipped catalogue
        (:func:`~panmun.trust.catalogue.shipped_interventions`).
    n_draws
        Parameter sets drawn from the ranges (the uncertainty shown as an interval).
    n_matches
        Simulated matches per parameter set.
    max_combination
        Largest number of interventions combined (1: each alone).
    repair_window
        Longest run of rounds without mutual cooperation that still counts as repaired.
    seed
        The only source of randomness.
    max_rounds
        Cap on a match's drawn length.

    Returns
    -------
    list of ConditionResult
        The baseline and every condition, best first (by mean probability, then by label).
    """
    problems = []
    for name, value, low in (
        ("draws", n_draws, 2),
        ("matches", n_matches, 1),
        ("max_combination", max_combination, 0),
        ("repair_window", repair_window, 0),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            problems.append(f"{name}: {value!r} is not a whole number of at least {low}")
    if problems:
        raise InputError(problems)
    if catalogue is None:
        catalogue = shipped_interventions()
    base = draw_parameters(inputs, n_draws, seed)
    sizes = _change_sizes(catalogue, n_draws, seed)
    conditions: list[tuple[str, ...]] = [()]
    for size in range(1, min(max_combination, len(catalogue)) + 1):
        conditions += [
            tuple(i.id for i in combo) for combo in itertools.combinations(catalogue, size)
        ]
    results = [
        _condition(inputs, ids, base, sizes, n_matches, repair_window, seed, max_rounds)
        for ids in conditions
    ]
    return sorted(results, key=lambda r: (-r.sustained, r.label))

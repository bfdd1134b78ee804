"""The result records every bargaining model returns: one shape for all models.

A model run yields a :class:`BargainingResult`: the rounds (round 0 is the input), each with
every actor's position, the capability × salience weighted median and mean, and the offers
made in that round; the forecast; and, for a Monte Carlo run, a
:class:`ForecastDistribution`. Records are frozen dataclasses of plain Python values, so a
report or a JSON writer can use them without NumPy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

OfferKind = Literal["conflict", "compromise", "capitulation"]
InputKind = Literal["position", "salience", "capability"]


@dataclass(frozen=True)
class Offer:
    """One proposal in one round: ``proposer`` presses ``receiver`` to move.

    Parameters
    ----------
    receiver
        The actor who would move.
    proposer
        The actor whose challenge the receiver expects (the challenger).
    kind
        ``"conflict"``, ``"compromise"`` or ``"capitulation"`` (Scholz et al. 2011, §6).
    proposed_position
        Where the receiver would move if it accepted this offer.
    accepted
        Whether the receiver took this offer (each receiver takes at most one per round).
    """

    receiver: str
    proposer: str
    kind: OfferKind
    proposed_position: float
    accepted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the offer as a JSON-ready dictionary."""
        return {
            "receiver": self.receiver,
            "proposer": self.proposer,
            "type": self.kind,
            "proposed_position": self.proposed_position,
            "accepted": self.accepted,
        }


@dataclass(frozen=True)
class RoundRecord:
    """The state after one round (round 0 is the input, before anyone moves)."""

    round: int
    positions: Mapping[str, float]
    weighted_median: float
    weighted_mean: float
    offers: tuple[Offer, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the round as a JSON-ready dictionary."""
        return {
            "round": self.round,
            "positions": dict(self.positions),
            "weighted_median": self.weighted_median,
            "weighted_mean": self.weighted_mean,
            "offers": [o.to_dict() for o in self.offers],
        }


@dataclass(frozen=True)
class VarianceShare:
    """How much of the forecast's variance one uncertain input explains on its own.

    ``share`` is the first-order (main-effect) index Var(E[Y | X]) / Var(Y), estimated by
    binning the draws of that input; see :func:`panmun.bargaining.monte_carlo.variance_shares`.
    """

    actor: str
    input: InputKind
    share: float

    def to_dict(self) -> dict[str, Any]:
        """Return the share as a JSON-ready dictionary."""
        return {"actor": self.actor, "input": self.input, "share": self.share}


@dataclass(frozen=True)
class ForecastDistribution:
    """The distribution of the forecast over Monte Carlo draws of the uncertain inputs."""

    draws: int
    seed: int
    median: float
    p05: float
    p95: float
    mean: float
    std: float
    variance_shares: tuple[VarianceShare, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the distribution as a JSON-ready dictionary."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "median": self.median,
            "p05": self.p05,
            "p95": self.p95,
            "mean": self.mean,
            "std": self.std,
            "variance_shares": [v.to_dict() for v in self.variance_shares],
        }


@dataclass(frozen=True)
class BargainingResult:
    """What every bargaining model returns for one issue.

    Attributes
    ----------
    model
        The model's short name (``"median"``, ``"mean"`` or ``"eum"``).
    issue
        The issue id, or the input file's name for a CSV.
    actors
        Actor names in input order.
    rounds
        Round 0 (the input) and every simulated round. Static models have round 0 only.
    forecast
        The model's point forecast: the weighted median or mean of the input for the
        baselines, the weighted median after the last round for the expected-utility model.
    distribution
        The forecast's Monte Carlo distribution, when draws were asked for.
    parameters
        The model parameters used, for the record.
    """

    model: str
    issue: str
    actors: tuple[str, ...]
    rounds: tuple[RoundRecord, ...]
    forecast: float
    distribution: ForecastDistribution | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def trajectory(self, actor: str) -> list[float]:
        """Return one actor's position in every round."""
        return [r.positions[actor] for r in self.rounds]

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dictionary (the ``--format json`` shape)."""
        out: dict[str, Any] = {
            "model": self.model,
            "issue": self.issue,
            "parameters": dict(self.parameters),
            "rounds": [r.to_dict() for r in self.rounds],
            "forecast": self.forecast,
        }
        if self.distribution is not None:
            out["distribution"] = self.distribution.to_dict()
        return out

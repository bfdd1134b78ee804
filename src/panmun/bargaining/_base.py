"""The shape every bargaining model shares (scikit-learn style).

Parameters go to ``__init__``, which only stores them; :meth:`BargainingModel.run` does the
work on one issue and returns a :class:`~panmun.bargaining.result.BargainingResult`;
:meth:`BargainingModel.simulate` runs a batch of draws as arrays (for Monte Carlo). Models
hold no randomness: the Monte Carlo layer's ``seed`` is the only one.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from panmun.bargaining._arrays import Array, asarray, resolve_namespace, to_numpy
from panmun.bargaining.result import BargainingResult, Offer, RoundRecord

if TYPE_CHECKING:
    from panmun.bargaining.inputs import IssueInputs


@dataclass(frozen=True)
class RoundOffers:
    """All offers of one round for a batch, as parallel NumPy arrays (one entry per offer)."""

    draw: np.ndarray[Any, Any]
    receiver: np.ndarray[Any, Any]
    proposer: np.ndarray[Any, Any]
    kind: np.ndarray[Any, Any]
    proposed: np.ndarray[Any, Any]
    accepted: np.ndarray[Any, Any]


@dataclass(frozen=True)
class Trajectory:
    """A batch run as arrays: rounds × draws × actors, actors in input order.

    Attributes
    ----------
    positions
        Shape (T + 1, B, N); index 0 is the input.
    medians, means
        Weighted median and mean per round and draw, shape (T + 1, B).
    forecast
        The model's forecast per draw, shape (B,).
    offers
        One :class:`RoundOffers` per simulated round when offers were recorded, else None.
    xp
        The array namespace of the arrays.
    """

    positions: Array
    medians: Array
    means: Array
    forecast: Array
    offers: list[RoundOffers] | None
    xp: Any


class BargainingModel(ABC):
    """Base class: one issue in, a :class:`BargainingResult` out."""

    name: ClassVar[str]

    def get_params(self) -> dict[str, Any]:
        """Return the constructor parameters and their current values."""
        names = [
            p.name
            for p in inspect.signature(type(self).__init__).parameters.values()
            if p.name != "self" and p.kind is not p.VAR_KEYWORD
        ]
        return {n: getattr(self, n) for n in names}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def validate(self) -> None:  # noqa: B027 - optional hook; static models have no parameters
        """Check the parameters; raise :class:`~panmun.errors.InputError` naming a bad one."""

    @abstractmethod
    def simulate(
        self,
        positions: Array,
        capabilities: Array,
        saliences: Array,
        *,
        record_offers: bool = False,
    ) -> Trajectory:
        """Run the model on a batch of draws (each argument of shape (B, N))."""

    def run(self, inputs: IssueInputs, *, xp: Any = None, device: Any = None) -> BargainingResult:
        """Run the model on one issue's point estimates.

        Parameters
        ----------
        inputs
            The issue's actors and values (see :class:`~panmun.bargaining.IssueInputs`).
        xp
            Array namespace (module or name, e.g. ``"torch"``); NumPy by default.
        device
            Device for the arrays (e.g. ``"cuda"``); the namespace's default if omitted.

        Returns
        -------
        BargainingResult
            Rounds, offers and forecast, with ``distribution=None``.
        """
        self.validate()
        ns = resolve_namespace(xp)
        x, c, s = (asarray(ns, np.array(v[None, :]), device) for v in inputs.point_values())
        traj = self.simulate(x, c, s, record_offers=True)
        return build_result(self, inputs, traj)


def build_result(model: BargainingModel, inputs: IssueInputs, traj: Trajectory) -> BargainingResult:
    """Turn draw 0 of a trajectory into a :class:`BargainingResult` with actor names."""
    names = inputs.actors
    positions = to_numpy(traj.positions)[:, 0, :]
    medians = to_numpy(traj.medians)[:, 0]
    means = to_numpy(traj.means)[:, 0]
    rounds = []
    for t in range(positions.shape[0]):
        offers: tuple[Offer, ...] = ()
        if traj.offers is not None and t >= 1:
            offers = _offers_of(traj.offers[t - 1], names)
        rounds.append(
            RoundRecord(
                round=t,
                positions={n: float(positions[t, k]) for k, n in enumerate(names)},
                weighted_median=float(medians[t]),
                weighted_mean=float(means[t]),
                offers=offers,
            )
        )
    return BargainingResult(
        model=model.name,
        issue=inputs.issue,
        actors=names,
        rounds=tuple(rounds),
        forecast=float(to_numpy(traj.forecast)[0]),
        parameters=model.get_params(),
    )


def _offers_of(block: RoundOffers, names: tuple[str, ...]) -> tuple[Offer, ...]:
    from panmun.bargaining.offers import KIND_NAMES

    keep = block.draw == 0
    return tuple(
        Offer(
            receiver=names[int(i)],
            proposer=names[int(j)],
            kind=KIND_NAMES[int(k)],  # type: ignore[arg-type]  # values are OfferKind names
            proposed_position=float(p),
            accepted=bool(a),
        )
        for i, j, k, p, a in zip(
            block.receiver[keep],
            block.proposer[keep],
            block.kind[keep],
            block.proposed[keep],
            block.accepted[keep],
            strict=True,
        )
    )

"""What a sensitivity analysis is about: its uncertain inputs, its outputs, and the model.

An :class:`UncertainInput` is one number with a range, named for people ("DPRK — position on
Inter-Korean exchanges"), with the ids it comes from kept apart for machines. An
:class:`OutputSpec` is one headline output. An :class:`Evaluator` maps points of the unit
hypercube of the inputs (one row per point, one column per input) to the outputs (one column
per output): the scenario model of :mod:`panmun.sensitivity.model` is one, and so is any test
function with known indices, so both go through the same sampling, execution and analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

InputGroup = Literal[
    "position", "salience", "capability", "status_quo", "relationship", "intervention", "other"
]
Distribution = Literal["triangular", "uniform"]
OutputKind = Literal["forecast", "feasible", "package", "roadmap", "other"]


@dataclass(frozen=True)
class UncertainInput:
    """One uncertain number: its name, where it comes from, and its distribution.

    Attributes
    ----------
    name
        What people read: the actor, issue, relationship or intervention by name.
    group
        Which kind of number it is (a position, a salience, ...).
    low, mode, high
        Its range and stated value. A unit value ``u`` becomes a number by the inverse CDF of
        the triangular distribution on ``[low, high]`` with mode ``mode`` (the sampling rule
        of :mod:`panmun.scenario.arrays`), or of the uniform one on ``[low, high]``.
    distribution
        ``"triangular"`` or ``"uniform"``.
    ids
        Machine-readable origin, for example ``{"actor": "north", "issue": "talks"}``.
    """

    name: str
    group: InputGroup
    low: float
    mode: float
    high: float
    distribution: Distribution = "triangular"
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def consultable(self) -> bool:
        """Whether experts can be consulted on it (an actor's number on an issue)."""
        return self.group in ("position", "salience", "capability")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "name": self.name,
            "group": self.group,
            "value": self.mode,
            "low": self.low,
            "high": self.high,
            "distribution": self.distribution,
            "ids": dict(self.ids),
        }


@dataclass(frozen=True)
class OutputSpec:
    """One headline output, named for people, with the ids it comes from."""

    name: str
    kind: OutputKind
    ids: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"name": self.name, "kind": self.kind, "ids": dict(self.ids)}


class Evaluator(Protocol):
    """A deterministic model of the unit hypercube: rows of inputs in, rows of outputs out.

    ``evaluate`` must treat every row on its own (the same row gives the same outputs, bit
    for bit, whatever other rows come with it), so that results do not depend on how the
    sample is cut into chunks or spread over workers. It must be picklable (it is sent to
    Dask workers).
    """

    @property
    def inputs(self) -> tuple[UncertainInput, ...]:
        """The uncertain inputs, one per column of the rows."""
        ...

    @property
    def outputs(self) -> tuple[OutputSpec, ...]:
        """The outputs, one per column of the result."""
        ...

    def evaluate(self, unit: FloatArray) -> FloatArray:
        """Map rows of shape (rows, inputs) in [0, 1] to outputs of shape (rows, outputs)."""
        ...


def to_values(
    unit: FloatArray,
    low: FloatArray,
    mode: FloatArray,
    high: FloatArray,
    uniform: NDArray[np.bool_],
) -> FloatArray:
    """Turn unit values (rows, inputs) into numbers, column by column.

    Triangular columns use the inverse CDF of :func:`panmun.bargaining.monte_carlo.triangular`
    (the one the Monte Carlo layer uses); uniform columns scale linearly.

    >>> import numpy as np
    >>> u = np.array([[0.0, 0.5], [1.0, 0.5]])
    >>> to_values(u, np.zeros(2), np.array([0.5, 0.0]), np.ones(2), np.array([False, True]))
    array([[0. , 0.5],
           [1. , 0.5]])
    """
    from panmun.bargaining.monte_carlo import triangular

    tri = triangular(unit, low, mode, high)
    return np.asarray(np.where(uniform, low + unit * (high - low), tri), dtype=np.float64)

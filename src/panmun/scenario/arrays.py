"""A scenario as arrays (actors x issues), and seeded draws from its uncertainty ranges.

The engines work on arrays, not records: this module is the one place that turns a
:class:`~panmun.scenario.models.Scenario` into them, so every engine samples the same way.

Sampling rule: each number is drawn from a triangular distribution on its ``(low, high)``
range with its stated value as the mode (a point when ``low == high``). The triangular form
keeps draws inside the stated range and makes the stated value the most likely one, which is
how analysts read "value, with range"; it is a modelling choice, not a fact about the inputs.
An actor without a position on an issue gets salience and capability 0 and the status quo as
its position, so it has no weight there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from panmun.scenario.models import Scenario

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Ranged:
    """A value array with the low and high ends of its range, all of one shape."""

    value: FloatArray
    low: FloatArray
    high: FloatArray


@dataclass(frozen=True)
class ScenarioArrays:
    """Positions, saliences and capabilities of a scenario as (actors, issues) arrays."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position: Ranged
    salience: Ranged
    capability: Ranged
    status_quo: Ranged  # shape (issues,)
    scale_min: FloatArray  # shape (issues,)
    scale_max: FloatArray  # shape (issues,)
    present: NDArray[np.bool_]  # (actors, issues): the actor has a stated position


def scenario_arrays(scenario: Scenario) -> ScenarioArrays:
    """Return the scenario's numbers as arrays in the order of its actors and issues."""
    actors = tuple(a.id for a in scenario.actors)
    issues = tuple(i.id for i in scenario.issues)
    n_a, n_i = len(actors), len(issues)
    sq = np.array([scenario.status_quo_on(i).value for i in issues], dtype=np.float64)
    sq_lo = np.array([scenario.status_quo_on(i).value_range[0] for i in issues])
    sq_hi = np.array([scenario.status_quo_on(i).value_range[1] for i in issues])
    fields = {
        name: [np.zeros((n_a, n_i)) for _ in range(3)]
        for name in ("position", "salience", "capability")
    }
    for k in range(3):
        fields["position"][k][:] = sq
    present = np.zeros((n_a, n_i), dtype=bool)
    a_index = {a: n for n, a in enumerate(actors)}
    i_index = {i: n for n, i in enumerate(issues)}
    for p in scenario.positions:
        a, i = a_index[p.actor], i_index[p.issue]
        present[a, i] = True
        for name, value, rng in (
            ("position", p.position, p.position_range),
            ("salience", p.salience, p.salience_range),
            ("capability", p.capability, p.capability_range),
        ):
            fields[name][0][a, i] = value
            fields[name][1][a, i] = rng[0]
            fields[name][2][a, i] = rng[1]
    return ScenarioArrays(
        actors=actors,
        issues=issues,
        position=Ranged(*fields["position"]),
        salience=Ranged(*fields["salience"]),
        capability=Ranged(*fields["capability"]),
        status_quo=Ranged(sq, sq_lo, sq_hi),
        scale_min=np.array([scenario.issue(i).scale.min for i in issues], dtype=np.float64),
        scale_max=np.array([scenario.issue(i).scale.max for i in issues], dtype=np.float64),
        present=present,
    )


def triangular(rng: np.random.Generator, r: Ranged, draws: int) -> FloatArray:
    """Draw ``draws`` samples of every element of ``r`` (new leading axis of size ``draws``).

    Uses inverse-CDF sampling of the triangular distribution so that degenerate ranges
    (``low == high``) return the value exactly and one uniform draw is used per element.
    """
    u = rng.random((draws, *r.value.shape))
    lo, mode, hi = r.low, r.value, r.high
    width = hi - lo
    safe = np.where(width > 0, width, 1.0)
    f = np.where(width > 0, (mode - lo) / safe, 0.5)
    left = lo + np.sqrt(u * safe * np.where(width > 0, mode - lo, 0.0))
    right = hi - np.sqrt((1.0 - u) * safe * np.where(width > 0, hi - mode, 0.0))
    out = np.where(u < f, left, right)
    return np.where(width > 0, out, mode)


@dataclass(frozen=True)
class Draws:
    """Seeded draws of a scenario's numbers: (draws, actors, issues) and (draws, issues)."""

    position: FloatArray
    salience: FloatArray
    capability: FloatArray
    status_quo: FloatArray


def sample(arrays: ScenarioArrays, draws: int, seed: int) -> Draws:
    """Draw every uncertain number of a scenario ``draws`` times from one seed.

    The order of draws is fixed (position, salience, capability, status quo), so the same
    scenario, ``draws`` and ``seed`` give bit-identical arrays.
    """
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    rng = np.random.default_rng(seed)
    return Draws(
        position=triangular(rng, arrays.position, draws),
        salience=triangular(rng, arrays.salience, draws),
        capability=triangular(rng, arrays.capability, draws),
        status_quo=triangular(rng, arrays.status_quo, draws),
    )

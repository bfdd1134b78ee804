"""Roadmaps: how far an ordered sequence of packages gets, given the trust built on the way.

Pure array functions. A roadmap's phase ``k`` moves the process from the outcome reached so
far, ``z[k-1]`` (the status quo before phase 1), to the phase's package ``z[k]``. A party
that agrees to a phase risks being the *sucker*: it implements the terms that cost it (those
that move away from its position) while the others do not implement theirs. With ``tau`` the
probability that reciprocal cooperation holds over the phase (from the trust engine), party
``i`` weighs

    E_i = tau * [U_i(z[k]) - U_i(z[k-1])]  +  (1 - tau) * [U_i(s_i) - U_i(z[k-1])]

where ``s_i`` applies only ``i``'s own concessions. The phase passes in a draw when no
required party blocks it (``E_i >= -indifference``), and a draw reaches phase ``k`` when
every phase up to ``k`` passed. This formalises the policy paper's argument that trust built
first makes later, harder steps acceptable (Touch and Lin 2022, recommendation 1), using the
sucker's payoff of the trust game (Kydd 2005, *Trust and Mistrust in International Relations*,
Princeton University Press) as what distrust puts at risk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from panmun.proposals.utility import FloatArray, own_utilities, utilities


def sucker_outcome(previous: FloatArray, package: FloatArray, position: FloatArray) -> FloatArray:
    """Return, for every actor, the package with only that actor's own concessions applied.

    Shapes: ``previous`` and ``package`` ``(..., issues)``; ``position``
    ``(..., actors, issues)``; result ``(..., actors, issues)``.
    """
    prev, new = previous[..., None, :], package[..., None, :]
    costly = np.abs(new - position) > np.abs(prev - position)
    return np.where(costly, new, prev)


def expected_gain(
    previous: FloatArray,
    package: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    width: FloatArray,
    tau: FloatArray | float,
) -> FloatArray:
    """Return each actor's trust-weighted gain of moving to ``package``, shape (..., actors)."""
    u_prev = utilities(previous, position, salience, width)
    u_full = utilities(package, position, salience, width)
    sucker = sucker_outcome(previous, package, position)
    u_sucker = own_utilities(sucker, position, salience, width)
    t = np.asarray(tau, dtype=np.float64)[..., None] if np.ndim(tau) else float(tau)
    return np.asarray(t * (u_full - u_prev) + (1.0 - t) * (u_sucker - u_prev), dtype=np.float64)


@dataclass(frozen=True)
class RoadmapDraws:
    """Per-phase results over draws."""

    p_reach: FloatArray  # (phases,): probability of completing phases 1..k
    p_pass: FloatArray  # (phases,): probability phase k passes, given it is reached
    p_block: FloatArray  # (phases, actors): probability each actor blocks phase k when reached
    reached: NDArray[np.bool_]  # (draws, phases)


def roadmap_draws(
    packages: FloatArray,
    status_quo: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    width: FloatArray,
    tau: FloatArray,
    required: NDArray[np.bool_],
    indifference: float = 0.01,
) -> RoadmapDraws:
    """Walk every draw through the phases at once.

    Parameters
    ----------
    packages
        Shape ``(phases, draws, issues)``.
    status_quo
        Shape ``(draws, issues)``.
    position, salience
        Shape ``(draws, actors, issues)``.
    width
        Shape ``(issues,)``.
    tau
        Shape ``(phases,)`` or ``(phases, draws)``: probability that cooperation holds.
    required
        Shape ``(actors,)``.
    """
    n_p, n_d = packages.shape[0], packages.shape[1]
    reached = np.zeros((n_d, n_p), dtype=bool)
    p_block = np.zeros((n_p, position.shape[1]))
    p_pass = np.zeros(n_p)
    alive = np.ones(n_d, dtype=bool)
    previous = status_quo
    for k in range(n_p):  # phases are sequential by nature; draws and actors are vectorised
        tk = tau[k] if np.ndim(tau[k]) else np.full(n_d, float(tau[k]))
        e = expected_gain(previous, packages[k], position, salience, width, tk)
        blocks = e < -indifference
        passes = ~np.any(blocks[:, required], axis=1)
        n_alive = max(int(alive.sum()), 1)
        p_block[k] = (blocks & alive[:, None]).sum(axis=0) / n_alive
        p_pass[k] = float((passes & alive).sum() / n_alive) if alive.any() else 0.0
        alive = alive & passes
        reached[:, k] = alive
        previous = packages[k]
    return RoadmapDraws(
        p_reach=reached.mean(axis=0), p_pass=p_pass, p_block=p_block, reached=reached
    )

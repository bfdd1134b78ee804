"""Evaluate a package against every actor: who accepts, who blocks, and at what price.

Pure functions over arrays. An actor *accepts* a package when its utility gain over the
status quo (its alternative to agreement) exceeds ``indifference``, *blocks* when the gain is
below ``-indifference``, and is *indifferent* otherwise. Utilities are those of
:mod:`panmun.proposals.utility`.

Spoiler analysis: an actor's *clout* on a package is its capability weighted by salience,
averaged over the issues the package changes (``mean_k c_ik s_ik``); the package "holds"
when the acceptors' total clout exceeds the blockers'. This follows the policy paper's
argument that a settlement needs the powers that can block it (Touch and Lin 2022), with the
capability-times-salience weighting of the bargaining literature; it is a screening device,
not a model of how blocking works.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from panmun.proposals.utility import FloatArray, gains

ACCEPT, INDIFFERENT, BLOCK = 1, 0, -1


def decisions(gain: FloatArray, indifference: float) -> NDArray[np.int8]:
    """Return +1 (accept), 0 (indifferent) or -1 (block) for each gain."""
    out = np.where(gain > indifference, ACCEPT, np.where(gain < -indifference, BLOCK, 0))
    return np.asarray(out, dtype=np.int8)


def clout(capability: FloatArray, salience: FloatArray, changed: NDArray[np.bool_]) -> FloatArray:
    """Return each actor's clout on the changed issues, shape ``(..., actors)``.

    ``changed`` has shape ``(..., issues)``; ``capability`` and ``salience``
    ``(..., actors, issues)``.
    """
    n = np.maximum(changed.sum(axis=-1), 1)[..., None]
    weighted = (capability * salience * changed[..., None, :]).sum(axis=-1)
    return np.asarray(weighted / n, dtype=np.float64)


@dataclass(frozen=True)
class Evaluation:
    """Deterministic evaluation of one package (arrays indexed by actor)."""

    gain: FloatArray
    decision: NDArray[np.int8]
    clout: FloatArray
    support: float  # total clout of acceptors
    opposition: float  # total clout of blockers
    all_required_accept: bool


def evaluate(
    outcome: FloatArray,
    status_quo: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    capability: FloatArray,
    width: FloatArray,
    required: NDArray[np.bool_],
    indifference: float = 0.01,
) -> Evaluation:
    """Evaluate one package (``outcome``, shape ``(issues,)``) for every actor."""
    g = gains(outcome, status_quo, position, salience, width)
    d = decisions(g, indifference)
    changed = ~np.isclose(outcome, status_quo)
    c = clout(capability, salience, changed)
    return Evaluation(
        gain=g,
        decision=d,
        clout=c,
        support=float(c[d == ACCEPT].sum()),
        opposition=float(c[d == BLOCK].sum()),
        all_required_accept=bool(np.all(d[required] == ACCEPT)),
    )


@dataclass(frozen=True)
class Move:
    """One change to a package's term on an issue."""

    issue: int
    old: float
    new: float


def smallest_concession(
    outcome: FloatArray,
    status_quo: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    width: FloatArray,
    indifference: float = 0.01,
) -> tuple[list[Move], float]:
    """Return the smallest change to a package that brings one actor in, and its deficit.

    Parameters
    ----------
    position, salience
        Shape ``(issues,)`` for one actor.

    Returns
    -------
    moves, deficit
        ``deficit`` is how much utility the actor lacks to accept (0 if it already does): the
        size of a side payment from outside the bargaining space that would bring it in.
        ``moves`` is the package change of least total size (in shares of each issue's
        scale) that closes the deficit instead; empty if none can.

    Notes
    -----
    Moving term ``k`` towards the actor by ``d`` shares of its scale raises the actor's
    utility by ``d * s_k / sum(s)`` until the term reaches its position, so the cheapest
    route moves the issues it cares most about first: a fractional-knapsack greedy, optimal
    for this linear objective.
    """
    pos, sal = position[None, :], salience[None, :]
    g = float(gains(outcome, status_quo, pos, sal, width)[0])
    need = indifference - g
    if need < 0 or sal.sum() == 0:
        return [], 0.0
    share = salience / salience.sum()
    moves: list[Move] = []
    z = outcome.copy()
    left = need + 1e-12
    for k in sorted(range(len(z)), key=lambda k: (-share[k], k)):
        if left <= 0 or share[k] == 0:
            break
        room = abs(position[k] - z[k]) / width[k]  # in scale shares
        take = min(room, left / share[k])
        if take <= 0:
            continue
        new = z[k] + np.sign(position[k] - z[k]) * take * width[k]
        moves.append(Move(issue=k, old=float(z[k]), new=float(new)))
        z[k] = new
        left -= take * share[k]
    if left > 1e-9:
        return [], float(need)
    return moves, float(need)


@dataclass(frozen=True)
class AcceptanceDraws:
    """Monte Carlo summary of one package over draws of the inputs."""

    p_accept: FloatArray  # (actors,)
    p_block: FloatArray  # (actors,)
    p_all_required: float
    p_support_outweighs: float
    mean_gain: FloatArray  # (actors,)


def acceptance_draws(
    outcome: FloatArray,
    status_quo: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    capability: FloatArray,
    width: FloatArray,
    required: NDArray[np.bool_],
    indifference: float = 0.01,
) -> AcceptanceDraws:
    """Evaluate a package on every draw at once.

    ``outcome`` and ``status_quo`` have shape ``(draws, issues)``; ``position``, ``salience``
    and ``capability`` ``(draws, actors, issues)``.
    """
    g = gains(outcome, status_quo, position, salience, width)
    d = decisions(g, indifference)
    c = clout(capability, salience, ~np.isclose(outcome, status_quo))
    support = np.where(d == ACCEPT, c, 0.0).sum(axis=-1)
    opposition = np.where(d == BLOCK, c, 0.0).sum(axis=-1)
    return AcceptanceDraws(
        p_accept=(d == ACCEPT).mean(axis=0),
        p_block=(d == BLOCK).mean(axis=0),
        p_all_required=float(np.all(d[:, required] == ACCEPT, axis=-1).mean()),
        p_support_outweighs=float((support > opposition).mean()),
        mean_gain=g.mean(axis=0),
    )

"""Actors' utilities for outcomes on several issue dimensions (pure array functions).

An outcome ``z`` is a point on every issue scale. Actor ``i``'s utility is the negative,
salience-weighted distance between ``z`` and its positions, each issue's distance divided by
the width of its scale, and the whole divided by the actor's total salience:

    U_i(z) = - sum_k s_ik |z_k - x_ik| / w_k  /  sum_k s_ik

so every utility lies in [-1, 0] and 0 means "everything as I want it". Distances are
absolute and scaled by the range of the issue, as in the expected-utility model's
``|x_i - x_j| / R`` (Scholz, Calbert and Smith 2011); across issues they are added with the
actor's saliences as weights (a salience-weighted city-block utility). Being linear between
positions, it keeps the package search below a convex problem. Actors without a stated
position on an issue have salience 0 there and so no stake in it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def utilities(
    outcome: FloatArray, position: FloatArray, salience: FloatArray, width: FloatArray
) -> FloatArray:
    """Return each actor's utility of an outcome.

    Parameters
    ----------
    outcome
        Shape ``(..., issues)``: one point per issue (leading axes, e.g. draws, broadcast).
    position, salience
        Shape ``(..., actors, issues)``.
    width
        Shape ``(issues,)``: scale maximum minus minimum.

    Returns
    -------
    ndarray
        Shape ``(..., actors)``, values in [-1, 0].
    """
    return own_utilities(outcome[..., None, :], position, salience, width)


def own_utilities(
    points: FloatArray, position: FloatArray, salience: FloatArray, width: FloatArray
) -> FloatArray:
    """Return each actor's utility of its own outcome (``points``: shape (..., actors, issues)).

    :func:`utilities` is the case where every actor faces the same outcome; roadmaps also need
    outcomes that differ by actor (what each would face if only it kept its word).
    """
    dist = np.abs(points - position) / width
    total = salience.sum(axis=-1)
    weighted = (salience * dist).sum(axis=-1)
    return np.where(total > 0, -weighted / np.where(total > 0, total, 1.0), 0.0)


def gains(
    outcome: FloatArray,
    status_quo: FloatArray,
    position: FloatArray,
    salience: FloatArray,
    width: FloatArray,
) -> FloatArray:
    """Return each actor's utility gain of ``outcome`` over the status quo, shape (..., actors)."""
    return utilities(outcome, position, salience, width) - utilities(
        status_quo, position, salience, width
    )

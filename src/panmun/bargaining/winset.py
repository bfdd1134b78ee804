"""Who must consent: the win-set of the status quo and the feasible outcome on one issue.

A *veto player* is an actor whose agreement is needed to change the status quo (Tsebelis
2002, *Veto Players: How Political Institutions Work*, ch. 1). The *win-set* of the status
quo ``q`` is the set of outcomes that every veto player weakly prefers to ``q``. With one
dimension and single-peaked, symmetric utilities (here: minus the distance from the actor's
stated position, the utility of :mod:`panmun.proposals.utility` restricted to one issue, where
salience only rescales it), veto player ``i`` at ``x_i`` accepts ``z`` exactly when
``|z - x_i| <= |q - x_i|``: the interval between ``q`` and its reflection ``2 x_i - q``. The
win-set is the intersection of these intervals (Tsebelis 2002, ch. 1, fig. 1.3): bounded by
the veto player nearest to ``q`` on each side, and the single point ``q`` when ``q`` lies
between two veto players (or on one).

The *feasible outcome* is the bargaining forecast moved to the nearest point of the win-set.
That is panmun's reading, not Tsebelis's: the veto-players theory says which outcomes can
replace the status quo, not which one will; panmun takes the bargaining models as the force
that picks a point and consent as the constraint on where it can land. With no veto player
the win-set is the whole scale and the feasible outcome is the unconstrained forecast.

Pure functions over arrays; every argument may carry leading batch (draw) axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.intp]]


@dataclass(frozen=True)
class WinSet:
    """The win-set ``[low, high]`` of the status quo, batch-shaped like the status quo.

    ``low_player`` and ``high_player`` are the indices (into the veto players) of the players
    whose interval bounds the win-set below and above (of several, the one nearest to the
    status quo); -1 where the scale bounds it.
    """

    low: FloatArray
    high: FloatArray
    low_player: IntArray
    high_player: IntArray

    @property
    def empty(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """True where the win-set holds no point but the status quo itself."""
        return np.asarray(self.high - self.low <= 0.0)


def win_set(
    status_quo: FloatArray | float,
    veto_positions: FloatArray,
    scale: tuple[float, float],
) -> WinSet:
    """Return the win-set of the status quo for the veto players at ``veto_positions``.

    Parameters
    ----------
    status_quo
        The status quo, shape ``(...)``.
    veto_positions
        The veto players' stated positions, shape ``(..., V)``; ``V`` may be 0.
    scale
        The issue's (min, max): the win-set never leaves the scale.

    Examples
    --------
    One veto player at 30 and a status quo at 10: it accepts anything from 10 to 50.

    >>> w = win_set(10.0, np.array([30.0]), (0.0, 100.0))
    >>> float(w.low), float(w.high)
    (10.0, 50.0)

    Veto players on both sides of the status quo: nothing can move it.

    >>> w = win_set(50.0, np.array([20.0, 70.0]), (0.0, 100.0))
    >>> float(w.low), float(w.high), bool(w.empty)
    (50.0, 50.0, True)
    """
    q = np.asarray(status_quo, dtype=np.float64)
    x = np.asarray(veto_positions, dtype=np.float64)
    lo_scale, hi_scale = scale
    if x.shape[-1] == 0:
        shape = q.shape
        return WinSet(
            low=np.full(shape, lo_scale),
            high=np.full(shape, hi_scale),
            low_player=np.full(shape, -1, dtype=np.intp),
            high_player=np.full(shape, -1, dtype=np.intp),
        )
    reflected = 2.0 * x - q[..., None]
    lower = np.minimum(q[..., None], reflected)  # each player's lower end
    upper = np.maximum(q[..., None], reflected)
    low = lower.max(axis=-1)
    high = upper.min(axis=-1)
    # Among the players whose interval ends at the bound (several do when the status quo
    # itself is the bound), name the one nearest to the status quo (Tsebelis 2002, ch. 1).
    near = -np.abs(x - q[..., None])
    low_player = np.argmax(np.where(lower == low[..., None], near, -np.inf), axis=-1)
    high_player = np.argmax(np.where(upper == high[..., None], near, -np.inf), axis=-1)
    scale_low, scale_high = low <= lo_scale, high >= hi_scale
    return WinSet(
        low=np.maximum(low, lo_scale),
        high=np.minimum(high, hi_scale),
        low_player=np.where(scale_low, -1, low_player).astype(np.intp),
        high_player=np.where(scale_high, -1, high_player).astype(np.intp),
    )


def feasible_outcome(forecast: FloatArray | float, ws: WinSet) -> FloatArray:
    """Return the point of the win-set nearest to the bargaining forecast.

    >>> w = win_set(10.0, np.array([30.0]), (0.0, 100.0))
    >>> float(feasible_outcome(80.0, w)), float(feasible_outcome(35.0, w))
    (50.0, 35.0)
    """
    return np.asarray(np.clip(np.asarray(forecast, dtype=np.float64), ws.low, ws.high))


def binding_player(forecast: FloatArray | float, ws: WinSet) -> IntArray:
    """Index of the veto player that stops the move towards the forecast; -1 if none does.

    A player binds when the forecast lies outside the win-set on the side that player bounds.
    """
    f = np.asarray(forecast, dtype=np.float64)
    out = np.where(f > ws.high, ws.high_player, np.where(f < ws.low, ws.low_player, -1))
    return np.asarray(out, dtype=np.intp)

"""Did the bargaining settle? Classify a run's last rounds as settled, cycling or moving.

The expected-utility model has no fixed point guarantee: actors can swap places round after
round (Scholz, Calbert and Smith 2011 run it for a set number of rounds, and the weighted
median of their Table 2 rises, holds and falls again). Reading the last round of a cycle as
a point forecast would report whichever phase of the cycle the round count happened to end
on. panmun therefore classifies every run
(every Monte Carlo draw) by the positions of all actors in its last rounds:

* **settled**: no actor moved by more than ``tol`` in the last round;
* **cycling** with period ``p`` (2 <= p): the last ``p`` states repeat the ``p`` before them,
  each actor within ``tol`` (the smallest such ``p`` is reported); a run needs ``2p - 1``
  rounds to show a cycle of period ``p``;
* **converging**: not settled and not cycling, but the largest move of the last three rounds
  shrinks from each round to the next, so the run is closing in on a point;
* **moving**: none of these; the positions still change, the moves do not shrink and the
  states do not repeat, so the run has not settled and the last round is one of many.

This is a period test on the finite sequence of states: compare the state at round
``T - k`` with the state at ``T - k - p`` for every ``k < p``. ``tol`` defaults to 0.1 % of
the scale width, well below the one-point precision with which positions are stated. For
each run the *forecast range* is the range of the weighted median over the last ``p``
rounds of a cycle, or over the last four rounds of a run that is converging or still
moving, so a cycling forecast is reported with the values it cycles over.

Pure functions over arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.intp]]

SETTLED, CONVERGING, CYCLING, MOVING = 0, 1, 2, 3
STATUS_NAMES = ("settled", "converging", "cycling", "moving")
#: Default tolerance, as a share of the issue's scale width.
DEFAULT_TOLERANCE = 1e-3
#: Rounds over which a run that is still moving reports its forecast range.
MOVING_WINDOW = 4


@dataclass(frozen=True)
class Convergence:
    """Per run (draw): status code, cycle period (0 unless cycling) and forecast range."""

    status: IntArray
    period: IntArray
    forecast_low: FloatArray
    forecast_high: FloatArray

    def share(self, status: int) -> float:
        """Share of runs with this status."""
        return float(np.mean(self.status == status)) if self.status.size else 0.0


def classify(positions: FloatArray, medians: FloatArray, tol: float) -> Convergence:
    """Classify each run of a batch by its last rounds.

    Parameters
    ----------
    positions
        Shape ``(T + 1, B, N)``: every actor's position per round (round 0 is the input).
    medians
        Shape ``(T + 1, B)``: the forecast (weighted median) per round.
    tol
        Largest move, in scale units, that counts as standing still.

    Examples
    --------
    Two actors swapping places every round cycle with period 2:

    >>> import numpy as np
    >>> x = np.array([[0.0, 10.0], [10.0, 0.0]] * 3)[:, None, :]
    >>> m = np.array([0.0, 10.0] * 3)[:, None]
    >>> c = classify(x, m, 1e-6)
    >>> STATUS_NAMES[int(c.status[0])], int(c.period[0]), float(c.forecast_high[0])
    ('cycling', 2, 10.0)
    """
    x = np.asarray(positions, dtype=np.float64)
    m = np.asarray(medians, dtype=np.float64)
    t_last = x.shape[0] - 1
    batch = x.shape[1]
    status = np.full(batch, MOVING, dtype=np.intp)
    period = np.zeros(batch, dtype=np.intp)
    window = min(MOVING_WINDOW, t_last + 1)
    low = m[-window:].min(axis=0)
    high = m[-window:].max(axis=0)
    if t_last == 0:
        status[:] = SETTLED
        return Convergence(status, period, m[-1].copy(), m[-1].copy())
    steps = np.max(np.abs(np.diff(x, axis=0)), axis=-1)  # (T, B): largest move per round
    still = steps[-1] <= tol
    status[still] = SETTLED
    low = np.where(still, m[-1], low)
    high = np.where(still, m[-1], high)
    undecided = ~still
    for p in range(2, (t_last + 1) // 2 + 1):
        repeats = np.ones(batch, dtype=bool)
        for k in range(p):
            step = np.max(np.abs(x[t_last - k] - x[t_last - k - p]), axis=-1)
            repeats &= step <= tol
        found = undecided & repeats
        if found.any():
            status[found] = CYCLING
            period[found] = p
            tail = m[t_last - p + 1 :]
            low = np.where(found, tail.min(axis=0), low)
            high = np.where(found, tail.max(axis=0), high)
            undecided &= ~found
    if t_last >= 3:
        shrinking = (steps[-1] < steps[-2]) & (steps[-2] < steps[-3])
        status[undecided & shrinking] = CONVERGING
    return Convergence(status, period, low, high)

"""Analytic results: thresholds of the shadow of the future, generosity, errors, exact payoffs.

Closed forms from the literature sit beside an exact method for any two compiled strategies:
the pair of automata under noise is a Markov chain on joint states, so expected payoffs over a
fixed horizon, under a continuation probability, or in the long run follow from its transition
matrix without sampling. The Monte Carlo of :mod:`panmun.trust.simulate` is tested against it.
Functions accept a batch of noise levels and payoffs (one per row) so that the uncertainty
analysis of :mod:`panmun.trust.interventions` runs in one call.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from panmun.errors import InputError
from panmun.trust.automaton import Automaton
from panmun.trust.game import Game, Payoffs, optimal_generosity
from panmun.trust.strategies import Alternator, AlwaysDefect

FloatArray = np.ndarray[Any, np.dtype[np.float64]]

__all__ = [
    "expected_payoffs",
    "expected_rounds_to_first_error",
    "grim_threshold",
    "long_run_payoffs",
    "optimal_generosity",
    "probability_error_free",
    "self_enforcing_gain",
    "tft_long_run_payoff",
    "tft_threshold",
    "thresholds",
    "wsls_threshold",
]

#: Deviations checked by :func:`self_enforcing_gain`: the two of Axelrod's (1984, ch. 3) proof.
DEVIATIONS = (AlwaysDefect(), Alternator(first="d"))

_SWAP = np.array([0, 2, 1, 3])  # outcome seen by the other side: (mine, theirs) -> (theirs, mine)


def tft_threshold(payoffs: Payoffs) -> float:
    """Minimum ``w`` for which tit for tat is collectively stable.

    ``w* = max((T - R) / (T - P), (T - R) / (R - S))`` (Axelrod 1984, ch. 3, Proposition 2;
    Axelrod and Hamilton 1981): below it, either unconditional defection (first term) or
    alternating defection and cooperation (second term) does better against tit for tat.

    Examples
    --------
    >>> round(tft_threshold(Payoffs()), 4)
    0.6667
    """
    payoffs.require_dilemma(reason="the tit-for-tat threshold is defined for a dilemma")
    t, r, p, s = payoffs.as_tuple()
    return max((t - r) / (t - p), (t - r) / (r - s))


def grim_threshold(payoffs: Payoffs) -> float:
    """Minimum ``w`` for which grim trigger sustains cooperation: ``(T - R) / (T - P)``.

    One defection earns ``T`` once and ``P`` for ever after instead of ``R`` for ever
    (Friedman 1971); cooperation is an equilibrium when ``R / (1 - w) >= T + w P / (1 - w)``.

    Examples
    --------
    >>> grim_threshold(Payoffs())
    0.5
    """
    payoffs.require_dilemma(reason="the grim-trigger threshold is defined for a dilemma")
    t, r, p, _ = payoffs.as_tuple()
    return (t - r) / (t - p)


def wsls_threshold(payoffs: Payoffs) -> float:
    """Minimum ``w`` for which win-stay, lose-shift paired with itself resists deviation.

    A one-round deviation from mutual cooperation earns ``T`` and then ``P`` while both shift
    back, instead of ``R`` twice: unprofitable when ``T + w P <= R + w R``, i.e.
    ``w >= (T - R) / (R - P)``; the same condition covers deviating while both are punishing.
    The threshold is below 1 only if ``2R > T + P`` (Nowak and Sigmund 1993 note that
    win-stay, lose-shift needs this), so with the classic payoffs it is exactly 1.

    Examples
    --------
    >>> wsls_threshold(Payoffs(T=4, R=3, P=1, S=0))
    0.5
    """
    payoffs.require_dilemma(reason="the win-stay, lose-shift threshold is defined for a dilemma")
    t, r, p, _ = payoffs.as_tuple()
    return (t - r) / (r - p)


def expected_rounds_to_first_error(noise: float) -> float:
    """Expected number of rounds up to and including the first flipped move (either side).

    Each round is error-free with probability ``(1 - e)**2``, so the first error comes after a
    geometric number of rounds with mean ``1 / (1 - (1 - e)**2)``; ``inf`` when ``e = 0``.

    Examples
    --------
    >>> round(expected_rounds_to_first_error(0.05), 2)
    10.26
    """
    p = 1.0 - (1.0 - noise) ** 2
    return math.inf if p == 0.0 else 1.0 / p


def probability_error_free(game: Game) -> float:
    """Probability that no move is flipped during a whole match of ``game``.

    ``(1 - e)**(2N)`` for a horizon of ``N`` rounds; with continuation probability ``w``,
    ``sum_n (1 - w) w**(n - 1) q**n = (1 - w) q / (1 - w q)`` where ``q = (1 - e)**2``.
    """
    q = (1.0 - game.noise) ** 2
    if game.rounds is not None:
        return float(q**game.rounds)
    w = float(game.continuation or 0.0)
    return (1.0 - w) * q / (1.0 - w * q)


def tft_long_run_payoff(payoffs: Payoffs) -> float:
    """Long-run payoff per round of tit for tat against itself under any noise ``0 < e < 1``.

    Each side copies the other's last move, so the pair of moves is permuted every round and
    then flipped at random: the chain on (CC, CD, DC, DD) is doubly stochastic and its stationary
    distribution uniform, whatever ``e`` (Molander 1985). The payoff is ``(T + R + P + S) / 4``.
    """
    return sum(payoffs.as_tuple()) / 4.0


def thresholds(payoffs: Payoffs) -> dict[str, float]:
    """The closed-form results for these payoffs, by name."""
    return {
        "tit_for_tat_min_w": tft_threshold(payoffs),
        "grim_trigger_min_w": grim_threshold(payoffs),
        "win_stay_lose_shift_min_w": wsls_threshold(payoffs),
        "generous_tit_for_tat_optimal_q": optimal_generosity(payoffs),
        "tit_for_tat_pair_long_run_payoff": tft_long_run_payoff(payoffs),
    }


# -- exact results for any pair of automata ---------------------------------------------------
def _batch(values: float | Any, n: int | None = None) -> FloatArray:
    arr = np.atleast_1d(np.asarray(values, dtype=np.float64))
    return np.broadcast_to(arr, (n if n is not None else arr.shape[0],)).copy()


def _payoff_rows(payoffs: Payoffs | Any) -> FloatArray:
    """Rows of payoffs by outcome (P, T, S, R) from Payoffs or an array of (T, R, P, S) rows."""
    if isinstance(payoffs, Payoffs):
        return np.asarray([payoffs.by_outcome()], dtype=np.float64)
    trps = np.atleast_2d(np.asarray(payoffs, dtype=np.float64))
    return trps[:, [2, 0, 3, 1]]


def _chain(a: Automaton, b: Automaton, noise: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Transition matrices ``(n, K, K)`` and outcome probabilities ``(n, K, 4)`` (a's view)."""
    na, nb = a.n_states, b.n_states
    pa = np.repeat(np.asarray(a.cooperate), nb)  # joint state k = sa * nb + sb
    pb = np.tile(np.asarray(b.cooperate), na)
    e = noise[:, None]
    qa = pa * (1 - e) + (1 - pa) * e  # probability the move played is C
    qb = pb * (1 - e) + (1 - pb) * e
    probs = np.stack([(1 - qa) * (1 - qb), (1 - qa) * qb, qa * (1 - qb), qa * qb], axis=-1)
    ta = np.asarray(a.transitions)
    tb = np.asarray(b.transitions)
    k = np.arange(na * nb)
    sa, sb = k // nb, k % nb
    n_joint = na * nb
    matrix = np.zeros((noise.shape[0], n_joint, n_joint))
    for o in range(4):
        nxt = ta[sa, o] * nb + tb[sb, _SWAP[o]]
        for j in range(n_joint):  # several outcomes may lead to the same joint state
            matrix[:, j, nxt[j]] += probs[:, j, o]
    return matrix, probs


def _rewards(probs: FloatArray, rows: FloatArray) -> tuple[FloatArray, FloatArray]:
    reward_a = np.einsum("nko,no->nk", probs, np.broadcast_to(rows, (probs.shape[0], 4)))
    rows_b = np.broadcast_to(rows[:, _SWAP], (probs.shape[0], 4))
    return reward_a, np.einsum("nko,no->nk", probs, rows_b)


def expected_payoffs(
    a: Automaton,
    b: Automaton,
    payoffs: Payoffs | Any,
    noise: float | Any = 0.0,
    rounds: int | Any | None = None,
    continuation: float | Any | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Exact expected total payoffs of two compiled strategies, for one or many parameter sets.

    Parameters
    ----------
    a, b
        The two parties' automata.
    payoffs
        :class:`Payoffs`, or an array of ``(T, R, P, S)`` rows (one per parameter set).
    noise
        Probability of a flipped move: one number or one per parameter set.
    rounds
        Fixed horizon (one or one per set); give this or ``continuation``.
    continuation
        Probability ``w < 1`` of another round (one or one per set).

    Returns
    -------
    tuple of arrays
        Expected total payoff of ``a`` and of ``b``, one entry per parameter set.

    Examples
    --------
    >>> from panmun.trust.strategies import TitForTat
    >>> tft = TitForTat().automaton(Payoffs())
    >>> va, vb = expected_payoffs(tft, tft, Payoffs(), continuation=0.9)
    >>> round(float(va[0]), 6)
    30.0
    """
    if (rounds is None) == (continuation is None):
        raise InputError(["give exactly one of rounds and continuation"])
    rows = _payoff_rows(payoffs)
    horizon = np.atleast_1d(np.asarray(rounds if rounds is not None else continuation))
    n = max(rows.shape[0], np.atleast_1d(np.asarray(noise)).shape[0], horizon.shape[0])
    eps = _batch(noise, n)
    rows = np.broadcast_to(rows, (n, 4))
    matrix, probs = _chain(a, b, eps)
    reward_a, reward_b = _rewards(probs, rows)
    start = a.initial * b.n_states + b.initial
    if continuation is not None:
        w = _batch(continuation, n)
        eye = np.eye(matrix.shape[1])
        system = eye[None] - w[:, None, None] * matrix
        rhs = np.stack([reward_a, reward_b], axis=-1)
        values = np.asarray(np.linalg.solve(system, rhs), dtype=np.float64)  # (I - wM) v = r
        return values[:, start, 0], values[:, start, 1]
    n_rounds = np.broadcast_to(np.asarray(rounds, dtype=np.int64), (n,))
    dist = np.zeros((n, matrix.shape[1]))
    dist[:, start] = 1.0
    total_a = np.zeros(n)
    total_b = np.zeros(n)
    for t in range(int(n_rounds.max())):
        live = t < n_rounds
        total_a += np.where(live, np.einsum("nk,nk->n", dist, reward_a), 0.0)
        total_b += np.where(live, np.einsum("nk,nk->n", dist, reward_b), 0.0)
        dist = np.einsum("nk,nkj->nj", dist, matrix)
    return total_a, total_b


def long_run_payoffs(
    a: Automaton, b: Automaton, payoffs: Payoffs, noise: float
) -> tuple[float, float]:
    """Long-run payoff per round of two compiled strategies under noise ``0 < e < 1``.

    Averages over the stationary distribution of the joint chain reached from the start
    (the Cesàro limit, which exists for any finite chain).

    Examples
    --------
    >>> from panmun.trust.strategies import TitForTat
    >>> tft = TitForTat().automaton(Payoffs())
    >>> [round(x, 6) for x in long_run_payoffs(tft, tft, Payoffs(), 0.1)]
    [2.25, 2.25]
    """
    if not 0.0 < noise < 1.0:
        raise InputError([f"noise: {noise!r} must be strictly between 0 and 1 for a long run"])
    matrix, probs = _chain(a, b, _batch(noise, 1))
    reward_a, reward_b = _rewards(probs, _payoff_rows(payoffs))
    m = matrix[0]
    # Cesàro limit from the start state by repeated squaring of the averaged chain.
    lazy = 0.5 * (np.eye(m.shape[0]) + m)  # same stationary distributions, aperiodic
    for _ in range(60):
        lazy = lazy @ lazy
        lazy /= lazy.sum(axis=1, keepdims=True)  # keep rows stochastic despite rounding
    dist = lazy[a.initial * b.n_states + b.initial]
    return float(dist @ reward_a[0]), float(dist @ reward_b[0])


def self_enforcing_gain(
    a: Automaton,
    b: Automaton,
    payoffs: Payoffs | Any,
    noise: float | Any = 0.0,
    rounds: int | Any | None = None,
    continuation: float | Any | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Best gain from deviating to defection or to alternation, for each side.

    For side ``a``: the largest expected total of a deviation (always defect; alternate D, C,
    D, ...) against ``b``'s strategy, minus ``a``'s expected total when it keeps its own
    strategy; likewise for ``b``. A pair is self-enforcing where both gains are <= 0. With no
    noise and tit for tat on both sides this reproduces :func:`tft_threshold` (Axelrod 1984,
    ch. 3); with noise it accounts for the errors, which the closed forms do not.

    Returns
    -------
    tuple of arrays
        Gain of the best deviation for ``a`` and for ``b`` (one entry per parameter set).
    """
    keep_a, keep_b = expected_payoffs(a, b, payoffs, noise, rounds, continuation)
    best_a = np.full_like(keep_a, -np.inf)
    best_b = np.full_like(keep_b, -np.inf)
    for deviation in DEVIATIONS:
        dev = deviation.automaton(Payoffs())
        dev_a, _ = expected_payoffs(dev, b, payoffs, noise, rounds, continuation)
        _, dev_b = expected_payoffs(a, dev, payoffs, noise, rounds, continuation)
        best_a = np.maximum(best_a, dev_a)
        best_b = np.maximum(best_b, dev_b)
    return best_a - keep_a, best_b - keep_b

"""The chance that every lapse of cooperation is repaired, computed exactly.

The trust engine (:mod:`panmun.trust.interventions`) estimates, for each draw of a
relationship's numbers, the probability that a match never spends more than
``repair_window`` rounds in a row without mutual cooperation, by simulating matches
(:func:`panmun.trust.simulate.play`). A variance-based sensitivity analysis needs a
deterministic function of the inputs: simulated matches would add noise that the indices
would book against the relationship's inputs. This module computes the same probability
exactly, as the trust engine's analytic module computes expected payoffs
(:mod:`panmun.trust.analytic`): the pair of automata under noise is a Markov chain on joint
states; adding the length ``r`` of the current lapse (0 after mutual cooperation, ``r + 1``
after any other outcome) and dropping the states with ``r > repair_window`` gives a
sub-stochastic matrix ``Q`` whose mass after ``n`` rounds, ``S_n = pi_0 Q^n 1``, is the
probability that the first ``n`` rounds sustained cooperation. With a fixed horizon ``N`` the
answer is ``S_N``; with a continuation probability ``w`` (match lengths geometric on 1, 2,
..., as the engine draws them) it is
``sum_n (1 - w) w^(n-1) S_n = (1 - w) pi_0 Q (I - w Q)^-1 1``.

Where this differs from its reference: the engine cuts simulated matches at 10,000 rounds
(``max_rounds``); here lengths are not cut, which changes the answer by at most
``w ** 10000`` (below 5e-5 for ``w <= 0.999``). ``tests/sensitivity/test_trust_exact.py``
checks the two against each other within Monte Carlo error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from panmun.sensitivity.records import FloatArray
from panmun.trust.automaton import Automaton
from panmun.trust.game import CC

_SWAP = (0, 2, 1, 3)  # an outcome seen from the other side: (mine, theirs) -> (theirs, mine)


def _relabel(row: tuple[int, int, int, int], block: dict[int, float]) -> tuple[int, int, int, int]:
    return int(block[row[0]]), int(block[row[1]]), int(block[row[2]]), int(block[row[3]])


def minimal(auto: Automaton) -> Automaton:
    """The smallest automaton that plays like ``auto`` (Moore's partition refinement).

    States unreachable from the initial one are dropped, and states that cooperate with the
    same probability and lead, outcome by outcome, to equivalent states are merged: tit for
    tat, compiled as a memory-one rule with five states, becomes two. The joint chain of two
    strategies then has a few states instead of dozens, and :func:`sustained_probability`
    solves systems of that size.

    >>> from panmun.trust.game import Payoffs
    >>> from panmun.trust.strategies import TitForTat
    >>> tft = TitForTat().automaton(Payoffs())
    >>> tft.n_states, minimal(tft).n_states
    (5, 2)
    """
    reach, todo = [auto.initial], [auto.initial]
    while todo:
        for nxt in auto.transitions[todo.pop()]:
            if nxt not in reach:
                reach.append(nxt)
                todo.append(nxt)
    block = {s: auto.cooperate[s] for s in reach}
    count = len(set(block.values()))
    while True:
        signature = {s: (block[s], *(block[t] for t in auto.transitions[s])) for s in reach}
        labels: dict[tuple[float, ...], int] = {}
        for s in reach:  # blocks numbered in order of first reach: the result is deterministic
            labels.setdefault(signature[s], len(labels))
        refined = {s: float(labels[signature[s]]) for s in reach}
        if len(labels) == count:
            break
        block, count = refined, len(labels)
    first: dict[int, int] = {}
    for s in reach:
        first.setdefault(int(refined[s]), s)
    order = sorted(first)
    return Automaton(
        cooperate=tuple(auto.cooperate[first[b]] for b in order),
        transitions=tuple(_relabel(auto.transitions[first[b]], refined) for b in order),
        initial=int(refined[auto.initial]),
    )


def _lapse_chain(a: Automaton, b: Automaton, noise: FloatArray, window: int) -> FloatArray:
    """The sub-stochastic matrices ``(n, S, S)`` over (joint state, lapse length) states.

    Joint state ``k = state_a * n_b + state_b`` as in :mod:`panmun.trust.analytic`; state
    ``(k, r)`` has index ``k * (window + 1) + r``.
    """
    na, nb = a.n_states, b.n_states
    joint = na * nb
    runs = window + 1
    pa = np.repeat(np.asarray(a.cooperate, dtype=np.float64), nb)
    pb = np.tile(np.asarray(b.cooperate, dtype=np.float64), na)
    e = noise[:, None]
    qa = pa * (1 - e) + (1 - pa) * e  # probability that the move played is C
    qb = pb * (1 - e) + (1 - pb) * e
    # outcomes from a's side, own move first: DD, DC, CD, CC
    probs = np.stack([(1 - qa) * (1 - qb), (1 - qa) * qb, qa * (1 - qb), qa * qb], axis=-1)
    ta, tb = np.asarray(a.transitions), np.asarray(b.transitions)
    q = np.zeros((noise.shape[0], joint * runs, joint * runs))
    for k in range(joint):
        sa, sb = divmod(k, nb)
        for o in range(4):
            nxt = int(ta[sa, o]) * nb + int(tb[sb, _SWAP[o]])
            for r in range(runs):
                r_next = 0 if o == CC else r + 1
                if r_next < runs:
                    q[:, k * runs + r, nxt * runs + r_next] += probs[:, k, o]
    return q


def sustained_probability(
    a: Automaton,
    b: Automaton,
    noise: FloatArray | float,
    repair_window: int,
    *,
    rounds: Any = None,
    continuation: Any = None,
) -> FloatArray:
    """Probability that no lapse of mutual cooperation lasts more than ``repair_window`` rounds.

    Parameters
    ----------
    a, b
        The two sides' compiled strategies.
    noise
        Probability that a move is flipped, one per parameter set (or one for all).
    repair_window
        Longest run of rounds without mutual cooperation that still counts as repaired.
    rounds, continuation
        A fixed horizon per parameter set, or the continuation probability ``w`` per set (one
        of the two).

    Examples
    --------
    Without noise two tit-for-tat players cooperate throughout:

    >>> from panmun.trust.game import Payoffs
    >>> from panmun.trust.strategies import TitForTat
    >>> tft = TitForTat().automaton(Payoffs())
    >>> float(sustained_probability(tft, tft, 0.0, 6, continuation=0.9)[0])
    1.0
    """
    if (rounds is None) == (continuation is None):
        raise ValueError("give exactly one of rounds and continuation")
    horizon = np.atleast_1d(np.asarray(rounds if rounds is not None else continuation))
    eps = np.atleast_1d(np.asarray(noise, dtype=np.float64))
    n = max(eps.shape[0], horizon.shape[0])
    eps = np.broadcast_to(eps, (n,)).copy()
    a, b = minimal(a), minimal(b)
    q = _lapse_chain(a, b, eps, repair_window)
    size = q.shape[1]
    start = (a.initial * b.n_states + b.initial) * (repair_window + 1)
    if continuation is not None:
        w = np.broadcast_to(np.asarray(continuation, dtype=np.float64), (n,))
        system = np.eye(size)[None] - w[:, None, None] * q
        x = np.linalg.solve(system, np.ones((n, size, 1)))[..., 0]  # (I - w Q) x = 1
        return np.asarray((1.0 - w) * np.einsum("nj,nj->n", q[:, start, :], x), dtype=np.float64)
    steps = np.broadcast_to(np.asarray(rounds, dtype=np.int64), (n,))
    dist = np.zeros((n, size))
    dist[:, start] = 1.0
    out = np.zeros(n)
    for t in range(1, int(steps.max()) + 1):
        dist = np.einsum("nk,nkj->nj", dist, q)
        done = steps == t
        out[done] = dist[done].sum(axis=1)
    return out

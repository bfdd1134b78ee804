"""Vectorised Monte Carlo of the noisy repeated game: many matches at once, one seed.

All matches advance together, one round per step: each party's state is an integer array over
matches, its intended move a table look-up (or a comparison with a uniform draw for a
randomising state), the noise an independent flip per party and match, and the next state a
second look-up indexed by the outcome (:mod:`panmun.trust.strategies`). Moves are stored as
arrays of shape ``(matches, rounds)``. The code uses the array API standard through
``array-api-compat``, with NumPy as the default namespace; random numbers come from one NumPy
generator seeded with ``seed``, so the same seed gives the same output.

Noise and payoff conventions are those of the Axelrod library (Knight et al. 2016): each party's
intended move is flipped independently with probability ``noise``, and a match's score is the
total of its stage payoffs. With a continuation probability ``w`` each match's length is drawn
from the geometric distribution ``P(n) = w**(n - 1) * (1 - w)``, as ``axelrod.Match`` does with
``prob_end = 1 - w``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from panmun.errors import InputError
from panmun.trust.automaton import Automaton
from panmun.trust.game import CC, Game, Payoffs
from panmun.trust.registry import compile_strategy
from panmun.trust.strategies import Strategy

#: Upper bound on matches x rounds held in memory at once (two int8 arrays of that size).
MAX_CELLS = 200_000_000


#: Uniform numbers drawn at once (a block of rounds), to keep generator calls few.
_DRAWS_PER_BLOCK = 4_000_000


class _Tables:
    """An automaton as look-up arrays indexed by ``4 * state`` (+ outcome for transitions)."""

    def __init__(self, auto: Automaton, xp: Any) -> None:
        coop = np.repeat(np.asarray(auto.cooperate, dtype=np.float64), 4)
        nxt = 4 * np.asarray(auto.transitions, dtype=np.int64).reshape(-1)
        self.stochastic = auto.stochastic
        self.cooperate = xp.asarray(coop)
        self.cooperate_int = xp.asarray((coop > 0.5).astype(np.int64))
        self.next_offset = xp.asarray(nxt)


def default_namespace() -> Any:
    """Return the default array namespace: NumPy through ``array-api-compat``."""
    import array_api_compat.numpy as xp_numpy

    return xp_numpy


@dataclass(frozen=True)
class MatchResults:
    """What happened in a batch of matches.

    Attributes
    ----------
    actions_a, actions_b
        Moves played (after noise), shape ``(matches, rounds)``: 1 cooperate, 0 defect,
        -1 after the match has ended.
    lengths
        Rounds played in each match.
    scores_a, scores_b
        Total payoff of each party in each match.
    first_breakdown
        Index (from 0) of the first round without mutual cooperation, or -1 if there was none.
    recovered
        Whether mutual cooperation returned after the first breakdown, within the match.
    longest_lapse
        Longest run of consecutive rounds without mutual cooperation.
    truncated
        Number of matches whose drawn length exceeded ``max_rounds`` and was cut to it.
    """

    actions_a: Any
    actions_b: Any
    lengths: Any
    scores_a: Any
    scores_b: Any
    first_breakdown: Any
    recovered: Any
    longest_lapse: Any
    truncated: int
    xp: Any

    @property
    def n_matches(self) -> int:
        """Number of matches."""
        return int(self.lengths.shape[0])

    def _mean(self, x: Any) -> float:
        return float(self.xp.mean(self.xp.astype(x, self.xp.float64)))

    def _stderr(self, x: Any) -> float:
        if self.n_matches < 2:
            return math.nan
        sd = self.xp.std(self.xp.astype(x, self.xp.float64), correction=1)
        return float(sd) / math.sqrt(self.n_matches)

    def mean_score(self, side: int = 0) -> float:
        """Mean total payoff of side 0 (first party) or 1 (second party)."""
        return self._mean(self.scores_a if side == 0 else self.scores_b)

    def stderr(self, side: int = 0) -> float:
        """Standard error of :meth:`mean_score`."""
        return self._stderr(self.scores_a if side == 0 else self.scores_b)

    def _played(self, moves: Any) -> Any:
        xp = self.xp
        coop = xp.sum(xp.astype(moves == 1, xp.float64), axis=1)
        return coop / xp.astype(self.lengths, xp.float64)

    def cooperation_rate(self, side: int = 0) -> float:
        """Share of rounds in which the side cooperated, per match, averaged over matches."""
        return self._mean(self._played(self.actions_a if side == 0 else self.actions_b))

    def mutual_cooperation_rate(self) -> float:
        """Share of rounds with mutual cooperation, per match, averaged over matches."""
        both = self.xp.where(self.actions_a == 1, self.actions_b, 0)
        return self._mean(self._played(both))

    def per_round_cooperation(self, side: int = 0) -> Any:
        """Cooperation rate in each round among the matches still running (1-D array)."""
        xp = self.xp
        moves = self.actions_a if side == 0 else self.actions_b
        alive = xp.sum(xp.astype(moves >= 0, xp.float64), axis=0)
        coop = xp.sum(xp.astype(moves == 1, xp.float64), axis=0)
        return coop / xp.where(alive > 0, alive, 1.0)

    def sustained(self, repair_window: int) -> Any:
        """Whether every lapse of mutual cooperation was repaired within ``repair_window`` rounds.

        A match sustains cooperation when it never spends more than ``repair_window``
        consecutive rounds without mutual cooperation (a lapse still open at the end counts too).
        """
        return self.longest_lapse <= repair_window

    def breakdown_share(self) -> float:
        """Share of matches in which mutual cooperation broke down at least once."""
        return self._mean(self.first_breakdown >= 0)

    def recovery_share(self) -> float:
        """Among matches with a breakdown, the share in which mutual cooperation came back."""
        xp = self.xp
        broke = self.first_breakdown >= 0
        n = int(xp.sum(xp.astype(broke, xp.int64)))
        if n == 0:
            return math.nan
        return float(xp.sum(xp.astype(self.recovered & broke, xp.float64))) / n

    def mean_first_breakdown(self) -> float:
        """Mean round (counted from 1) of the first breakdown, among matches that had one."""
        xp = self.xp
        broke = self.first_breakdown >= 0
        n = int(xp.sum(xp.astype(broke, xp.int64)))
        if n == 0:
            return math.nan
        total = xp.sum(xp.astype(xp.where(broke, self.first_breakdown + 1, 0), xp.float64))
        return float(total) / n


def match_lengths(
    game: Game, n_matches: int, rng: np.random.Generator, max_rounds: int
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], int]:
    """Draw the length of each match: the horizon, or geometric with mean ``1 / (1 - w)``.

    Returns the lengths (cut at ``max_rounds``) and how many were cut.
    """
    if game.rounds is not None:
        lengths = np.full(n_matches, game.rounds, dtype=np.int64)
    else:
        assert game.continuation is not None  # Game guarantees one of the two
        lengths = rng.geometric(1.0 - game.continuation, size=n_matches).astype(np.int64)
    truncated = int(np.count_nonzero(lengths > max_rounds))
    return np.minimum(lengths, max_rounds), truncated


def play(
    automaton_a: Automaton,
    automaton_b: Automaton,
    payoffs: Payoffs,
    lengths: Any,
    noise: float | Any,
    seed: int | np.random.Generator = 0,
    xp: Any = None,
    truncated: int = 0,
) -> MatchResults:
    """Play compiled strategies against each other in many matches at once.

    Parameters
    ----------
    automaton_a, automaton_b
        The two parties' compiled strategies.
    payoffs
        Stage payoffs used for the scores.
    lengths
        Number of rounds of each match (1-D integer array; its size is the number of matches).
    noise
        Probability of flipping an intended move: one number, or one per match.
    seed
        Seed (or NumPy generator) of the only source of randomness.
    xp
        Array namespace (array-api-compat); NumPy by default.
    truncated
        Passed through to :attr:`MatchResults.truncated`.

    Returns
    -------
    MatchResults
    """
    xp = default_namespace() if xp is None else xp
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    lengths_np = np.asarray(lengths, dtype=np.int64)
    n = int(lengths_np.shape[0])
    n_rounds = int(lengths_np.max()) if n else 0
    if n * n_rounds > MAX_CELLS:
        raise InputError(
            [
                f"{n} matches x {n_rounds} rounds is more than {MAX_CELLS:,} cells; "
                "use fewer matches or a shorter horizon"
            ]
        )
    noise_np = np.broadcast_to(np.asarray(noise, dtype=np.float64), (n,))
    noisy = bool(np.any(noise_np > 0.0))
    noise_x = xp.asarray(noise_np)
    lengths_x = xp.asarray(lengths_np)

    parties = [_Tables(auto, xp) for auto in (automaton_a, automaton_b)]
    offset_a = xp.full((n,), 4 * automaton_a.initial, dtype=xp.int64)
    offset_b = xp.full((n,), 4 * automaton_b.initial, dtype=xp.int64)
    moves_a = xp.zeros((n_rounds, n), dtype=xp.int8)
    moves_b = xp.zeros((n_rounds, n), dtype=xp.int8)
    run = xp.zeros((n,), dtype=xp.int64)
    longest = xp.zeros((n,), dtype=xp.int64)
    same_length = bool(n == 0 or np.all(lengths_np == n_rounds))
    streams = (2 if noisy else 0) + sum(int(party.stochastic) for party in parties)
    block = max(1, min(n_rounds, _DRAWS_PER_BLOCK // max(1, n * max(1, streams))))

    u: Any = None
    flips: Any = None
    for t in range(n_rounds):
        if streams and t % block == 0:
            # One draw per block of rounds: (rounds in block, streams, matches).
            size = (min(block, n_rounds - t), streams, n)
            u = xp.asarray(rng.random(size))
            flips = xp.astype(u[:, -2:, :] < noise_x, xp.int64) if noisy else None
        k = 0
        moves = []
        for party, offset in zip(parties, (offset_a, offset_b), strict=True):
            if party.stochastic:
                p = xp.take(party.cooperate, offset)
                moves.append(xp.astype(u[t % block, k, :] < p, xp.int64))
                k += 1
            else:
                moves.append(xp.take(party.cooperate_int, offset))
        move_a, move_b = moves
        if flips is not None:
            move_a = move_a ^ flips[t % block, 0, :]
            move_b = move_b ^ flips[t % block, 1, :]
        outcome_a = 2 * move_a + move_b
        offset_a = xp.take(parties[0].next_offset, offset_a + outcome_a)
        offset_b = xp.take(parties[1].next_offset, offset_b + 2 * move_b + move_a)
        moves_a[t, :] = xp.astype(move_a, xp.int8)
        moves_b[t, :] = xp.astype(move_b, xp.int8)
        run = xp.where(outcome_a == CC, 0, run + 1)
        if same_length:
            longest = xp.maximum(longest, run)
        else:
            longest = xp.where(lengths_x > t, xp.maximum(longest, run), longest)

    return _results(xp, moves_a, moves_b, lengths_x, payoffs, longest, truncated)


def _results(
    xp: Any,
    moves_a: Any,
    moves_b: Any,
    lengths: Any,
    payoffs: Payoffs,
    longest: Any,
    truncated: int,
) -> MatchResults:
    n_rounds = moves_a.shape[0]
    rounds = xp.reshape(xp.arange(n_rounds, dtype=xp.int64), (n_rounds, 1))
    alive = rounds < xp.reshape(lengths, (1, -1))
    outcome_a = xp.astype(2 * moves_a + moves_b, xp.int64)
    outcome_b = xp.astype(2 * moves_b + moves_a, xp.int64)
    by_outcome = xp.asarray(np.asarray(payoffs.by_outcome(), dtype=np.float64))
    shape = outcome_a.shape
    pay_a = xp.reshape(xp.take(by_outcome, xp.reshape(outcome_a, (-1,))), shape)
    pay_b = xp.reshape(xp.take(by_outcome, xp.reshape(outcome_b, (-1,))), shape)
    scores_a = xp.sum(xp.where(alive, pay_a, 0.0), axis=0)
    scores_b = xp.sum(xp.where(alive, pay_b, 0.0), axis=0)

    broken = (outcome_a != CC) & alive
    any_broken = xp.any(broken, axis=0)
    first = xp.argmax(xp.astype(broken, xp.int8), axis=0)
    first = xp.where(any_broken, first, -1)
    later_cc = (outcome_a == CC) & alive & (rounds > xp.reshape(first, (1, -1)))
    recovered = xp.any(later_cc, axis=0) & any_broken

    ended = xp.asarray(-1, dtype=xp.int8)
    actions_a = xp.permute_dims(xp.where(alive, moves_a, ended), (1, 0))
    actions_b = xp.permute_dims(xp.where(alive, moves_b, ended), (1, 0))
    return MatchResults(
        actions_a=actions_a,
        actions_b=actions_b,
        lengths=lengths,
        scores_a=scores_a,
        scores_b=scores_b,
        first_breakdown=xp.astype(first, xp.int64),
        recovered=recovered,
        longest_lapse=longest,
        truncated=truncated,
        xp=xp,
    )


def simulate(
    strategy_a: Strategy,
    strategy_b: Strategy,
    game: Game,
    n_matches: int = 1000,
    seed: int = 0,
    xp: Any = None,
    max_rounds: int = 100_000,
) -> MatchResults:
    """Play ``n_matches`` independent matches of ``strategy_a`` against ``strategy_b``.

    Parameters
    ----------
    strategy_a, strategy_b
        The first and second party's strategies.
    game
        Payoffs, noise and horizon (fixed rounds or continuation probability).
    n_matches
        Number of matches (at least 1).
    seed
        The only source of randomness: the same seed gives the same result.
    xp
        Array namespace (array-api-compat); NumPy by default.
    max_rounds
        Cap on the drawn length of a match under a continuation probability.

    Returns
    -------
    MatchResults

    Examples
    --------
    >>> from panmun.trust.strategies import TitForTat, AlwaysDefect
    >>> res = simulate(TitForTat(), AlwaysDefect(), Game(rounds=10), n_matches=3)
    >>> res.mean_score(0), res.mean_score(1)
    (9.0, 14.0)
    """
    problems = []
    if isinstance(n_matches, bool) or not isinstance(n_matches, int) or n_matches < 1:
        problems.append(f"matches: {n_matches!r} is not a whole number of at least 1")
    if isinstance(max_rounds, bool) or not isinstance(max_rounds, int) or max_rounds < 1:
        problems.append(f"max_rounds: {max_rounds!r} is not a whole number of at least 1")
    if problems:
        raise InputError(problems)
    auto_a = compile_strategy(strategy_a, game.payoffs, "player 1")
    auto_b = compile_strategy(strategy_b, game.payoffs, "player 2")
    rng = np.random.default_rng(seed)
    lengths, truncated = match_lengths(game, n_matches, rng, max_rounds)
    return play(auto_a, auto_b, game.payoffs, lengths, game.noise, rng, xp, truncated)

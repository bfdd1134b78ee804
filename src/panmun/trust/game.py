"""The stage game and the repeated game: payoffs, noise and the length of the relationship.

Two parties meet round after round. In each round both choose at once to cooperate (``C``) or
defect (``D``); each receives a payoff from the stage game

=========  ==========  ==========
(me, you)  you: C      you: D
=========  ==========  ==========
me: C      R (reward)  S (sucker)
me: D      T (temptation)  P (punishment)
=========  ==========  ==========

It is a prisoner's dilemma when ``T > R > P > S`` and ``2R > T + S`` (Axelrod 1984, ch. 1;
Axelrod and Hamilton 1981): defection pays in any one round, mutual cooperation pays over many,
and taking turns at exploiting each other does not beat steady cooperation.

The relationship lasts either a fixed number of rounds, or, after every round, goes on with
probability ``w`` (Axelrod's "shadow of the future"; the number of rounds is then geometric with
mean ``1 / (1 - w)``). Execution noise ``epsilon`` flips each party's intended move
independently with that probability (Axelrod and Dion 1988; Wu and Axelrod 1995): a
miscalculation, a misperception or an incident that neither leadership chose. Strategies see the
moves as played, after the flip. These are the conventions of the Axelrod library (Knight et al.
2016), which the tests use as an oracle.

Moves are coded as integers: ``1`` cooperate, ``0`` defect. A round's outcome seen by one party
is ``2 * mine + theirs``: 0 = (D, D), 1 = (D, C), 2 = (C, D), 3 = (C, C).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from panmun.errors import InputError

COOPERATE = 1
DEFECT = 0

#: Outcome index seen by one party: ``2 * my_move + their_move``.
DD, DC, CD, CC = 0, 1, 2, 3


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class Payoffs:
    """Stage-game payoffs ``(T, R, P, S)``; the default is the classic 5, 3, 1, 0.

    Parameters
    ----------
    T, R, P, S
        Temptation, reward, punishment and sucker's payoff (Axelrod 1984, ch. 1).

    Examples
    --------
    >>> Payoffs().is_dilemma
    True
    >>> Payoffs.parse("4,3,2,1").by_outcome()
    (2.0, 4.0, 1.0, 3.0)
    """

    T: float = 5.0
    R: float = 3.0
    P: float = 1.0
    S: float = 0.0

    def __post_init__(self) -> None:
        bad = [
            f"{name} = {value!r} is not a finite number"
            for name, value in zip("TRPS", self.as_tuple(), strict=True)
            if not math.isfinite(value)
        ]
        if bad:
            raise InputError([f"payoffs: {b}" for b in bad])

    @classmethod
    def parse(cls, text: str, where: str = "--payoffs") -> Payoffs:
        """Read ``"T,R,P,S"`` (four numbers separated by commas)."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 4:
            raise InputError(
                [f"{where}: {text!r} needs four numbers T,R,P,S (for example 5,3,1,0)"]
            )
        try:
            t, r, p, s = (_number(x) for x in parts)
        except ValueError:
            raise InputError(
                [f"{where}: {text!r} is not four finite numbers T,R,P,S (for example 5,3,1,0)"]
            ) from None
        return cls(T=t, R=r, P=p, S=s)

    def as_tuple(self) -> tuple[float, float, float, float]:
        """Return ``(T, R, P, S)``."""
        return (self.T, self.R, self.P, self.S)

    def by_outcome(self) -> tuple[float, float, float, float]:
        """Return the payoff for outcomes 0..3: ``(P, T, S, R)`` for DD, DC, CD, CC."""
        return (float(self.P), float(self.T), float(self.S), float(self.R))

    def dilemma_problems(self, where: str = "payoffs") -> list[str]:
        """Return why these payoffs are not an iterated prisoner's dilemma (empty if they are)."""
        t, r, p, s = self.as_tuple()
        problems = []
        if not t > r > p > s:
            problems.append(
                f"{where}: T,R,P,S = {t:g},{r:g},{p:g},{s:g} is not a prisoner's dilemma "
                "(it needs T > R > P > S)"
            )
        if not 2 * r > t + s:
            problems.append(
                f"{where}: T,R,P,S = {t:g},{r:g},{p:g},{s:g} is not an iterated prisoner's "
                "dilemma (it needs 2R > T + S)"
            )
        return problems

    @property
    def is_dilemma(self) -> bool:
        """Whether ``T > R > P > S`` and ``2R > T + S``."""
        return not self.dilemma_problems()

    def require_dilemma(self, where: str = "payoffs", reason: str = "") -> None:
        """Raise :class:`InputError` unless the payoffs are an iterated prisoner's dilemma."""
        problems = self.dilemma_problems(where)
        if problems:
            suffix = f" ({reason})" if reason else ""
            raise InputError([p + suffix for p in problems])


def check_probability(value: float, where: str) -> list[str]:
    """Return a problem if ``value`` is not a probability in [0, 1]."""
    if not (isinstance(value, int | float) and math.isfinite(value) and 0.0 <= value <= 1.0):
        return [f"{where}: {value!r} is not a probability between 0 and 1"]
    return []


@dataclass(frozen=True)
class Game:
    """A repeated game: stage payoffs, execution noise and the length of the relationship.

    Give exactly one of ``rounds`` (a fixed horizon) and ``continuation`` (the probability ``w``
    that the relationship goes on after each round).

    Parameters
    ----------
    payoffs
        Stage-game payoffs.
    noise
        Probability that a party's intended move is flipped, independently for each party and
        round (the Axelrod library's convention).
    rounds
        Fixed number of rounds (at least 1).
    continuation
        Probability ``w`` in [0, 1) of another round; the expected length is ``1 / (1 - w)``.

    Examples
    --------
    >>> Game(rounds=200, noise=0.05).expected_rounds
    200.0
    >>> round(Game(continuation=0.99).expected_rounds, 6)
    100.0
    """

    payoffs: Payoffs = Payoffs()
    noise: float = 0.0
    rounds: int | None = None
    continuation: float | None = None

    def __post_init__(self) -> None:
        problems = check_probability(self.noise, "noise")
        if (self.rounds is None) == (self.continuation is None):
            problems.append("give exactly one of rounds (a fixed horizon) and continuation (w)")
        if self.rounds is not None and (
            isinstance(self.rounds, bool) or not isinstance(self.rounds, int) or self.rounds < 1
        ):
            problems.append(f"rounds: {self.rounds!r} is not a whole number of at least 1")
        if self.continuation is not None:
            w = self.continuation
            if check_probability(w, "continuation") or w >= 1.0:
                problems.append(
                    f"continuation: {w!r} is not a probability in [0, 1) "
                    "(w = 1 would make the relationship endless)"
                )
        if problems:
            raise InputError(problems)

    @property
    def expected_rounds(self) -> float:
        """Expected number of rounds: the horizon, or ``1 / (1 - w)``."""
        if self.rounds is not None:
            return float(self.rounds)
        assert self.continuation is not None  # one of the two is set (checked in __post_init__)
        return 1.0 / (1.0 - self.continuation)


def optimal_generosity(payoffs: Payoffs) -> float:
    """Return the optimal generosity of generous tit for tat for these payoffs.

    ``q* = min(1 - (T - R) / (R - S), (R - P) / (T - P))``: the largest probability of
    forgiving a defection for which unconditional defection still does no better against
    generous tit for tat than generous tit for tat does against itself (Molander 1985;
    Nowak and Sigmund 1992, who give it for the limit of rare errors).

    Raises
    ------
    InputError
        If the payoffs are not an iterated prisoner's dilemma.

    Examples
    --------
    >>> round(optimal_generosity(Payoffs()), 4)
    0.3333
    """
    payoffs.require_dilemma(reason="the optimal generosity is defined for a dilemma")
    t, r, p, s = payoffs.as_tuple()
    return min(1.0 - (t - r) / (r - s), (r - p) / (t - p))

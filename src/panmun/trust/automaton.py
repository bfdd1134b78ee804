"""The finite-state machine every strategy compiles to, and helpers that build one.

An :class:`Automaton` holds a probability of intending to cooperate in each state and the
next state for each outcome of the round as played (after noise). Outcomes are seen from the
strategy's own side: 0 = (D, D), 1 = (D, C), 2 = (C, D), 3 = (C, C), with its own move first.
:mod:`panmun.trust.strategies` defines the strategies that compile to these machines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from panmun.trust.game import CC, CD, DC, DD

OUTCOMES = (DD, DC, CD, CC)


@dataclass(frozen=True)
class Automaton:
    """A strategy compiled for one game: a finite-state machine.

    Parameters
    ----------
    cooperate
        Probability of intending to cooperate in each state.
    transitions
        For each state, the next state after outcome 0..3 (DD, DC, CD, CC, own move first).
    initial
        The state before the first round.
    """

    cooperate: tuple[float, ...]
    transitions: tuple[tuple[int, int, int, int], ...]
    initial: int = 0

    def __post_init__(self) -> None:
        n = len(self.cooperate)
        if n == 0 or len(self.transitions) != n:
            raise ValueError("an automaton needs one transition row per state")
        if not all(0.0 <= p <= 1.0 for p in self.cooperate):
            raise ValueError(f"cooperation probabilities outside [0, 1]: {self.cooperate}")
        if not all(0 <= s < n for row in self.transitions for s in row):
            raise ValueError("a transition points to a state that does not exist")
        if not 0 <= self.initial < n:
            raise ValueError("the initial state does not exist")

    @property
    def n_states(self) -> int:
        """Number of states."""
        return len(self.cooperate)

    @property
    def stochastic(self) -> bool:
        """Whether some state cooperates with a probability strictly between 0 and 1."""
        return any(0.0 < p < 1.0 for p in self.cooperate)


def memory_one(four: tuple[float, float, float, float], first: float) -> Automaton:
    """Compile a memory-one rule: ``four`` = P(C) after CC, CD, DC, DD (Nowak & Sigmund 1990).

    States 0..3 are the last outcome (DD, DC, CD, CC); state 4 is the first round.
    """
    p_cc, p_cd, p_dc, p_dd = four
    by_outcome = {DD: p_dd, DC: p_dc, CD: p_cd, CC: p_cc}
    coop = (*(float(by_outcome[o]) for o in OUTCOMES), float(first))
    row = (DD, DC, CD, CC)
    return Automaton(cooperate=coop, transitions=(row,) * 5, initial=4)


def from_rule(
    n_states: int, cooperate: Callable[[int], float], step: Callable[[int, int], int]
) -> tuple[tuple[float, ...], tuple[tuple[int, int, int, int], ...]]:
    coop = tuple(float(cooperate(s)) for s in range(n_states))
    rows = tuple((step(s, DD), step(s, DC), step(s, CD), step(s, CC)) for s in range(n_states))
    return coop, rows


def theirs_cooperated(outcome: int) -> bool:
    return outcome in (DC, CC)


def mine_cooperated(outcome: int) -> bool:
    return outcome in (CD, CC)

"""Strategies as small declarative objects, each compiled to a finite-state machine.

A strategy is a frozen dataclass whose fields are its parameters, with classifier-like
properties in the manner of the Axelrod library (Knight et al. 2016): ``memory_depth`` (how many
past rounds it looks at; ``math.inf`` for unbounded), ``stochastic`` and ``needs_dilemma``
(whether a default parameter is derived from prisoner's-dilemma payoffs). Every strategy
compiles, for given payoffs, to an :class:`Automaton`: a probability of cooperating in each
state, and the next state for each outcome of the round as played (after noise). That one
representation drives the vectorised Monte Carlo (:mod:`panmun.trust.simulate`) and the exact
Markov-chain results (:mod:`panmun.trust.analytic`).

Outcomes are seen from the strategy's own side: 0 = (D, D), 1 = (D, C), 2 = (C, D),
3 = (C, C), with its own move first.

:func:`panmun.trust.registry.parse_strategy` turns ``"gtft:0.1"`` or ``"grit:3:4"`` into a
strategy.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, fields
from typing import ClassVar

from panmun.errors import InputError
from panmun.trust.automaton import (
    Automaton,
    from_rule,
    memory_one,
    mine_cooperated,
    theirs_cooperated,
)
from panmun.trust.game import DD, Payoffs, check_probability, optimal_generosity


@dataclass(frozen=True)
class Strategy(ABC):
    """A strategy of the repeated game: parameters plus classifier-like properties.

    Subclasses are frozen dataclasses; ``key`` is the name :func:`parse_strategy` knows,
    ``reference`` a bibliography id of ``data/bibliography/trust.yaml``.
    """

    key: ClassVar[str]
    title: ClassVar[str]
    reference: ClassVar[str]
    memory_depth: ClassVar[float]

    @abstractmethod
    def automaton(self, payoffs: Payoffs) -> Automaton:
        """Compile the strategy for the given stage payoffs."""

    @property
    def stochastic(self) -> bool:
        """Whether the strategy randomises (noise aside)."""
        return self.automaton(Payoffs()).stochastic

    @property
    def needs_dilemma(self) -> bool:
        """Whether compiling it requires prisoner's-dilemma payoffs."""
        return False

    def label(self) -> str:
        """A short name with the parameters, e.g. ``gtft:0.333``."""
        values = [getattr(self, f.name) for f in fields(self)]
        shown = [f"{v:g}" if isinstance(v, float) else str(v) for v in values if v is not None]
        return ":".join([self.key, *shown])


@dataclass(frozen=True)
class AlwaysCooperate(Strategy):
    """Cooperate in every round, whatever the other side does (Axelrod 1984, ch. 2)."""

    key: ClassVar[str] = "allc"
    title: ClassVar[str] = "Always cooperate"
    reference: ClassVar[str] = "axelrod-1984-evolution-cooperation"
    memory_depth: ClassVar[float] = 0

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return Automaton(cooperate=(1.0,), transitions=((0, 0, 0, 0),))


@dataclass(frozen=True)
class AlwaysDefect(Strategy):
    """Defect in every round (Axelrod 1984, ch. 2): the one-shot dominant move, repeated."""

    key: ClassVar[str] = "alld"
    title: ClassVar[str] = "Always defect"
    reference: ClassVar[str] = "axelrod-1984-evolution-cooperation"
    memory_depth: ClassVar[float] = 0

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return Automaton(cooperate=(0.0,), transitions=((0, 0, 0, 0),))


@dataclass(frozen=True)
class Random(Strategy):
    """Cooperate with probability ``p`` in every round, independently (Axelrod 1980's RANDOM).

    Parameters
    ----------
    p
        Probability of cooperating; the default 0.5 is a fair coin.
    """

    p: float = 0.5

    key: ClassVar[str] = "random"
    title: ClassVar[str] = "Random"
    reference: ClassVar[str] = "axelrod-1980-effective-choice"
    memory_depth: ClassVar[float] = 0

    def __post_init__(self) -> None:
        problems = check_probability(self.p, "random: p")
        if problems:
            raise InputError(problems)

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return Automaton(cooperate=(float(self.p),), transitions=((0, 0, 0, 0),))


@dataclass(frozen=True)
class TitForTat(Strategy):
    """Cooperate first, then repeat the other side's last move (Rapoport; Axelrod 1984, ch. 2).

    Nice, retaliatory, forgiving and clear; under noise one accidental defection sets off an
    echo of alternating retaliation that only a second error ends (Molander 1985).
    """

    key: ClassVar[str] = "tft"
    title: ClassVar[str] = "Tit for tat"
    reference: ClassVar[str] = "axelrod-1984-evolution-cooperation"
    memory_depth: ClassVar[float] = 1

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return memory_one((1.0, 0.0, 1.0, 0.0), 1.0)


@dataclass(frozen=True)
class GenerousTitForTat(Strategy):
    """Tit for tat that forgives a defection with probability ``q`` (Nowak & Sigmund 1992).

    The default ``q`` is the largest generosity that still leaves unconditional defection no
    better off, ``q* = min(1 - (T - R) / (R - S), (R - P) / (T - P))`` (Molander 1985; Nowak and
    Sigmund 1992): 1/3 for the classic payoffs. It needs prisoner's-dilemma payoffs.

    Parameters
    ----------
    q
        Probability of cooperating after the other side defected; ``None`` for ``q*``.
    """

    q: float | None = None

    key: ClassVar[str] = "gtft"
    title: ClassVar[str] = "Generous tit for tat"
    reference: ClassVar[str] = "nowak-sigmund-1992-tit-for-tat"
    memory_depth: ClassVar[float] = 1

    def __post_init__(self) -> None:
        if self.q is not None:
            problems = check_probability(self.q, "gtft: q")
            if problems:
                raise InputError(problems)

    @property
    def needs_dilemma(self) -> bool:
        return self.q is None

    @property
    def stochastic(self) -> bool:
        return self.q is None or 0.0 < self.q < 1.0

    def generosity(self, payoffs: Payoffs) -> float:
        """Return ``q``, or the optimum ``q*`` for these payoffs."""
        if self.q is not None:
            return float(self.q)
        return optimal_generosity(payoffs)

    def automaton(self, payoffs: Payoffs) -> Automaton:
        q = self.generosity(payoffs)
        return memory_one((1.0, q, 1.0, q), 1.0)


@dataclass(frozen=True)
class WinStayLoseShift(Strategy):
    """Repeat the last move after a good payoff (R or T), switch after a bad one (P or S).

    Also called Pavlov (Kraines & Kraines 1989). It corrects a single error between two of its
    kind in two rounds, and exploits unconditional cooperators (Nowak and Sigmund 1993). As in
    the Axelrod library it cooperates first, then cooperates exactly when both sides played the
    same move in the last round.
    """

    key: ClassVar[str] = "wsls"
    title: ClassVar[str] = "Win-stay, lose-shift"
    reference: ClassVar[str] = "nowak-sigmund-1993-win-stay-lose-shift"
    memory_depth: ClassVar[float] = 1

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return memory_one((1.0, 0.0, 0.0, 1.0), 1.0)


@dataclass(frozen=True)
class GrimTrigger(Strategy):
    """Cooperate until the other side defects once, then defect for ever (Friedman 1971).

    The harshest credible punishment; under noise a single accidental defection ends
    cooperation for the rest of the relationship. Axelrod's library calls it Grudger.
    """

    key: ClassVar[str] = "grim"
    title: ClassVar[str] = "Grim trigger"
    reference: ClassVar[str] = "friedman-1971-supergames"
    memory_depth: ClassVar[float] = math.inf

    def automaton(self, payoffs: Payoffs) -> Automaton:
        # state 0: no defection seen yet; state 1: triggered.
        coop, rows = from_rule(
            2,
            lambda s: 1.0 if s == 0 else 0.0,
            lambda s, o: 0 if s == 0 and theirs_cooperated(o) else 1,
        )
        return Automaton(cooperate=coop, transitions=rows)


@dataclass(frozen=True)
class ContriteTitForTat(Strategy):
    """Tit for tat with standing: accept the other side's retaliation for one's own error.

    Each side has good or bad standing, both good at the start. A side keeps or regains good
    standing by cooperating, or by defecting against a side in bad standing; defecting against
    a side in good standing costs it its standing. The strategy defects only when it is in good
    standing and the other side is not (Sugden 1986; Boyd 1989; Wu and Axelrod 1995). After its
    own accidental defection it cooperates through the other side's answer, so one error costs
    two rounds instead of tit for tat's echo.
    """

    key: ClassVar[str] = "ctft"
    title: ClassVar[str] = "Contrite tit for tat"
    reference: ClassVar[str] = "wu-axelrod-1995-noise"
    memory_depth: ClassVar[float] = math.inf

    def automaton(self, payoffs: Payoffs) -> Automaton:
        # state = 2 * (my standing is good) + (their standing is good); start 3 (both good).
        def cooperate(s: int) -> float:
            mine_good, theirs_good = s >= 2, s % 2 == 1
            return 0.0 if mine_good and not theirs_good else 1.0

        def step(s: int, o: int) -> int:
            mine_good, theirs_good = s >= 2, s % 2 == 1
            mine = mine_cooperated(o) or not theirs_good
            theirs = theirs_cooperated(o) or not mine_good
            return 2 * int(mine) + int(theirs)

        coop, rows = from_rule(4, cooperate, step)
        return Automaton(cooperate=coop, transitions=rows, initial=3)


@dataclass(frozen=True)
class Grit(Strategy):
    """Osgood's graduated reciprocation in tension reduction (GRIT), as a repeated-game rule.

    The side announces and carries out ``steps`` conciliatory moves (cooperation) whatever the
    other side does, then reciprocates like tit for tat (Osgood 1962). With ``restart_after``
    set, it launches a new conciliatory campaign after that many consecutive rounds of mutual
    defection, in the spirit of Osgood's advice to keep the initiative going over time; by
    default (``None``) it runs one campaign at the start.

    Parameters
    ----------
    steps
        Number of unconditional conciliatory rounds in a campaign (at least 1).
    restart_after
        Rounds of mutual defection after which a new campaign starts (at least 1), or ``None``.
    """

    steps: int = 3
    restart_after: int | None = None

    key: ClassVar[str] = "grit"
    title: ClassVar[str] = "GRIT (graduated reciprocation in tension reduction)"
    reference: ClassVar[str] = "osgood-1962-alternative-war-surrender"
    memory_depth: ClassVar[float] = math.inf

    def __post_init__(self) -> None:
        problems = []
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or self.steps < 1:
            problems.append(f"grit: steps {self.steps!r} is not a whole number of at least 1")
        m = self.restart_after
        if m is not None and (isinstance(m, bool) or not isinstance(m, int) or m < 1):
            problems.append(f"grit: restart_after {m!r} is not a whole number of at least 1")
        if problems:
            raise InputError(problems)

    def automaton(self, payoffs: Payoffs) -> Automaton:
        # States 0..k-1: campaign; k: reciprocate, cooperating; k+1+j: reciprocate, defecting,
        # after j consecutive rounds of mutual defection (j < m; one such state without restart).
        k, m = self.steps, self.restart_after
        n_defect = m if m is not None else 1

        def reciprocate(o: int, run: int) -> int:
            if theirs_cooperated(o):
                return k
            run = run + 1 if o == DD else 0
            if m is not None and run >= m:
                return 0
            return k + 1 + min(run, n_defect - 1)

        def cooperate(s: int) -> float:
            return 1.0 if s <= k else 0.0

        def step(s: int, o: int) -> int:
            if s < k - 1:
                return s + 1
            return reciprocate(o, s - k - 1 if s > k else 0)

        coop, rows = from_rule(k + 1 + n_defect, cooperate, step)
        return Automaton(cooperate=coop, transitions=rows)


@dataclass(frozen=True)
class Alternator(Strategy):
    """Alternate between the two moves, starting with cooperation by default.

    Used as a deviation in Axelrod's (1984, ch. 3) proof of tit for tat's threshold: a side that
    alternates D, C, D, C against tit for tat earns T, S, T, S.

    Parameters
    ----------
    first
        ``"c"`` to start by cooperating (the Axelrod library's Alternator) or ``"d"``.
    """

    first: str = "c"

    key: ClassVar[str] = "alternate"
    title: ClassVar[str] = "Alternator"
    reference: ClassVar[str] = "axelrod-1984-evolution-cooperation"
    memory_depth: ClassVar[float] = 1

    def __post_init__(self) -> None:
        if self.first not in ("c", "d"):
            raise InputError([f"alternate: first move {self.first!r} is not 'c' or 'd'"])

    def automaton(self, payoffs: Payoffs) -> Automaton:
        return Automaton(
            cooperate=(1.0, 0.0),
            transitions=((1, 1, 1, 1), (0, 0, 0, 0)),
            initial=0 if self.first == "c" else 1,
        )

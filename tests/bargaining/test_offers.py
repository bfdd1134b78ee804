"""Offer classification and choice, case by case (Scholz et al. 2011, §6)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from panmun.bargaining.offers import (
    CAPITULATION,
    COMPROMISE,
    CONFLICT,
    NO_OFFER,
    choose_offers,
    classify_offers,
    offer_masks,
)
from tests.bargaining.conftest import column


def _pair(a: float, b: float) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """EU matrices for two actors where receiver 0 sees (a, b) against actor 1."""
    ea = np.zeros((2, 2, 1))
    eb = np.zeros((2, 2, 1))
    ea[0, 1, 0], eb[0, 1, 0] = a, b
    return ea, eb


@pytest.mark.parametrize(
    ("a", "b", "kind", "target"),
    [
        (0.2, 0.5, CONFLICT, 10.0),  # both expect to gain, the proposer more
        (-0.1, 0.4, COMPROMISE, 2.5),  # move |a/b| = 1/4 of the way
        (-0.5, 0.2, CAPITULATION, 10.0),  # the receiver's loss outweighs: give in
        (0.5, 0.2, NO_OFFER, 0.0),  # the receiver expects more than the proposer
        (-0.3, -0.2, NO_OFFER, 0.0),  # neither wants to challenge
        (-0.3, 0.3, NO_OFFER, 0.0),  # b = |a|: neither compromise nor capitulation
        (0.3, 0.3 + 1e-14, NO_OFFER, 0.0),  # a rounding-level difference is a tie
    ],
)
def test_classification(xp: Any, a: float, b: float, kind: int, target: float) -> None:
    ea, eb = _pair(a, b)
    kinds, proposed = classify_offers(xp, ea, eb, column([0.0, 10.0]))
    assert int(kinds[0, 1, 0]) == kind
    if kind != NO_OFFER:
        assert float(proposed[0, 1, 0]) == pytest.approx(target)


def test_no_offer_between_equal_positions(xp: Any) -> None:
    ea, eb = _pair(0.2, 0.5)
    kinds, _ = classify_offers(xp, ea, eb, column([4.0, 4.0]))
    assert int(kinds[0, 1, 0]) == NO_OFFER


def _choose(
    xp: Any,
    x: list[float],
    a: list[float],
    b: list[float],
    rule: str = "least_move",
    receiver: int = 0,
) -> tuple[float, int]:
    """One receiver facing every other actor with the given (a, b); returns its move and pick.

    ``a`` and ``b`` list the other actors in order; ``x`` must be sorted when ties matter.
    """
    n = len(x)
    ea = np.zeros((n, n, 1))
    eb = np.zeros((n, n, 1))
    others = [j for j in range(n) if j != receiver]
    ea[receiver, others, 0], eb[receiver, others, 0] = a, b
    xs = column(x)
    masks = offer_masks(xp, ea, eb, xs[:, None, :] != xs[None, :, :])
    dist = np.abs(xs[:, None, :] - xs[None, :, :]) / (max(x) - min(x))
    new_x, chosen, has_offer = choose_offers(xp, masks, ea, eb, xs, dist, rule)  # type: ignore[arg-type]  # rule is a literal here
    assert bool(has_offer[receiver, 0])
    return float(new_x[receiver, 0]), int(chosen[receiver, 0])


def test_a_conflict_beats_a_smaller_compromise(xp: Any) -> None:
    # Proposer 1 offers a compromise (a move of 0.5), proposer 2 a conflict (a move of 2).
    moved, pick = _choose(xp, [0.0, 5.0, 2.0], a=[-0.1, 0.2], b=[1.0, 0.5])
    assert (moved, pick) == (2.0, 2)


def test_the_least_move_wins_among_conflicts(xp: Any) -> None:
    moved, pick = _choose(xp, [5.0, 9.0, 7.0, 0.0], a=[0.1, 0.1, 0.1], b=[0.5, 0.5, 0.5])
    assert (moved, pick) == (7.0, 2)


def test_a_tie_goes_to_the_lower_position(xp: Any) -> None:
    # Actors sorted by position, the receiver in the middle, conflicts on both sides.
    moved, pick = _choose(xp, [3.0, 5.0, 7.0], a=[0.1, 0.1], b=[0.5, 0.5], receiver=1)
    assert (moved, pick) == (3.0, 0)


def test_compromise_rules_differ(xp: Any) -> None:
    # Receiver at 5: a compromise towards 10 moving 0.5 and one towards 0 moving 2.
    x = [5.0, 10.0, 0.0]
    a, b = [-0.1, -0.4], [1.0, 1.0]
    assert _choose(xp, x, a, b, "least_move")[0] == pytest.approx(5.5)
    # The replication's key (|a| x_i + |b| x_j) / (|a| + |b|) is lowest for the proposer at 0.
    assert _choose(xp, x, a, b, "replication_midpoint")[0] == pytest.approx(3.0)


def test_capitulation_only_when_nothing_else(xp: Any) -> None:
    moved, pick = _choose(xp, [0.0, 4.0, 9.0], a=[-0.5, -0.1], b=[0.2, 0.5])
    assert (moved, pick) == (
        pytest.approx(0.2 * 9.0),
        2,
    )  # the compromise to 9, not the capitulation

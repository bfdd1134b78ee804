"""The win-set of the status quo and the feasible outcome (Tsebelis 2002), checked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from panmun.bargaining.winset import binding_player, feasible_outcome, win_set

SCALE = (0.0, 100.0)


def _ws(sq: float, vetoes: list[float], scale: tuple[float, float] = SCALE) -> tuple[float, float]:
    w = win_set(sq, np.array(vetoes, dtype=float), scale)
    return float(w.low), float(w.high)


def test_one_veto_player_accepts_up_to_the_reflection_of_the_status_quo() -> None:
    # at 30 with the status quo at 10: |z - 30| <= 20, so [10, 50]
    assert _ws(10, [30]) == (10, 50)
    assert _ws(80, [70]) == (60, 80)


def test_several_veto_players_the_nearest_one_on_each_side_binds() -> None:
    # all above the status quo: the one nearest to it (at 20) binds: [10, 30]
    assert _ws(10, [20, 45, 90]) == (10, 30)
    w = win_set(10.0, np.array([45.0, 20.0, 90.0]), SCALE)
    assert int(w.high_player) == 1
    # below, the status quo itself is the bound; the player nearest to it is named
    assert int(w.low_player) == 1


def test_veto_players_on_both_sides_leave_only_the_status_quo() -> None:
    w = win_set(50.0, np.array([20.0, 70.0]), SCALE)
    assert (float(w.low), float(w.high)) == (50, 50)
    assert bool(w.empty)
    assert float(feasible_outcome(90.0, w)) == 50.0


def test_ties_a_veto_player_at_the_status_quo_blocks_every_move() -> None:
    assert _ws(40, [40, 80]) == (40, 40)
    # two veto players at the same point give the same win-set as one
    assert _ws(10, [30, 30]) == _ws(10, [30]) == (10, 50)


def test_the_scale_bounds_the_win_set() -> None:
    assert _ws(10, [80]) == (10, 100)  # reflection at 150 lies beyond the scale
    w = win_set(10.0, np.array([80.0]), SCALE)
    assert int(w.high_player) == -1  # the scale, not the player, bounds it


def test_nobody_with_a_veto_leaves_the_whole_scale() -> None:
    assert _ws(10, []) == SCALE
    assert float(feasible_outcome(73.0, win_set(10.0, np.zeros(0), SCALE))) == 73.0


def test_binding_player_is_the_one_that_stops_the_move() -> None:
    w = win_set(10.0, np.array([45.0, 20.0]), SCALE)
    assert int(binding_player(80.0, w)) == 1  # the player at 20 stops the move at 30
    assert int(binding_player(25.0, w)) == -1  # inside the win-set: nobody binds
    # a move below the status quo hurts both; the one nearest to it is named as holding it
    assert int(binding_player(5.0, w)) == 1


def test_batches_broadcast_over_draws() -> None:
    sq = np.array([10.0, 50.0, 40.0])
    vetoes = np.array([[30.0, 30.0], [20.0, 70.0], [40.0, 80.0]])
    w = win_set(sq, vetoes, SCALE)
    assert w.low.tolist() == [10, 50, 40] and w.high.tolist() == [50, 50, 40]
    assert w.empty.tolist() == [False, True, True]


positions = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(
    sq=positions,
    forecast=positions,
    vetoes=st.lists(positions, min_size=0, max_size=6),
)
def test_the_feasible_outcome_is_in_the_win_set_and_every_veto_player_accepts_it(
    sq: float, forecast: float, vetoes: list[float]
) -> None:
    w = win_set(sq, np.array(vetoes, dtype=float), SCALE)
    z = float(feasible_outcome(forecast, w))
    assert float(w.low) <= z <= float(w.high)
    assert float(w.low) <= sq <= float(w.high)
    for x in vetoes:  # each veto player weakly prefers the outcome to the status quo
        assert abs(z - x) <= abs(sq - x) + 1e-9
    if not vetoes:
        assert z == forecast
    # it is the point of the win-set nearest to the forecast
    assert abs(z - forecast) <= min(abs(forecast - float(w.low)), abs(forecast - float(w.high)))
    assert z == pytest.approx(min(max(forecast, float(w.low)), float(w.high)))

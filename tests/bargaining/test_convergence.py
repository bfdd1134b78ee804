"""Did the bargaining settle? Settled, converging, cycling and moving runs."""

from __future__ import annotations

import numpy as np

from panmun.bargaining import ExpectedUtilityModel, IssueInputs
from panmun.bargaining.convergence import (
    CONVERGING,
    CYCLING,
    MOVING,
    SETTLED,
    STATUS_NAMES,
    classify,
)
from tests.bargaining.test_scholz_example import TABLE_1


def _run(states: list[list[float]], medians: list[float] | None = None) -> tuple[int, int]:
    x = np.array(states, dtype=float)[:, None, :]
    m = np.array(medians if medians is not None else [s[0] for s in states])[:, None]
    c = classify(x, m, 1e-6)
    return int(c.status[0]), int(c.period[0])


def test_a_run_that_stops_moving_is_settled() -> None:
    assert _run([[0, 10], [5, 10], [5, 10]]) == (SETTLED, 0)


def test_a_constructed_three_cycle_is_found_with_its_period_and_range() -> None:
    # one actor goes 65 -> 8 -> 100 -> 65 -> 8 -> 100 ... (a period-3 cycle)
    path = [65.0, 8.0, 100.0] * 3
    states = [[p, 50.0] for p in path]
    x = np.array(states)[:, None, :]
    m = np.array(path)[:, None]
    c = classify(x, m, 1e-6)
    assert STATUS_NAMES[int(c.status[0])] == "cycling" and int(c.period[0]) == 3
    assert (float(c.forecast_low[0]), float(c.forecast_high[0])) == (8.0, 100.0)


def test_a_two_cycle_is_not_mistaken_for_a_longer_one() -> None:
    assert _run([[0, 1], [1, 0]] * 4) == (CYCLING, 2)


def test_shrinking_moves_are_converging_and_steady_ones_moving() -> None:
    shrinking = [[0.0], [8.0], [12.0], [14.0], [15.0]]
    assert _run(shrinking) == (CONVERGING, 0)
    drifting = [[0.0], [3.0], [6.0], [9.0], [12.0]]
    assert _run(drifting) == (MOVING, 0)


def test_a_cycle_needs_a_full_repeat_to_count() -> None:
    # 0, 1, 0 then 5: the last state does not repeat the one two rounds before
    assert _run([[0.0], [1.0], [0.0], [5.0]])[0] == MOVING


def test_each_draw_is_classified_on_its_own() -> None:
    x = np.zeros((6, 3, 1))
    x[:, 1, 0] = [0, 1, 0, 1, 0, 1]
    x[:, 2, 0] = [0, 1, 2, 3, 4, 5]
    c = classify(x, x[:, :, 0], 1e-6)
    assert c.status.tolist() == [SETTLED, CYCLING, MOVING]
    assert c.share(SETTLED) == c.share(CYCLING) == c.share(MOVING) == 1 / 3


def test_the_published_ec_example_does_not_settle_in_eight_rounds() -> None:
    """Scholz et al. (2011, Table 2): the median goes 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6;
    a run that still changes in its last round must not be read as a point forecast."""
    names, c, x, s = zip(*TABLE_1, strict=True)
    inputs = IssueInputs.from_values(names, x, c, s, issue="ec")
    model = ExpectedUtilityModel(rounds=8, compromise_rule="replication_midpoint")
    result = model.run(inputs)
    pos = np.array([[r.positions[a] for a in names] for r in result.rounds])[:, None, :]
    med = np.array([r.weighted_median for r in result.rounds])[:, None]
    conv = classify(pos, med, 1e-3 * 6)  # 0.1 % of the 4..10 range of positions
    assert int(conv.status[0]) != SETTLED
    low, high = float(conv.forecast_low[0]), float(conv.forecast_high[0])
    assert low < high  # the reported range is a range, not the last round's point
    assert low <= result.forecast <= high

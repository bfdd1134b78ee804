"""The package search: Nash product against a brute-force grid, the frontier against sampling."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from panmun.proposals.search import nash_package, pareto_frontier
from panmun.proposals.utility import gains, utilities

LO, HI = np.zeros(2), np.full(2, 100.0)


def _grid_best(
    position: np.ndarray, salience: np.ndarray, sq: np.ndarray
) -> tuple[float, np.ndarray]:
    axis = np.linspace(0, 100, 201)
    zs = np.array(list(itertools.product(axis, axis)))
    g = gains(zs, sq, position[None], salience[None], HI - LO)
    logp = np.where(np.all(g > 0, axis=1), np.sum(np.log(np.maximum(g, 1e-300)), axis=1), -np.inf)
    k = int(np.argmax(logp))
    return float(logp[k]), zs[k]


def test_utilities_hand_computed() -> None:
    position = np.array([[0.0, 100.0], [100.0, 100.0]])
    salience = np.array([[1.0, 3.0], [0.5, 0.0]])
    u = utilities(np.array([50.0, 50.0]), position, salience, HI - LO)
    # actor 0: -(1*0.5 + 3*0.5)/4 = -0.5; actor 1: -(0.5*0.5)/0.5 = -0.5
    np.testing.assert_allclose(u, [-0.5, -0.5])
    assert utilities(np.array([0.0, 0.0]), position, np.zeros((2, 2)), HI - LO).tolist() == [0, 0]


def test_nash_matches_grid_on_a_hand_example() -> None:
    position = np.array([[10.0, 80.0], [90.0, 20.0], [60.0, 60.0]])
    salience = np.array([[0.9, 0.3], [0.4, 0.8], [0.5, 0.5]])
    sq = np.array([95.0, 5.0])  # far from everyone: many packages improve on it
    sol = nash_package(position, salience, sq, LO, HI)
    best, _ = _grid_best(position, salience, sq)
    assert sol.feasible
    assert sol.log_nash_product >= best - 1e-6
    assert np.all(sol.gains > 0)


@settings(max_examples=25, deadline=None, derandomize=True)
@example(  # a degenerate polytope where trust-constr fails too: the LP point stands
    pos=[0.0, 1.0, 1.0, 0.0, 0.0, 1.0],
    sal=[1.0, 1.0, 0.421875, 0.40625, 1.0, 1.0],
    sq=[0.0, 0.0],
)
@example(  # tiny gains: SLSQP stalls here, trust-constr takes over
    pos=[0.0, 4.0, 2.0, 0.0625, 0.0, 3.0],
    sal=[1.0, 0.4296875, 1.0, 0.4375, 1.0, 1.0],
    sq=[0.0, 0.0],
)
@given(
    pos=st.lists(st.floats(0, 100), min_size=6, max_size=6),
    sal=st.lists(st.floats(0.05, 1), min_size=6, max_size=6),
    sq=st.lists(st.floats(0, 100), min_size=2, max_size=2),
)
def test_nash_never_worse_than_grid(pos: list[float], sal: list[float], sq: list[float]) -> None:
    position = np.array(pos).reshape(3, 2)
    salience = np.array(sal).reshape(3, 2)
    q = np.array(sq)
    sol = nash_package(position, salience, q, LO, HI)
    best, _ = _grid_best(position, salience, q)
    if np.isfinite(best):
        assert sol.feasible
        assert sol.log_nash_product >= best - 1e-6
        assert np.all((sol.outcome >= 0) & (sol.outcome <= 100))
    elif sol.feasible:
        # the grid can miss a thin feasible region; the solution must still be genuine
        assert np.all(sol.gains > 0)


def test_nash_infeasible_reports_the_losers() -> None:
    # two actors at opposite ends with the status quo between them: any move hurts one
    position = np.array([[0.0, 0.0], [100.0, 100.0]])
    salience = np.ones((2, 2))
    sol = nash_package(position, salience, np.array([50.0, 50.0]), LO, HI)
    assert not sol.feasible
    assert sol.log_nash_product == -np.inf
    assert np.min(sol.gains) <= 1e-9


def test_frontier_dominates_random_packages() -> None:
    rng = np.random.default_rng(3)
    position = np.array([[10.0, 90.0, 30.0], [80.0, 20.0, 30.0]])
    salience = np.array([[0.9, 0.2, 0.5], [0.3, 0.7, 0.1]])
    lo, hi = np.zeros(3), np.full(3, 100.0)
    pts = pareto_frontier(position, salience, lo, hi)
    assert pts[0].utility_b == pytest.approx(0.0)
    assert pts[-1].utility_a == pytest.approx(0.0)
    ua = [p.utility_a for p in pts]
    assert ua == sorted(ua)
    zs = rng.uniform(0, 100, (2000, 3))
    u = utilities(zs, position[None], salience[None], hi - lo)
    # no random package lies beyond the piecewise-linear frontier
    fa = np.array([p.utility_a for p in pts])
    fb = np.array([p.utility_b for p in pts])
    frontier_b = np.interp(u[:, 0], fa, fb, left=np.inf, right=-np.inf)
    assert np.all(u[:, 1] <= frontier_b + 1e-9)


def test_frontier_drops_dominated_vertices() -> None:
    position = np.array([[0.0, 0.0], [100.0, 100.0]])
    salience = np.array([[1.0, 0.0], [1.0, 1.0]])  # A does not care about issue 2
    pts = pareto_frontier(position, salience, np.zeros(2), np.full(2, 100.0))
    assert len(pts) == 2
    assert all(p.outcome[1] == 100.0 for p in pts)

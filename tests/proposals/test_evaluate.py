"""Package evaluation on small hand-checked cases."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.proposals import evaluate as ev

WIDTH = np.array([100.0, 100.0])


def _three() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    position = np.array([[0.0, 0.0], [100.0, 100.0], [40.0, 40.0]])
    salience = np.array([[1.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    capability = np.array([[0.8, 0.8], [0.5, 0.5], [0.1, 0.1]])
    return position, salience, capability


def test_decisions_and_spoilers_by_hand() -> None:
    position, salience, capability = _three()
    sq = np.array([50.0, 50.0])
    outcome = np.array([30.0, 50.0])  # moves issue 0 from 50 to 30
    required = np.array([True, True, False])
    e = ev.evaluate(outcome, sq, position, salience, capability, WIDTH, required)
    # actor 0 gains (20/100)*1/2 = 0.1; actor 1 loses 0.2; actor 2: |30-40|=|50-40| -> 0
    np.testing.assert_allclose(e.gain, [0.1, -0.2, 0.0])
    assert e.decision.tolist() == [1, -1, 0]
    # clout over the one changed issue: c*s
    np.testing.assert_allclose(e.clout, [0.8, 0.5, 0.05])
    assert e.support == pytest.approx(0.8)
    assert e.opposition == pytest.approx(0.5)
    assert not e.all_required_accept


def test_smallest_concession_greedy_by_salience() -> None:
    sq = np.array([50.0, 50.0])
    outcome = np.array([20.0, 20.0])
    position = np.array([60.0, 100.0])
    salience = np.array([0.25, 0.75])
    moves, deficit = ev.smallest_concession(outcome, sq, position, salience, WIDTH, 0.0)
    # gain = -(0.25*0.4 + 0.75*0.8) + (0.25*0.1 + 0.75*0.5) = -0.3
    assert deficit == pytest.approx(0.3)
    # cheapest: move issue 1 (share 0.75) by 0.4 of its scale -> +0.3
    assert len(moves) == 1
    assert moves[0].issue == 1
    assert moves[0].new == pytest.approx(60.0)
    z = outcome.copy()
    z[1] = moves[0].new
    g = ev.gains(z, sq, position[None], salience[None], WIDTH)[0]
    assert g == pytest.approx(0.0, abs=1e-9)


def test_smallest_concession_none_needed_or_impossible() -> None:
    sq = np.array([50.0, 50.0])
    assert ev.smallest_concession(sq, sq, np.array([50.0, 50.0]), np.ones(2), WIDTH, -1.0) == (
        [],
        0.0,
    )
    # the actor sits at the status quo: no package can beat it by more than 0
    moves, deficit = ev.smallest_concession(
        np.array([0.0, 0.0]), sq, np.array([50.0, 50.0]), np.ones(2), WIDTH, 0.01
    )
    assert moves == []
    assert deficit > 0.5


def test_acceptance_draws_match_single_evaluations() -> None:
    rng = np.random.default_rng(7)
    position, salience, capability = _three()
    n = 50
    pos = position[None] + rng.normal(0, 5, (n, 3, 2))
    sal = np.clip(salience[None] + rng.normal(0, 0.1, (n, 3, 2)), 0, 1)
    cap = np.broadcast_to(capability, (n, 3, 2))
    sq = np.broadcast_to([50.0, 50.0], (n, 2))
    z = np.broadcast_to([30.0, 50.0], (n, 2))
    req = np.array([True, True, False])
    mc = ev.acceptance_draws(z, sq, pos, sal, cap, WIDTH, req)
    singles = [ev.evaluate(z[k], sq[k], pos[k], sal[k], cap[k], WIDTH, req) for k in range(n)]
    expected = np.mean([s.decision == 1 for s in singles], axis=0)
    np.testing.assert_allclose(mc.p_accept, expected)
    assert mc.p_all_required == pytest.approx(np.mean([s.all_required_accept for s in singles]))
    assert mc.p_support_outweighs == pytest.approx(
        np.mean([s.support > s.opposition for s in singles])
    )

"""Roadmap probabilities against a direct, draw-by-draw simulation, and hand-checked cases."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.proposals.roadmap import expected_gain, roadmap_draws, sucker_outcome

WIDTH = np.array([100.0, 100.0])


def _utility(z: np.ndarray, x: np.ndarray, s: np.ndarray) -> float:
    return -float(np.sum(s * np.abs(z - x) / WIDTH) / np.sum(s)) if s.sum() > 0 else 0.0


def _direct(packages, sq, pos, sal, tau, required, indiff):  # type: ignore[no-untyped-def]
    """Plain loops: one draw, one phase, one actor at a time."""
    n_p, n_d = packages.shape[:2]
    reached = np.zeros((n_d, n_p), dtype=bool)
    for d in range(n_d):
        prev = sq[d]
        for k in range(n_p):
            new = packages[k, d]
            ok = True
            for a in range(pos.shape[1]):
                x, s = pos[d, a], sal[d, a]
                sucker = np.array(
                    [
                        new[j] if abs(new[j] - x[j]) > abs(prev[j] - x[j]) else prev[j]
                        for j in range(2)
                    ]
                )
                e = tau[k] * (_utility(new, x, s) - _utility(prev, x, s)) + (1 - tau[k]) * (
                    _utility(sucker, x, s) - _utility(prev, x, s)
                )
                if required[a] and e < -indiff:
                    ok = False
            if not ok:
                break
            reached[d, k] = True
            prev = new
    return reached


def test_matches_direct_simulation() -> None:
    rng = np.random.default_rng(11)
    n_d, n_a, n_p = 300, 4, 3
    pos = rng.uniform(0, 100, (n_d, n_a, 2))
    sal = rng.uniform(0.05, 1, (n_d, n_a, 2))
    sq = rng.uniform(0, 100, (n_d, 2))
    packages = rng.uniform(0, 100, (n_p, n_d, 2))
    tau = np.array([0.9, 0.6, 0.3])
    required = np.array([True, True, False, True])
    got = roadmap_draws(packages, sq, pos, sal, WIDTH, tau, required, 0.01)
    want = _direct(packages, sq, pos, sal, tau, required, 0.01)
    assert np.array_equal(got.reached, want)
    np.testing.assert_allclose(got.p_reach, want.mean(axis=0))
    assert np.all(np.diff(got.p_reach) <= 0)


def test_sucker_outcome_applies_only_own_concessions() -> None:
    prev = np.array([50.0, 50.0])
    new = np.array([20.0, 80.0])
    pos = np.array([[0.0, 0.0], [100.0, 100.0]])
    s = sucker_outcome(prev, new, pos)
    # actor 0 gains on issue 0, concedes issue 1; actor 1 the reverse
    assert s.tolist() == [[50.0, 80.0], [20.0, 50.0]]


def test_trust_turns_a_blocked_phase_into_a_passed_one() -> None:
    prev = np.array([50.0, 50.0])
    new = np.array([20.0, 20.0])  # a swap: each side concedes the issue it cares less about
    pos = np.array([[0.0, 100.0], [100.0, 0.0]])
    sal = np.array([[1.0, 0.2], [0.2, 1.0]])
    full_trust = expected_gain(prev, new, pos, sal, WIDTH, 1.0)
    no_trust = expected_gain(prev, new, pos, sal, WIDTH, 0.0)
    assert np.all(full_trust > 0)  # each gains what it values more
    assert np.all(no_trust < 0)  # alone, each only pays its concession
    one = roadmap_draws(new[None, None], prev[None], pos[None], sal[None], WIDTH,
                        np.array([0.0]), np.array([True, True]))  # fmt: skip
    assert one.p_reach.tolist() == [0.0]
    assert one.p_block[0].tolist() == [1.0, 1.0]
    two = roadmap_draws(new[None, None], prev[None], pos[None], sal[None], WIDTH,
                        np.array([1.0]), np.array([True, True]))  # fmt: skip
    assert two.p_reach.tolist() == [1.0]


@pytest.mark.parametrize("tau", [0.0, 0.5, 1.0])
def test_expected_gain_is_linear_in_trust(tau: float) -> None:
    prev = np.array([50.0, 50.0])
    new = np.array([20.0, 80.0])
    pos = np.array([[0.0, 100.0], [100.0, 0.0]])
    sal = np.array([[1.0, 0.2], [0.2, 1.0]])
    lo = expected_gain(prev, new, pos, sal, WIDTH, 0.0)
    hi = expected_gain(prev, new, pos, sal, WIDTH, 1.0)
    np.testing.assert_allclose(
        expected_gain(prev, new, pos, sal, WIDTH, tau), (1 - tau) * lo + tau * hi
    )

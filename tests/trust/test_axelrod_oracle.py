"""The Axelrod library (pinned 4.13.0) as an oracle for panmun's repeated-game engine.

Without noise deterministic strategies must play exactly the same moves; with noise and for
stochastic strategies, mean scores must agree within Monte Carlo error. Both libraries flip each
side's intended move independently with probability ``noise`` and total the payoffs
(R, S, T, P) = (3, 0, 5, 1). Importing axelrod takes seconds (it classifies every strategy at
import), so it happens once, in a module-scoped fixture, and these tests are few.

panmun's contrite tit for tat follows the standing rule of Boyd (1989) and Wu and Axelrod
(1995); the Axelrod library's ContriteTitForTat approximates it by tracking its own intended
moves and handles two errors in quick succession differently, so the two are compared only
without noise (where both equal tit for tat).
"""

from __future__ import annotations

import math
import warnings
from itertools import product
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from panmun.trust import Game, parse_strategy, simulate
from tests.trust.helpers import axelrod_player, moves

DETERMINISTIC = ["allc", "alld", "tft", "wsls", "grim", "ctft", "alternate"]


@pytest.fixture(scope="module")
def axl() -> ModuleType:
    # Measuring coverage of axelrod's own import (which runs no panmun code) would double its
    # cost, so a running coverage measurement is paused for the import only.
    try:
        from coverage import Coverage

        cov = Coverage.current()
    except ImportError:  # pragma: no cover - coverage is a dev dependency
        cov = None
    if cov is not None:
        cov.stop()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # axelrod warns about an optional GUI dependency
            import axelrod
    finally:
        if cov is not None:
            cov.start()

    assert axelrod.__version__ == "4.13.0"
    return axelrod


def axelrod_scores(
    axl: ModuleType, p1: str, p2: str, reps: int, noise: float, **length: Any
) -> np.ndarray:
    scores = []
    for seed in range(reps):
        match = axl.Match(
            (axelrod_player(axl, p1), axelrod_player(axl, p2)), noise=noise, seed=seed, **length
        )
        match.play()
        scores.append(match.final_score())
    return np.asarray(scores, dtype=float)


@pytest.mark.parametrize("turns", [7, 60])
def test_noise_free_moves_agree_exactly(axl: ModuleType, turns: int) -> None:
    for p1, p2 in product(DETERMINISTIC, DETERMINISTIC):
        match = axl.Match((axelrod_player(axl, p1), axelrod_player(axl, p2)), turns=turns)
        played = match.play()
        theirs_a = "".join(str(a) for a, _ in played)
        theirs_b = "".join(str(b) for _, b in played)
        res = simulate(parse_strategy(p1), parse_strategy(p2), Game(rounds=turns), n_matches=1)
        assert (moves(res.actions_a[0]), moves(res.actions_b[0])) == (theirs_a, theirs_b), (p1, p2)
        assert (res.mean_score(0), res.mean_score(1)) == tuple(match.final_score())


@pytest.mark.parametrize(
    ("p1", "p2", "noise", "length"),
    [
        ("tft", "tft", 0.05, {"turns": 100}),
        ("gtft", "wsls", 0.1, {"turns": 50}),
        ("grim", "tft", 0.02, {"turns": 100}),
        ("random", "tft", 0.05, {"turns": 100}),
        ("wsls", "alld", 0.1, {"turns": 50}),
        ("tft", "gtft", 0.05, {"prob_end": 0.04}),
    ],
)
def test_noisy_mean_scores_agree_within_monte_carlo_error(
    axl: ModuleType, p1: str, p2: str, noise: float, length: dict[str, Any]
) -> None:
    ref = axelrod_scores(axl, p1, p2, 250, noise, **length)
    if "turns" in length:
        game = Game(rounds=length["turns"], noise=noise)
    else:
        game = Game(continuation=1 - length["prob_end"], noise=noise)
    res = simulate(parse_strategy(p1), parse_strategy(p2), game, n_matches=20_000, seed=1)
    for side in (0, 1):
        ref_se = ref[:, side].std(ddof=1) / math.sqrt(len(ref))
        tolerance = 4 * math.hypot(ref_se, res.stderr(side))
        assert abs(res.mean_score(side) - ref[:, side].mean()) < tolerance, (p1, p2, side)

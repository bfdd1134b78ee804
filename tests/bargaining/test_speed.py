"""The issue's speed target, asserted: run with ``make bench`` (marked slow).

10,000 draws × 12 actors × 10 rounds of the expected-utility model in under 2 s on one CPU
core. The test pins the process to one core while it runs (where the platform allows) and
takes the best of three runs, so that a single interruption by another process does not
decide it. The printed table lives in ``benchmarks/bench_bargaining.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import numpy as np
import pytest

from panmun.bargaining import ExpectedUtilityModel

GOAL_SECONDS = 2.0


@pytest.fixture
def one_core() -> Iterator[None]:
    """Restrict this process to one CPU core for the duration of the test."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


@pytest.mark.slow
@pytest.mark.usefixtures("one_core")
def test_ten_thousand_draws_of_twelve_actors_run_in_under_two_seconds() -> None:
    rng = np.random.default_rng(0)
    x, c, s = (rng.uniform(0.0, 1.0, (10_000, 12)) for _ in range(3))
    model = ExpectedUtilityModel(rounds=10)
    model.simulate(x[:1], c[:1], s[:1])  # warm-up: imports and first allocations
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        trajectory = model.simulate(x, c, s)
        best = min(best, time.perf_counter() - start)
    assert np.asarray(trajectory.positions).shape == (11, 10_000, 12)
    assert best < GOAL_SECONDS, f"best of 3: {best:.2f} s (goal: under {GOAL_SECONDS} s)"

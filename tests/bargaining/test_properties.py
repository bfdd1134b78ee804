"""Properties of every model, checked with hypothesis on random issues.

* forecasts and positions stay inside the range of the initial positions;
* relabelling actors changes nothing;
* an affine rescaling of the position scale (a > 0) rescales the forecast;
* unanimity stays put.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from panmun.bargaining import (
    ExpectedUtilityModel,
    IssueInputs,
    WeightedMeanModel,
    WeightedMedianModel,
)

MODELS = [
    WeightedMedianModel(),
    WeightedMeanModel(),
    ExpectedUtilityModel(rounds=4),
    ExpectedUtilityModel(rounds=4, compromise_rule="replication_midpoint"),
    ExpectedUtilityModel(rounds=3, probability="pairwise"),
]

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False)
weight = st.floats(min_value=0.05, max_value=1.0, allow_nan=False, allow_subnormal=False)


@st.composite
def issues(draw: Any, min_actors: int = 2, max_actors: int = 7) -> dict[str, list[float]]:
    """A random issue: positions on a 0..100 scale (ties allowed), weights above zero."""
    n = draw(st.integers(min_actors, max_actors))
    grid = draw(st.booleans())  # integer positions give many exact ties
    if grid:
        x = [float(v) for v in draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))]
    else:
        x = [100 * v for v in draw(st.lists(unit, min_size=n, max_size=n))]
    c = draw(st.lists(weight, min_size=n, max_size=n))
    s = draw(st.lists(weight, min_size=n, max_size=n))
    return {"x": x, "c": c, "s": s}


def _run(model: Any, x: list[float], c: list[float], s: list[float]) -> Any:
    return model.simulate(np.array([x]), np.array([c]), np.array([s]))


@settings(max_examples=int(os.environ.get("PANMUN_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(issue=issues(), which=st.integers(0, len(MODELS) - 1))
def test_positions_and_forecast_stay_in_the_initial_range(
    issue: dict[str, list[float]], which: int
) -> None:
    traj = _run(MODELS[which], issue["x"], issue["c"], issue["s"])
    low, high = min(issue["x"]), max(issue["x"])
    assert np.all(traj.positions >= low) and np.all(traj.positions <= high)
    assert low <= float(traj.forecast[0]) <= high
    assert np.all(traj.medians >= low) and np.all(traj.medians <= high)


@settings(max_examples=int(os.environ.get("PANMUN_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(issue=issues(), which=st.integers(0, len(MODELS) - 1), data=st.data())
def test_relabelling_actors_changes_nothing(
    issue: dict[str, list[float]], which: int, data: Any
) -> None:
    n = len(issue["x"])
    perm = data.draw(st.permutations(list(range(n))))
    x, c, s = (np.array(issue[k]) for k in ("x", "c", "s"))
    a = _run(MODELS[which], list(x), list(c), list(s))
    b = _run(MODELS[which], list(x[perm]), list(c[perm]), list(s[perm]))
    np.testing.assert_array_equal(a.positions[:, 0, perm], b.positions[:, 0, :])
    np.testing.assert_array_equal(a.medians, b.medians)
    np.testing.assert_array_equal(a.forecast, b.forecast)


@settings(max_examples=int(os.environ.get("PANMUN_HYPOTHESIS_EXAMPLES", "60")), deadline=None)
@given(
    issue=issues(),
    which=st.integers(0, len(MODELS) - 1),
    factor=st.floats(min_value=0.01, max_value=100.0),
    shift=st.floats(min_value=-1000.0, max_value=1000.0),
)
def test_affine_rescaling_rescales_the_forecast(
    issue: dict[str, list[float]], which: int, factor: float, shift: float
) -> None:
    x = np.array(issue["x"])
    a = _run(MODELS[which], list(x), issue["c"], issue["s"])
    b = _run(MODELS[which], list(factor * x + shift), issue["c"], issue["s"])
    span = max(float(np.ptp(x)), 1.0)
    # The weighted median and mean are affine-equivariant to rounding. The EUM's utilities
    # (0.5 - 0.5 d)^r with r < 1 have an infinite slope at d = 1, so the rounding of a
    # rescaled position is amplified to about the square root of the machine epsilon
    # (panmun.bargaining._pairs.power); a shift of an actor's offer by 1e-6 of the scale
    # is that amplification carried through the rounds, not a change of the model.
    relative = 1e-9 if which < 2 else 1e-6
    tol = relative * factor * span + 1e-12 * abs(shift)
    np.testing.assert_allclose(b.positions, factor * a.positions + shift, rtol=0, atol=tol)
    np.testing.assert_allclose(b.forecast, factor * a.forecast + shift, rtol=0, atol=tol)


@settings(max_examples=30, deadline=None)
@given(
    value=st.floats(min_value=-50, max_value=50, allow_subnormal=False),
    n=st.integers(2, 6),
    which=st.integers(0, len(MODELS) - 1),
)
def test_unanimity_stays_put(value: float, n: int, which: int) -> None:
    traj = MODELS[which].simulate(
        np.full((1, n), value), np.full((1, n), 0.5), np.full((1, n), 0.7), record_offers=True
    )
    assert np.all(traj.positions == value)
    assert float(traj.forecast[0]) == value
    assert all(block.kind.size == 0 for block in traj.offers or [])


def test_run_returns_the_same_shape_for_every_model() -> None:
    inputs = IssueInputs.from_values(["a", "b", "c"], [0, 5, 10], [1, 1, 1], [0.9, 0.3, 0.6])
    for model in MODELS:
        result = model.run(inputs)
        assert result.rounds[0].positions == {"a": 0.0, "b": 5.0, "c": 10.0}
        assert result.model == model.name
        assert set(result.to_dict()) >= {"model", "issue", "rounds", "forecast"}

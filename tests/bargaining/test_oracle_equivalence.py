"""The vectorised engine equals the plain-Python reference (the oracle) to 1e-12.

Inputs are random (seeded): positions on a 0..1 scale, capabilities and saliences in 0..1,
2 to 9 actors, every option of the model. Positions are compared to 1e-12 of the range R,
offers exactly (receiver, proposer, type, accepted) and by position to 1e-12 R.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from panmun.bargaining import ExpectedUtilityModel
from panmun.bargaining import equations as eq
from tests.bargaining import reference_eum as ref

TOL = 1e-12
OPTIONS = list(
    itertools.product(["least_move", "replication_midpoint"], ["global", "pairwise"], [True, False])
)


def _inputs(seed: int) -> tuple[list[float], list[float], list[float]]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 10))
    return (
        list(rng.uniform(0, 1, n)),
        list(rng.uniform(0, 1, n)),
        list(rng.uniform(0, 1, n)),
    )


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(("rule", "norm", "risk"), OPTIONS)
def test_engine_equals_oracle(seed: int, rule: str, norm: str, risk: bool) -> None:
    x, c, s = _inputs(seed)
    rounds = 6
    oracle = ref.run(x, c, s, rounds, rule, risk, norm)
    model = ExpectedUtilityModel(
        rounds=rounds,
        compromise_rule=rule,  # type: ignore[arg-type]  # parametrised literal
        risk_update=risk,
        probability=norm,  # type: ignore[arg-type]  # parametrised literal
    )
    got = model.simulate(np.array([x]), np.array([c]), np.array([s]), record_offers=True)
    scale = max(x) - min(x)
    want_positions = np.array([r.positions for r in oracle])
    np.testing.assert_allclose(got.positions[:, 0, :], want_positions, rtol=0, atol=TOL * scale)
    np.testing.assert_allclose(
        got.medians[:, 0], [r.median for r in oracle], rtol=0, atol=TOL * scale
    )
    np.testing.assert_allclose(got.means[:, 0], [r.mean for r in oracle], rtol=0, atol=TOL * scale)
    assert got.offers is not None
    names = {1: "conflict", 2: "compromise", 3: "capitulation"}
    for t in range(1, rounds + 1):
        block = got.offers[t - 1]
        mine = sorted(
            (int(i), int(j), names[int(k)], bool(a))
            for i, j, k, a in zip(
                block.receiver, block.proposer, block.kind, block.accepted, strict=True
            )
        )
        theirs = sorted((i, j, k, a) for i, j, k, _, a in oracle[t].offers)
        assert mine == theirs, f"round {t}"
        proposed = {
            (int(i), int(j)): float(p)
            for i, j, p in zip(block.receiver, block.proposer, block.proposed, strict=True)
        }
        for i, j, _, target, _ in oracle[t].offers:
            assert proposed[(i, j)] == pytest.approx(target, abs=TOL * scale)


@pytest.mark.parametrize("seed", range(8))
def test_equations_equal_oracle(seed: int) -> None:
    x, c, s = _inputs(100 + seed)
    n = len(x)
    scale = max(x) - min(x)
    r_ref = ref.risk_exponents(x, c, s, scale)
    r_eng = eq.risk_exponents(*(np.array(v)[:, None] for v in (x, c, s)), np.array([scale]))
    np.testing.assert_allclose(r_eng[:, 0], r_ref, rtol=0, atol=TOL)
    for norm in ("global", "pairwise"):
        p_ref = np.array(ref.probabilities(x, c, s, r_ref, scale, norm))
        p_eng = eq.win_probabilities(
            *(np.array(v)[:, None] for v in (x, c, s, r_ref)),
            np.array([scale]),
            norm,  # type: ignore[arg-type]  # literal
        )
        np.testing.assert_allclose(p_eng[:, :, 0], p_ref, rtol=0, atol=TOL)
    assert n >= 2


def test_a_batch_equals_its_draws_run_one_by_one() -> None:
    rng = np.random.default_rng(7)
    draws, n = 9, 6
    x, c, s = (rng.uniform(0, 1, (draws, n)) for _ in range(3))
    # A block bound of 50 pairs forces blocks of one draw.
    batch = ExpectedUtilityModel(rounds=5, max_block_elements=50).simulate(x, c, s)
    whole = ExpectedUtilityModel(rounds=5).simulate(x, c, s)
    for d in range(draws):
        one = ExpectedUtilityModel(rounds=5).simulate(x[d : d + 1], c[d : d + 1], s[d : d + 1])
        np.testing.assert_array_equal(batch.positions[:, d, :], one.positions[:, 0, :])
        np.testing.assert_array_equal(whole.positions[:, d, :], one.positions[:, 0, :])
    np.testing.assert_array_equal(whole.forecast, whole.medians[-1, :])


def test_large_actor_count_uses_the_sorting_count() -> None:
    # 30 actors exceed DIRECT_COUNT_MAX_ACTORS: the other counting path must agree too.
    rng = np.random.default_rng(11)
    x, c, s = (list(rng.uniform(0, 1, 30)) for _ in range(3))
    oracle = ref.run(x, c, s, 2)
    got = ExpectedUtilityModel(rounds=2).simulate(np.array([x]), np.array([c]), np.array([s]))
    np.testing.assert_allclose(
        got.positions[:, 0, :], [r.positions for r in oracle], rtol=0, atol=TOL
    )

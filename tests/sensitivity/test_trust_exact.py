"""The exact chance that every lapse is repaired agrees with the trust engine's simulation."""

from __future__ import annotations

import numpy as np
import pytest

from panmun.sensitivity.trust_exact import minimal, sustained_probability
from panmun.trust.game import Payoffs
from panmun.trust.registry import parse_strategy
from panmun.trust.simulate import play

PAIRS = [("tft", "tft"), ("gtft", "tft"), ("wsls", "grim"), ("random:0.7", "ctft"), ("grit", "tft")]


def _automata(a: str, b: str) -> tuple:
    return parse_strategy(a).automaton(Payoffs()), parse_strategy(b).automaton(Payoffs())


@pytest.mark.parametrize(("first", "second"), PAIRS)
@pytest.mark.parametrize("horizon", ["rounds", "continuation"])
def test_exact_probability_matches_simulated_matches(first: str, second: str, horizon: str) -> None:
    a, b = _automata(first, second)
    n, noise, window = 20_000, 0.05, 6
    rng = np.random.default_rng(11)
    if horizon == "rounds":
        lengths = np.full(n, 30)
        exact = sustained_probability(a, b, noise, window, rounds=30)
    else:
        lengths = rng.geometric(1 - 0.95, n)
        exact = sustained_probability(a, b, noise, window, continuation=0.95)
    simulated = float(np.mean(play(a, b, Payoffs(), lengths, noise, rng).sustained(window)))
    stderr = np.sqrt(simulated * (1 - simulated) / n)
    assert abs(float(exact[0]) - simulated) < 4 * stderr + 1e-9


def test_batches_of_parameter_sets_give_each_set_its_own_answer() -> None:
    a, b = _automata("tft", "tft")
    noise = np.array([0.0, 0.02, 0.1])
    w = np.array([0.9, 0.95, 0.99])
    batch = sustained_probability(a, b, noise, 4, continuation=w)
    alone = [
        sustained_probability(a, b, e, 4, continuation=c)[0] for e, c in zip(noise, w, strict=True)
    ]
    assert np.allclose(batch, alone, rtol=0, atol=1e-14)
    assert batch[0] == pytest.approx(1.0)  # no noise: cooperation is never lost
    rounds = sustained_probability(a, b, noise, 4, rounds=np.array([1, 10, 40]))
    assert rounds[0] == pytest.approx(1.0) and rounds[2] < rounds[1] < 1.0
    with pytest.raises(ValueError, match="exactly one"):
        sustained_probability(a, b, noise, 4)


@pytest.mark.parametrize("name", ["tft", "gtft", "wsls", "grim", "ctft", "grit:3:4", "alternate"])
def test_the_minimal_automaton_plays_like_the_original(name: str) -> None:
    auto = parse_strategy(name).automaton(Payoffs())
    small = minimal(auto)
    assert small.n_states <= auto.n_states
    other = parse_strategy("tft").automaton(Payoffs())
    for e in (0.01, 0.1):
        # the joint chains of the original and of the minimal machine give the same answer
        big = _chain_answer(auto, other, e)
        assert _chain_answer(small, other, e) == pytest.approx(big, abs=1e-12)


def _chain_answer(a: object, b: object, noise: float) -> float:
    from panmun.sensitivity.trust_exact import _lapse_chain

    q = _lapse_chain(a, b, np.array([noise]), 3)
    start = (a.initial * b.n_states + b.initial) * 4  # type: ignore[attr-defined]
    dist = np.zeros(q.shape[1])
    dist[start] = 1.0
    for _ in range(25):
        dist = dist @ q[0]
    return float(dist.sum())

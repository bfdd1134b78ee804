"""The vectorised Monte Carlo: exact noise-free play, reproducibility, and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panmun.errors import InputError
from panmun.trust import Game, Payoffs, expected_payoffs, parse_strategy, play, simulate
from panmun.trust.simulate import MAX_CELLS
from tests.trust.helpers import moves, play_reference, score

DETERMINISTIC = ["allc", "alld", "tft", "wsls", "grim", "ctft", "grit:2", "grit:2:2", "alternate"]
ANY = [*DETERMINISTIC, "random", "random:0.8", "gtft", "gtft:0.1"]

pairs = st.tuples(st.sampled_from(ANY), st.sampled_from(ANY))
deterministic_pairs = st.tuples(st.sampled_from(DETERMINISTIC), st.sampled_from(DETERMINISTIC))
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_tft_against_alld_is_exact() -> None:
    res = simulate(parse_strategy("tft"), parse_strategy("alld"), Game(rounds=10), n_matches=4)
    assert res.mean_score(0) == 9.0  # S once, then P nine times
    assert res.mean_score(1) == 14.0  # T once, then P
    assert res.stderr(0) == 0.0
    assert res.cooperation_rate(0) == pytest.approx(0.1)
    assert res.mutual_cooperation_rate() == 0.0
    assert list(res.first_breakdown) == [0, 0, 0, 0]
    assert not any(res.recovered)
    assert list(res.longest_lapse) == [10] * 4
    assert res.recovery_share() == 0.0
    assert res.mean_first_breakdown() == 1.0


def test_cooperative_pair_never_breaks_down_without_noise() -> None:
    res = simulate(parse_strategy("tft"), parse_strategy("grim"), Game(rounds=20), n_matches=3)
    assert res.mean_score(0) == res.mean_score(1) == 60.0
    assert res.breakdown_share() == 0.0
    assert np.isnan(res.recovery_share())
    assert np.isnan(res.mean_first_breakdown())
    assert list(res.first_breakdown) == [-1, -1, -1]
    assert all(res.sustained(0))


@settings(max_examples=30, deadline=None)
@given(pair=deterministic_pairs, rounds=st.integers(1, 40))
def test_noise_free_play_matches_the_plain_reference(pair: tuple[str, str], rounds: int) -> None:
    a, b = (parse_strategy(x) for x in pair)
    res = simulate(a, b, Game(rounds=rounds), n_matches=2, seed=3)
    ref_a, ref_b = play_reference(a.automaton(Payoffs()), b.automaton(Payoffs()), rounds)
    assert moves(res.actions_a[0]) == ref_a
    assert moves(res.actions_b[1]) == ref_b
    assert (res.mean_score(0), res.mean_score(1)) == score(ref_a, ref_b)


@FAST
@given(pair=pairs, noise=st.floats(0, 0.5), rounds=st.integers(1, 30), seed=st.integers(0, 99))
def test_same_seed_same_result_and_bounded_scores(
    pair: tuple[str, str], noise: float, rounds: int, seed: int
) -> None:
    a, b = (parse_strategy(x) for x in pair)
    game = Game(rounds=rounds, noise=noise)
    r1 = simulate(a, b, game, n_matches=20, seed=seed)
    r2 = simulate(a, b, game, n_matches=20, seed=seed)
    assert np.array_equal(r1.actions_a, r2.actions_a)
    assert np.array_equal(r1.actions_b, r2.actions_b)
    assert set(np.unique(r1.actions_a)) <= {0, 1}
    assert np.all(r1.scores_a >= 0.0) and np.all(r1.scores_a <= 5.0 * rounds)
    assert np.allclose(r1.scores_a + r1.scores_b, _joint(r1))
    per_round = r1.per_round_cooperation(0)
    assert per_round.shape == (rounds,)
    assert np.all((per_round >= 0) & (per_round <= 1))
    assert np.all((r1.first_breakdown >= -1) & (r1.first_breakdown < rounds))
    assert np.all(r1.longest_lapse <= rounds)


def _joint(res: object) -> np.ndarray:
    """Sum of both scores recomputed from the moves: 6, 5, 5 or 2 per round."""
    a = np.asarray(res.actions_a)  # type: ignore[attr-defined]
    b = np.asarray(res.actions_b)  # type: ignore[attr-defined]
    both = np.where(a + b == 2, 6.0, np.where(a + b == 1, 5.0, 2.0))
    return np.where(a >= 0, both, 0.0).sum(axis=1)


@FAST
@given(pair=pairs, noise=st.floats(0, 0.3), factor=st.floats(0.1, 10), shift=st.floats(-5, 5))
def test_scores_are_affine_in_the_payoffs(
    pair: tuple[str, str], noise: float, factor: float, shift: float
) -> None:
    a, b = (parse_strategy(x) for x in pair)
    base = Payoffs()
    moved = Payoffs(*(factor * x + shift for x in base.as_tuple()))
    r1 = simulate(a, b, Game(payoffs=base, rounds=15, noise=noise), n_matches=10, seed=7)
    r2 = simulate(a, b, Game(payoffs=moved, rounds=15, noise=noise), n_matches=10, seed=7)
    assert np.allclose(r2.scores_a, factor * r1.scores_a + 15 * shift)


@FAST
@given(pair=deterministic_pairs, rounds=st.integers(1, 30))
def test_swapping_players_swaps_results_without_noise(pair: tuple[str, str], rounds: int) -> None:
    a, b = (parse_strategy(x) for x in pair)
    r1 = simulate(a, b, Game(rounds=rounds), n_matches=2)
    r2 = simulate(b, a, Game(rounds=rounds), n_matches=2)
    assert np.array_equal(r1.actions_a, r2.actions_b)
    assert r1.mean_score(0) == r2.mean_score(1)


@pytest.mark.parametrize(
    ("p1", "p2", "game"),
    [
        ("tft", "tft", Game(rounds=100, noise=0.05)),
        ("gtft", "wsls", Game(rounds=60, noise=0.1)),
        ("ctft", "grit:3:4", Game(rounds=80, noise=0.05)),
        ("random:0.3", "grim", Game(continuation=0.95, noise=0.05)),
        ("wsls", "tft", Game(continuation=0.9, noise=0.2)),
    ],
)
def test_monte_carlo_agrees_with_the_exact_markov_chain(p1: str, p2: str, game: Game) -> None:
    a, b = parse_strategy(p1), parse_strategy(p2)
    res = simulate(a, b, game, n_matches=4000, seed=11)
    exact_a, exact_b = expected_payoffs(
        a.automaton(game.payoffs),
        b.automaton(game.payoffs),
        game.payoffs,
        game.noise,
        game.rounds,
        game.continuation,
    )
    assert abs(res.mean_score(0) - exact_a[0]) < 4 * res.stderr(0)
    assert abs(res.mean_score(1) - exact_b[0]) < 4 * res.stderr(1)


def test_continuation_gives_geometric_lengths() -> None:
    res = simulate(parse_strategy("allc"), parse_strategy("allc"), Game(continuation=0.9), 5000)
    lengths = np.asarray(res.lengths)
    assert lengths.min() >= 1
    assert lengths.mean() == pytest.approx(10.0, rel=0.05)
    # cooperation rate per round counts only the matches still running
    assert np.all(res.per_round_cooperation(0) == 1.0)
    assert res.actions_a.shape == (5000, lengths.max())
    assert np.all(np.asarray(res.actions_a)[lengths < lengths.max(), -1] == -1)


def test_lengths_are_cut_at_max_rounds() -> None:
    res = simulate(
        parse_strategy("tft"), parse_strategy("tft"), Game(continuation=0.99), 200, max_rounds=5
    )
    assert int(np.max(res.lengths)) == 5
    assert res.truncated > 150


def test_noise_flips_moves_at_the_given_rate() -> None:
    res = simulate(parse_strategy("allc"), parse_strategy("alld"), Game(rounds=100, noise=0.2), 400)
    assert res.cooperation_rate(0) == pytest.approx(0.8, abs=0.01)
    assert res.cooperation_rate(1) == pytest.approx(0.2, abs=0.01)


def test_per_match_noise_in_play() -> None:
    auto = parse_strategy("allc").automaton(Payoffs())
    lengths = np.full(1000, 50)
    noise = np.where(np.arange(1000) < 500, 0.0, 0.5)
    res = play(auto, auto, Payoffs(), lengths, noise, seed=1)
    coop = (np.asarray(res.actions_a) == 1).mean(axis=1)
    assert np.all(coop[:500] == 1.0)
    assert coop[500:].mean() == pytest.approx(0.5, abs=0.02)


def test_single_match_has_no_standard_error() -> None:
    res = simulate(parse_strategy("tft"), parse_strategy("tft"), Game(rounds=3), n_matches=1)
    assert np.isnan(res.stderr(0))
    assert res.n_matches == 1


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"n_matches": 0}, "matches: 0"),
        ({"n_matches": 2.5}, "matches: 2.5"),
        ({"max_rounds": 0}, "max_rounds: 0"),
    ],
)
def test_simulate_rejects_bad_sizes(kwargs: dict[str, object], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        simulate(parse_strategy("tft"), parse_strategy("tft"), Game(rounds=3), **kwargs)  # type: ignore[arg-type]


def test_memory_guard() -> None:
    auto = parse_strategy("tft").automaton(Payoffs())
    with pytest.raises(InputError, match="cells"):
        play(auto, auto, Payoffs(), np.array([MAX_CELLS, 2]), 0.0)


def test_gtft_needs_a_dilemma() -> None:
    with pytest.raises(InputError, match="player 1 gtft derives"):
        simulate(parse_strategy("gtft"), parse_strategy("tft"), Game(Payoffs(3, 5, 1, 0), rounds=3))


def test_array_api_strict_namespace_if_available() -> None:
    """The engine runs on another array-API namespace and gives the same numbers."""
    xp = pytest.importorskip("array_api_strict")
    a, b = parse_strategy("gtft"), parse_strategy("wsls")
    game = Game(rounds=20, noise=0.1)
    ref = simulate(a, b, game, n_matches=50, seed=2)
    other = simulate(a, b, game, n_matches=50, seed=2, xp=xp)
    assert other.mean_score(0) == pytest.approx(ref.mean_score(0))

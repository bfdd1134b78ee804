"""Benchmark: panmun's vectorised repeated-game engine against the Axelrod library.

Both play the same matches (same strategy pairs, rounds and noise, the same conventions); the
script prints matches per second for each, their ratio, and the mean scores side by side as a
sanity check. The target is a ratio of at least 100 for 10,000 matches of 200 rounds. Axelrod
plays its matches one by one, so by default it plays a sample (``--axelrod-matches``) and its
rate is measured on that sample; pass ``--axelrod-matches 10000`` to time it on all of them.
Nothing here asserts a time: the numbers depend on the machine.

Run: python benchmarks/bench_trust.py [--matches 10000] [--rounds 200] [--noise 0.05]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from panmun.trust import Game, parse_strategy, simulate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' oracle pairing
from tests.trust.helpers import axelrod_player

PAIRS = [("tft", "tft"), ("gtft", "wsls"), ("grim", "tft"), ("random", "tft"), ("wsls", "alld")]


def _time_panmun(p1: str, p2: str, game: Game, n: int, repeats: int) -> tuple[float, float]:
    a, b = parse_strategy(p1), parse_strategy(p2)
    best, score = float("inf"), 0.0
    for k in range(repeats):
        start = time.perf_counter()
        res = simulate(a, b, game, n_matches=n, seed=k)
        best = min(best, time.perf_counter() - start)
        score = res.mean_score(0)
    return best, score


def _time_axelrod(
    axl: Any, p1: str, p2: str, rounds: int, noise: float, n: int
) -> tuple[float, float]:
    scores = []
    start = time.perf_counter()
    for seed in range(n):
        match = axl.Match(
            (axelrod_player(axl, p1), axelrod_player(axl, p2)),
            turns=rounds,
            noise=noise,
            seed=seed,
        )
        match.play()
        scores.append(match.final_score()[0])
    return time.perf_counter() - start, float(np.mean(scores))


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--axelrod-matches", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3, help="panmun runs (best time kept)")
    args = parser.parse_args()

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # axelrod warns about an optional GUI dependency
        import axelrod as axl
    import_s = time.perf_counter() - start

    game = Game(rounds=args.rounds, noise=args.noise)
    _time_panmun("tft", "tft", game, 100, 1)  # warm-up: imports and first allocations
    print(
        f"{args.matches} matches of {args.rounds} rounds, noise {args.noise:g}; Axelrod "
        f"{axl.__version__} timed on {args.axelrod_matches} of them (import {import_s:.1f} s, "
        "not counted)"
    )
    header = (
        f"{'pair':<12} {'panmun/s':>12} {'axelrod/s':>10} {'ratio':>8} "
        f"{'mean panmun':>12} {'mean axelrod':>13}"
    )
    print(header)
    print("-" * len(header))
    ratios = []
    for p1, p2 in PAIRS:
        t_pan, s_pan = _time_panmun(p1, p2, game, args.matches, args.repeats)
        t_axl, s_axl = _time_axelrod(axl, p1, p2, args.rounds, args.noise, args.axelrod_matches)
        rate_pan = args.matches / t_pan
        rate_axl = args.axelrod_matches / t_axl
        ratios.append(rate_pan / rate_axl)
        print(
            f"{p1 + '-' + p2:<12} {rate_pan:>12,.0f} {rate_axl:>10,.0f} {ratios[-1]:>7.0f}x "
            f"{s_pan:>12.2f} {s_axl:>13.2f}"
        )
    print(f"geometric mean ratio: {float(np.exp(np.mean(np.log(ratios)))):.0f}x (target >= 100x)")


if __name__ == "__main__":
    main()

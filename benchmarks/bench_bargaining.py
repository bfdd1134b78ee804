"""Benchmark: the vectorised expected-utility engine against the plain-Python reference.

The reference (``tests/bargaining/reference_eum.py``, the tests' oracle) loops over actors in
Python with the probability's denominator computed once per round: O(N³) per round. The
engine runs (draws × actors × actors) array operations. Both run the same model with the same
options; the table gives seconds for the whole job (all rounds, all draws) and the ratio.

Some cells would take minutes to hours, so they are *extrapolated* and marked so:
* the reference is timed on one round and one draw, and scaled by rounds × draws; at 1,000
  actors it is scaled from 100 actors by (1000/100)³, its measured O(N³) cost;
* the engine at 100 and 1,000 actors with 10,000 draws is timed on a sample of draws and
  scaled linearly (draws are independent, so the cost is linear in their number).
The "target" line times the issue's second target in full: 10,000 draws × 12 actors ×
10 rounds, best and median of several runs. Nothing here asserts a time (the slow test
``tests/bargaining/test_speed.py`` does, under ``make bench``); the numbers depend on the
machine. The script pins itself to one CPU core (``sched_setaffinity``, where the platform
has it) and NumPy to one thread (OMP_NUM_THREADS etc.) before importing it.

Run: python benchmarks/bench_bargaining.py [--rounds 10] [--target-only] [--xp torch --device cuda]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
if hasattr(os, "sched_setaffinity"):  # one CPU core, as the target says
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402 - the thread limits above must come before NumPy loads
import importlib.util  # noqa: E402 - as above
import platform  # noqa: E402 - as above
import statistics  # noqa: E402 - as above
import sys  # noqa: E402 - as above
import time  # noqa: E402 - as above
from collections.abc import Callable  # noqa: E402 - as above
from pathlib import Path  # noqa: E402 - as above
from types import ModuleType  # noqa: E402 - as above
from typing import Any  # noqa: E402 - as above

import numpy as np  # noqa: E402 - as above

from panmun.bargaining import ExpectedUtilityModel  # noqa: E402 - as above
from panmun.bargaining._arrays import asarray, resolve_namespace  # noqa: E402 - as above

ROOT = Path(__file__).resolve().parents[1]


def _reference() -> ModuleType:
    path = ROOT / "tests" / "bargaining" / "reference_eum.py"
    spec = importlib.util.spec_from_file_location("reference_eum", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while loading
    spec.loader.exec_module(module)
    return module


def _inputs(draws: int, n: int, seed: int = 0) -> tuple[np.ndarray[Any, Any], ...]:
    rng = np.random.default_rng(seed)
    return tuple(rng.uniform(0.0, 1.0, (draws, n)) for _ in range(3))


def _best(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _engine_seconds(
    n: int, draws: int, rounds: int, sample: int, repeats: int, xp: Any, device: Any
) -> tuple[float, str]:
    """Seconds for ``draws`` draws, timed on ``sample`` of them when smaller."""
    timed = min(draws, sample)
    x, c, s = (asarray(xp, v, device) for v in _inputs(timed, n))
    model = ExpectedUtilityModel(rounds=rounds)
    model.simulate(x[:1, :], c[:1, :], s[:1, :])  # warm-up
    seconds = _best(lambda: model.simulate(x, c, s), repeats if timed == draws else 1)
    if timed == draws:
        return seconds, "measured"
    return seconds * draws / timed, f"extrapolated from {timed} draws"


def _reference_round(ref: ModuleType, n: int) -> float:
    x, c, s = (list(v[0]) for v in _inputs(1, n))
    start = time.perf_counter()
    ref.run(x, c, s, 1)
    return time.perf_counter() - start


def main() -> None:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--xp", default=None, help="array namespace for the engine (torch...)")
    parser.add_argument("--device", default=None, help="device for the engine (cuda...)")
    parser.add_argument("--target-only", action="store_true", help="time only the 12-actor target")
    args = parser.parse_args()
    xp = resolve_namespace(args.xp)
    if args.target_only:
        _target(xp, args.device, max(args.repeats, 5))
        return
    ref = _reference()
    rounds = args.rounds

    print(f"machine: {platform.processor() or platform.machine()}, numpy {np.__version__}")
    print(f"engine namespace: {args.xp or 'numpy'} {args.device or ''}".rstrip())
    print(f"rounds: {rounds}; times in seconds for the whole job (all rounds, all draws)\n")

    per_round: dict[int, tuple[float, str]] = {}
    for n in (10, 100):
        per_round[n] = (_reference_round(ref, n), "1 round timed")
    per_round[1000] = (per_round[100][0] * 1000.0, "scaled from 100 actors by N³")

    # Engine samples: how many draws to time at each size before scaling.
    samples = {10: 10_000, 100: 200, 1000: 2}
    header = f"{'actors':>6} {'draws':>6}  {'engine':>10}  {'reference':>12}  {'ratio':>9}  notes"
    print(header)
    print("-" * len(header))
    for n in (10, 100, 1000):
        for draws in (1, 10_000):
            engine, how = _engine_seconds(
                n, draws, rounds, samples[n], args.repeats, xp, args.device
            )
            one_round, ref_how = per_round[n]
            reference = one_round * rounds * draws
            notes = f"engine {how}; reference {ref_how}, × {rounds} rounds"
            if draws > 1:
                notes += f" × {draws} draws"
            print(
                f"{n:>6} {draws:>6}  {engine:>10.3g}  {reference:>12.3g}  "
                f"{reference / engine:>8.0f}x  {notes}"
            )

    print()
    _target(xp, args.device, max(args.repeats, 5))


def _target(xp: Any, device: Any, repeats: int) -> None:
    """Time the issue's second target in full and print one line."""
    x, c, s = (asarray(xp, v, device) for v in _inputs(10_000, 12))
    model = ExpectedUtilityModel(rounds=10)
    model.simulate(x[:1, :], c[:1, :], s[:1, :])  # warm-up
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.simulate(x, c, s)
        walls.append(time.perf_counter() - start)
    best, median = min(walls), statistics.median(walls)
    verdict = "met" if best < 2.0 else "NOT met"
    print(
        f"target: 10,000 draws x 12 actors x 10 rounds on one core: {best:.2f} s best, "
        f"{median:.2f} s median of {repeats} runs (goal: under 2 s, {verdict})"
    )


if __name__ == "__main__":
    main()

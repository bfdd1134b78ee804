"""Benchmark: global sensitivity of a 14-actor, 7-issue preset, in this process and on Dask.

Prints three tables:

1. parallel efficiency from 1 to 2 local Dask workers on the same Sobol' run (``T1 / (2 T2)``;
   each cluster is started and warmed up before the clock starts), for the whole run and for
   the chunks alone (the indices, one task per output, make up the rest), beside the same run
   in this process, whether the results are identical, and, as a baseline measured in the
   same run, the speed-up the machine gives 8 fixed, independent tasks of the same kind (on
   a shared machine, other work takes its share of the cores);
2. Sobol' with N = 1024 over every uncertain input of the preset on 2 local workers, for the
   expected-utility model and the weighted median (target: under 10 minutes);
3. Morris screening over the same inputs on 2 local workers (target: under 1 minute).

The machine's load average is printed before and after, since other work on a shared machine
changes the figures. Nothing here asserts a time.

Run: python benchmarks/bench_sensitivity.py [--scenario korea-2022-09] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from typing import Any


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def _model(scenario: str, bargaining: str) -> Any:
    from panmun.analysis import AnalysisSettings, ScenarioAnalysis
    from panmun.scenario import load
    from panmun.sensitivity import scenario_model

    return scenario_model(ScenarioAnalysis(load(scenario), AnalysisSettings(model=bargaining)))


class _Clocked:
    """An executor that keeps the time its chunks took (the evaluation, without the indices)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.seconds = inner, 0.0

    def run(self, evaluator: Any, design: Any, chunks: Any) -> Any:
        start = time.perf_counter()
        out = self.inner.run(evaluator, design, chunks)
        self.seconds = time.perf_counter() - start
        return out

    def map(self, fn: Any, items: Any) -> Any:
        return self.inner.map(fn, items)


def _timed(model: Any, method: str, samples: int, executor: Any) -> tuple[float, float, Any]:
    """Total seconds, seconds of the evaluation alone, and the result."""
    from panmun.sensitivity import run_sensitivity

    clock = _Clocked(executor)
    start = time.perf_counter()
    result = run_sensitivity(model, method, samples, seed=0, executor=clock)
    return time.perf_counter() - start, clock.seconds, result


def _busy(seed: int) -> float:
    """A fixed piece of work of the kind the chunks do: the bargaining engine on 1,000 draws."""
    import numpy as np

    from panmun.bargaining.inputs import make_model

    rng = np.random.default_rng(seed)
    x, c, s = rng.random((1000, 14)) * 100, rng.random((1000, 14)), rng.random((1000, 14))
    return float(make_model("eum", rounds=10).simulate(x, c, s).forecast.sum())


def _machine(executor: Any, tasks: int = 8) -> float:
    """Seconds the cluster takes for ``tasks`` fixed, independent pieces of work."""
    client = executor.client
    client.gather(client.map(_busy, range(2), pure=False))  # warm-up
    start = time.perf_counter()
    client.gather(client.map(_busy, range(tasks), pure=False))
    return time.perf_counter() - start


def _scaling(model: Any, samples: int) -> None:
    from panmun.sensitivity.execute import InProcess, dask_executor

    total, evaluation, base = _timed(model, "sobol", samples, InProcess())
    rows = [("this process, no Dask", total, evaluation, "")]
    times, machine = {}, {}
    for workers in (1, 2):
        start = time.perf_counter()
        with dask_executor("local", workers, timeout=60.0) as executor:
            _timed(model, "sobol", 2, executor)  # warm-up: imports on every worker
            startup = time.perf_counter() - start
            total, times[workers], result = _timed(model, "sobol", samples, executor)
            machine[workers] = _machine(executor)
        same = json.dumps(result.to_dict()) == json.dumps(base.to_dict())
        note = f"cluster start {startup:.1f} s; identical: {'yes' if same else 'NO'}"
        rows.append((f"{workers} local worker{'s' * (workers > 1)}", total, times[workers], note))
    print(f"\n1. Parallel efficiency: Sobol', N = {samples}, {base.evaluations:,} model runs")
    print(f"{'where':<24} {'total':>8} {'chunks':>8}  notes")
    for name, seconds, chunks, note in rows:
        print(f"{name:<24} {seconds:>7.1f}s {chunks:>7.1f}s  {note}")
    efficiency = times[1] / (2 * times[2])
    print(
        f"chunks (the parallel part): speed-up 1 -> 2 workers {times[1] / times[2]:.2f}x, "
        f"parallel efficiency {efficiency:.0%}"
    )
    best = machine[1] / machine[2]
    print(
        f"baseline, 8 fixed independent tasks on the same clusters: speed-up {best:.2f}x "
        f"(efficiency {best / 2:.0%}): what this machine gave two workers at the time"
    )


def _runs(scenario: str, models: list[str], method: str, samples: int, target_s: float) -> None:
    from panmun.sensitivity import check_these_first
    from panmun.sensitivity.execute import dask_executor

    label = "Sobol'" if method == "sobol" else "Morris"
    size = f"N = {samples}" if method == "sobol" else f"{samples} trajectories"
    number = "2" if method == "sobol" else "3"
    print(f"\n{number}. {label}, {size}, 2 local workers (target: under {target_s:.0f} s)")
    print(
        f"{'model':<10} {'inputs':>6} {'outputs':>7} {'runs':>9} {'time':>9} {'target':>7}  "
        "first to check"
    )
    with dask_executor("local", 2, timeout=60.0) as executor:
        for bargaining in models:
            model = _model(scenario, bargaining)
            _timed(model, method, 2, executor)  # warm-up
            seconds, _, result = _timed(model, method, samples, executor)
            top = check_these_first(result, 1)
            first = f"{top[0]['input']} ({top[0]['score']:.2f})" if top else "-"
            verdict = "met" if seconds < target_s else "missed"
            print(
                f"{bargaining:<10} {len(model.inputs):>6} {len(model.outputs):>7} "
                f"{result.evaluations:>9,} {seconds:>8.1f}s {verdict:>7}  {first}"
            )


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="korea-2022-09", help="a 14-actor, 7-issue preset")
    parser.add_argument("--samples", type=int, default=1024, help="Sobol' N of table 2")
    parser.add_argument("--trajectories", type=int, default=20, help="Morris trajectories")
    parser.add_argument("--scaling-samples", type=int, default=128, help="Sobol' N of table 1")
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the script")
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
        import SALib  # noqa: F401
    except ImportError:
        print("skipped: needs the optional extra panmun[sensitivity] (SALib, dask[distributed])")
        return
    from panmun.sensitivity.execute import quiet_dask_logs

    quiet_dask_logs()
    if args.quick:
        args.samples, args.scaling_samples, args.trajectories = 16, 8, 4
    eum = _model(args.scenario, "eum")
    print(
        f"{args.scenario}: {len(eum.inputs)} uncertain inputs, {len(eum.outputs)} outputs; "
        f"{_load()}"
    )
    start = time.perf_counter()
    _scaling(eum, args.scaling_samples)
    _runs(args.scenario, ["eum", "median"], "sobol", args.samples, 600.0)
    _runs(args.scenario, ["eum", "median"], "morris", args.trajectories, 60.0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{time.perf_counter() - start:.0f} s in all; peak memory of this process "
        f"{peak:.0f} MiB (workers not counted); {_load()}"
    )


if __name__ == "__main__":
    main()

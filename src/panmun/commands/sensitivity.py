"""``panmun sensitivity``: which uncertain numbers move a scenario's headline answers."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref, working

if TYPE_CHECKING:
    from panmun.sensitivity.result import Method as MethodName
    from panmun.sensitivity.result import SensitivityResult

#: Seconds to wait for a Dask scheduler given by address.
CONNECT_TIMEOUT_S = 10.0

_MODEL_WORDS = {"eum": "expected utility", "median": "weighted median", "mean": "weighted mean"}
_METHOD_WORDS = {"sobol": "Sobol' indices", "morris": "Morris screening"}


class Method(StrEnum):
    """Sensitivity method."""

    morris = "morris"
    sobol = "sobol"


class Model(StrEnum):
    """Bargaining model."""

    eum = "eum"
    median = "median"
    mean = "mean"


class Format(StrEnum):
    """Output format."""

    table = "table"
    json = "json"


def _check(
    samples: int | None,
    method: str,
    seed: int,
    workers: int | None,
    scheduler: str | None,
    top: int,
    chunk: int,
    rounds: int,
) -> list[str]:
    from panmun.sensitivity.run import check_samples

    problems = [] if samples is None else check_samples(method, samples)
    for name, value, low in (
        ("seed", seed, 0),
        ("top", top, 1),
        ("chunk", chunk, 1),
        ("rounds", rounds, 1),
    ):
        if value < low:
            problems.append(f"--{name}: {value} is not a whole number of at least {low}")
    if workers is not None:
        if workers < 1:
            problems.append(f"--workers: {workers} is not a whole number of at least 1")
        elif scheduler != "local":
            problems.append(
                f"--workers: {workers} applies to --scheduler local only (a cluster at an "
                "address has the workers it has)"
            )
    if scheduler is not None and not scheduler.strip():
        problems.append("--scheduler: '' is neither local nor an address")
    return problems


@reports_input_errors
def sensitivity(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Shipped scenario id or scenario file (.yaml/.json).",
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        Method,
        typer.Option("--method", help="morris (a cheap first pass) or sobol (the full answer)."),
    ] = Method.sobol,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            metavar="N",
            help="sobol: base samples, a power of 2 (N x (inputs + 2) model runs; default "
            "1024); morris: trajectories (N x (inputs + 1) runs; default 20).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", help="Seed of the design and intervals.")
    ] = DEFAULTS.seed,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="local|ADDRESS",
            help="Run the chunks on Dask: local starts a cluster of --workers processes on "
            "this machine; an address (tcp://host:8786) uses a running scheduler. Default: "
            "in this process.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            metavar="N",
            help="Worker processes of --scheduler local (default: one per CPU core).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    model: Annotated[
        Model, typer.Option("--model", help="Bargaining model: eum, median or mean.")
    ] = Model.eum,
    rounds: Annotated[
        int, typer.Option("--rounds", metavar="N", help="Bargaining rounds (eum).")
    ] = DEFAULTS.rounds,
    top: Annotated[
        int, typer.Option("--top", metavar="N", help="Inputs listed under 'check these first'.")
    ] = 20,
    chunk: Annotated[
        int,
        typer.Option("--chunk", metavar="N", help="Model runs per chunk (memory grows with it)."),
    ] = 4096,
    scenario_opt: Annotated[
        str | None,
        typer.Option(
            "--scenario", metavar="ID|FILE", help="The scenario, instead of the argument."
        ),
    ] = None,
) -> None:
    """Global sensitivity of a scenario's headline outputs to every uncertain input.

    Outputs: each issue's bargaining forecast and feasible outcome, whether each package is
    accepted by every party it needs, whether each roadmap passes every phase. Inputs: every
    number with a range (positions, saliences, capabilities, status quo values, and, when a
    roadmap is evaluated, relationship numbers and intervention effects). Morris screening
    (Morris 1991) is a cheap first pass; Sobol' first-order and total indices with 95 %
    confidence intervals (Saltelli et al. 2010) are the full answer. The list "check these
    first" ranks inputs by their largest total index over the outputs, as far as the sample
    supports it (the lower end of its 95 % interval). The same scenario,
    settings and seed give the same numbers whatever --scheduler, --workers and --chunk.

    Example: panmun sensitivity korea-2022-09 --method morris

    Example: panmun sensitivity korea-2022-09 --samples 1024 --scheduler local --workers 2
    """
    import json

    from panmun.errors import InputError

    problems = _check(samples, method.value, seed, workers, scheduler, top, chunk, rounds)
    if problems:
        raise InputError(problems)
    from panmun.analysis import AnalysisSettings, ScenarioAnalysis
    from panmun.budget import check
    from panmun.scenario import load
    from panmun.sensitivity.api import describe
    from panmun.sensitivity.plan import scenario_model
    from panmun.sensitivity.run import DEFAULT_SAMPLES, design_bytes
    from panmun.sensitivity.sampling import optional_module

    optional_module("SALib")
    loaded = load(scenario_ref(source, scenario_opt))
    analysis = ScenarioAnalysis(
        loaded, AnalysisSettings(seed=seed, rounds=rounds, model=model.value)
    )
    plan = scenario_model(analysis)
    n = DEFAULT_SAMPLES[method.value] if samples is None else samples
    d, k = len(plan.inputs), len(plan.outputs)
    cells = 3 * plan.position.size + plan.status_quo.size  # one row's draws
    check(f"--samples: {n}", design_bytes(method.value, n, d, k) + 64.0 * chunk * (cells + d))
    about = describe(analysis)
    with working(f"Sensitivity of {loaded.id}: {_METHOD_WORDS[method.value]}"):
        result = _run(plan, method.value, n, seed, scheduler, workers, chunk, about)
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print(result, top)


def _run(
    plan: Any,
    method: str,
    samples: int,
    seed: int,
    scheduler: str | None,
    workers: int | None,
    chunk: int,
    about: dict[str, object],
) -> SensitivityResult:
    import os

    from panmun.sensitivity.run import run_sensitivity

    chosen: MethodName = "sobol" if method == "sobol" else "morris"
    if scheduler is None:
        return run_sensitivity(plan, chosen, samples, seed, chunk_rows=chunk, about=about)
    from panmun.sensitivity.execute import dask_executor, quiet_dask_logs

    quiet_dask_logs()  # this command is an entry point: one line per problem, nothing else
    count = workers if workers is not None else (os.cpu_count() or 1)
    with dask_executor(scheduler, count, timeout=CONNECT_TIMEOUT_S) as executor:
        return run_sensitivity(
            plan, chosen, samples, seed, executor=executor, chunk_rows=chunk, about=about
        )


def _num(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 1000 else f"{value:,.0f}"


def _print(result: SensitivityResult, top: int) -> None:
    from rich.table import Table

    from panmun.sensitivity.result import check_these_first

    console = shared_console()
    about = result.about
    size = "N" if result.method == "sobol" else "trajectories"
    console.print(
        f"Sensitivity of {about['scenario']} ({about['title']}): "
        f"{_METHOD_WORDS[result.method]}, {size} = {result.samples}, "
        f"{len(result.inputs)} uncertain inputs, {len(result.outputs)} outputs, "
        f"{result.evaluations:,} model runs, seed {result.seed}; bargaining model: "
        f"{_MODEL_WORDS[str(about['model'])]}"
    )
    rows = check_these_first(result, top)
    table = Table(
        title=f"Check these first: each input's largest {result.measure} over the outputs, "
        "ranked by the lower end of its 95 % interval",
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    table.add_column("rank", justify="right")
    table.add_column("input")
    table.add_column("index (95 % CI)", justify="right")
    table.add_column("output it moves most")
    for r in rows:
        table.add_row(
            str(r["rank"]), r["input"], f"{r['score']:.2f} ± {r['conf']:.2f}", r["output"]
        )
    console.print()
    console.print(table if rows else "No input moved any output over this sample.")
    outputs = Table(
        title="Outputs: mean over the sample, spread, and the input that moves each most",
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    outputs.add_column("output")
    outputs.add_column("mean", justify="right")
    outputs.add_column("sd", justify="right")
    outputs.add_column("moved most by")
    for out in result.outputs:
        scores = out.scores()
        if scores is None or not scores.size or scores.max() <= 0:
            outputs.add_row(out.output.name, _num(out.mean), _num(out.std), "does not vary")
            continue
        k = int(scores.argmax())
        outputs.add_row(
            out.output.name,
            _num(out.mean),
            _num(out.std),
            f"{result.inputs[k].name} ({scores[k]:.2f})",
        )
    console.print()
    console.print(outputs)

"""``panmun analyze``: write the self-contained HTML report (and its JSON twin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import reports_input_errors, scenario_ref


@reports_input_errors
def analyze(
    ref: Annotated[
        str | None,
        typer.Argument(
            help="A shipped scenario id or a scenario file; default: the most recent preset."
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for report.html and report.json.")] = Path(
        "report"
    ),
    draws: Annotated[
        int, typer.Option(min=1, help="Monte Carlo draws from every number's range.")
    ] = DEFAULTS.draws,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed: same inputs and seed, same report.")
    ] = DEFAULTS.seed,
    rounds: Annotated[
        int, typer.Option(min=1, help="Bargaining rounds of the EUM model.")
    ] = DEFAULTS.rounds,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="The scenario, instead of the argument.")
    ] = None,
    all_offers: Annotated[
        bool,
        typer.Option(
            "--all-offers",
            help="Keep every offer of every bargaining round in report.json (large).",
        ),
    ] = False,
) -> None:
    """Analyse a scenario and write DIR/report.html and DIR/report.json.

    Example: panmun analyze korea-2022-09 --out report --draws 2000 --seed 7
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from panmun.analysis.settings import AnalysisSettings
    from panmun.errors import InputError
    from panmun.report.build import STAGES, write_report
    from panmun.scenario.loader import latest_shipped_id, load

    if out.exists() and not out.is_dir():
        raise InputError([f"--out: {str(out)!r} exists and is not a folder"])
    scenario_id = scenario_ref(ref, scenario, default=latest_shipped_id())
    loaded = load(scenario_id)
    settings = AnalysisSettings(draws=draws, seed=seed, rounds=rounds)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(f"Analysing {loaded.id}", total=len(STAGES) + 1)

        def tick(stage: str) -> None:
            bar.update(task, advance=1, description=f"Analysing {loaded.id}: {stage}")

        path = write_report(loaded, out, settings, tick, all_offers)
        bar.update(task, completed=len(STAGES) + 1)
    typer.echo(f"Report for {loaded.id} written to {path.resolve()}")

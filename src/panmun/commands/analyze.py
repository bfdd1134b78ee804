"""``panmun analyze``: write the self-contained HTML report (and its JSON twin, and a PDF)."""

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
    out: Annotated[
        Path, typer.Option(help="Folder for report.html, report.json (and report.pdf).")
    ] = Path("report"),
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
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also write report.pdf: laid out for print, static charts, contents with "
            "page numbers, sources as endnotes.",
        ),
    ] = False,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Screen every uncertain input (Morris) and list the ones to check first "
            "(needs panmun[sensitivity]; a few seconds more).",
        ),
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", metavar="en|ko", help="Language of the fixed texts; data stay as written."
        ),
    ] = "en",
) -> None:
    """Analyse a scenario and write DIR/report.html and DIR/report.json (and DIR/report.pdf).

    Example: panmun analyze korea-2022-09 --out report --draws 2000 --seed 7 --pdf
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from panmun.analysis.settings import AnalysisSettings
    from panmun.errors import InputError
    from panmun.report.build import STAGES, write_report
    from panmun.report.i18n import texts
    from panmun.scenario.loader import latest_shipped_id, load

    if out.exists() and not out.is_dir():
        raise InputError([f"--out: {str(out)!r} exists and is not a folder"])
    texts(lang)  # an unknown language, or Korean without Babel, fails before any work
    if pdf:
        from panmun.report.pdf import weasyprint

        weasyprint()  # without WeasyPrint or Pango, say so before the analysis runs
    scenario_id = scenario_ref(ref, scenario, default=latest_shipped_id())
    loaded = load(scenario_id)
    settings = AnalysisSettings(draws=draws, seed=seed, rounds=rounds)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(f"Analysing {loaded.id}", total=len(STAGES) + 1 + pdf)

        def tick(stage: str) -> None:
            bar.update(task, advance=1, description=f"Analysing {loaded.id}: {stage}")

        path = write_report(loaded, out, settings, tick, all_offers, lang, pdf, sensitivity)
        bar.update(task, completed=len(STAGES) + 1 + pdf)
    typer.echo(f"Report for {loaded.id} written to {path.resolve()}")
    if pdf:
        typer.echo(f"Printable report written to {(path.parent / 'report.pdf').resolve()}")

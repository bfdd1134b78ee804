"""``panmun analyze``: write the self-contained HTML report (and its JSON twin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from panmun.commands._common import reports_input_errors


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
) -> None:
    """Analyse a scenario and write DIR/report.html and DIR/report.json.

    Example: panmun analyze korea-2022-09 --out report
    """
    from panmun.errors import InputError
    from panmun.report import write_report
    from panmun.scenario.loader import latest_shipped_id, load

    if out.exists() and not out.is_dir():
        raise InputError([f"--out: {str(out)!r} exists and is not a folder"])
    scenario = load(ref if ref is not None else latest_shipped_id())
    path = write_report(scenario, out)
    typer.echo(f"Report for {scenario.id} written to {path.resolve()}")

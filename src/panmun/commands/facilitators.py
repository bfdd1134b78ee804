"""``panmun facilitators``: which third party could facilitate talks between a context's
parties, scored on the mediation literature's criteria, with the policy paper's condition."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref

app = typer.Typer(
    help=(
        "Facilitator candidates scored on acceptability to each party, impartiality, leverage, "
        "resources and access, and track record, with ranges and the ranking's stability."
        "\n\nExample: panmun facilitators assess korea-2026-05"
    ),
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    # A callback keeps `assess` a subcommand while it is the group's only one.
    pass


class Format(StrEnum):
    """Output format."""

    table = "table"
    json = "json"


@app.command("assess")
@reports_input_errors
def assess_command(
    scenario: Annotated[
        str | None,
        typer.Argument(metavar="SCENARIO", help="A shipped scenario id or a scenario file."),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", min=1, help="Draws of the indicators.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws.")] = 0,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    scenario_opt: Annotated[
        str | None, typer.Option("--scenario", help="The scenario, instead of the argument.")
    ] = None,
) -> None:
    """Score the facilitator candidates of the scenario's context at the scenario's date.

    Each criterion comes from sourced indicators with ranges (data/facilitators/); an indicator
    counts only when its sources are dated by the scenario's date, and a criterion without one
    is marked unknown. The fit is the mean of the criteria with its 5-95 % band over the draws;
    P(first) and the band of ranks show how stable the ranking is. A candidate that acts only
    on a formal request from both parties is marked conditional, with whether such a request
    exists at the date.

    Example: panmun facilitators assess cambodia-thailand-2025-10 --format json
    """
    from panmun.errors import InputError
    from panmun.facilitators import assess, assessment_data
    from panmun.scenario import load

    s = load(scenario_ref(scenario, scenario_opt))
    result = assess(s, draws=draws, seed=seed)
    if result is None:
        raise InputError([f"{s.id}: its context ({s.context or 'none'}) has no facilitator data"])
    data = assessment_data(result, {a.id: a.name for a in s.actors})
    if fmt is Format.json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_table(data)


def _print_table(data: dict[str, Any]) -> None:
    from rich.table import Table

    console = shared_console()
    parties = " and ".join(data["party_names"])
    table = Table(
        title=f"Facilitators for {parties}, as of {data['as_of']} (fit 0-1, 5-95 % band)",
        box=None,
    )
    for col in ("rank", "candidate", "fit", "band", "P(first)", "ranks", "gate"):
        table.add_column(col, justify="left" if col in ("candidate", "gate") else "right")
    criteria = data["criteria"]
    for c in data["candidates"]:
        band = c["fit_band"]
        gate = "conditional" if c["conditional"] else c["acts_on"].replace("_", " ")
        if c["conditional"]:
            gate += ": request exists" if c["request_exists"] else ": no joint request"
        table.add_row(
            str(c["rank"]),
            c["name"],
            f"{c['fit']:.2f}",
            f"{band[0]:.2f}-{band[1]:.2f}",
            f"{c['p_top']:.0%}",
            f"{c['rank_band'][0]}-{c['rank_band'][1]}",
            gate,
        )
    console.print(table)
    crit = Table(title="Criteria (unknown: no sourced indicator at this date)", box=None)
    crit.add_column("candidate")
    for name in criteria:
        crit.add_column(name.replace("_", " "), justify="right")
    for c in data["candidates"]:
        crit.add_row(
            c["name"],
            *("unknown" if k in c["unknown"] else f"{c['criteria'][k]:.2f}" for k in criteria),
        )
    console.print(crit)
    for c in data["candidates"]:
        if c["conditional"]:
            console.print(f"{c['name']}. {c['gate']}")
    console.print(
        f"P(every draw ranks the candidates as the point values do): {data['p_same_order']:.0%}"
        f" over {data['draws']} draws (seed {data['seed']})."
    )

"""``panmun forecast``: where the bargaining on an issue is heading, and how sure that is."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.commands._common import reports_input_errors

if TYPE_CHECKING:
    from panmun.bargaining.inputs import IssueInputs
    from panmun.bargaining.result import BargainingResult


class Model(StrEnum):
    """Bargaining model."""

    median = "median"
    mean = "mean"
    eum = "eum"


class Format(StrEnum):
    """Output format."""

    table = "table"
    json = "json"


def _check_counts(rounds: int, draws: int, seed: int) -> None:
    from panmun.errors import InputError

    problems = [
        f"--{name}: {value} is below 0"
        for name, value in (("rounds", rounds), ("draws", draws), ("seed", seed))
        if value < 0
    ]
    if problems:
        raise InputError(problems)


def _inputs(source: str, issue: str | None) -> tuple[str | None, list[IssueInputs]]:
    """Read the issue(s) to forecast; return the scenario id (None for a CSV) and inputs."""
    from panmun.bargaining.inputs import IssueInputs
    from panmun.errors import InputError

    if source.lower().endswith(".csv"):
        if issue is not None:
            raise InputError([f"--issue: {source} holds a single issue; leave --issue out"])
        from panmun.io.csv_issue import read_issue_csv

        return None, [read_issue_csv(source)]
    from panmun.scenario import load

    scenario = load(source)
    ids = [issue] if issue is not None else [i.id for i in scenario.issues]
    return scenario.id, [IssueInputs.from_scenario(scenario, i) for i in ids]


@reports_input_errors
def forecast(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SCENARIO_ID_OR_FILE",
            help="Shipped scenario id, scenario file (.yaml/.json) or CSV of one issue.",
            show_default=False,
        ),
    ],
    issue: Annotated[
        str | None,
        typer.Option("--issue", help="Issue id (default: every issue of the scenario)."),
    ] = None,
    model: Annotated[
        Model, typer.Option("--model", help="median, mean or eum (expected utility).")
    ] = Model.eum,
    rounds: Annotated[int, typer.Option("--rounds", help="Bargaining rounds (eum).")] = 10,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws from the ranges (0: none).")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draws.")] = 0,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
) -> None:
    """Forecast the bargaining on one issue or on every issue of a scenario.

    SCENARIO_ID_OR_FILE is a shipped scenario id (see `panmun scenarios list`), a scenario file
    (.yaml or .json), or a CSV of one issue with the columns actor, capability, position,
    salience (header case-insensitive, any order, other columns ignored).

    Without --issue a scenario is forecast issue by issue (JSON: a list, one object per issue);
    with --issue, or for a CSV, the output is one object. Round 0 is the input. --draws samples
    positions, saliences and capabilities from the scenario's ranges (a CSV has no ranges, so
    its band has zero width) and adds the forecast's median, 5-95 % band and the inputs that
    matter most.

    Example: panmun forecast korea-2018-04 --issue denuclearization --draws 1000

    Example: panmun forecast actors.csv --model eum --rounds 8 --format json
    """
    from panmun.bargaining.inputs import forecast_issue

    _check_counts(rounds, draws, seed)
    scenario_id, inputs = _inputs(source, issue)
    results = [
        forecast_issue(i, model.value, rounds=rounds, draws=draws, seed=seed) for i in inputs
    ]
    single = scenario_id is None or issue is not None
    if fmt is Format.json:
        import json

        data: Any = [_json(r, scenario_id) for r in results]
        typer.echo(json.dumps(data[0] if single else data, indent=2, ensure_ascii=False))
        return
    for result in results:
        _table(result, scenario_id)


def _json(result: BargainingResult, scenario_id: str | None) -> dict[str, Any]:
    data = result.to_dict()
    if scenario_id is not None:
        data = {"scenario": scenario_id, **data}
    return data


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _table(result: BargainingResult, scenario_id: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    where = f"{scenario_id} / {result.issue}" if scenario_id else result.issue
    shown = _shown_rounds(len(result.rounds))
    table = Table(title=f"{where}: model {result.model}", title_justify="left")
    table.add_column("actor")
    for t in shown:
        table.add_column(f"round {t}" if t is not None else "…", justify="right")
    for actor in result.actors:
        cells = [_fmt(result.rounds[t].positions[actor]) if t is not None else "…" for t in shown]
        table.add_row(actor, *cells)
    table.add_section()
    for label, attr in (("weighted median", "weighted_median"), ("weighted mean", "weighted_mean")):
        cells = [_fmt(getattr(result.rounds[t], attr)) if t is not None else "…" for t in shown]
        table.add_row(label, *cells)
    console.print(table)
    moves = [sum(o.accepted for o in r.offers) for r in result.rounds[1:]]
    offers = [len(r.offers) for r in result.rounds[1:]]
    if moves:
        console.print(f"offers per round: {offers}; actors moving: {moves}")
    console.print(f"forecast: {_fmt(result.forecast)}")
    dist = result.distribution
    if dist is not None:
        console.print(
            f"distribution over {dist.draws} draws (seed {dist.seed}): median "
            f"{_fmt(dist.median)}, 5-95 % band [{_fmt(dist.p05)}, {_fmt(dist.p95)}]"
        )
        top = [f"{v.actor} {v.input} {v.share:.0%}" for v in dist.variance_shares[:5]]
        if top:
            console.print("variance share (first order): " + "; ".join(top))
    console.print()


def _shown_rounds(count: int) -> list[int | None]:
    """Round indices to show as columns: all up to 9, else the first 4 and last 4."""
    if count <= 9:
        return list(range(count))
    return [0, 1, 2, 3, None, count - 4, count - 3, count - 2, count - 1]

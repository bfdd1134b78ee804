"""``panmun forecast``: where the bargaining on an issue is heading, and how sure that is."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref, working

if TYPE_CHECKING:
    from panmun.analysis import AnalysisSettings
    from panmun.analysis.issues import IssueAnalysis
    from panmun.bargaining.inputs import IssueInputs
    from panmun.bargaining.result import BargainingResult
    from panmun.scenario.models import Scenario


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


def _csv_input(source: str, issue: str | None) -> IssueInputs:
    from panmun.errors import InputError

    if issue is not None:
        raise InputError([f"--issue: {source} holds a single issue; leave --issue out"])
    from panmun.io.csv_issue import read_issue_csv

    return read_issue_csv(source)


@reports_input_errors
def forecast(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SCENARIO_ID_OR_FILE",
            help="Shipped scenario id, scenario file (.yaml/.json) or CSV of one issue.",
            show_default=False,
        ),
    ] = None,
    issue: Annotated[
        str | None,
        typer.Option("--issue", help="Issue id (default: every issue of the scenario)."),
    ] = None,
    model: Annotated[
        Model, typer.Option("--model", help="median, mean or eum (expected utility).")
    ] = Model.eum,
    rounds: Annotated[
        int, typer.Option("--rounds", help="Bargaining rounds (eum).")
    ] = DEFAULTS.rounds,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws from the ranges (a CSV: 0 for none).")
    ] = DEFAULTS.draws,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draws.")] = DEFAULTS.seed,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    scenario_opt: Annotated[
        str | None, typer.Option("--scenario", help="The scenario or CSV, instead of the argument.")
    ] = None,
) -> None:
    """Forecast the bargaining on one issue or on every issue of a scenario.

    SCENARIO_ID_OR_FILE is a shipped scenario id (see `panmun scenarios list`), a scenario file
    (.yaml or .json), or a CSV of one issue with the columns actor, capability, position,
    salience (header case-insensitive, any order, other columns ignored).

    Without --issue a scenario is forecast issue by issue (JSON: a list, one object per issue);
    with --issue, or for a CSV, the output is one object. Round 0 is the input. For a scenario
    the output leads with the feasible outcome: the forecast within what every veto player of
    the issue prefers to the status quo, with the probability that the status quo moves; then
    the unconstrained forecast and whether the bargaining settled. These are the numbers of
    `panmun analyze` for the same seed and settings (medians of the draws, 5-95 % bands). A CSV
    has no ranges and no veto players: its band has zero width.

    Example: panmun forecast korea-2018-04 --issue denuclearization --draws 1000

    Example: panmun forecast examples/actors.csv --model eum --rounds 8 --format json
    (examples/ in the source tree)
    """
    import json

    _check_counts(rounds, draws, seed)
    source = scenario_ref(source, scenario_opt)
    if source.lower().endswith(".csv"):
        from panmun.bargaining.inputs import forecast_issue
        from panmun.budget import analysis_bytes, check

        inputs = _csv_input(source, issue)
        n = inputs.n_actors
        check(f"--draws: {draws}", analysis_bytes(n, 1, n, draws, rounds))
        result = forecast_issue(inputs, model.value, rounds=rounds, draws=draws, seed=seed)
        if fmt is Format.json:
            typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        else:
            _table(result, None)
        return
    from panmun.analysis import ScenarioAnalysis
    from panmun.errors import InputError
    from panmun.scenario import load

    if draws < 1:
        raise InputError([f"--draws: {draws} is below 1 (a scenario forecast needs draws)"])
    scenario = load(source)
    analysis = ScenarioAnalysis(
        scenario, _settings(draws=draws, seed=seed, rounds=rounds, model=model.value)
    )
    with working(f"Forecasting {scenario.id}"):
        chosen = [analysis.issue(issue)] if issue is not None else analysis.issues
    if fmt is Format.json:
        data: Any = [_json(ia, scenario.id) for ia in chosen]
        single = issue is not None
        typer.echo(json.dumps(data[0] if single else data, indent=2, ensure_ascii=False))
        return
    for ia in chosen:
        _table(ia.point, scenario.id)
        _analysis_lines(ia, scenario, draws)


def _settings(**values: Any) -> AnalysisSettings:
    """Analysis settings from CLI options, their messages naming the options."""
    from panmun.analysis import AnalysisSettings
    from panmun.errors import InputError

    try:
        return AnalysisSettings(**values)
    except InputError as exc:
        raise InputError([f"--{line}" for line in exc.problems]) from None


def _json(ia: IssueAnalysis, scenario_id: str) -> dict[str, Any]:
    return {"scenario": scenario_id, **ia.point.to_dict(), "analysis": ia.to_dict()}


def _analysis_lines(ia: IssueAnalysis, scenario: Scenario, requested: int) -> None:
    """The consent-constrained forecast, as in the report: medians of the draws and bands."""

    console = shared_console()
    names = {a.id: a.name for a in scenario.actors}
    c, u, st = ia.consent, ia.unconstrained, ia.settling
    if ia.draws < requested:
        console.print(
            f"(the bargaining model ran on the first {ia.draws} draws: its cost grows with the "
            "square of the number of actors)"
        )
    f = c.feasible
    console.print(
        f"feasible outcome: {_fmt(f.median)} (5-95 % band [{_fmt(f.p05)}, {_fmt(f.p95)}]); "
        f"P(status quo {_fmt(ia.status_quo)} moves) {c.p_moves:.2f}"
    )
    vetoes = ", ".join(names[v] for v in c.veto_players) or "nobody"
    win = "empty (status quo only)" if c.empty else f"[{_fmt(c.win_set[0])}, {_fmt(c.win_set[1])}]"
    console.print(f"who must consent: {vetoes}; win-set at the stated values {win}")
    if c.holder is not None and c.holder_loss is not None:
        console.print(
            f"held by {names[c.holder]}, which would lose {c.holder_loss:.3f} in utility from "
            f"the move to {_fmt(ia.point.forecast)}"
        )
    console.print(
        f"if nobody could veto: {_fmt(u.median)} (5-95 % band [{_fmt(u.p05)}, {_fmt(u.p95)}])"
    )
    lo, hi = st.forecast_range
    shares = ", ".join(f"{k} {v:.0%}" for k, v in st.shares.items())
    console.print(
        f"bargaining at the stated values: {st.status}"
        + (f" (period {st.period})" if st.status == "cycling" else "")
        + (f", forecast over [{_fmt(lo)}, {_fmt(hi)}]" if st.status != "settled" else "")
        + f"; over the draws: {shares}"
    )
    if ia.minor.depends:
        console.print(
            f"depends on minor actors ({', '.join(names[m] for m in ia.minor.actors)}): "
            f"without them the forecast moves by {ia.minor.shift:+.2f}"
        )
    _print_variance_shares(console, u.variance_shares, names)
    console.print()


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _table(result: BargainingResult, scenario_id: str | None) -> None:
    from rich.table import Table

    console = shared_console()
    where = f"{scenario_id} / {result.issue}" if scenario_id else result.issue
    label_width = max(len(a) for a in (*result.actors, "weighted median"))
    # each round column takes 9 characters ("100.00" and borders); fit the console's width
    room = max(2, (console.width - label_width - 4) // 9)
    shown = _shown_rounds(len(result.rounds), room)
    table = Table(
        title=f"{where}: model {result.model}, position by round",
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    table.add_column("actor", no_wrap=True)
    for t in shown:
        table.add_column(str(t) if t is not None else "…", justify="right", no_wrap=True)
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
        _print_variance_shares(console, dist.variance_shares, {})
    console.print()


def _print_variance_shares(console: Any, shares: Any, names: dict[str, str]) -> None:
    """The five inputs that explain most of the forecast's variance, by name where known."""
    top = [f"{names.get(v.actor, v.actor)} {v.input} {v.share:.0%}" for v in shares[:5]]
    if top:
        console.print("variance share (first order): " + "; ".join(top))


def _shown_rounds(count: int, room: int = 9) -> list[int | None]:
    """Round indices to show as columns: all if they fit in ``room`` columns, else the first
    and the last rounds with "…" between them.

    >>> _shown_rounds(4), _shown_rounds(11), _shown_rounds(11, 5)
    ([0, 1, 2, 3], [0, 1, 2, 3, None, 7, 8, 9, 10], [0, 1, None, 9, 10])
    """
    if count <= room:
        return list(range(count))
    head = max(1, (room - 1) // 2)
    tail = max(1, room - 1 - head)
    return [*range(head), None, *range(count - tail, count)]

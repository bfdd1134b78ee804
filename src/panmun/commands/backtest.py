"""``panmun backtest``: how each model would have done from every dated preset."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, working


@reports_input_errors
def backtest(
    horizon: Annotated[
        str, typer.Option("--horizon", help="Horizons in years, comma-separated.")
    ] = "1y,2y,4y",
    draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws per preset.")] = 200,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the draws and the bootstrap.")] = 0,
    rounds: Annotated[int, typer.Option(min=1, help="Bargaining rounds of the EUM model.")] = 10,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Forecast from every dated preset and score each forecast against what happened.

    For each preset and horizon, every model (no change, weighted median and mean, the
    expected-utility model under both compromise rules, the feasible outcome) forecasts every
    issue from the preset alone; the forecast is scored against the status-quo history
    (panmun kb history) at the preset's date plus the horizon. Scores: mean absolute error on
    a 0-100 scale with a 90 % bootstrap interval, directional accuracy, coverage of the 5-95 %
    band, and skill against "no change". --format json lists every row.

    Example: panmun backtest --horizon 1y,2y --draws 200 --format json
    """
    from panmun.analysis import AnalysisSettings
    from panmun.backtest import MODEL_LABELS, MODEL_NAMES, parse_horizons, run_backtest
    from panmun.errors import InputError
    from panmun.scenario import load, shipped_ids

    if fmt not in ("table", "json"):
        raise InputError([f"--format: {fmt!r} is not one of 'table', 'json'"])
    horizons = parse_horizons(horizon)
    presets = [load(i) for i in shipped_ids()]
    with working(f"Backtesting {len(presets)} presets"):
        result = run_backtest(
            [p for p in presets if p.context is not None],
            horizons,
            AnalysisSettings(draws=draws, seed=seed, rounds=rounds),
        )
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(title="Mean absolute error (0-100 scale), by model and horizon", box=None)
    for col in ("horizon", "model", "n", "MAE", "90 % CI", "direction", "in band", "skill"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for s in result.scores:
        table.add_row(
            f"{s.horizon}y",
            MODEL_LABELS[s.model],
            str(s.n),
            f"{s.mae:.1f}",
            f"{s.mae_low:.1f}-{s.mae_high:.1f}",
            f"{s.directional:.0%}",
            f"{s.coverage:.0%}",
            "-" if s.skill is None or s.model == "no_change" else f"{s.skill:+.2f}",
        )
    console = shared_console()
    console.print(table)
    presets_used = [p for p in result.presets if p["rows"]]
    console.print(
        f"{len(result.rows) // len(MODEL_NAMES)} forecasts per model from "
        f"{len(presets_used)} presets ("
        + ", ".join(f"{p['preset']} {p['retrospective_share']:.0%}" for p in presets_used)
        + " of positions resting on retrospective sources)"
    )
    best = result.best()
    if best is not None:
        console.print(f"lowest error over all horizons: {MODEL_NAMES[best]}")

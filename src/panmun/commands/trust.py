"""``panmun trust``: simulate noisy repeated games, show thresholds, rank interventions."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref, working
from panmun.commands._trust_output import interventions_tables, relationship_json, simulate_table

app = typer.Typer(
    help=(
        "Trust dynamics: noisy repeated games, their thresholds, and which intervention best "
        "keeps cooperation alive.\n\nExample: panmun trust simulate --player1 tft --player2 gtft "
        "--noise 0.05"
    ),
    no_args_is_help=True,
)


class Format(StrEnum):
    """Output format."""

    table = "table"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", help="table or json.")]
PayoffsOpt = Annotated[str, typer.Option("--payoffs", help="Stage payoffs T,R,P,S.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the only source of randomness.")]


def _options(problems: tuple[str, ...], rename: dict[str, str] | None = None) -> list[str]:
    """Name CLI options in messages from the library (``noise: ...`` -> ``--noise: ...``)."""
    names = {"noise", "rounds", "continuation", "payoffs", "matches", "draws", "repair_window"}
    names |= {"max_combination"}
    out = []
    for line in problems:
        head, sep, rest = line.partition(":")
        if sep and head in names:
            option = (rename or {}).get(head, head).replace("_", "-")
            out.append(f"--{option}:{rest}")
        else:
            out.append(line)
    return out


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def _echo_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command("simulate")
@reports_input_errors
def simulate_cmd(
    player1: Annotated[str, typer.Option("--player1", help="Strategy of the first party.")],
    player2: Annotated[str, typer.Option("--player2", help="Strategy of the second party.")],
    noise: Annotated[float, typer.Option(help="Probability that a move is flipped.")] = 0.0,
    rounds: Annotated[
        int | None, typer.Option(help="Fixed number of rounds (default 200).")
    ] = None,
    continuation: Annotated[
        float | None, typer.Option(help="Probability w of another round, instead of --rounds.")
    ] = None,
    payoffs: PayoffsOpt = "5,3,1,0",
    reps: Annotated[int, typer.Option(help="Number of matches.")] = 1000,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Play many noisy matches between two strategies and summarise them.

    Strategies: allc, alld, random[:p], tft, gtft[:q], wsls, grim, ctft, grit[:steps[:restart]],
    alternate[:c|d]. Scores are totals over a match, averaged over the matches.

    Example: panmun trust simulate --player1 tft --player2 gtft --noise 0.05 --rounds 200
    """
    from panmun.errors import InputError
    from panmun.trust.game import Game, Payoffs
    from panmun.trust.registry import parse_strategy
    from panmun.trust.simulate import simulate

    if rounds is not None and continuation is not None:
        raise InputError(["give --rounds or --continuation, not both"])
    problems: list[str] = []
    strategies = []
    for name, text in (("--player1", player1), ("--player2", player2)):
        try:
            strategies.append(parse_strategy(text, where=name))
        except InputError as exc:
            problems += exc.problems
    try:
        stage = Payoffs.parse(payoffs)
        game = Game(
            payoffs=stage,
            noise=noise,
            rounds=rounds if continuation is not None or rounds is not None else 200,
            continuation=continuation,
        )
    except InputError as exc:
        problems += _options(exc.problems)
    if problems:
        raise InputError(problems)
    from panmun.budget import check, matches_bytes

    # a fixed horizon, or about ten expected match lengths for a continuation probability
    horizon = (
        (game.rounds or 200) if continuation is None else int(10 / max(1e-9, 1 - continuation))
    )
    check(f"--reps: {reps}", matches_bytes(reps, horizon))
    try:
        res = simulate(strategies[0], strategies[1], game, n_matches=reps, seed=seed)
    except InputError as exc:
        raise InputError(_options(exc.problems, {"matches": "reps"})) from None
    sides = {
        f"player{k + 1}": {
            "strategy": strategies[k].label(),
            "mean_score": res.mean_score(k),
            "stderr": _num(res.stderr(k)),
            "cooperation_rate": res.cooperation_rate(k),
        }
        for k in (0, 1)
    }
    summary: dict[str, Any] = {
        **sides,
        "mutual_cooperation_rate": res.mutual_cooperation_rate(),
        "breakdown_share": res.breakdown_share(),
        "mean_first_breakdown_round": _num(res.mean_first_breakdown()),
        "recovery_share": _num(res.recovery_share()),
        "mean_rounds": float(sum(int(n) for n in res.lengths)) / res.n_matches,
        "truncated_matches": res.truncated,
        "reps": reps,
        "seed": seed,
        "game": {
            "payoffs": dict(zip("TRPS", stage.as_tuple(), strict=True)),
            "noise": noise,
            "rounds": game.rounds,
            "continuation": game.continuation,
        },
    }
    if fmt is Format.json:
        summary["per_round_cooperation"] = {
            f"player{k + 1}": [round(float(x), 6) for x in res.per_round_cooperation(k)]
            for k in (0, 1)
        }
        _echo_json(summary)
        return
    simulate_table(summary)


@app.command("thresholds")
@reports_input_errors
def thresholds_cmd(
    payoffs: PayoffsOpt = "5,3,1,0",
    noise: Annotated[
        float | None, typer.Option(help="Also show error statistics for this noise level.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show the analytic thresholds of the shadow of the future for these payoffs.

    Example: panmun trust thresholds --payoffs 5,3,1,0 --noise 0.05 --format json
    """
    from panmun.errors import InputError
    from panmun.trust import analytic
    from panmun.trust.game import Payoffs, check_probability

    try:
        stage = Payoffs.parse(payoffs)
        stage.require_dilemma(where="--payoffs", reason="the thresholds need one")
    except InputError as exc:
        raise InputError(_options(exc.problems)) from None
    if noise is not None:
        bad = check_probability(noise, "--noise")
        if bad:
            raise InputError(bad)
    rows: list[tuple[str, float, str, str]] = [
        ("tit_for_tat_min_w", analytic.tft_threshold(stage), "max((T-R)/(T-P), (T-R)/(R-S))",
         "axelrod-1984-evolution-cooperation"),
        ("grim_trigger_min_w", analytic.grim_threshold(stage), "(T-R)/(T-P)",
         "friedman-1971-supergames"),
        ("win_stay_lose_shift_min_w", analytic.wsls_threshold(stage), "(T-R)/(R-P)",
         "nowak-sigmund-1993-win-stay-lose-shift"),
        ("generous_tit_for_tat_optimal_q", analytic.optimal_generosity(stage),
         "min(1-(T-R)/(R-S), (R-P)/(T-P))", "molander-1985-optimal-generosity"),
        ("tit_for_tat_pair_long_run_payoff", analytic.tft_long_run_payoff(stage),
         "(T+R+P+S)/4 per round, any noise 0 < e < 1", "molander-1985-optimal-generosity"),
    ]  # fmt: skip
    if noise is not None:
        rows.append(
            ("expected_rounds_to_first_error", analytic.expected_rounds_to_first_error(noise),
             "1/(1-(1-e)^2)", "wu-axelrod-1995-noise")
        )  # fmt: skip
    if fmt is Format.json:
        data: dict[str, Any] = {
            "payoffs": dict(zip("TRPS", stage.as_tuple(), strict=True)),
            "noise": noise,
        }
        data.update({name: (None if math.isinf(v) else v) for name, v, _, _ in rows})
        data["formulas"] = {name: f for name, _, f, _ in rows}
        data["sources"] = {name: s for name, _, _, s in rows}
        _echo_json(data)
        return
    from rich.table import Table

    t, r, p, s = stage.as_tuple()
    table = Table(title=f"Analytic results for T,R,P,S = {t:g},{r:g},{p:g},{s:g}")
    for col in ("result", "value", "formula", "source"):
        table.add_column(col)
    for name, value, formula, source in rows:
        table.add_row(name.replace("_", " "), f"{value:.4g}", formula, source)
    shared_console().print(table)


@app.command("interventions")
@reports_input_errors
def interventions_cmd(
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A shipped scenario id, a scenario file, or a relationships file.",
            show_default=False,
        ),
    ] = None,
    relationship: Annotated[
        str | None, typer.Option(help="Analyse only this relationship id.")
    ] = None,
    draws: Annotated[
        int, typer.Option(help="Parameter sets drawn from the ranges.")
    ] = DEFAULTS.trust_draws,
    matches: Annotated[
        int, typer.Option(help="Simulated matches per parameter set.")
    ] = DEFAULTS.trust_draws,
    max_combination: Annotated[
        int, typer.Option(help="Largest number of interventions combined.")
    ] = 2,
    repair_window: Annotated[
        int, typer.Option(help="Rounds without mutual cooperation still counted as repaired.")
    ] = 6,
    strategy_a: Annotated[
        str | None, typer.Option(help="Override the first actor's assumed strategy.")
    ] = None,
    strategy_b: Annotated[
        str | None, typer.Option(help="Override the second actor's assumed strategy.")
    ] = None,
    seed: SeedOpt = 0,
    fmt: FormatOpt = Format.table,
    scenario_opt: Annotated[
        str | None, typer.Option("--scenario", help="The scenario, instead of the argument.")
    ] = None,
) -> None:
    """Rank interventions by the probability that cooperation is sustained over the horizon.

    For every intervention and combination, draws the relationship's numbers from their ranges,
    checks that neither side gains by defecting (noise included) and simulates matches;
    cooperation is sustained when no lapse lasts longer than the repair window.

    Example: panmun trust interventions korea-2022-09 --relationship rok-dprk-2022-09
    """
    from dataclasses import replace

    from panmun.errors import InputError
    from panmun.scenario.relationships import resolve_relationships
    from panmun.trust.interventions import rank_interventions
    from panmun.trust.registry import parse_strategy

    rels, label = resolve_relationships(scenario_ref(scenario, scenario_opt))
    if relationship is not None:
        known = ", ".join(r.id for r in rels)
        rels = [r for r in rels if r.id == relationship]
        if not rels:
            raise InputError(
                [f"--relationship: {relationship!r} is not a relationship of {label} ({known})"]
            )
    if not rels:
        raise InputError([f"{label}: no relationships between its actors"])
    override_a = parse_strategy(strategy_a, "--strategy-a") if strategy_a is not None else None
    override_b = parse_strategy(strategy_b, "--strategy-b") if strategy_b is not None else None
    out = []
    for rel in rels:
        inputs = rel.to_inputs()
        inputs = replace(
            inputs,
            strategy_a=override_a or inputs.strategy_a,
            strategy_b=override_b or inputs.strategy_b,
        )
        try:
            with working(f"Ranking interventions for {rel.name}"):
                ranked = rank_interventions(
                    inputs,
                    n_draws=draws,
                    n_matches=matches,
                    max_combination=max_combination,
                    repair_window=repair_window,
                    seed=seed,
                )
        except InputError as exc:
            raise InputError(_options(exc.problems)) from None
        out.append(relationship_json(rel, inputs, ranked))
    settings = {
        "draws": draws,
        "matches": matches,
        "max_combination": max_combination,
        "repair_window": repair_window,
        "seed": seed,
    }
    if fmt is Format.json:
        _echo_json({"scenario": label, "settings": settings, "relationships": out})
        return
    interventions_tables(out, repair_window)

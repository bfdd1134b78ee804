"""``panmun proposals``: list, evaluate and search packages of concessions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, working

app = typer.Typer(
    help=(
        "Evaluate packages of concessions: who accepts, who blocks, what would bring them in.\n\n"
        "Example: panmun proposals evaluate singapore-2018 --scenario korea-2018-04"
    ),
    no_args_is_help=True,
)

ScenarioOpt = Annotated[
    str | None,
    typer.Option("--scenario", help="Scenario id or file; default: the most recent preset."),
]
FileOpt = Annotated[
    Path | None,
    typer.Option("--file", help="A proposals YAML/JSON file; default: the shipped proposals."),
]
RequiredOpt = Annotated[
    str | None,
    typer.Option(
        "--required",
        help=(
            "Comma-separated actor ids whose agreement is needed; default: the veto players of "
            "the issues a package changes (every state if the scenario names none)."
        ),
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", help="table or json.")]


def _check_format(fmt: str) -> None:
    from panmun.errors import InputError

    if fmt not in ("table", "json"):
        raise InputError([f"--format: {fmt!r} is not one of 'table', 'json'"])


def _required(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(x.strip() for x in text.split(",") if x.strip())


def _check_memory(scenario: Any, draws: int) -> None:
    from panmun.budget import analysis_bytes, check

    n_a, n_i = len(scenario.actors), len(scenario.issues)
    check(f"--draws: {draws}", analysis_bytes(n_a, n_i, 0, draws, 0))


def _scenario(ref: str | None) -> Any:
    from panmun.scenario.loader import latest_shipped_id, load

    return load(ref if ref is not None else latest_shipped_id())


@app.command("list")
@reports_input_errors
def list_proposals(file: FileOpt = None) -> None:
    """List the proposals and roadmaps.

    Example: panmun proposals list
    """
    from rich.table import Table

    from panmun.proposals.api import load_library

    lib = load_library(file)
    table = Table(title="Proposals")
    for col in ("id", "kind", "name", "issues addressed"):
        table.add_column(col)
    for p in lib.proposals:
        table.add_row(p.id, p.kind, p.name, ", ".join(t.issue for t in p.terms) or "-")
    console = shared_console()
    console.print(table)
    roadmaps = Table(title="Roadmaps")
    for col in ("id", "name", "phases"):
        roadmaps.add_column(col)
    for r in lib.roadmaps:
        roadmaps.add_row(r.id, r.name, " -> ".join(ph.proposal for ph in r.phases))
    console.print(roadmaps)


@app.command("evaluate")
@reports_input_errors
def evaluate(
    proposal: Annotated[str, typer.Argument(help="A proposal id, or 'all' to rank every one.")],
    scenario: ScenarioOpt = None,
    file: FileOpt = None,
    required: RequiredOpt = None,
    draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws.")] = DEFAULTS.draws,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = DEFAULTS.seed,
    fmt: FormatOpt = "table",
) -> None:
    """Evaluate a package against every actor of a scenario, with acceptance probabilities.

    Example: panmun proposals evaluate hanoi-2019-dprk-offer --scenario korea-2018-04
    """
    from rich.table import Table

    from panmun.errors import InputError
    from panmun.proposals.api import (
        evaluate_proposal,
        load_library,
        rank_proposals,
        verdict_data,
    )

    _check_format(fmt)
    s = _scenario(scenario)
    _check_memory(s, draws)
    lib = load_library(file)
    issues = tuple(i.id for i in s.issues)
    if proposal == "all":  # the packages put forward by the scenario's date, as in the report
        known = tuple(p for p in lib.proposals if p.known_at(s.as_of))
        with working(f"Evaluating {len(known)} packages on {s.id}"):
            verdicts = rank_proposals(s, known, _required(required), draws, seed)
    else:
        ids = [p.id for p in lib.proposals]
        if proposal not in ids:
            raise InputError([f"proposal: {proposal!r} is not one of {', '.join(ids)}"])
        verdicts = [
            evaluate_proposal(
                s, lib.proposals[ids.index(proposal)], _required(required), draws, seed
            )
        ]
    if fmt == "json":
        payload = {"scenario": s.id, "verdicts": [verdict_data(v, issues) for v in verdicts]}
        typer.echo(json.dumps(payload, indent=2))
        return
    console = shared_console()
    for v in verdicts:
        table = Table(
            title=(
                f"{v.proposal.name} on {s.id}: P(all required accept) = {v.p_all_required:.2f}, "
                f"P(support outweighs opposition) = {v.p_support_outweighs:.2f}"
            )
        )
        for col in ("actor", "required", "gain", "decision", "P(accept)", "to bring it in"):
            table.add_column(col)
        for a in v.actors:
            price = "; ".join(f"{i}: {old:g} -> {new:.1f}" for i, old, new in a.concessions)
            if a.decision != "accepts" and not price:
                price = f"side payment of {a.deficit:.3f} utility"
            table.add_row(
                a.actor,
                "yes" if a.required else "",
                f"{a.gain:+.3f}",
                a.decision,
                f"{a.p_accept:.2f}",
                price,
            )
        console.print(table)


@app.command("search")
@reports_input_errors
def search(
    scenario: ScenarioOpt = None,
    required: RequiredOpt = None,
    frontier_between: Annotated[
        str | None,
        typer.Option(
            "--frontier",
            help=(
                "Two actor ids for the Pareto frontier; default: the scenario context's pair, "
                "else the two required parties furthest apart."
            ),
        ),
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Find the package maximising the Nash product, and the Pareto frontier of two actors.

    Example: panmun proposals search --scenario korea-2022-09 --required rok,dprk,usa,china
    """

    from panmun.analysis.consent import principal_pair
    from panmun.errors import InputError
    from panmun.proposals.api import frontier, nash_search

    _check_format(fmt)
    s = _scenario(scenario)
    if frontier_between is None:
        found = principal_pair(s)
        pair = list(found) if found is not None else []
    else:
        pair = [x.strip() for x in frontier_between.split(",")]
        if len(pair) != 2:
            raise InputError([f"--frontier: {frontier_between!r} must name exactly two actors"])
    sol = nash_search(s, _required(required))
    pts = frontier(s, pair[0], pair[1]) if pair else []
    issues = [i.id for i in s.issues]
    data = {
        "scenario": s.id,
        "nash": {
            "feasible": sol.feasible,
            "outcome": dict(zip(issues, sol.outcome.tolist(), strict=True)),
            "gains": sol.gains.tolist(),
            "log_nash_product": sol.log_nash_product if sol.feasible else None,
        },
        "frontier": None
        if not pair
        else {
            "actors": pair,
            "points": [
                {
                    "outcome": dict(zip(issues, p.outcome.tolist(), strict=True)),
                    "utility_a": p.utility_a,
                    "utility_b": p.utility_b,
                }
                for p in pts
            ],
        },
    }
    if fmt == "json":
        typer.echo(json.dumps(data, indent=2))
        return
    console = shared_console()
    if sol.feasible:
        console.print("Nash bargaining package (every required actor gains):")
    else:
        console.print("No package gives every required actor a gain; the best worst-off package:")
    for i, z in zip(issues, sol.outcome, strict=True):
        console.print(f"  {i:>18}: {z:6.1f}  ({s.issue(i).label_for(float(z))})")
    if not pair:
        console.print("\nNo Pareto frontier: the scenario has fewer than two required parties.")
        return
    console.print(f"\nPareto frontier between {pair[0]} and {pair[1]} (utilities in [-1, 0]):")
    for p in pts:
        console.print(f"  {pair[0]} {p.utility_a:+.3f}   {pair[1]} {p.utility_b:+.3f}")


@app.command("roadmap")
@reports_input_errors
def roadmap(
    roadmap_id: Annotated[str, typer.Argument(help="A roadmap id, or 'all' to compare every one.")],
    scenario: ScenarioOpt = None,
    file: FileOpt = None,
    required: RequiredOpt = None,
    draws: Annotated[int, typer.Option(min=1, help="Monte Carlo draws.")] = DEFAULTS.draws,
    trust_draws: Annotated[
        int, typer.Option(min=2, help="Relationship draws (and matches) for the trust engine.")
    ] = DEFAULTS.trust_draws,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = DEFAULTS.seed,
    fmt: FormatOpt = "table",
) -> None:
    """Evaluate a roadmap: the probability of reaching each phase, given the trust built so far.

    Example: panmun proposals roadmap all --scenario korea-2026-05 (with --file, any copy of
    src/panmun/data/proposals.yaml or a part of it)
    """
    from rich.table import Table

    from panmun.errors import InputError
    from panmun.proposals.api import load_library
    from panmun.proposals.roadmaps import evaluate_roadmap, fits_scenario

    _check_format(fmt)
    s = _scenario(scenario)
    _check_memory(s, draws)
    lib = load_library(file)
    ids = [r.id for r in lib.roadmaps]
    if roadmap_id != "all" and roadmap_id not in ids:
        raise InputError([f"roadmap: {roadmap_id!r} is not one of {', '.join(ids) or '(none)'}"])
    chosen = [r for r in lib.roadmaps if roadmap_id in ("all", r.id)]
    if roadmap_id == "all":  # the roadmaps on its issues whose packages were all put forward
        by_id = {p.id: p for p in lib.proposals}
        chosen = [
            r
            for r in chosen
            if fits_scenario(r, lib, s)
            and all(by_id[ph.proposal].known_at(s.as_of) for ph in r.phases if ph.proposal in by_id)
        ]
    verdicts = [
        evaluate_roadmap(s, r, lib, _required(required), draws, seed, trust_draws) for r in chosen
    ]
    data = {
        "scenario": s.id,
        "roadmaps": [
            {
                "roadmap": v.roadmap.id,
                "p_complete": v.p_complete,
                "trust_modelled": v.trust_modelled,
                "phases": [
                    {
                        "name": p.name,
                        "proposal": p.proposal,
                        "interventions": list(p.interventions),
                        "tau": p.tau,
                        "p_pass": p.p_pass,
                        "p_reach": p.p_reach,
                        "likely_blockers": dict(p.likely_blockers),
                    }
                    for p in v.phases
                ],
            }
            for v in verdicts
        ],
    }
    if fmt == "json":
        typer.echo(json.dumps(data, indent=2))
        return
    console = shared_console()
    for v in verdicts:
        table = Table(title=f"{v.roadmap.name} on {s.id}: P(complete) = {v.p_complete:.2f}")
        for col in ("phase", "package", "trust", "P(pass | reached)", "P(reach)", "blockers"):
            table.add_column(col)
        for k, p in enumerate(v.phases, start=1):
            table.add_row(
                f"{k}. {p.name}",
                p.proposal,
                f"{p.tau:.2f}",
                f"{p.p_pass:.2f}",
                f"{p.p_reach:.2f}",
                ", ".join(f"{a} {pb:.2f}" for a, pb in p.likely_blockers),
            )
        console.print(table)

"""``panmun scenarios``: list, show, validate, export and compare scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref, styled, working

if TYPE_CHECKING:
    from panmun.bargaining.result import ForecastDistribution
    from panmun.scenario.base import Sourced
    from panmun.scenario.compare import AnalysisComparison, ScenarioComparison
    from panmun.scenario.models import Scenario

app = typer.Typer(
    help="List, show, validate, export and compare scenarios.\n\nExample: panmun scenarios list",
    no_args_is_help=True,
)

RefArg = Annotated[
    str | None,
    typer.Argument(
        help="A shipped scenario id (see 'panmun scenarios list') or a file (or --scenario).",
        show_default=False,
    ),
]
ScenarioOpt = Annotated[
    str | None, typer.Option("--scenario", help="The scenario, instead of the argument.")
]


@app.command("list")
@reports_input_errors
def list_scenarios() -> None:
    """List the shipped scenario presets.

    Example: panmun scenarios list
    """
    from rich.table import Table

    from panmun.scenario.loader import shipped_ids, summary_rows

    table = Table(title="Shipped scenarios")
    for col in ("id", "as of", "title", "actors", "issues", "positions"):
        table.add_column(col)
    for row in summary_rows(shipped_ids()):
        table.add_row(*(str(x) for x in row))
    shared_console().print(table)


def _position_cell(scenario: Scenario, actor: str, issue: str, full: bool = True) -> Any:
    from rich.text import Text

    p = scenario.position(actor, issue)
    if p is None:
        return "-"
    cell = Text(f"{p.position:g}")
    if full:
        cell.append(f" {p.salience:.2f}/{p.capability:.2f}", style="dim")
    return cell


def box_style() -> Any:
    from rich import box

    return box.HEAVY_HEAD


@app.command("show")
@reports_input_errors
def show(
    ref: RefArg = None,
    issue: Annotated[
        str | None,
        typer.Option(help="Show one issue in detail: ranges, sources and rationales."),
    ] = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Show a scenario as an actor-by-issue table (position, salience/capability).

    Example: panmun scenarios show korea-2018-04 --issue denuclearization
    """
    from rich.table import Table
    from rich.text import Text

    from panmun.errors import InputError
    from panmun.scenario.loader import load

    s = load(scenario_ref(ref, scenario))
    console = shared_console()
    head = Text(s.title, style="bold")
    head.append(f" ({s.id}, as of {s.as_of.isoformat()})", style="")
    console.print(head)
    console.print(s.description)
    if issue is None:
        # a cell "35 0.90/0.55" needs about 15 characters; on a narrow terminal or a pipe of
        # 80 columns, show positions only rather than truncating every cell
        widest = max(len(a.id) for a in s.actors)
        full = console.width >= widest + 4 + 16 * len(s.issues)
        table = Table(
            title="Position, salience/capability of each actor on each issue"
            if full
            else "Position of each actor on each issue",
            caption="Names, ranges and sources: panmun scenarios show ID --issue ISSUE"
            + ("" if full else "; salience and capability on a wider terminal"),
            box=None if not full else box_style(),
        )
        table.add_column("actor", no_wrap=True)
        for k, i in enumerate(s.issues, start=1):
            table.add_column(i.id if full else str(k), justify="right", no_wrap=True)
        for a in s.actors:
            table.add_row(a.id, *(_position_cell(s, a.id, i.id, full) for i in s.issues))
        table.add_row(
            styled("status quo", "italic"),
            *(styled(f"{s.status_quo_on(i.id).value:g}", "italic") for i in s.issues),
        )
        console.print(table)
        if not full:
            console.print(
                "Issues: " + "; ".join(f"{k} {i.id}" for k, i in enumerate(s.issues, start=1))
            )
        return
    ids = [i.id for i in s.issues]
    if issue not in ids:
        raise InputError(
            [f"--issue: {issue!r} is not an issue of {s.id} (known: {', '.join(ids)})"]
        )
    iss = s.issue(issue)
    line = Text("\n")
    line.append(iss.name, style="bold")
    line.append(f": {iss.question}")
    console.print(line)
    for anchor in iss.anchors:
        console.print(f"  {anchor.value:>6g}  {anchor.label}")
    table = Table(title=f"{iss.name}: positions")
    for col in ("actor", "position", "salience", "capability", "basis", "rationale"):
        table.add_column(col)
    for p in s.positions_on(issue):
        table.add_row(
            s.actor(p.actor).name,
            f"{p.position:g} ({p.position_range[0]:g}-{p.position_range[1]:g})",
            f"{p.salience:.2f} ({p.salience_range[0]:.2f}-{p.salience_range[1]:.2f})",
            f"{p.capability:.2f} ({p.capability_range[0]:.2f}-{p.capability_range[1]:.2f})",
            ", ".join(p.sources) + (" (analyst estimate)" if p.estimate else ""),
            p.rationale,
        )
    console.print(table)


@app.command("validate")
@reports_input_errors
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files (YAML or JSON).")],
) -> None:
    """Check scenario files and report every problem, one line each (exit code 2 if any).

    Example: panmun scenarios export korea-2018-04 --out my-scenario.yaml, then
    panmun scenarios validate my-scenario.yaml
    """
    from panmun.errors import InputError
    from panmun.scenario.loader import load_file

    problems: list[str] = []
    for f in files:
        try:
            with working(f"Reading {f}"):
                s = load_file(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        typer.echo(
            f"ok: {f} ({len(s.actors)} actors, {len(s.issues)} issues, "
            f"{len(s.positions)} positions, {len(s.sources)} sources)"
        )
    if problems:
        raise InputError(problems)


@app.command("export")
@reports_input_errors
def export(
    ref: RefArg = None,
    fmt: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml",
    out: Annotated[
        Path | None, typer.Option(help="Write to this file instead of standard output.")
    ] = None,
    scenario: ScenarioOpt = None,
) -> None:
    """Export a scenario with every actor, issue and source spelled out.

    Example: panmun scenarios export korea-2018-04 --format json --out korea.json
    """
    from panmun.errors import InputError
    from panmun.files import write_text_atomic
    from panmun.scenario.loader import dumps, load

    if fmt not in ("yaml", "json"):
        raise InputError([f"--format: {fmt!r} is not one of 'yaml', 'json'"])
    text = dumps(load(scenario_ref(ref, scenario)), "json" if fmt == "json" else "yaml")
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(out, text)
        typer.echo(f"wrote {out}")


def _value(name: str, x: float) -> str:
    return f"{x:g}" if name == "position" else f"{x:.2f}"


def _signed(name: str, x: float) -> str:
    return f"{x:+g}" if name == "position" else f"{x:+.2f}"


def _band(d: ForecastDistribution) -> str:
    return f"{d.median:.0f} ({d.p05:.0f}-{d.p95:.0f})"


def _basis(p: Sourced | None) -> str:
    """A reading's rationale, marked when it is an analyst estimate (json gives the sources)."""
    if p is None:
        return "-"
    return f"{p.rationale} (analyst estimate)" if p.estimate else p.rationale


def _print_comparison(
    inputs: ScenarioComparison, results: AnalysisComparison, show_all: bool
) -> None:
    """The comparison as tables: inputs that changed, then forecasts and packages."""
    from rich.table import Table
    from rich.text import Text

    from panmun.scenario.compare import NOTABLE

    console = shared_console()
    then, now = inputs.then, inputs.now
    d0, d1 = then.as_of.isoformat(), now.as_of.isoformat()
    head = Text(f"{then.title} ({d0})", style="bold")
    head.append(" -> ")
    head.append(f"{now.title} ({d1})", style="bold")
    console.print(head)
    name, issue = inputs.actor_name, inputs.issue_name
    for label, items in (
        ("Actors added", [name(a) for a in inputs.actors_added]),
        ("Actors no longer included", [name(a) for a in inputs.actors_removed]),
        ("Issues added", [issue(i) for i in inputs.issues_added]),
        ("Issues no longer included", [issue(i) for i in inputs.issues_removed]),
    ):
        if items:
            console.print(f"{label}: {', '.join(items)}.")
    shown = [p for p in inputs.positions if show_all or p.notable]
    caption = (
        "Every change."
        if show_all
        else (
            f"Positions that moved by at least {100 * NOTABLE:.0f} % of the issue's scale, or "
            f"whose salience or capability changed by at least {NOTABLE:.2f}; "
            f"{len(inputs.positions) - len(shown)} smaller changes with --all."
        )
    )
    table = Table(title=f"Positions that changed ({len(shown)} shown)", caption=caption)
    for col in ("issue", "actor", "change", f"basis on {d0}", f"basis on {d1}"):
        table.add_column(col, ratio=2 if col.startswith("basis") else 1)
    for p in shown:
        if p.kind == "moved":
            change = "\n".join(
                f"{c.input} {_value(c.input, c.then)} -> {_value(c.input, c.now)} "
                f"({_signed(c.input, c.change)})"
                for c in p.changes
            )
        else:
            change = "newly stated" if p.kind == "added" else "no longer stated"
        table.add_row(issue(p.issue), name(p.actor), change, _basis(p.then), _basis(p.now))
    console.print(table)
    if inputs.status_quo:
        table = Table(title="Status quo that moved")
        for col in ("issue", "status quo", f"basis on {d0}", f"basis on {d1}"):
            table.add_column(col, ratio=2 if col.startswith("basis") else 1)
        for q in inputs.status_quo:
            table.add_row(
                issue(q.issue),
                f"{q.then.value:g} -> {q.now.value:g} ({q.change:+g})",
                _basis(q.then),
                _basis(q.now),
            )
        console.print(table)
    if inputs.veto_players:
        table = Table(title="Veto players that changed")
        for col in ("issue", "new veto players", "no longer veto players", f"basis on {d1}"):
            table.add_column(col)
        for v in inputs.veto_players:
            table.add_row(
                issue(v.issue),
                ", ".join(name(a) for a in v.added) or "-",
                ", ".join(name(a) for a in v.removed) or "-",
                _basis(v.now),
            )
        console.print(table)
    cfg = results.settings
    table = Table(
        title=f"Forecasts then and now ({cfg.draws} draws, seed {cfg.seed}, model {cfg.model})",
        caption="Medians over the draws with their 5-95 % band.",
    )
    for col in (
        "issue",
        "status quo",
        f"feasible on {d0}",
        f"feasible on {d1}",
        f"unconstrained on {d0}",
        f"unconstrained on {d1}",
        "P(status quo moves)",
    ):
        table.add_column(col, justify="left" if col == "issue" else "right")
    for i in results.issues:
        table.add_row(
            issue(i.issue),
            f"{i.status_quo[0]:g} -> {i.status_quo[1]:g}",
            _band(i.feasible[0]),
            _band(i.feasible[1]),
            _band(i.unconstrained[0]),
            _band(i.unconstrained[1]),
            f"{100 * i.p_moves[0]:.0f} % -> {100 * i.p_moves[1]:.0f} %",
        )
    console.print(table)
    table = Table(title="Packages then and now: P(every party whose consent it needs accepts)")
    for col in ("package", f"on {d0}", f"on {d1}", "change", "consent needed from"):
        table.add_column(col, justify="right" if col.startswith(("on ", "change")) else "left")
    for k in results.packages:
        needed = ", ".join(name(a) for a in k.required[1])
        if k.required[0] != k.required[1]:
            needed += f" (on {d0}: {', '.join(name(a) for a in k.required[0])})"
        table.add_row(
            k.name,
            f"{k.p_all_required[0]:.2f}",
            f"{k.p_all_required[1]:.2f}",
            f"{k.change:+.2f}",
            needed,
        )
    console.print(table)
    if results.packages_added:
        added = "; ".join(n for _pid, n in results.packages_added)
        console.print(f"Evaluated on {d1} only (put forward since, or on issues added): {added}.")
    if results.packages_dropped:
        dropped = "; ".join(n for _pid, n in results.packages_dropped)
        console.print(f"Evaluated on {d0} only (on issues no longer included): {dropped}.")


@app.command("compare")
@reports_input_errors
def compare(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The earlier scenario: a shipped id or a file.")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="The later scenario: a shipped id or a file.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    show_all: Annotated[
        bool,
        typer.Option("--all", help="List every change, not only the notable ones (json: always)."),
    ] = False,
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws of each analysis.")
    ] = DEFAULTS.draws,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draws.")] = DEFAULTS.seed,
) -> None:
    """What changed from OLD to NEW: actors, positions, status quo and veto players, with the
    rationale of each reading, and the forecasts and package results then and now.

    Both scenarios are analysed with the same settings (the defaults of panmun forecast and
    panmun analyze, with --draws and --seed), so a difference comes from the scenarios. The
    table lists positions that moved by at least 10 % of the issue's scale or whose salience
    or capability changed by at least 0.10 (--all: every change); json holds every change.
    Each shipped preset names its predecessor, the preset before it.

    Example: panmun scenarios compare korea-2022-09 korea-2026-05
    """
    import json

    from panmun.analysis import AnalysisSettings, ScenarioAnalysis
    from panmun.errors import InputError
    from panmun.scenario.compare import compare_analyses, compare_scenarios
    from panmun.scenario.loader import load

    problems = []
    if fmt not in ("table", "json"):
        problems.append(f"--format: {fmt!r} is not one of 'table', 'json'")
    if draws < 1:
        problems.append(f"--draws: {draws} is below 1")
    if seed < 0:
        problems.append(f"--seed: {seed} is below 0")
    if problems:
        raise InputError(problems)
    then, now = load(old), load(new)
    if then.as_of > now.as_of:
        raise InputError(
            [
                f"OLD: {old!r} is dated {then.as_of.isoformat()}, after NEW {new!r} "
                f"({now.as_of.isoformat()}); give the earlier scenario first"
            ]
        )
    settings = AnalysisSettings(draws=draws, seed=seed)
    inputs = compare_scenarios(then, now)
    with working(f"Analysing {then.id} and {now.id}"):
        results = compare_analyses(
            ScenarioAnalysis(then, settings), ScenarioAnalysis(now, settings)
        )
    if fmt == "json":
        data = {**inputs.to_dict(), "analysis": results.to_dict()}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_comparison(inputs, results, show_all)

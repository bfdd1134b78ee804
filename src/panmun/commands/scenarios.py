"""``panmun scenarios``: list, show, validate and export scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors, scenario_ref, styled, working

if TYPE_CHECKING:
    from panmun.scenario.models import Scenario

app = typer.Typer(
    help="List, show, validate and export scenarios.\n\nExample: panmun scenarios list",
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

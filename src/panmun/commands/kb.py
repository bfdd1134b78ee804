"""``panmun kb``: the knowledge base of agreements, talks, events and the paper's errata."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.commands._common import console as shared_console
from panmun.commands._common import reports_input_errors

if TYPE_CHECKING:
    from panmun.knowledge.api import KnowledgeBase

app = typer.Typer(
    help=(
        "What was agreed, by whom, on what, and what became of it: agreements, talks, events "
        "and the policy paper's errata, stored in a database (SQLite by default).\n\n"
        "Example: panmun kb timeline --from 2018 --to 2019 --kind agreement"
    ),
    no_args_is_help=True,
)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PANMUN_DB",
        help="SQLAlchemy database URL (default: a SQLite file in your user data folder).",
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First date: YYYY, YYYY-MM or YYYY-MM-DD.")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date: YYYY, YYYY-MM or YYYY-MM-DD.")]
FormatOpt = Annotated[
    str, typer.Option("--format", help="Output format: 'table' (for reading) or 'json'.")
]


@app.callback()
def main(ctx: typer.Context, db: DbOpt = None) -> None:
    """Choose the database; every command opens it (creating and seeding it on first use)."""
    ctx.obj = {"db": db}


def _open(ctx: typer.Context, db: str | None = None, *, seed: bool = True) -> KnowledgeBase:
    """Open the database named after the command (``kb timeline --db URL``), else before it
    (``kb --db URL timeline``), else ``PANMUN_DB`` or the default file."""
    from panmun.knowledge.api import KnowledgeBase

    return KnowledgeBase.open(db or (ctx.obj or {}).get("db"), seed=seed)


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json")) -> None:
    from panmun.errors import InputError

    if fmt not in allowed:
        raise InputError([f"--format: {fmt!r} is not one of {', '.join(allowed)}"])


def _console() -> Any:
    return shared_console()


@app.command("init")
@reports_input_errors
def init(
    ctx: typer.Context,
    empty: Annotated[
        bool, typer.Option("--empty", help="Create the schema only, without the shipped records.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Create (or upgrade) the database and load the records shipped with panmun.

    Running it again refreshes the shipped records and keeps everything else.

    Example: panmun kb init --db sqlite:///kb.sqlite3
    """
    with _open(ctx, db, seed=False) as kb:
        where = kb.engine.url.render_as_string(hide_password=True)
        if empty:
            typer.echo(f"Knowledge base schema ready at {where}")
            return
        report = kb.load_shipped()
    typer.echo(
        f"Knowledge base ready at {where}: {report.entries} entries, "
        f"{report.provisions} provisions, {report.errata} errata, {report.sources} sources"
    )


@app.command("timeline")
@reports_input_errors
def timeline(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="An issue id, e.g. denuclearization.")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="agreement, talks or event.")] = None,
    fmt: FormatOpt = "table",
    db: DbOpt = None,
) -> None:
    """List agreements, talks and events in date order.

    Example: panmun kb timeline --from 2018 --to 2019 --issue peace_regime
    """
    _check_format(fmt)
    with _open(ctx, db) as kb:
        items = kb.timeline(start=start, end=end, issue=issue, kind=kind)
    if fmt == "json":
        _json([i.model_dump(mode="json") for i in items])
        return
    from rich.table import Table

    table = Table(title=f"Timeline ({len(items)} entries)")
    for col in ("date", "kind", "id", "title", "issues"):
        table.add_column(col)
    for i in items:
        when = f"{i.date}" + (f" to {i.end_date}" if i.end_date else "")
        table.add_row(when, i.kind, i.id, i.title, ", ".join(i.issues))
    _console().print(table)


@app.command("show")
@reports_input_errors
def show(
    ctx: typer.Context,
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="An entry, provision, erratum or source id.")
    ],
    fmt: FormatOpt = "table",
    db: DbOpt = None,
) -> None:
    """Show one record in full, with its provisions, outcomes and sources.

    Example: panmun kb show panmunjom-declaration-2018
    """
    _check_format(fmt)
    with _open(ctx, db) as kb:
        found = kb.show(item_id)
    if fmt == "json":
        _json(found.model_dump(mode="json", exclude_none=True))
        return
    from panmun.knowledge.render import render_record

    render_record(_console(), found)


@app.command("search")
@reports_input_errors
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to look for (all must occur).")],
    limit: Annotated[int, typer.Option("--limit", help="Most results to show.")] = 20,
    fmt: FormatOpt = "table",
    db: DbOpt = None,
) -> None:
    """Full-text search over titles, summaries, provisions and errata.

    Example: panmun kb search "liaison office"
    """
    _check_format(fmt)
    with _open(ctx, db) as kb:
        hits = kb.search(text, limit)
    if fmt == "json":
        _json([h.model_dump(mode="json") for h in hits])
        return
    from rich.table import Table

    table = Table(title=f"{len(hits)} matches for {text!r}")
    for col in ("kind", "id", "title", "snippet"):
        table.add_column(col)
    for h in hits:
        table.add_row(h.doc_kind, h.id, h.title, h.snippet)
    _console().print(table)


@app.command("import")
@reports_input_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .json or .csv export, or a PA-X CSV file.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="json, csv or pax (default: guessed from the file)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Import records: the whole file, or on any problem nothing (every problem is listed).

    Example: panmun kb export --format csv --out my-records.csv, then
    panmun kb import my-records.csv
    """
    from panmun.errors import InputError

    if fmt is not None and fmt not in ("json", "csv", "pax"):
        raise InputError([f"--format: {fmt!r} is not one of json, csv, pax"])
    with _open(ctx, db) as kb:
        report = kb.import_file(file, fmt)  # type: ignore[arg-type]  # checked just above
    typer.echo(
        f"Imported {report.name}: {report.entries} entries, {report.provisions} provisions, "
        f"{report.errata} errata, {report.sources} sources"
    )
    if report.linked:
        pairs = ", ".join(f"{row} -> {rec}" for row, rec in report.linked.items())
        typer.echo(f"Linked {len(report.linked)} row(s) to records already stored: {pairs}")


@app.command("export")
@reports_input_errors
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of stdout.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export every record as JSON or CSV (importing the export gives the same records).

    Example: panmun kb export --format csv --out knowledge.csv
    """
    _check_format(fmt, ("json", "csv"))
    with _open(ctx, db) as kb:
        text = kb.export(fmt)
    if output is None:
        sys.stdout.write(text)
        return
    from panmun.files import write_text_atomic

    write_text_atomic(output, text)
    typer.echo(f"Wrote {output}", err=True)


@app.command("errata")
@reports_input_errors
def errata(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the claims checked and found correct.")
    ] = False,
    fmt: FormatOpt = "table",
    db: DbOpt = None,
) -> None:
    """List the policy paper's misstatements, with the correct facts and their sources.

    Example: panmun kb errata --all
    """
    _check_format(fmt)
    with _open(ctx, db) as kb:
        items = kb.errata(include_confirmed=show_all)
    if fmt == "json":
        _json([x.model_dump(mode="json", exclude_none=True) for x in items])
        return
    from panmun.knowledge.render import render_errata

    render_errata(_console(), items)


@app.command("root-causes")
@reports_input_errors
def root_causes(ctx: typer.Context, fmt: FormatOpt = "table", db: DbOpt = None) -> None:
    """For each of the paper's three root causes: the provisions that addressed it and their fate.

    Example: panmun kb root-causes
    """
    _check_format(fmt)
    with _open(ctx, db) as kb:
        reports = kb.root_causes()
    if fmt == "json":
        _json([r.model_dump(mode="json", exclude_none=True) for r in reports])
        return
    from panmun.knowledge.render import render_root_causes

    render_root_causes(_console(), reports)


@app.command("compile")
@reports_input_errors
def compile_(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="FILE",
            help="The file to write: .md (Markdown), .docx (Word) or .pdf.",
            show_default=False,
        ),
    ],
    issue: Annotated[
        str | None, typer.Option("--issue", help="Only provisions on this issue, e.g. exchanges.")
    ] = None,
    root_cause: Annotated[
        str | None,
        typer.Option(
            "--root-cause", metavar="ID", help="Only provisions on this root cause, e.g. nuclear."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YEAR",
            help="Agreements signed from this year (or YYYY-MM, YYYY-MM-DD).",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YEAR",
            help="Agreements signed up to this year (or YYYY-MM, YYYY-MM-DD).",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Compile every coded provision on a topic into a document: grouped by agreement in date
    order, each provision with its issues, root causes, outcome and numbered sources.

    Like the United Nations' Language of Peace for peace agreements: what earlier texts said
    on an issue, and what became of it. Every record of the database counts, the shipped ones
    and any imported.

    Example: panmun kb compile --issue denuclearization --from 2000 --to 2019 --out nuclear.docx
    """
    from panmun.errors import InputError
    from panmun.knowledge.api import date_bound
    from panmun.knowledge.compile import SUFFIXES, compile_provisions, filter_problems, render
    from panmun.report.output import write_files_atomic

    fmt = SUFFIXES.get(out.suffix.lower())
    problems = []
    if fmt is None:
        problems.append(f"--out: {str(out)!r} does not end in {', '.join(SUFFIXES)}")
    lo, hi = None, None
    try:
        lo = date_bound(start, name="--from")
    except InputError as exc:
        problems += exc.problems
    try:
        hi = date_bound(end, end=True, name="--to")
    except InputError as exc:
        problems += exc.problems
    problems += filter_problems(issue, root_cause, lo, hi)
    if problems:
        raise InputError(problems)
    assert fmt is not None  # a problem otherwise
    with _open(ctx, db) as kb:
        cat = kb.catalogue()
    comp = compile_provisions(cat, issue=issue, root_cause=root_cause, start=lo, end=hi)
    content = render(comp, fmt)
    write_files_atomic({out: content})
    n, m = comp.provisions, len(comp.agreements)
    counts = f"{n} provision{'' if n == 1 else 's'} of {m} agreement{'' if m == 1 else 's'}"
    typer.echo(f"Wrote {out}: {counts}", err=True)


@app.command("history")
@reports_input_errors
def history(
    issue: Annotated[str, typer.Argument(help="An issue id, e.g. exchanges.")],
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Where an issue stood, year by year since 1991: the sourced status-quo history.

    Each point gives the value on the issue's scale (as the presets read it), its range, the
    nearest anchor and the sources; the value at a preset's date is that preset's status quo.

    Example: panmun kb history exchanges --from 2015 --to 2020
    """
    from panmun.errors import InputError
    from panmun.history import shipped_history
    from panmun.knowledge.api import date_bound
    from panmun.scenario.loader import library

    _check_format(fmt)
    all_history = shipped_history()
    if issue not in all_history:
        raise InputError([f"issue: {issue!r} is not one of {', '.join(sorted(all_history))}"])
    lo = date_bound(start, name="--from")
    hi = date_bound(end, end=True, name="--to")
    points = [
        p
        for p in all_history[issue].points
        if (lo is None or p.date >= lo) and (hi is None or p.date <= hi)
    ]
    shared = library()["issues"].get(issue, {})
    anchors = sorted(shared.get("anchors", []), key=lambda a: a["value"])

    def label(v: float) -> str:
        return min(anchors, key=lambda a: abs(a["value"] - v))["label"] if anchors else ""

    if fmt == "json":
        _json(
            {
                "issue": issue,
                "points": [{**p.model_dump(mode="json"), "label": label(p.value)} for p in points],
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"Status quo of {shared.get('name', issue)} ({len(points)} points)")
    for col in ("date", "value", "range", "nearest anchor", "sources"):
        table.add_column(col, justify="right" if col in ("value", "range") else "left")
    for p in points:
        table.add_row(
            p.date.isoformat(),
            f"{p.value:g}",
            f"{p.value_range[0]:g}-{p.value_range[1]:g}",
            label(p.value),
            ", ".join(p.sources),
        )
    _console().print(table)

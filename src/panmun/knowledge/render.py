"""Terminal rendering of knowledge-base records with rich (used by ``panmun kb``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from panmun.knowledge.records import (
    OUTCOME_LABELS,
    Agreement,
    Erratum,
    Event,
    Provision,
    Talks,
    failure_factor_labels,
)
from panmun.scenario.models import Source

if TYPE_CHECKING:
    from rich.console import Console

    from panmun.knowledge.api import Found, ProvisionStatus, RootCauseReport

_OUTCOME_STYLE = {
    "implemented": "green",
    "partly": "yellow",
    "not_implemented": "red",
    "reversed": "magenta",
}


def _outcome(p: Provision) -> str:
    style = _OUTCOME_STYLE[p.outcome]
    return f"[{style}]{OUTCOME_LABELS[p.outcome]}[/{style}] ({p.outcome_date})"


def _provision_table(title: str, provisions: Sequence[Provision]) -> object:
    from rich.table import Table

    table = Table(title=title, show_lines=True)
    for col in ("provision", "issues", "root causes", "outcome", "what became of it"):
        table.add_column(col)
    for p in provisions:
        table.add_row(
            f"[bold]{p.id}[/bold]\n{p.summary}",
            ", ".join(p.issues),
            ", ".join(p.root_causes),
            _outcome(p),
            p.outcome_note,
        )
    return table


def render_record(console: Console, found: Found) -> None:
    """Print one entry, provision, erratum or source."""
    from rich.markup import escape

    from panmun.knowledge.api import ProvisionStatus

    if isinstance(found, Source):
        console.print(f"[bold]{escape(found.title)}[/bold]  [dim]({found.id})[/dim]")
        console.print(f"{escape(found.author)}, {found.publisher or ''} {found.date}".strip())
        for extra in (found.url, found.note):
            if extra:
                console.print(escape(extra))
        return
    if isinstance(found, ProvisionStatus):
        console.print(
            f"Provision of [bold]{escape(found.entry_title)}[/bold] "
            f"({found.entry_id}, {found.entry_date})"
        )
        console.print(_provision_table(found.provision.id, [found.provision]))
        console.print(f"Sources: {', '.join(found.provision.sources)}")
        return
    if isinstance(found, Erratum):
        render_errata(console, [found])
        return
    _render_entry(console, found)


def _render_entry(console: Console, e: Agreement | Talks | Event) -> None:
    from rich.markup import escape

    when = f"{e.date}" + (f" to {e.end_date}" if e.end_date else "")
    console.print(f"[bold]{escape(e.title)}[/bold]  [dim]{e.kind} {e.id}[/dim]")
    console.print(f"{when}" + (f", {escape(e.place)}" if e.place else ""))
    names = getattr(e, "parties", ()) or getattr(e, "actors", ())
    if names:
        console.print(f"Parties: {escape('; '.join(names))}")
    if isinstance(e, Agreement) and e.in_force:
        console.print(f"In force: {e.in_force}")
    console.print(escape(e.summary))
    if e.issues:
        console.print(f"Issues: {', '.join(e.issues)}")
    if e.failure_factors:
        factor_labels = failure_factor_labels()
        labels = "; ".join(factor_labels[f] for f in e.failure_factors)
        console.print(f"Failure factors: {labels}")
        console.print(f"[dim]{escape(e.failure_note or '')}[/dim]")
    if isinstance(e, Agreement) and e.provisions:
        console.print(_provision_table("Provisions", e.provisions))
    if e.related:
        console.print(f"Related: {', '.join(e.related)}")
    console.print(f"Sources: {', '.join(e.sources)} (date: {e.date_source})")


def render_errata(console: Console, items: Sequence[Erratum]) -> None:
    """Print checked claims of the policy paper."""
    from rich.table import Table

    table = Table(title=f"Policy paper: {len(items)} checked claims", show_lines=True)
    for col in ("verdict", "the paper says", "the sources say", "sources"):
        table.add_column(col)
    style = {"error": "red", "imprecise": "yellow", "confirmed": "green"}
    for x in items:
        table.add_row(
            f"[{style[x.verdict]}]{x.verdict}[/{style[x.verdict]}]\n[dim]{x.id}[/dim]",
            f"{x.claim}\n[dim]({x.section})[/dim]",
            x.correction,
            "\n".join(x.sources),
        )
    console.print(table)


def render_root_causes(console: Console, reports: Sequence[RootCauseReport]) -> None:
    """Print, for each root cause, the provisions that addressed it and what became of them."""
    for r in reports:
        counts = ", ".join(f"{OUTCOME_LABELS[o]}: {n}" for o, n in r.outcomes.items())
        console.print(f"\n[bold]{r.label}[/bold] ({r.root_cause}): {counts}")
        _status_table(console, r.provisions)


def _status_table(console: Console, rows: Sequence[ProvisionStatus]) -> None:
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("date", "agreement", "provision", "outcome"):
        table.add_column(col)
    for s in rows:
        table.add_row(str(s.entry_date), s.entry_id, s.provision.summary, _outcome(s.provision))
    console.print(table)

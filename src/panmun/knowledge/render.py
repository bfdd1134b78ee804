"""Terminal rendering of knowledge-base records with rich (used by ``panmun kb``).

Text from the records is shown exactly as written: styles are attached with ``rich.text.Text``
pieces, never as markup inside strings, so a title such as "[signed]" or "[/b]" prints as
such (the console of :func:`panmun.commands._common.console` has markup off).
"""

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
    from rich.text import Text

    from panmun.knowledge.api import Found, ProvisionStatus, RootCauseReport

_OUTCOME_STYLE = {
    "implemented": "green",
    "partly": "yellow",
    "not_implemented": "red",
    "reversed": "magenta",
}


def _styled(*parts: tuple[str, str]) -> Text:
    """Join (text, style) pieces into one ``Text``; the text is never parsed as markup."""
    from rich.text import Text

    out = Text()
    for text, style in parts:
        out.append(text, style=style or None)
    return out


def _outcome(p: Provision) -> Text:
    return _styled(
        (OUTCOME_LABELS[p.outcome], _OUTCOME_STYLE[p.outcome]), (f" ({p.outcome_date})", "")
    )


def _provision_table(title: str, provisions: Sequence[Provision]) -> object:
    from rich.table import Table

    table = Table(title=title, show_lines=True)
    for col in ("provision", "issues", "root causes", "outcome", "what became of it"):
        table.add_column(col)
    for p in provisions:
        table.add_row(
            _styled((p.id, "bold"), (f"\n{p.summary}", "")),
            ", ".join(p.issues),
            ", ".join(p.root_causes),
            _outcome(p),
            p.outcome_note,
        )
    return table


def render_record(console: Console, found: Found) -> None:
    """Print one entry, provision, erratum or source."""
    from panmun.knowledge.api import ProvisionStatus

    if isinstance(found, Source):
        console.print(_styled((found.title, "bold"), (f"  ({found.id})", "dim")))
        console.print(f"{found.author}, {found.publisher or ''} {found.date}".strip())
        for extra in (found.url, found.note):
            if extra:
                console.print(extra)
        return
    if isinstance(found, ProvisionStatus):
        console.print(
            _styled(
                ("Provision of ", ""),
                (found.entry_title, "bold"),
                (f" ({found.entry_id}, {found.entry_date})", ""),
            )
        )
        console.print(_provision_table(found.provision.id, [found.provision]))
        console.print(f"Sources: {', '.join(found.provision.sources)}")
        return
    if isinstance(found, Erratum):
        render_errata(console, [found])
        return
    _render_entry(console, found)


def _render_entry(console: Console, e: Agreement | Talks | Event) -> None:
    when = f"{e.date}" + (f" to {e.end_date}" if e.end_date else "")
    console.print(_styled((e.title, "bold"), (f"  {e.kind} {e.id}", "dim")))
    console.print(f"{when}" + (f", {e.place}" if e.place else ""))
    names = getattr(e, "parties", ()) or getattr(e, "actors", ())
    if names:
        console.print(f"Parties: {'; '.join(names)}")
    if isinstance(e, Agreement) and e.in_force:
        console.print(f"In force: {e.in_force}")
    console.print(e.summary)
    if e.issues:
        console.print(f"Issues: {', '.join(e.issues)}")
    if e.failure_factors:
        factor_labels = failure_factor_labels()
        labels = "; ".join(factor_labels[f] for f in e.failure_factors)
        console.print(f"Failure factors: {labels}")
        console.print(_styled((e.failure_note or "", "dim")))
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
            _styled((x.verdict, style[x.verdict]), (f"\n{x.id}", "dim")),
            _styled((x.claim, ""), (f"\n({x.section})", "dim")),
            x.correction,
            "\n".join(x.sources),
        )
    console.print(table)


def render_root_causes(console: Console, reports: Sequence[RootCauseReport]) -> None:
    """Print, for each root cause, the provisions that addressed it and what became of them."""
    for r in reports:
        counts = ", ".join(f"{OUTCOME_LABELS[o]}: {n}" for o, n in r.outcomes.items())
        console.print(_styled(("\n", ""), (r.label, "bold"), (f" ({r.root_cause}): {counts}", "")))
        _status_table(console, r.provisions)


def _status_table(console: Console, rows: Sequence[ProvisionStatus]) -> None:
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("date", "agreement", "provision", "outcome"):
        table.add_column(col)
    for s in rows:
        table.add_row(str(s.entry_date), s.entry_id, s.provision.summary, _outcome(s.provision))
    console.print(table)

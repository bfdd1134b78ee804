"""Write records to the database and read them back, unchanged.

Writes are upserts keyed by id: an entry, erratum or source that already exists is replaced
as a whole (its tags, citations and provisions too), so re-importing an edited export updates
the database. Rows are written in id order, which keeps concurrent writers on PostgreSQL from
locking shared sources in opposite orders. The caller owns the transaction: nothing here
commits.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from panmun.knowledge.catalogue import Catalogue
from panmun.knowledge.db import (
    EntryRow,
    EntrySourceRow,
    EntryTagRow,
    ErratumRow,
    ErratumSourceRow,
    ProvisionRow,
    ProvisionSourceRow,
    ProvisionTagRow,
    SourceRow,
)
from panmun.knowledge.records import Agreement, Erratum, Event, Talks
from panmun.knowledge.search import index_documents, remove_documents
from panmun.scenario.models import Source

AnyEntry = Agreement | Talks | Event

_SOURCE_FIELDS = ("title", "author", "publisher", "date", "url", "note", "retrospective")
_UPSERT_DIALECTS = {
    "sqlite": "sqlalchemy.dialects.sqlite",
    "postgresql": "sqlalchemy.dialects.postgresql",
}


# -- writing -------------------------------------------------------------------------------
def upsert_sources(session: Session, sources: Iterable[Source]) -> None:
    """Insert or replace sources, in id order."""
    # A consultation's entry belongs to a scenario, never to the knowledge base.
    rows = [s.model_dump(exclude={"consultation"}) for s in sorted(sources, key=lambda s: s.id)]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    module = _UPSERT_DIALECTS.get(dialect)
    if module is None:  # pragma: no cover - other dialects are not tested
        for row in rows:
            session.merge(SourceRow(**row))
        session.flush()
        return
    upsert = importlib.import_module(module).insert  # both offer INSERT ... ON CONFLICT
    for row in rows:
        stmt = upsert(SourceRow).values(**row)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=[SourceRow.id],
                set_={f: getattr(stmt.excluded, f) for f in _SOURCE_FIELDS},
            )
        )
    session.flush()


def _delete_entries(session: Session, ids: Sequence[str]) -> None:
    if not ids:
        return
    prov_ids = select(ProvisionRow.id).where(ProvisionRow.entry_id.in_(ids))
    session.execute(delete(ProvisionTagRow).where(ProvisionTagRow.provision_id.in_(prov_ids)))
    session.execute(delete(ProvisionSourceRow).where(ProvisionSourceRow.provision_id.in_(prov_ids)))
    session.execute(delete(ProvisionRow).where(ProvisionRow.entry_id.in_(ids)))
    session.execute(delete(EntryTagRow).where(EntryTagRow.entry_id.in_(ids)))
    session.execute(delete(EntrySourceRow).where(EntrySourceRow.entry_id.in_(ids)))
    session.execute(delete(EntryRow).where(EntryRow.id.in_(ids)))


def _entry_row(e: AnyEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "date": e.date,
        "end_date": e.end_date,
        "place": e.place,
        "summary": e.summary,
        "event_type": e.event_type if isinstance(e, Event) else None,
        "in_force": e.in_force if isinstance(e, Agreement) else None,
        "pax_id": e.pax_id if isinstance(e, Agreement) else None,
        "rounds": e.rounds if isinstance(e, Talks) else None,
        "date_source": e.date_source,
        "failure_note": e.failure_note,
        "parties": list(e.parties) if isinstance(e, Agreement | Talks) else [],
        "signatories": list(e.signatories) if isinstance(e, Agreement) else [],
        "actors": list(e.actors) if isinstance(e, Event) else [],
        "related": list(e.related),
    }


def upsert_entries(session: Session, entries: Iterable[AnyEntry]) -> None:
    """Insert or replace entries with their tags, citations and provisions."""
    ordered = sorted(entries, key=lambda e: e.id)
    _delete_entries(session, [e.id for e in ordered])
    session.flush()
    rows: dict[type[Any], list[dict[str, Any]]] = defaultdict(list)
    for e in ordered:
        rows[EntryRow].append(_entry_row(e))
        etags: tuple[tuple[str, tuple[str, ...]], ...] = (
            ("issue", e.issues),
            ("factor", e.failure_factors),
        )
        for tag, values in etags:
            for k, v in enumerate(values):
                rows[EntryTagRow].append({"entry_id": e.id, "tag": tag, "value": v, "position": k})
        for k, s in enumerate(e.sources):
            rows[EntrySourceRow].append({"entry_id": e.id, "source_id": s, "position": k})
        if not isinstance(e, Agreement):
            continue
        for pos, p in enumerate(e.provisions):
            rows[ProvisionRow].append(
                {
                    "id": p.id,
                    "entry_id": e.id,
                    "position": pos,
                    "summary": p.summary,
                    "outcome": p.outcome,
                    "outcome_date": p.outcome_date,
                    "outcome_note": p.outcome_note,
                    "outcome_entries": list(p.outcome_entries),
                }
            )
            ptags: tuple[tuple[str, tuple[str, ...]], ...] = (
                ("issue", p.issues),
                ("root_cause", p.root_causes),
            )
            for tag, values in ptags:
                for k, v in enumerate(values):
                    rows[ProvisionTagRow].append(
                        {"provision_id": p.id, "tag": tag, "value": v, "position": k}
                    )
            for k, s in enumerate(p.sources):
                rows[ProvisionSourceRow].append(
                    {"provision_id": p.id, "source_id": s, "position": k}
                )
    for table in (EntryRow, EntryTagRow, EntrySourceRow, ProvisionRow, ProvisionTagRow):
        if rows[table]:
            session.execute(insert(table), rows[table])
    if rows[ProvisionSourceRow]:
        session.execute(insert(ProvisionSourceRow), rows[ProvisionSourceRow])
    session.flush()
    remove_documents(session, [e.id for e in ordered])
    index_documents(session, ordered, [])


def upsert_errata(session: Session, errata: Iterable[Erratum]) -> None:
    """Insert or replace errata; new ones go after the existing ones, in the given order."""
    items = list(errata)
    if not items:
        return
    ids = [x.id for x in items]
    old = {
        row[0]: row[1]
        for row in session.execute(
            select(ErratumRow.id, ErratumRow.position).where(ErratumRow.id.in_(ids))
        )
    }
    nxt = (session.scalar(select(func.max(ErratumRow.position))) or 0) + 1
    session.execute(delete(ErratumSourceRow).where(ErratumSourceRow.erratum_id.in_(ids)))
    session.execute(delete(ErratumRow).where(ErratumRow.id.in_(ids)))
    session.flush()
    for x in items:
        if x.id not in old:
            old[x.id] = nxt
            nxt += 1
    for x in sorted(items, key=lambda x: x.id):
        session.add(
            ErratumRow(
                id=x.id,
                position=old[x.id],
                section=x.section,
                claim=x.claim,
                verdict=x.verdict,
                correction=x.correction,
                corrected_date=x.corrected_date,
                entries=list(x.entries),
            )
        )
    session.flush()
    for x in sorted(items, key=lambda x: x.id):
        for k, s in enumerate(x.sources):
            session.add(ErratumSourceRow(erratum_id=x.id, source_id=s, position=k))
    session.flush()
    remove_documents(session, ids)
    index_documents(session, [], items)


def write_catalogue(session: Session, cat: Catalogue) -> None:
    """Write every record of ``cat`` (sources first, then entries, then errata)."""
    upsert_sources(session, cat.sources)
    upsert_entries(session, cat.entries)
    upsert_errata(session, cat.errata)


# -- reading -------------------------------------------------------------------------------
def _grouped(rows: Iterable[Any], key: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r.position):
        out[getattr(r, key)].append(r)
    return out


def read_entries(session: Session, ids: Sequence[str] | None = None) -> list[AnyEntry]:
    """Return entries (all, or those with ``ids``) ordered by date, kind and id."""
    q = select(EntryRow).order_by(EntryRow.date, EntryRow.kind, EntryRow.id)
    if ids is not None:
        q = q.where(EntryRow.id.in_(list(ids)))
    entries = list(session.scalars(q))
    eids = [e.id for e in entries]
    tags = _grouped(
        session.scalars(select(EntryTagRow).where(EntryTagRow.entry_id.in_(eids))), "entry_id"
    )
    cites = _grouped(
        session.scalars(select(EntrySourceRow).where(EntrySourceRow.entry_id.in_(eids))),
        "entry_id",
    )
    provs = _grouped(
        session.scalars(select(ProvisionRow).where(ProvisionRow.entry_id.in_(eids))), "entry_id"
    )
    pids = [p.id for ps in provs.values() for p in ps]
    ptags = _grouped(
        session.scalars(select(ProvisionTagRow).where(ProvisionTagRow.provision_id.in_(pids))),
        "provision_id",
    )
    pcites = _grouped(
        session.scalars(
            select(ProvisionSourceRow).where(ProvisionSourceRow.provision_id.in_(pids))
        ),
        "provision_id",
    )
    out: list[AnyEntry] = []
    for row in entries:
        data: dict[str, Any] = {
            "id": row.id,
            "kind": row.kind,
            "title": row.title,
            "date": row.date,
            "end_date": row.end_date,
            "place": row.place,
            "summary": row.summary,
            "issues": [t.value for t in tags[row.id] if t.tag == "issue"],
            "failure_factors": [t.value for t in tags[row.id] if t.tag == "factor"],
            "failure_note": row.failure_note,
            "related": row.related,
            "sources": [c.source_id for c in cites[row.id]],
            "date_source": row.date_source,
        }
        if row.kind == "agreement":
            data |= {
                "parties": row.parties,
                "signatories": row.signatories,
                "in_force": row.in_force,
                "pax_id": row.pax_id,
                "provisions": [
                    {
                        "id": p.id,
                        "summary": p.summary,
                        "issues": [t.value for t in ptags[p.id] if t.tag == "issue"],
                        "root_causes": [t.value for t in ptags[p.id] if t.tag == "root_cause"],
                        "outcome": p.outcome,
                        "outcome_date": p.outcome_date,
                        "outcome_note": p.outcome_note,
                        "outcome_entries": p.outcome_entries,
                        "sources": [c.source_id for c in pcites[p.id]],
                    }
                    for p in provs[row.id]
                ],
            }
            out.append(Agreement.model_validate(data))
        elif row.kind == "talks":
            out.append(Talks.model_validate(data | {"parties": row.parties, "rounds": row.rounds}))
        else:
            data |= {"event_type": row.event_type, "actors": row.actors}
            out.append(Event.model_validate(data))
    return out


def read_errata(session: Session, verdicts: Sequence[str] | None = None) -> list[Erratum]:
    """Return errata in their stored order, optionally only those with given verdicts."""
    q = select(ErratumRow).order_by(ErratumRow.position, ErratumRow.id)
    if verdicts is not None:
        q = q.where(ErratumRow.verdict.in_(list(verdicts)))
    rows = list(session.scalars(q))
    cites = _grouped(
        session.scalars(
            select(ErratumSourceRow).where(ErratumSourceRow.erratum_id.in_([r.id for r in rows]))
        ),
        "erratum_id",
    )
    return [
        Erratum(
            id=r.id,
            section=r.section,
            claim=r.claim,
            verdict=r.verdict,
            correction=r.correction,
            corrected_date=r.corrected_date,
            entries=tuple(r.entries),
            sources=tuple(c.source_id for c in cites[r.id]),
        )
        for r in rows
    ]


def read_sources(session: Session, ids: Iterable[str] | None = None) -> list[Source]:
    """Return sources (all, or those with ``ids``) in id order."""
    q = select(SourceRow).order_by(SourceRow.id)
    if ids is not None:
        q = q.where(SourceRow.id.in_(list(ids)))
    return [
        Source(**{f: getattr(r, f) for f in ("id", *_SOURCE_FIELDS)}) for r in session.scalars(q)
    ]


def read_catalogue(session: Session) -> Catalogue:
    """Return everything stored, as one catalogue (entries by date, errata in order)."""
    return Catalogue(
        entries=tuple(read_entries(session)),
        errata=tuple(read_errata(session)),
        sources=tuple(read_sources(session)),
    )


def stored_ids(session: Session) -> tuple[set[str], set[str], dict[str, str]]:
    """Return the stored source ids, entry ids, and provision id -> entry id."""
    sources = set(session.scalars(select(SourceRow.id)))
    entries = set(session.scalars(select(EntryRow.id)))
    owners = {
        row[0]: row[1] for row in session.execute(select(ProvisionRow.id, ProvisionRow.entry_id))
    }
    return sources, entries, owners

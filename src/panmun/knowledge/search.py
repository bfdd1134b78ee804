"""Full-text search over titles, summaries, provisions and errata.

One search document is indexed per entry (title, summary, place, parties, failure note), per
provision (the agreement's title, the provision and its outcome note) and per erratum (the
paper's section, claim and correction). The index is the table ``kb_search``:

* on SQLite, an FTS5 virtual table with the Porter stemmer; queries are ranked with BM25
  (Robertson and Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond"),
  title matches weighted three times body matches;
* on PostgreSQL, a plain table with a GIN index on ``to_tsvector('english', title || ' ' ||
  body)``; queries go through ``websearch_to_tsquery`` and are ranked with ``ts_rank``;
* on other databases, a case-insensitive substring match (every word must occur).

User text is never passed to FTS5's query language as is: it is split into words, each quoted,
so punctuation such as ``two-states`` or ``"`` cannot break the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import String, Text, and_, column, delete, insert, or_, select, table, text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from panmun.knowledge.records import Agreement, Erratum, Event, Talks

DocKind = Literal["agreement", "talks", "event", "provision", "erratum"]

SEARCH = table(
    "kb_search",
    column("doc_id", String),
    column("doc_kind", String),
    column("entry_id", String),
    column("title", Text),
    column("body", Text),
)

_WORD = re.compile(r"\w+", re.UNICODE)


class SearchHit(BaseModel):
    """One search result: what matched, where it belongs, and a snippet with ``[`` ``]``
    around the matching words."""

    model_config = ConfigDict(frozen=True)

    doc_kind: DocKind
    id: str
    entry_id: str
    title: str
    snippet: str


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def documents(
    entries: Iterable[Agreement | Talks | Event], errata: Iterable[Erratum]
) -> list[dict[str, str]]:
    """Return the search documents of some entries and errata."""
    docs: list[dict[str, str]] = []
    for e in entries:
        names = getattr(e, "parties", ()) or getattr(e, "actors", ())
        docs.append(
            {
                "doc_id": f"{e.kind}:{e.id}",
                "doc_kind": e.kind,
                "entry_id": e.id,
                "title": e.title,
                "body": _join(e.summary, e.place, "; ".join(names), e.failure_note),
            }
        )
        for p in getattr(e, "provisions", ()):
            docs.append(
                {
                    "doc_id": f"provision:{p.id}",
                    "doc_kind": "provision",
                    "entry_id": e.id,
                    "title": e.title,
                    "body": _join(p.summary, p.outcome_note),
                }
            )
    for x in errata:
        docs.append(
            {
                "doc_id": f"erratum:{x.id}",
                "doc_kind": "erratum",
                "entry_id": x.id,
                "title": x.section,
                "body": _join(x.claim, x.correction),
            }
        )
    return docs


def index_documents(
    session: Session,
    entries: Iterable[Agreement | Talks | Event],
    errata: Iterable[Erratum],
) -> None:
    """Add the documents of entries and errata to the index."""
    docs = documents(entries, errata)
    if docs:
        session.execute(insert(SEARCH), docs)


def remove_documents(session: Session, owner_ids: Sequence[str]) -> None:
    """Remove the documents of these entries or errata (and of their provisions)."""
    if owner_ids:
        session.execute(delete(SEARCH).where(SEARCH.c.entry_id.in_(list(owner_ids))))


def words(query: str) -> list[str]:
    """Split user text into the words that are searched for."""
    return _WORD.findall(query)


def search(session: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """Return the best matches for ``query``, best first (an empty list for no words)."""
    terms = words(query)
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = " ".join('"' + t.replace('"', "") + '"' for t in terms)
        rows = session.execute(
            text(
                "SELECT doc_id, doc_kind, entry_id, title, "
                "snippet(kb_search, 4, '[', ']', '…', 16) AS snip "
                "FROM kb_search WHERE kb_search MATCH :q "
                "ORDER BY bm25(kb_search, 0.0, 0.0, 0.0, 3.0, 1.0), doc_id LIMIT :n"
            ),
            {"q": match, "n": limit},
        ).all()
    elif dialect == "postgresql":
        rows = session.execute(
            text(
                "SELECT doc_id, doc_kind, entry_id, title, "
                "ts_headline('english', body, q, "
                "'StartSel=[, StopSel=], MaxWords=24, MinWords=10') AS snip "
                "FROM kb_search, websearch_to_tsquery('english', :q) AS q "
                "WHERE to_tsvector('english', title || ' ' || body) @@ q "
                "ORDER BY ts_rank(to_tsvector('english', title || ' ' || body), q) DESC, doc_id "
                "LIMIT :n"
            ),
            {"q": " ".join(terms), "n": limit},
        ).all()
    else:  # pragma: no cover - exercised only on databases without a full-text engine
        cond = and_(
            *(or_(SEARCH.c.title.ilike(f"%{t}%"), SEARCH.c.body.ilike(f"%{t}%")) for t in terms)
        )
        rows = session.execute(
            select(
                SEARCH.c.doc_id, SEARCH.c.doc_kind, SEARCH.c.entry_id, SEARCH.c.title, SEARCH.c.body
            )
            .where(cond)
            .order_by(SEARCH.c.doc_id)
            .limit(limit)
        ).all()
    return [
        SearchHit(
            doc_kind=r[1],
            id=r[0].split(":", 1)[1],
            entry_id=r[2],
            title=r[3],
            snippet=" ".join(str(r[4]).split()),
        )
        for r in rows
    ]

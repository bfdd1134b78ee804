"""The knowledge base's Python API: typed queries shared by the CLI, the report and any web API.

>>> from panmun.knowledge.api import KnowledgeBase
>>> with KnowledgeBase.open("sqlite://") as kb:  # an in-memory database, seeded on first use
...     [item.id for item in kb.timeline(kind="agreement", start="2018", end="2018-06")]
['panmunjom-declaration-2018', 'singapore-statement-2018']

Every method returns frozen pydantic records (see :mod:`panmun.knowledge.records`); bad
arguments raise :class:`~panmun.errors.InputError` naming the argument and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from panmun.errors import InputError
from panmun.knowledge import store
from panmun.knowledge.catalogue import Catalogue, cross_reference_problems, shipped_catalogue
from panmun.knowledge.db import (
    EntryRow,
    EntryTagRow,
    MetaRow,
    ProvisionRow,
    ProvisionTagRow,
    make_engine,
    migrate,
    session_factory,
)
from panmun.knowledge.io import Format, Parsed, export_text, read_import
from panmun.knowledge.records import (
    ISSUE_IDS,
    OUTCOME_LABELS,
    Agreement,
    Erratum,
    Event,
    Provision,
    Talks,
    root_cause_labels,
)
from panmun.knowledge.search import SearchHit, search
from panmun.scenario.models import Source

__all__ = [
    "ImportReport",
    "KnowledgeBase",
    "ProvisionStatus",
    "RootCauseReport",
    "SearchHit",
    "TimelineItem",
    "date_bound",
]

KINDS = ("agreement", "talks", "event")


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class TimelineItem(_Result):
    """One line of the timeline."""

    id: str
    kind: Literal["agreement", "talks", "event"]
    date: dt.date
    end_date: dt.date | None
    title: str
    summary: str
    issues: tuple[str, ...]
    failure_factors: tuple[str, ...]
    provisions: int


class ProvisionStatus(_Result):
    """A provision with the agreement it belongs to."""

    entry_id: str
    entry_title: str
    entry_date: dt.date
    provision: Provision


class RootCauseReport(_Result):
    """The provisions that addressed one root cause, and what became of them."""

    root_cause: str
    label: str
    provisions: tuple[ProvisionStatus, ...]
    outcomes: dict[str, int]


class ImportReport(_Result):
    """What an import wrote; ``linked`` maps each row left out because a stored record already
    stands for it (a PA-X row whose AgtId a stored agreement carries) to that record's id."""

    name: str
    entries: int
    provisions: int
    errata: int
    sources: int
    linked: dict[str, str] = {}


Found = Agreement | Talks | Event | ProvisionStatus | Erratum | Source


def date_bound(
    value: str | dt.date | None, *, end: bool = False, name: str = "date"
) -> dt.date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, the last)
    day it covers."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):  # "18" is not the year 2018
        raise InputError(
            [f"{name}: {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"]
        )
    parts = text.split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 1:
            return dt.date(nums[0], 12, 31) if end else dt.date(nums[0], 1, 1)
        if len(nums) == 2:
            first = dt.date(nums[0], nums[1], 1)
            if not end:
                return first
            nxt = dt.date(nums[0] + nums[1] // 12, nums[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if len(nums) == 3:
            return dt.date(*nums)
    except ValueError:
        pass
    raise InputError([f"{name}: {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"])


class KnowledgeBase:
    """A knowledge base stored in one database.

    Parameters
    ----------
    engine
        A SQLAlchemy engine whose database already has the current schema; use :meth:`open`
        to create, migrate and seed one.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine)

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str | None = None, *, seed: bool = True) -> KnowledgeBase:
        """Open (creating and migrating if needed) the database at ``url``.

        A database opened for the first time is filled with the shipped records unless
        ``seed`` is false. ``url`` defaults to ``PANMUN_DB`` or the SQLite file in the user's
        data folder.
        """
        engine = make_engine(url)
        try:
            fresh = migrate(engine)
        except (DBAPIError, SQLAlchemyError) as exc:
            engine.dispose()
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise InputError([f"--db: cannot open {engine.url!r} ({reason})"]) from None
        kb = cls(engine)
        if fresh and seed:
            kb.load_shipped()
        return kb

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def load_shipped(self) -> ImportReport:
        """Write (or refresh) the records shipped with panmun."""
        report = self.import_catalogue(shipped_catalogue(), "panmun/data/knowledge")
        with self._sessions.begin() as s:
            s.merge(MetaRow(key="seeded_at", value=dt.datetime.now(dt.UTC).isoformat()))
        return report

    def import_file(self, path: str | Path, fmt: Format | None = None) -> ImportReport:
        """Import a JSON, CSV or PA-X CSV file: all of it, or (on any problem) nothing."""
        return self._import(read_import(path, fmt))

    def import_catalogue(self, cat: Catalogue, name: str = "<data>") -> ImportReport:
        """Import records already validated: all of them, or (on any problem) nothing."""
        return self._import(Parsed(cat, name, lambda path: ""))

    def _import(self, parsed: Parsed) -> ImportReport:
        cat = parsed.catalogue
        linked: dict[str, str] = {}
        try:
            with self._sessions.begin() as s:
                if parsed.link is not None:
                    cat, linked = parsed.link(s, cat)
                known_sources, known_entries, owners = store.stored_ids(s)
                problems = list(cross_reference_problems(cat, known_sources, known_entries, owners))
                if problems:
                    raise InputError(parsed.render(p) for p in problems)
                store.write_catalogue(s, cat)
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise InputError(
                [f"{parsed.name}: the database refused the import, nothing was written ({reason})"]
            ) from None
        return ImportReport(
            name=parsed.name,
            entries=len(cat.entries),
            provisions=sum(len(getattr(e, "provisions", ())) for e in cat.entries),
            errata=len(cat.errata),
            sources=len(cat.sources),
            linked=linked,
        )

    # -- reading ---------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        """Return every stored record."""
        with self._sessions() as s:
            return store.read_catalogue(s)

    def export(self, fmt: str = "json") -> str:
        """Return every stored record as ``json`` or ``csv`` text."""
        return export_text(self.catalogue(), fmt)

    def entries(self, ids: list[str] | None = None) -> list[Agreement | Talks | Event]:
        """Return entries (all, or those with ``ids``), ordered by date."""
        with self._sessions() as s:
            return store.read_entries(s, ids)

    def timeline(
        self,
        *,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        issue: str | None = None,
        kind: str | None = None,
    ) -> list[TimelineItem]:
        """Return entries in date order, filtered by period, issue and kind.

        An entry is in the period if it overlaps it (talks and events may span days). An entry
        is on an issue if it, or one of its provisions, is coded to it.
        """
        lo = date_bound(start, name="--from")
        hi = date_bound(end, end=True, name="--to")
        if issue is not None and issue not in ISSUE_IDS:
            raise InputError([f"--issue: {issue!r} is not one of {', '.join(ISSUE_IDS)}"])
        if kind is not None and kind not in KINDS:
            raise InputError([f"--kind: {kind!r} is not one of {', '.join(KINDS)}"])
        if lo is not None and hi is not None and lo > hi:
            raise InputError([f"--from: {lo} is after --to {hi}"])
        q = select(EntryRow.id)
        if lo is not None:
            q = q.where(func.coalesce(EntryRow.end_date, EntryRow.date) >= lo)
        if hi is not None:
            q = q.where(EntryRow.date <= hi)
        if kind is not None:
            q = q.where(EntryRow.kind == kind)
        if issue is not None:
            on_entry = exists().where(
                and_(
                    EntryTagRow.entry_id == EntryRow.id,
                    EntryTagRow.tag == "issue",
                    EntryTagRow.value == issue,
                )
            )
            on_provision = exists().where(
                and_(
                    ProvisionRow.entry_id == EntryRow.id,
                    ProvisionTagRow.provision_id == ProvisionRow.id,
                    ProvisionTagRow.tag == "issue",
                    ProvisionTagRow.value == issue,
                )
            )
            q = q.where(or_(on_entry, on_provision))
        with self._sessions() as s:
            ids = list(s.scalars(q))
            found = store.read_entries(s, ids)
        return [
            TimelineItem(
                id=e.id,
                kind=e.kind,
                date=e.date,
                end_date=e.end_date,
                title=e.title,
                summary=e.summary,
                issues=e.issues,
                failure_factors=e.failure_factors,
                provisions=len(e.provisions) if isinstance(e, Agreement) else 0,
            )
            for e in found
        ]

    def show(self, item_id: str) -> Found:
        """Return the entry, provision, erratum or source with this id."""
        with self._sessions() as s:
            found = store.read_entries(s, [item_id])
            if found:
                return found[0]
            owner = s.scalar(select(ProvisionRow.entry_id).where(ProvisionRow.id == item_id))
            if owner is not None:
                parent = store.read_entries(s, [owner])[0]
                assert isinstance(parent, Agreement)  # only agreements have provisions
                prov = next(p for p in parent.provisions if p.id == item_id)
                return ProvisionStatus(
                    entry_id=parent.id,
                    entry_title=parent.title,
                    entry_date=parent.date,
                    provision=prov,
                )
            for x in store.read_errata(s):
                if x.id == item_id:
                    return x
            sources = store.read_sources(s, [item_id])
            if sources:
                return sources[0]
        raise InputError(
            [f"ID: {item_id!r} is not the id of an entry, provision, erratum or source"]
        )

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles, summaries, provisions and errata, best match first."""
        if limit < 1:
            raise InputError([f"--limit: {limit} is below 1"])
        with self._sessions() as s:
            return search(s, text, limit)

    def errata(self, include_confirmed: bool = False) -> list[Erratum]:
        """Return the checked claims of the policy paper (errors and imprecisions by default)."""
        verdicts = None if include_confirmed else ["error", "imprecise"]
        with self._sessions() as s:
            return store.read_errata(s, verdicts)

    def root_causes(self) -> list[RootCauseReport]:
        """For each of the paper's root causes: the provisions that addressed it and their fate."""
        with self._sessions() as s:
            entries = store.read_entries(s)
        out: list[RootCauseReport] = []
        for cause, label in root_cause_labels().items():
            provs = tuple(
                ProvisionStatus(entry_id=e.id, entry_title=e.title, entry_date=e.date, provision=p)
                for e in entries
                if isinstance(e, Agreement)
                for p in e.provisions
                if cause in p.root_causes
            )
            counts: Counter[str] = Counter(str(p.provision.outcome) for p in provs)
            out.append(
                RootCauseReport(
                    root_cause=cause,
                    label=label,
                    provisions=provs,
                    outcomes={o: counts.get(o, 0) for o in OUTCOME_LABELS},
                )
            )
        return out

"""Import agreements from a PA-X CSV file (the Peace Agreements Database, PeaceRep).

PA-X (Bell and Badanjak 2019, "Introducing PA-X: A new peace agreement database and
dataset", Journal of Peace Research 56(3)) is published under CC BY-NC-SA 4.0; panmun ships
none of its rows. A user who downloads the CSV from https://www.peaceagreements.org may import
it into a local database.

Columns
-------
The main CSV of release 10 has 279 columns: 28 that describe the agreement
(:data:`LEADING_COLUMNS`, from ``Con`` to ``ImSrc``), then the topic codes of the codebook
(``GCh`` ... ``ImE``; a category code is valued 0-3 for the depth of the provisions, a
subtopic 0 or 1). This reader needs three of them and uses a few more:

========  ==========================================================
``AgtId`` agreement id (required, a whole number)
``Agt``   agreement name (required)
``Dat``   signing date (required; ``YYYY-MM-DD``, ``DD/MM/YYYY`` or ``YYYY/MM/DD``)
``Con``   country/entity, names separated by ``/``
``Part``  parties (one per line or separated by ``;``); ``Con`` is used when empty
``PPName`` peace process name; ``Stage``, ``Status``: stage and status labels
topics    the codes of :data:`TOPIC_ISSUES` (optional; an empty cell counts as 0)
========  ==========================================================

Each row becomes an :class:`~panmun.knowledge.records.Agreement` with id ``pax-<AgtId>`` and
``pax_id`` AgtId, citing the PA-X database as its source, and tagged with the issue
dimensions that its topic codes map to, so that ``kb timeline --issue`` finds it; it carries
no provisions. Dates are taken as PA-X gives them; check them against the official text (the
fact-check notes list Korean rows whose PA-X dates differ).

Topic codes and issue dimensions
--------------------------------
PA-X codes provisions by topic, not by the questions panmun's issue dimensions ask, so only
topics that fall inside one dimension are mapped (:data:`TOPIC_ISSUES`, kept as data in
``data/pax_topics.yaml`` with labels and definitions from PeaceRep's PA-X codebook, version
10, and the reasons some dimensions are never set). A topic counts when its value is above 0.

Linking to stored records
-------------------------
A row whose AgtId is already the ``pax_id`` of a stored agreement (for example one of the
shipped Korean agreements) is not written as a second record: :func:`link_stored`, run inside
the import's transaction, leaves it out, and the import reports which record it was linked to.
A row whose stored counterpart is its own earlier import (id ``pax-<AgtId>``) is written again,
replacing it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from panmun.errors import InputError
from panmun.knowledge import records
from panmun.knowledge.catalogue import Catalogue, validation_problems
from panmun.knowledge.db import EntryRow
from panmun.knowledge.io import Parsed, row_locator
from panmun.knowledge.records import Agreement
from panmun.scenario.models import Source

PAX_SOURCE = Source(
    id="pax-peace-agreements-database",
    title="PA-X Peace Agreements Database and Dataset",
    author="University of Edinburgh, Peace and Conflict Resolution Evidence Platform (PeaceRep)",
    publisher="University of Edinburgh",
    date="2024",
    url="https://www.peaceagreements.org",
    note=(
        "Licensed CC BY-NC-SA 4.0: cite and link; its rows are not redistributed with panmun. "
        "Reference: Bell, C. and Badanjak, S. (2019), Journal of Peace Research 56(3)."
    ),
)

REQUIRED = ("AgtId", "Agt", "Dat")

#: The 28 columns that open the main CSV of PA-X release 10, before the topic codes.
LEADING_COLUMNS: tuple[str, ...] = (
    "Con", "Contp", "PP", "PPName", "Reg", "AgtId", "Ver", "Agt", "Dat", "Status", "Lgt",
    "N_characters", "Agtp", "Stage", "StageSub", "Part", "ThrdPart", "OthAgr", "Loc1ISO",
    "Loc2ISO", "Loc1GWNO", "Loc2GWNO", "UcdpCon", "UcdpAgr", "PamAgr", "CowWar", "Interim",
    "ImSrc",
)  # fmt: skip

#: PA-X topic code -> (codebook label, the panmun issue dimensions it maps to), read from
#: ``data/pax_topics.yaml`` on first access (:func:`topic_table`).
TOPIC_ISSUES: dict[str, tuple[str, tuple[str, ...]]]


def __getattr__(name: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``TOPIC_ISSUES`` is :func:`topic_table`, read on first access."""
    if name == "TOPIC_ISSUES":
        return topic_table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def topic_table() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The shipped mapping of PA-X topic codes to issue dimensions (``data/pax_topics.yaml``)."""
    from panmun.scenario.loader import data_dir, read_shipped

    raw = read_shipped(data_dir().joinpath("pax_topics.yaml"))
    return {t["code"]: (t["label"], tuple(t["issues"])) for t in raw["topics"]}


TOPIC_MAX = 3
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y")


def pax_entry_id(agt_id: int) -> str:
    """The id an imported PA-X row gets: ``pax-<AgtId>``."""
    return f"pax-{agt_id}"


def parse_pax_date(text: str) -> dt.date:
    """Parse a PA-X date cell in any of the formats the database has used."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


def topic_problems(row: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Return the topic codes of :data:`TOPIC_ISSUES` that a row sets, and its bad cells.

    Each bad cell is reported as ``"code: message"``; a missing column or an empty cell is 0.
    """
    found: list[str] = []
    bad: list[str] = []
    for code in topic_table():
        cell = (row.get(code) or "").strip()
        if not cell:
            continue
        if not cell.isdigit() or int(cell) > TOPIC_MAX:
            bad.append(f"{code}: {cell!r} is not a PA-X topic value (a whole number 0 to 3)")
        elif int(cell) > 0:
            found.append(code)
    return found, bad


def topic_issues(codes: list[str]) -> list[str]:
    """The issue dimensions that the topic codes map to, in the order of the issue file."""
    table = topic_table()
    wanted = {issue for code in codes for issue in table[code][1]}
    return [i for i in records.ISSUE_IDS if i in wanted]


def _names(cell: str, seps: str) -> list[str]:
    for sep in seps:
        cell = cell.replace(sep, "\n")
    return [n.strip() for n in cell.splitlines() if n.strip()]


def _summary(row: Mapping[str, str], codes: list[str]) -> str:
    facts = [
        f"{label}: {row[col].strip()}"
        for col, label in (("PPName", "peace process"), ("Stage", "stage"), ("Status", "status"))
        if (row.get(col) or "").strip()
    ]
    tail = f" ({'; '.join(facts)})" if facts else ""
    if codes:
        topics = ", ".join(f"{topic_table()[c][0]} ({c})" for c in codes)
        coded = f"PA-X codes provisions on {topics}; panmun's provisions are not coded."
    else:
        coded = "None of its PA-X topic codes maps to panmun's issue dimensions."
    return f"Agreement {row['AgtId'].strip()} imported from the PA-X database{tail}. {coded}"


def _agreement(row: Mapping[str, str], codes: list[str]) -> dict[str, Any]:
    agt_id = int(row["AgtId"].strip())
    parties = _names(row.get("Part") or "", ";") or _names(row.get("Con") or "", "/;")
    return {
        "kind": "agreement",
        "id": pax_entry_id(agt_id),
        "title": (row.get("Agt") or "").strip(),
        "date": parse_pax_date(row["Dat"]),
        "summary": _summary(row, codes),
        "issues": topic_issues(codes),
        "parties": [p.replace(";", ",") for p in parties],
        "pax_id": agt_id,
        "sources": [PAX_SOURCE.id],
        "date_source": PAX_SOURCE.id,
    }


def parse_pax(text: str, name: str) -> Parsed:
    """Parse a PA-X CSV export into agreements; every bad row is reported with its number."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([f"{name}: row 1: missing PA-X column(s) {', '.join(missing)}"])
    problems: list[str] = []
    agreements: list[Agreement] = []
    row_of: dict[str, int] = {}
    for n, row in enumerate(reader, start=2):
        clean = {k: v or "" for k, v in row.items() if k is not None}
        agt_id = clean["AgtId"].strip()
        if not agt_id.isdigit():
            problems.append(f"{name}: row {n}: AgtId: {agt_id!r} is not a whole number")
            continue
        codes, bad = topic_problems(clean)
        if bad:
            problems += [f"{name}: row {n}: {b}" for b in bad]
            continue
        try:
            data = _agreement(clean, codes)
        except ValueError as exc:
            problems.append(f"{name}: row {n}: Dat: {exc}")
            continue
        if not data["parties"]:
            problems.append(f"{name}: row {n}: Part: no parties (and Con is empty too)")
            continue
        if data["id"] in row_of:
            problems.append(f"{name}: row {n}: AgtId: {agt_id} repeats row {row_of[data['id']]}")
            continue
        row_of[data["id"]] = n
        try:
            agreements.append(Agreement.model_validate(data))
        except ValidationError as exc:
            for p in validation_problems(exc, data):
                field = {"title": "Agt", "parties": "Part", "date": "Dat"}.get(
                    p.path.split(".")[0].split("[")[0], p.path
                )
                problems.append(f"{name}: row {n}: {field}: {p.message}")
    if problems:
        raise InputError(problems)
    cat = Catalogue(entries=tuple(agreements), sources=(PAX_SOURCE,))
    return Parsed(cat, name, row_locator(row_of), link=link_stored)


# -- linking rows to stored records ----------------------------------------------------------
def stored_pax_ids(session: Session) -> dict[int, str]:
    """Return PA-X id -> id of the stored agreement that carries it (first by id).

    Agreements that are themselves imported PA-X rows (``pax-<AgtId>``) are left out: a row
    imported again replaces its earlier import.
    """
    rows = session.execute(
        select(EntryRow.pax_id, EntryRow.id)
        .where(EntryRow.kind == "agreement", EntryRow.pax_id.is_not(None))
        .order_by(EntryRow.id)
    )
    out: dict[int, str] = {}
    for pax_id, entry_id in rows:
        if pax_id is not None and entry_id != pax_entry_id(pax_id):
            out.setdefault(pax_id, entry_id)
    return out


def link_existing(cat: Catalogue, known: Mapping[int, str]) -> tuple[Catalogue, dict[str, str]]:
    """Leave out the PA-X rows that a known record already stands for.

    Returns the catalogue to write and, for each row left out, its id (``pax-<AgtId>``) and the
    id of the record it is linked to, in the file's order. The PA-X source stays only if some
    row is still written.
    """
    linked: dict[str, str] = {}
    kept: list[Any] = []
    for e in cat.entries:
        if (
            isinstance(e, Agreement)
            and e.pax_id is not None
            and e.id == pax_entry_id(e.pax_id)
            and e.pax_id in known
        ):
            linked[e.id] = known[e.pax_id]
        else:
            kept.append(e)
    if not linked:
        return cat, linked
    sources = cat.sources if kept else ()
    return Catalogue(entries=tuple(kept), errata=cat.errata, sources=sources), linked


def link_stored(session: Session, cat: Catalogue) -> tuple[Catalogue, dict[str, str]]:
    """:func:`link_existing` against the agreements stored in the session's database."""
    return link_existing(cat, stored_pax_ids(session))

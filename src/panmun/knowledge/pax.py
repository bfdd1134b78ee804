"""Import agreements from a PA-X CSV file (the Peace Agreements Database, PeaceRep).

PA-X (Bell and Badanjak 2019, "Introducing PA-X: A new peace agreement database and
dataset", Journal of Peace Research 56(3)) is published under CC BY-NC-SA 4.0; panmun ships
none of its rows. A user who downloads the CSV from https://www.peaceagreements.org may import
it into a local database. This reader uses the codebook's identification columns only:

========  ==========================================================
``AgtId`` agreement id (required, a whole number)
``Agt``   agreement name (required)
``Dat``   signing date (required; ``YYYY-MM-DD``, ``DD/MM/YYYY`` or ``YYYY/MM/DD``)
``Con``   country/entity, names separated by ``/``
``Part``  parties (one per line or separated by ``;``); ``Con`` is used when empty
``PPName`` peace process name; ``Stage``, ``Status``: stage and status labels
========  ==========================================================

Each row becomes an :class:`~panmun.knowledge.records.Agreement` with id ``pax-<AgtId>``,
citing the PA-X database as its source. PA-X's thematic codes are not mapped to panmun's
issue dimensions: the imported agreement carries no provisions, and its summary says where it
came from. Dates are taken as PA-X gives them; check them against the official text (the
fact-check notes list Korean rows whose PA-X dates differ).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from pydantic import ValidationError

from panmun.errors import InputError
from panmun.knowledge.catalogue import Catalogue, validation_problems
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
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y")


def parse_pax_date(text: str) -> dt.date:
    """Parse a PA-X date cell in any of the formats the database has used."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


def _names(cell: str, seps: str) -> list[str]:
    for sep in seps:
        cell = cell.replace(sep, "\n")
    return [n.strip() for n in cell.splitlines() if n.strip()]


def _summary(row: dict[str, str]) -> str:
    facts = [
        f"{label}: {row[col].strip()}"
        for col, label in (("PPName", "peace process"), ("Stage", "stage"), ("Status", "status"))
        if (row.get(col) or "").strip()
    ]
    tail = f" ({'; '.join(facts)})" if facts else ""
    return (
        f"Agreement {row['AgtId'].strip()} imported from the PA-X database{tail}. "
        "Not yet coded to panmun's issue dimensions."
    )


def _agreement(row: dict[str, str]) -> dict[str, Any]:
    agt_id = row["AgtId"].strip()
    parties = _names(row.get("Part") or "", ";") or _names(row.get("Con") or "", "/;")
    return {
        "kind": "agreement",
        "id": f"pax-{agt_id}",
        "title": (row.get("Agt") or "").strip(),
        "date": parse_pax_date(row["Dat"]),
        "summary": _summary(row),
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
        try:
            data = _agreement(clean)
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
    return Parsed(cat, name, row_locator(row_of))

"""Import and export: JSON, CSV, and PA-X CSV (see :mod:`panmun.knowledge.pax`).

Both formats hold the same thing, a :class:`~panmun.knowledge.catalogue.Catalogue`, and an
export read back and exported again gives the same text.

JSON
    ``{"format": "panmun-knowledge", "version": 1, "entries": [...], "errata": [...],
    "sources": [...]}``, each record as its model fields (unset optional fields left out).

CSV
    One table, one record per row, told apart by ``record_type`` (``source``, ``agreement``,
    ``talks``, ``event``, ``provision``, ``erratum``); a provision names its agreement in
    ``entry_id``. List cells join their items with ``;`` (ids and party names cannot contain
    it); empty cells are unset fields. Rows are numbered as a spreadsheet shows them (the
    header is row 1).

Parsing validates every row and reports every problem at once, each naming the row (CSV) or
the record (JSON) and the field; nothing is written until the whole file is valid (see
:meth:`panmun.knowledge.api.KnowledgeBase.import_file`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import TypeAdapter, ValidationError

from panmun.errors import InputError
from panmun.knowledge.catalogue import Catalogue, validation_problems
from panmun.knowledge.records import Entry, Erratum, Provision
from panmun.scenario.models import Problem, Source

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Format = Literal["json", "csv", "pax"]
EXPORT_FORMATS = ("json", "csv")
JSON_TAG = "panmun-knowledge"
JSON_VERSION = 1

ENTRY_TYPES = ("agreement", "talks", "event")
RECORD_TYPES = ("source", *ENTRY_TYPES, "provision", "erratum")
CSV_COLUMNS = (
    "record_type", "id", "entry_id", "title", "date", "end_date", "place", "summary",
    "issues", "failure_factors", "failure_note", "related", "sources", "date_source",
    "parties", "signatories", "in_force", "pax_id", "rounds", "event_type", "actors",
    "root_causes", "outcome", "outcome_date", "outcome_note", "outcome_entries",
    "section", "claim", "verdict", "correction", "corrected_date", "entries",
    "author", "publisher", "url", "note", "retrospective",
)  # fmt: skip
LIST_COLUMNS = frozenset(
    {
        "issues", "failure_factors", "related", "sources", "parties", "signatories",
        "actors", "root_causes", "outcome_entries", "entries",
    }
)  # fmt: skip
FIELDS: dict[str, tuple[str, ...]] = {
    "source": ("id", "title", "author", "publisher", "date", "url", "note", "retrospective"),
    "provision": (
        "id", "summary", "issues", "root_causes", "outcome", "outcome_date", "outcome_note",
        "outcome_entries", "sources",
    ),
    "erratum": (
        "id", "section", "claim", "verdict", "correction", "corrected_date", "entries", "sources",
    ),
}  # fmt: skip
_COMMON = (
    "id", "title", "date", "end_date", "place", "summary", "issues", "failure_factors",
    "failure_note", "related", "sources", "date_source",
)  # fmt: skip
FIELDS["agreement"] = (*_COMMON, "parties", "signatories", "in_force", "pax_id")
FIELDS["talks"] = (*_COMMON, "parties", "rounds")
FIELDS["event"] = (*_COMMON, "event_type", "actors")

_ENTRY = TypeAdapter(Entry)


@dataclass(frozen=True)
class Parsed:
    """A parsed import file: the records, and how to name where a problem path lies.

    ``link``, when set (PA-X files, :func:`panmun.knowledge.pax.link_stored`), runs in the
    import's transaction before anything is written: it returns the records to write and, for
    each record left out because a stored record already stands for it, the two ids.
    """

    catalogue: Catalogue
    name: str
    locate: Callable[[str], str]
    link: Callable[[Session, Catalogue], tuple[Catalogue, dict[str, str]]] | None = None

    def render(self, problem: Problem) -> str:
        """Return ``file: where: path: message`` for a problem found after parsing."""
        return f"{self.name}: {self.locate(problem.path)}{problem.render()}"


# -- export --------------------------------------------------------------------------------
def to_data(cat: Catalogue) -> dict[str, Any]:
    """Return the JSON-ready form of a catalogue."""
    return {
        "format": JSON_TAG,
        "version": JSON_VERSION,
        **cat.model_dump(mode="json", exclude_none=True),
    }


def to_json(cat: Catalogue) -> str:
    """Return the catalogue as indented JSON text (stable key order, UTF-8 kept)."""
    return json.dumps(to_data(cat), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None or value is False:  # a flag that is off is left empty
        return ""
    if value is True:
        return "true"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def to_csv(cat: Catalogue) -> str:
    """Return the catalogue as one CSV table (see the module docstring)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def row(record_type: str, data: Mapping[str, Any], **extra: str) -> None:
        out = {c: "" for c in CSV_COLUMNS}
        out["record_type"] = record_type
        for f in FIELDS[record_type]:
            out[f] = _cell(data.get(f))
        out.update(extra)
        writer.writerow(out)

    for s in cat.sources:
        row("source", s.model_dump(mode="json"))
    for e in cat.entries:
        data = e.model_dump(mode="json")
        row(e.kind, data)
        for p in data.get("provisions", ()):
            row("provision", p, entry_id=e.id)
    for x in cat.errata:
        row("erratum", x.model_dump(mode="json"))
    return buf.getvalue()


def export_text(cat: Catalogue, fmt: str) -> str:
    """Return the catalogue in ``fmt`` (``json`` or ``csv``)."""
    if fmt == "json":
        return to_json(cat)
    if fmt == "csv":
        return to_csv(cat)
    raise InputError([f"--format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}"])


# -- JSON import ---------------------------------------------------------------------------
def parse_json(text: str, name: str) -> Parsed:
    """Parse and validate a JSON export."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [f"{name}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})"]
        ) from None
    if not isinstance(data, dict):
        raise InputError([f"{name}: expected a JSON object with entries, errata and sources"])
    problems: list[str] = []
    if data.get("format", JSON_TAG) != JSON_TAG:
        problems.append(f"{name}: format: {data.get('format')!r} is not {JSON_TAG!r}")
    if data.get("version", JSON_VERSION) != JSON_VERSION:
        problems.append(f"{name}: version: {data.get('version')!r} is not {JSON_VERSION}")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    try:
        cat = Catalogue.model_validate(body)
    except ValidationError as exc:
        problems += [f"{name}: {p.render()}" for p in validation_problems(exc, body)]
    if problems:
        raise InputError(problems)
    return Parsed(cat, name, lambda path: "")


# -- CSV import ----------------------------------------------------------------------------
def _list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _record_data(record_type: str, row: Mapping[str, str | None]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in FIELDS[record_type]:
        cell = (row.get(f) or "").strip()
        if f in LIST_COLUMNS:
            data[f] = _list(cell)
        elif cell:
            data[f] = cell
    if record_type in ENTRY_TYPES:
        data["kind"] = record_type
    return data


def parse_csv(text: str, name: str) -> Parsed:
    """Parse and validate a CSV export; problems name the row and the field."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    problems: list[str] = []
    missing = [c for c in ("record_type", "id") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing:
        problems.append(f"{name}: row 1: missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"{name}: row 1: unknown column(s) {', '.join(map(repr, unknown))}")
    if problems:
        raise InputError(problems)
    sources: list[Any] = []
    entries: list[dict[str, Any]] = []
    provisions: dict[str, list[dict[str, Any]]] = {}
    errata: list[Any] = []
    row_of: dict[str, int] = {}
    for n, row in enumerate(reader, start=2):
        if None in row:
            problems.append(f"{name}: row {n}: more cells than columns")
            continue
        rtype = (row.get("record_type") or "").strip()
        rid = (row.get("id") or "").strip()
        if rtype not in RECORD_TYPES:
            problems.append(
                f"{name}: row {n}: record_type: {rtype!r} is not one of {', '.join(RECORD_TYPES)}"
            )
            continue
        row_of.setdefault(rid, n)
        data = _record_data(rtype, row)
        try:
            if rtype == "source":
                sources.append(Source.model_validate(data))
            elif rtype == "provision":
                Provision.model_validate(data)
                parent = (row.get("entry_id") or "").strip()
                if not parent:
                    problems.append(f"{name}: row {n}: entry_id: missing (a provision's agreement)")
                provisions.setdefault(parent, []).append(data)
            elif rtype == "erratum":
                errata.append(Erratum.model_validate(data))
            else:
                _ENTRY.validate_python(data | {"provisions": []} if rtype == "agreement" else data)
                entries.append(data)
        except ValidationError as exc:
            for p in validation_problems(exc, data):
                problems.append(f"{name}: row {n}: {p.render()}")
    by_id = {e["id"]: e for e in entries}
    for parent, provs in provisions.items():
        if parent and by_id.get(parent, {}).get("kind") == "agreement":
            by_id[parent]["provisions"] = provs
        elif parent:
            n = row_of.get(provs[0]["id"], 0)
            problems.append(
                f"{name}: row {n}: entry_id: {parent!r} is not an agreement in this file"
            )
    if problems:
        raise InputError(problems)
    try:
        cat = Catalogue(entries=tuple(_ENTRY.validate_python(e) for e in entries),
                        errata=tuple(errata), sources=tuple(sources))  # fmt: skip
    except ValidationError as exc:
        raise InputError(f"{name}: {p.render()}" for p in validation_problems(exc)) from None
    return Parsed(cat, name, row_locator(row_of))


_BRACKET = re.compile(r"\[([^\]]+)\]")


def row_locator(row_of: Mapping[str, int]) -> Callable[[str], str]:
    def locate(path: str) -> str:
        rows = [row_of[i] for i in _BRACKET.findall(path) if i in row_of]
        if not rows and path in row_of:
            rows = [row_of[path]]
        return f"row {rows[-1]}: " if rows else ""

    return locate


# -- dispatch ------------------------------------------------------------------------------
def detect_format(path: Path, text: str) -> Format:
    """Guess the format from the extension and, for CSV, the header (PA-X or panmun)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        first = text.splitlines()[0] if text else ""
        cols = {c.strip().strip('"') for c in first.split(",")}
        return "pax" if {"AgtId", "Agt", "Dat"} <= cols else "csv"
    raise InputError([f"{path}: cannot tell the format from the extension; use --format"])


def read_import(path: str | Path, fmt: Format | None = None) -> Parsed:
    """Read and validate an import file (``json``, ``csv`` or ``pax``)."""
    p = Path(path)
    if not p.is_file():
        raise InputError([f"{p}: no such file"])
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([f"{p}: not a UTF-8 text file"]) from None
    fmt = fmt or detect_format(p, text)
    if fmt == "json":
        return parse_json(text, str(p))
    if fmt == "csv":
        return parse_csv(text, str(p))
    if fmt == "pax":
        from panmun.knowledge.pax import parse_pax

        return parse_pax(text, str(p))
    raise InputError([f"--format: {fmt!r} is not one of json, csv, pax"])

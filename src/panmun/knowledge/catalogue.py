"""A validated set of knowledge-base records, and the records shipped with panmun.

A :class:`Catalogue` bundles entries, errata and the sources they cite. Its own fields
validate one record at a time; :func:`cross_reference_problems` checks what only the whole
set can see (duplicate ids, citations of unknown sources, links to unknown entries), optionally
against ids that already exist in a database, so an import may cite records stored earlier.

The shipped records live in the folder each context with a knowledge base names
(``knowledge_dir`` in ``panmun/data/contexts.yaml``; files ``agreements.yaml``, ``talks.yaml``,
``events.yaml``, ``errata.yaml``); the sources they cite live in the shared bibliography
``panmun/data/bibliography/``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from panmun.errors import InputError
from panmun.knowledge.records import Agreement, Entry, Erratum, Event, Talks
from panmun.scenario.models import Problem, Source, duplicates

#: Shipped record files and the list key (and entry kind) each one holds.
SHIPPED_FILES: tuple[tuple[str, str, str | None], ...] = (
    ("agreements.yaml", "agreements", "agreement"),
    ("talks.yaml", "talks", "talks"),
    ("events.yaml", "events", "event"),
    ("errata.yaml", "errata", None),
)


class Catalogue(BaseModel):
    """Entries, errata and the sources they cite: everything an export holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entries: tuple[Entry, ...] = ()
    errata: tuple[Erratum, ...] = ()
    sources: tuple[Source, ...] = ()

    def entry(self, entry_id: str) -> Agreement | Talks | Event:
        """Return the entry with this id (``KeyError`` if absent)."""
        return {e.id: e for e in self.entries}[entry_id]

    def source(self, source_id: str) -> Source:
        """Return the source with this id (``KeyError`` if absent)."""
        return {s.id: s for s in self.sources}[source_id]


def cross_reference_problems(
    cat: Catalogue,
    known_sources: Iterable[str] = (),
    known_entries: Iterable[str] = (),
    provision_owners: Mapping[str, str] | None = None,
) -> Iterator[Problem]:
    """Yield the problems that only the whole catalogue can see.

    Parameters
    ----------
    cat
        The records to check.
    known_sources, known_entries
        Ids that exist elsewhere (in the database an import writes to) and may be cited.
    provision_owners
        Provision id -> entry id for provisions stored elsewhere; a provision id may not move
        to another entry.
    """
    provisions = [
        (e.id, p.id) for e in cat.entries if isinstance(e, Agreement) for p in e.provisions
    ]
    all_ids = [e.id for e in cat.entries] + [p for _, p in provisions] + [x.id for x in cat.errata]
    for name, ids in (
        ("sources", [s.id for s in cat.sources]),
        ("ids of entries, provisions and errata", all_ids),
    ):
        for dup in duplicates(ids):
            yield Problem(path=dup, message=f"{dup!r} is used twice among the {name}")
    sources = {s.id for s in cat.sources} | set(known_sources)
    entries = {e.id for e in cat.entries} | set(known_entries)
    owners = provision_owners or {}
    for e in cat.entries:
        here = f"entries[{e.id}]"
        yield from _unknown(here, "sources", e.sources, sources, "source")
        yield from _unknown(here, "related", e.related, entries, "entry")
        if isinstance(e, Agreement):
            for p in e.provisions:
                where = f"{here}.provisions[{p.id}]"
                yield from _unknown(where, "sources", p.sources, sources, "source")
                yield from _unknown(where, "outcome_entries", p.outcome_entries, entries, "entry")
                owner = owners.get(p.id)
                if owner is not None and owner != e.id:
                    yield Problem(
                        path=f"{where}.id",
                        message=f"{p.id!r} is already a provision of entry {owner!r}",
                    )
        if e.id in owners:
            yield Problem(path=f"{here}.id", message=f"{e.id!r} is already a provision id")
    for x in cat.errata:
        here = f"errata[{x.id}]"
        yield from _unknown(here, "sources", x.sources, sources, "source")
        yield from _unknown(here, "entries", x.entries, entries, "entry")


def _unknown(
    here: str, field: str, cited: tuple[str, ...], known: set[str], what: str
) -> Iterator[Problem]:
    for j, ref in enumerate(cited):
        if ref not in known:
            yield Problem(path=f"{here}.{field}[{j}]", message=f"{ref!r} is not a known {what} id")


def validation_problems(exc: ValidationError, data: Any = None) -> list[Problem]:
    from panmun.scenario.loader import plain_message

    """Turn a pydantic error into problems whose paths name list items by id where possible."""
    out: list[Problem] = []
    for err in exc.errors():
        parts: list[str] = []
        node: Any = data
        for part in err["loc"]:
            if isinstance(part, int):
                label = str(part)
                if isinstance(node, list) and 0 <= part < len(node):
                    node = node[part]
                    if isinstance(node, dict) and isinstance(node.get("id"), str):
                        label = node["id"]
                else:
                    node = None
                parts.append(f"[{label}]")
            else:
                if part in ("agreement", "talks", "event") and isinstance(node, dict):
                    continue  # the union tag pydantic adds for discriminated unions
                node = node.get(part) if isinstance(node, dict) else None
                parts.append(f".{part}")
        path = "".join(parts).lstrip(".")
        out.append(Problem(path=path, message=plain_message(err)))
    return out


def catalogue_from_data(data: Mapping[str, Any], name: str) -> Catalogue:
    """Validate plain data (``entries``, ``errata``, ``sources``) into a :class:`Catalogue`.

    Raises
    ------
    InputError
        One line per problem: ``name: path: message``.
    """
    try:
        cat = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{name}: {p.render()}" for p in validation_problems(exc, data)) from None
    problems = list(cross_reference_problems(cat))
    if problems:
        raise InputError(f"{name}: {p.render()}" for p in problems)
    return cat


def _shipped_data(
    context: str | None,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Plain records of every context with a knowledge base (or of one), read from each
    context's folder, with the problems of records tagged with another context's root causes
    or failure factors."""
    from panmun.scenario.contexts import knowledge_contexts
    from panmun.scenario.loader import data_dir, library
    from panmun.yaml_reader import load_yaml

    data: dict[str, Any] = {"entries": [], "errata": []}
    problems: list[str] = []
    for ctx in knowledge_contexts():
        if context is not None and ctx.id != context:
            continue
        where = ctx.knowledge_dir or ""
        folder = data_dir().joinpath(*where.split("/"))
        own = set(ctx.root_cause_labels()) | set(ctx.failure_factor_labels())
        for fname, key, kind in SHIPPED_FILES:
            item = folder.joinpath(fname)
            if not item.is_file():
                continue
            raw = load_yaml(item.read_text(encoding="utf-8"), item.name)
            if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
                problems.append(f"{where}/{fname}: expected a mapping with a list under {key!r}")
                continue
            for rec in raw[key]:
                problems += _foreign_tags(rec, own, ctx.id, f"{where}/{fname}")
                if kind is None:
                    data["errata"].append(rec)
                else:
                    data["entries"].append({"kind": kind, **rec} if isinstance(rec, dict) else rec)
    if problems:
        raise InputError(problems)
    return data, dict(library()["sources"])


def _foreign_tags(rec: Any, own: set[str], context: str, name: str) -> list[str]:
    """Root causes and failure factors of a record that are not its own context's."""
    if not isinstance(rec, dict):
        return []
    tags = [(f"{rec.get('id')}.failure_factors", f) for f in rec.get("failure_factors") or ()]
    for prov in rec.get("provisions") or ():
        if isinstance(prov, dict):
            tags += [(f"{prov.get('id')}.root_causes", c) for c in prov.get("root_causes") or ()]
    return [
        f"{name}: {path}: {tag!r} is not a root cause or failure factor of {context}"
        for path, tag in tags
        if isinstance(tag, str) and tag not in own
    ]


@functools.cache
def shipped_catalogue(context: str | None = None) -> Catalogue:
    """Return the records shipped with panmun, with the sources they cite (read once).

    Parameters
    ----------
    context
        A context with a knowledge base (``data/contexts.yaml``): only its records. None
        (the default): the records of every such context, which the database loads.

    Raises
    ------
    InputError
        If a shipped file is malformed or cites an unknown source (a packaging bug).
    """
    data, bibliography = _shipped_data(context)
    cited: set[str] = set()
    for rec in [*data["entries"], *data["errata"]]:
        if isinstance(rec, dict):
            cited.update(rec.get("sources") or ())
            for prov in rec.get("provisions") or ():
                if isinstance(prov, dict):
                    cited.update(prov.get("sources") or ())
    data["sources"] = [bibliography[s] for s in sorted(cited) if s in bibliography]
    return catalogue_from_data(data, "panmun/data/knowledge")

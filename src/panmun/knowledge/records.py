"""Typed records of the knowledge base: agreements, talks, events, provisions and errata.

All records are frozen pydantic models, like the scenario records in
:mod:`panmun.scenario.models`, and reuse their conventions: ``Id`` fields follow
:data:`~panmun.scenario.models.ID_PATTERN`, issues are the ids of the shipped issue
dimensions (``panmun/data/issues.yaml``), root causes and failure factors are the ids of those
of a context that carries a knowledge base (``panmun/data/contexts.yaml``; each context's
records live in its own folder), and every record cites at least one source id of the shared
bibliography (``panmun/data/bibliography``).

The coding follows the seed policy paper (Touch and Lin 2022), and other contexts follow the
same scheme with their own root causes and failure factors:

* each provision of an agreement is coded to the scenario issue dimensions
  (``panmun/data/issues.yaml``), to the paper's three root causes ("Underlying Root Causes"),
  and to an implementation outcome with a date;
* each breakdown (a failed round of talks, a reversal, an event that undid an agreement) may be
  tagged with the paper's five failure factors ("Previous Peace and Mediation Attempts", last
  paragraph; listed as the context's ``failure_factors``), with a note saying which source
  supports the attribution;
* each checked claim of the paper's history section is an :class:`Erratum` whose verdict is
  ``error``, ``imprecise`` or ``confirmed``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from panmun.scenario.models import Id, Record, RootCause, Text, duplicates

__all__ = [
    "ISSUE_IDS",
    "OUTCOME_LABELS",
    "Agreement",
    "Entry",
    "EntryKind",
    "Erratum",
    "Event",
    "EventType",
    "FailureFactor",
    "IssueId",
    "Outcome",
    "Provision",
    "Talks",
    "Verdict",
    "failure_factor_labels",
    "issue_ids",
    "root_cause_labels",
]

IssueId = Id
"""An issue dimension of ``panmun/data/issues.yaml`` that provisions are coded to (checked
against :func:`issue_ids`)."""

FailureFactor = Id
"""A failure factor of a context with a knowledge base (``panmun/data/contexts.yaml``; checked
against :func:`failure_factor_labels`)."""

#: The issue ids of ``panmun/data/issues.yaml`` in the file's order (:func:`issue_ids`), read
#: on first access.
ISSUE_IDS: tuple[str, ...]


def __getattr__(name: str) -> tuple[str, ...]:
    """``ISSUE_IDS`` is :func:`issue_ids`, read on first access."""
    if name == "ISSUE_IDS":
        return issue_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Outcome = Literal["implemented", "partly", "not_implemented", "reversed"]
"""What became of a provision: carried out, partly carried out, never carried out, or carried
out and later undone."""

OUTCOME_LABELS: dict[str, str] = {
    "implemented": "implemented",
    "partly": "partly implemented",
    "not_implemented": "not implemented",
    "reversed": "implemented, then reversed",
}

EntryKind = Literal["agreement", "talks", "event"]

EventType = Literal[
    "nuclear_test",
    "missile_launch",
    "armed_clash",
    "closure",
    "demolition",
    "suspension",
    "withdrawal",
    "policy_shift",
    "sanctions",
    "treaty",
    "government_change",
    "confidence_building",
    "statement",
]

Verdict = Literal["error", "imprecise", "confirmed"]

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _text_date(value: Any) -> Any:
    """YAML reads 2018-06-12 as a date and 2018 as an int; keep the text form."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class Provision(Record):
    """One commitment of an agreement, coded and followed to its outcome.

    ``outcome_date`` is a possibly partial ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``):
    when the outcome became clear. ``outcome_entries`` names the talks or events that brought
    the outcome about (for example the event that reversed the provision).
    """

    id: Id
    summary: Text
    issues: tuple[IssueId, ...] = Field(min_length=1)
    root_causes: tuple[RootCause, ...] = Field(min_length=1)
    outcome: Outcome
    outcome_date: str
    outcome_note: Text
    outcome_entries: tuple[Id, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)

    @field_validator("outcome_date", mode="before")
    @classmethod
    def _outcome_date_text(cls, value: Any) -> Any:
        return _text_date(value)

    @field_validator("outcome_date")
    @classmethod
    def _partial_iso(cls, value: str) -> str:
        if not _PARTIAL_DATE.match(value):
            raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("issues", "root_causes", "outcome_entries", "sources")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)

    @field_validator("issues")
    @classmethod
    def _known_issues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, issue_ids())

    @field_validator("root_causes")
    @classmethod
    def _known_causes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, root_cause_labels())


def root_cause_labels(context: str | None = None) -> dict[str, str]:
    """The root causes of a context that carries a knowledge base (``data/contexts.yaml``), by
    id; with no context, those of every such context, in the file's order (ids are unique
    across contexts)."""
    out: dict[str, str] = {}
    for ctx in _knowledge_contexts(context):
        out.update(ctx.root_cause_labels())
    return out


def failure_factor_labels(context: str | None = None) -> dict[str, str]:
    """The failure factors of a context that carries a knowledge base, by id, in the context's
    order (for the Korean context, the policy paper's five, Touch and Lin 2022); with no
    context, those of every such context."""
    out: dict[str, str] = {}
    for ctx in _knowledge_contexts(context):
        out.update(ctx.failure_factor_labels())
    return out


def _knowledge_contexts(context: str | None) -> tuple[Any, ...]:
    from panmun.scenario.contexts import knowledge_contexts

    found = knowledge_contexts()
    if context is None:
        return found
    chosen = tuple(c for c in found if c.id == context)
    if not chosen:
        known = ", ".join(c.id for c in found)
        raise LookupError(f"{context!r} is not a context with a knowledge base ({known})")
    return chosen


def issue_ids() -> tuple[str, ...]:
    """The ids of the shipped issue dimensions (``data/issues.yaml``), in the file's order."""
    from panmun.scenario.loader import library

    return tuple(library()["issues"])


def _known(value: tuple[str, ...], known: Iterable[str]) -> tuple[str, ...]:
    """Check that every id of ``value`` is one of ``known``."""
    known = tuple(known)
    for item in value:
        if item not in known:
            raise ValueError(f"{item!r} is not one of {', '.join(known)}")
    return value


def _unique(value: tuple[str, ...]) -> tuple[str, ...]:
    repeated = duplicates(value)
    if repeated:
        raise ValueError(f"{repeated[0]!r} is listed twice")
    return value


def _no_semicolon(value: tuple[str, ...]) -> tuple[str, ...]:
    for item in value:
        if ";" in item:
            raise ValueError(f"{item!r} contains ';', which separates list items in CSV files")
    return value


class _Entry(Record):
    """Fields shared by agreements, talks and events.

    ``date`` is when the agreement was signed, the talks opened or the event happened;
    ``end_date`` (optional) closes a period. ``date_source`` names the cited source that
    attests ``date``. ``failure_factors`` tag a breakdown with the paper's failure factors;
    ``failure_note`` then says why, in the words of the cited sources.
    """

    id: Id
    title: Text
    date: dt.date
    end_date: dt.date | None = None
    place: str | None = None
    summary: Text
    issues: tuple[IssueId, ...] = ()
    failure_factors: tuple[FailureFactor, ...] = ()
    failure_note: str | None = None
    related: tuple[Id, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)
    date_source: Id

    @field_validator("issues", "failure_factors", "related", "sources")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)

    @field_validator("issues")
    @classmethod
    def _known_issues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, issue_ids())

    @field_validator("failure_factors")
    @classmethod
    def _known_factors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, failure_factor_labels())

    @model_validator(mode="after")
    def _consistent(self) -> _Entry:
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        if self.date_source not in self.sources:
            raise ValueError(f"date_source {self.date_source!r} is not one of the sources")
        if self.failure_factors and not self.failure_note:
            raise ValueError(
                "failure_factors need a failure_note saying which source supports them"
            )
        if self.failure_note and not self.failure_factors:
            raise ValueError("failure_note is set but failure_factors is empty")
        if self.id in self.related:
            raise ValueError(f"related lists the entry's own id {self.id!r}")
        return self


class Agreement(_Entry):
    """A signed or adopted text: an armistice, a joint statement, a declaration, a framework.

    ``pax_id`` is the agreement's id (``AgtId``) in the PA-X Peace Agreements Database when
    PA-X holds it; a PA-X import links rows with that id to this record.
    """

    kind: Literal["agreement"] = "agreement"
    parties: tuple[Text, ...] = Field(min_length=1)
    signatories: tuple[Text, ...] = ()
    in_force: dt.date | None = None
    pax_id: int | None = None
    provisions: tuple[Provision, ...] = ()

    @field_validator("parties", "signatories")
    @classmethod
    def _list_safe(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _no_semicolon(value)

    @model_validator(mode="after")
    def _provision_ids(self) -> Agreement:
        ids = [p.id for p in self.provisions]
        dups = sorted({i for i in ids if ids.count(i) > 1})
        if dups:
            raise ValueError(f"provision ids listed twice: {', '.join(dups)}")
        if self.in_force is not None and self.in_force < self.date:
            raise ValueError(f"in_force {self.in_force} is before the signing date {self.date}")
        return self


class Talks(_Entry):
    """A negotiating process or a meeting: rounds of talks, a summit without an agreement."""

    kind: Literal["talks"] = "talks"
    parties: tuple[Text, ...] = Field(min_length=1)
    rounds: int | None = Field(default=None, ge=1)

    @field_validator("parties")
    @classmethod
    def _list_safe(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _no_semicolon(value)


class Event(_Entry):
    """Something that changed the course: a test, a clash, a closure, a policy shift."""

    kind: Literal["event"] = "event"
    event_type: EventType
    actors: tuple[Text, ...] = ()

    @field_validator("actors")
    @classmethod
    def _list_safe(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _no_semicolon(value)


Entry = Annotated[Agreement | Talks | Event, Field(discriminator="kind")]
"""Any knowledge-base entry; ``kind`` tells which."""


class Erratum(Record):
    """One checked claim of the policy paper's history section.

    ``verdict`` is ``error`` (the paper misstates a fact), ``imprecise`` (right in substance,
    wrong or misleading in a detail) or ``confirmed`` (checked and correct; kept so that the
    record of what was checked is complete). ``claim`` quotes the paper briefly;
    ``correction`` states the fact in our own words.
    """

    id: Id
    section: Text
    claim: Text
    verdict: Verdict
    correction: Text
    corrected_date: dt.date | None = None
    entries: tuple[Id, ...] = ()
    sources: tuple[Id, ...] = Field(min_length=1)

    @field_validator("entries", "sources")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(value)

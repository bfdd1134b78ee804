"""Proposals (packages of terms on issue dimensions) and roadmaps (ordered phases).

A proposal names a point, with a range, on some or all issue dimensions; where it is silent
the status quo stands. A roadmap is an ordered list of phases, each a proposal plus the
trust-building interventions it carries. Both are frozen pydantic records with the same
provenance rules as scenario positions: every number cites sources or is marked an analyst
estimate with a range and a rationale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from panmun.scenario.base import check_partial_date, first_day, partial_date_text
from panmun.scenario.models import (
    Id,
    IssueValue,
    Problem,
    Record,
    ScenarioProblems,
    Text,
)

ProposalKind = Literal["status_quo", "historical", "recommendation", "initiative", "user"]


class Term(IssueValue):
    """A proposal's point on one issue, with its range."""


class Proposal(Record):
    """A package of terms. An empty ``terms`` list is the status quo itself.

    ``proposed`` is when the package was first put forward (a possibly partial ISO date), so
    that a scenario dated before it does not see it; None for a reference package that any
    date may use (the status quo, a user's hypothetical).
    """

    id: Id
    name: Text
    kind: ProposalKind
    description: Text
    terms: tuple[Term, ...] = ()
    sources: tuple[Id, ...] = ()
    proposed: str | None = None

    @field_validator("proposed", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return partial_date_text(value)

    @field_validator("proposed")
    @classmethod
    def _partial_iso(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)

    def known_at(self, date: dt.date) -> bool:
        """Whether the package had been put forward by ``date``."""
        return self.proposed is None or first_day(self.proposed) <= date

    @model_validator(mode="after")
    def _one_term_per_issue(self) -> Proposal:
        seen: set[str] = set()
        problems = []
        for t in self.terms:
            if t.issue in seen:
                problems.append(
                    Problem(path=f"terms[{t.issue}]", message="a second term for the same issue")
                )
            seen.add(t.issue)
        if problems:
            raise ScenarioProblems(problems)
        return self


class Phase(Record):
    """One step of a roadmap: a proposal and the interventions that accompany it."""

    name: Text
    proposal: Id
    interventions: tuple[Id, ...] = ()
    rationale: Text


class Roadmap(Record):
    """An ordered sequence of phases."""

    id: Id
    name: Text
    description: Text
    phases: tuple[Phase, ...] = Field(min_length=1)
    sources: tuple[Id, ...] = ()


class ProposalLibrary(Record):
    """Proposals and roadmaps read from one file, with their cross-references checked."""

    proposals: tuple[Proposal, ...] = ()
    roadmaps: tuple[Roadmap, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> ProposalLibrary:
        problems: list[Problem] = []
        ids = [p.id for p in self.proposals]
        for pid in {i for i in ids if ids.count(i) > 1}:
            problems.append(
                Problem(path=f"proposals[{pid}].id", message=f"{pid!r} is a duplicate id")
            )
        known = set(ids)
        for r in self.roadmaps:
            for k, phase in enumerate(r.phases):
                if phase.proposal not in known:
                    problems.append(
                        Problem(
                            path=f"roadmaps[{r.id}].phases[{k}].proposal",
                            message=f"{phase.proposal!r} is not a proposal id",
                        )
                    )
        if problems:
            raise ScenarioProblems(problems)
        return self

"""The scenario model: sourced actors, issue dimensions, positions and the status quo.

All records are frozen pydantic models. A record checks what it can see on its own (bounds,
ranges that contain their value, a source or an analyst estimate for every number); a
:class:`Scenario` also checks cross-references (unknown or duplicate ids, values outside an
issue's scale). Problems are collected, not raised one at a time, so a user sees every problem
in a file at once; :mod:`panmun.scenario.loader` turns them into one line per problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from panmun.scenario.base import (
    ID_PATTERN,
    Id,
    Problem,
    Record,
    ScenarioProblems,
    Source,
    Sourced,
    Text,
    check_number,
    duplicates,
    fmt_value,
)

# The shared building blocks stay importable from here, where they used to live.
__all__ = [
    "ID_PATTERN",
    "Actor",
    "ActorKind",
    "Anchor",
    "Id",
    "Issue",
    "IssueValue",
    "NonStateSubtype",
    "Position",
    "Problem",
    "Record",
    "RootCause",
    "Scale",
    "Scenario",
    "ScenarioProblems",
    "Source",
    "Sourced",
    "StatusQuo",
    "Text",
    "VetoPlayers",
    "check_number",
    "cross_reference_problems",
    "duplicates",
    "fmt_value",
]
from panmun.scenario.relationships import Relationship

RootCause = Id
"""A root cause of the conflict, by id: one of the root causes of the scenario's context
(``data/contexts.yaml``); a scenario without a context may leave it out."""

ActorKind = Literal["state", "non_state", "international_organisation", "mediator"]
NonStateSubtype = Literal["civil_society", "religious", "business", "think_tank", "other"]


class Actor(Record):
    """A party to the process: a state, a non-state actor, an international body or a mediator."""

    id: Id
    name: Text
    kind: ActorKind
    subtype: NonStateSubtype | None = None
    description: Text
    group: Id | None = None

    @model_validator(mode="after")
    def _subtype_matches_kind(self) -> Actor:
        if self.kind == "non_state" and self.subtype is None:
            raise ScenarioProblems(
                [Problem(path="subtype", message="missing: a non_state actor needs a subtype")]
            )
        if self.kind != "non_state" and self.subtype is not None:
            raise ScenarioProblems(
                [
                    Problem(
                        path="subtype",
                        message=f"{self.subtype!r} is only allowed for non_state actors",
                    )
                ]
            )
        return self


class Scale(Record):
    """A unit-free numeric scale for one issue."""

    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.max:
            raise ScenarioProblems(
                [
                    Problem(
                        path="max",
                        message=f"{fmt_value(self.max)} is not above min {fmt_value(self.min)}",
                    )
                ]
            )
        return self


class Anchor(Record):
    """A labelled point on an issue's scale."""

    value: float
    label: Text


class Issue(Record):
    """An issue dimension: a question, a scale with labelled anchors, and (optionally) the root
    cause of its context that it belongs to."""

    id: Id
    name: Text
    question: Text
    scale: Scale
    anchors: tuple[Anchor, ...] = Field(min_length=3)
    root_cause: RootCause | None = None

    @model_validator(mode="after")
    def _anchors_on_scale(self) -> Issue:
        problems: list[Problem] = []
        seen: set[float] = set()
        for k, anchor in enumerate(self.anchors):
            path = f"anchors[{k}].value"
            if not self.scale.min <= anchor.value <= self.scale.max:
                problems.append(
                    Problem(
                        path=path,
                        message=(
                            f"{fmt_value(anchor.value)} is outside the scale "
                            f"[{fmt_value(self.scale.min)}, {fmt_value(self.scale.max)}]"
                        ),
                    )
                )
            if anchor.value in seen:
                problems.append(
                    Problem(path=path, message=f"{fmt_value(anchor.value)} is labelled twice")
                )
            seen.add(anchor.value)
        if problems:
            raise ScenarioProblems(problems)
        return self

    def label_for(self, value: float) -> str:
        """Return the label of the anchor nearest to ``value``."""
        return min(self.anchors, key=lambda a: abs(a.value - value)).label


class Position(Sourced):
    """One actor's stance on one issue, with salience and capability, each with a range.

    ``salience`` (0..1) is how much the issue matters to the actor; ``capability`` (0..1) is
    the clout it can bring to bear on this issue.
    """

    actor: Id
    issue: Id
    position: float
    position_range: tuple[float, float]
    salience: float
    salience_range: tuple[float, float]
    capability: float
    capability_range: tuple[float, float]

    @model_validator(mode="after")
    def _own_checks(self) -> Position:
        problems: list[Problem] = []
        check_number(problems, "position", self.position, self.position_range)
        check_number(problems, "salience", self.salience, self.salience_range, 0.0, 1.0)
        check_number(problems, "capability", self.capability, self.capability_range, 0.0, 1.0)
        problems += self._provenance_problems(
            {
                "position_range": self.position_range,
                "salience_range": self.salience_range,
                "capability_range": self.capability_range,
            }
        )
        if problems:
            raise ScenarioProblems(problems)
        return self


class IssueValue(Sourced):
    """A sourced point, with its range, on one issue's scale."""

    issue: Id
    value: float
    value_range: tuple[float, float]

    @model_validator(mode="after")
    def _own_checks(self) -> IssueValue:
        problems: list[Problem] = []
        check_number(problems, "value", self.value, self.value_range)
        problems += self._provenance_problems({"value_range": self.value_range})
        if problems:
            raise ScenarioProblems(problems)
        return self


class StatusQuo(IssueValue):
    """Where an issue stands today on its scale: the alternative to any agreement."""


class VetoPlayers(Sourced):
    """The actors whose consent is needed to move one issue away from its status quo.

    A veto player in the sense of Tsebelis (2002, *Veto Players*, ch. 1): an actor whose
    agreement is necessary for a change of the status quo. The list is a claim about the
    issue's institutions and politics at the scenario's date, so it carries sources (or an
    analyst estimate) and a one-line rationale like every other input.
    """

    issue: Id
    actors: tuple[Id, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _own_checks(self) -> VetoPlayers:
        problems = self._provenance_problems({})
        if problems:
            raise ScenarioProblems(problems)
        return self


class Scenario(Record):
    """A complete, sourced picture of a negotiation at one date.

    ``context`` names a shipped context (``data/contexts.yaml``: its root causes, its
    knowledge base and the default parties of its talks); a scenario without one gets none of
    that context's content. ``veto_players`` lists, per issue, whose consent a move away from
    the status quo needs; an issue without an entry has no veto player.
    """

    id: Id
    title: Text
    as_of: dt.date
    description: Text
    actors: tuple[Actor, ...] = Field(min_length=2)
    issues: tuple[Issue, ...] = Field(min_length=1)
    positions: tuple[Position, ...]
    status_quo: tuple[StatusQuo, ...]
    sources: tuple[Source, ...]
    relationships: tuple[Relationship, ...] = ()
    veto_players: tuple[VetoPlayers, ...] = ()
    context: Id | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        problems = list(cross_reference_problems(self))
        if problems:
            raise ScenarioProblems(problems)
        return self

    # -- look-ups -------------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor:
        """Return the actor with this id (``KeyError`` if absent)."""
        return {a.id: a for a in self.actors}[actor_id]

    def issue(self, issue_id: str) -> Issue:
        """Return the issue with this id (``KeyError`` if absent)."""
        return {i.id: i for i in self.issues}[issue_id]

    def source(self, source_id: str) -> Source:
        """Return the source with this id (``KeyError`` if absent)."""
        return {s.id: s for s in self.sources}[source_id]

    def positions_on(self, issue_id: str) -> tuple[Position, ...]:
        """Return the positions on one issue, in the order of :attr:`actors`."""
        order = {a.id: k for k, a in enumerate(self.actors)}
        found = [p for p in self.positions if p.issue == issue_id]
        return tuple(sorted(found, key=lambda p: order[p.actor]))

    def position(self, actor_id: str, issue_id: str) -> Position | None:
        """Return one actor's position on one issue, or ``None`` if it has none."""
        for p in self.positions:
            if p.actor == actor_id and p.issue == issue_id:
                return p
        return None

    def status_quo_on(self, issue_id: str) -> StatusQuo:
        """Return the status quo of one issue."""
        return {s.issue: s for s in self.status_quo}[issue_id]

    def veto_players_on(self, issue_id: str) -> tuple[str, ...]:
        """Return the ids of the actors who can veto a move on one issue (none if unlisted)."""
        for v in self.veto_players:
            if v.issue == issue_id:
                return v.actors
        return ()


def cross_reference_problems(s: Scenario) -> Iterator[Problem]:
    """Yield the problems that only the whole scenario can see."""
    for name, ids in (
        ("actors", [a.id for a in s.actors]),
        ("issues", [i.id for i in s.issues]),
        ("sources", [x.id for x in s.sources]),
    ):
        for dup in duplicates(ids):
            yield Problem(path=f"{name}[{dup}].id", message=f"{dup!r} is a duplicate id")
    actor_ids = {a.id for a in s.actors}
    issues = {i.id: i for i in s.issues}
    source_ids = {x.id for x in s.sources}
    seen_pairs: set[tuple[str, str]] = set()
    for k, p in enumerate(s.positions):
        here = f"positions[{p.actor}][{p.issue}]"
        if p.actor not in actor_ids:
            yield Problem(path=f"positions[{k}].actor", message=f"{p.actor!r} is not an actor id")
        if p.issue not in issues:
            yield Problem(path=f"positions[{k}].issue", message=f"{p.issue!r} is not an issue id")
        if (p.actor, p.issue) in seen_pairs:
            yield Problem(path=here, message="a second position for the same actor and issue")
        seen_pairs.add((p.actor, p.issue))
        yield from _unknown_sources(here, p.sources, source_ids)
        if p.issue in issues:
            yield from _on_scale(here, "position", p.position, p.position_range, issues[p.issue])
    sq_seen: set[str] = set()
    for q in s.status_quo:
        here = f"status_quo[{q.issue}]"
        if q.issue not in issues:
            yield Problem(path=f"{here}.issue", message=f"{q.issue!r} is not an issue id")
            continue
        if q.issue in sq_seen:
            yield Problem(path=here, message="a second status quo for the same issue")
        sq_seen.add(q.issue)
        yield from _unknown_sources(here, q.sources, source_ids)
        yield from _on_scale(here, "value", q.value, q.value_range, issues[q.issue])
    for issue_id in issues:
        if issue_id not in sq_seen:
            yield Problem(path=f"status_quo[{issue_id}]", message="missing: every issue needs one")
    rel_ids = [r.id for r in s.relationships]
    for dup in duplicates(rel_ids):
        yield Problem(path=f"relationships[{dup}].id", message=f"{dup!r} is a duplicate id")
    for rel in s.relationships:
        here = f"relationships[{rel.id}]"
        for field in ("actor_a", "actor_b"):
            actor_id = getattr(rel, field)
            if actor_id not in actor_ids:
                yield Problem(path=f"{here}.{field}", message=f"{actor_id!r} is not an actor id")
        for path, sid in rel.cited_sources():
            if sid not in source_ids:
                yield Problem(path=f"{here}.{path}", message=f"{sid!r} is not a source id")
    yield from _veto_problems(s, actor_ids, set(issues), source_ids)
    yield from _context_problems(s)
    for actor in s.actors:
        if actor.group is not None and actor.group in actor_ids:
            yield Problem(
                path=f"actors[{actor.id}].group",
                message=f"{actor.group!r} is an actor id; a group names a coalition",
            )


def _veto_problems(
    s: Scenario, actor_ids: set[str], issue_ids: set[str], source_ids: set[str]
) -> Iterator[Problem]:
    seen: set[str] = set()
    stated = {(p.actor, p.issue) for p in s.positions}
    for k, v in enumerate(s.veto_players):
        here = f"veto_players[{v.issue}]"
        if v.issue not in issue_ids:
            yield Problem(
                path=f"veto_players[{k}].issue", message=f"{v.issue!r} is not an issue id"
            )
        if v.issue in seen:
            yield Problem(path=here, message="a second veto-player entry for the same issue")
        seen.add(v.issue)
        for j, a in enumerate(v.actors):
            if a not in actor_ids:
                yield Problem(path=f"{here}.actors[{j}]", message=f"{a!r} is not an actor id")
            elif (a, v.issue) not in stated:
                yield Problem(
                    path=f"{here}.actors[{j}]",
                    message=(
                        f"{a!r} holds no position on {v.issue!r}, so its consent cannot be read"
                    ),
                )
        for dup in duplicates(v.actors):
            yield Problem(path=f"{here}.actors", message=f"{dup!r} is listed twice")
        yield from _unknown_sources(here, v.sources, source_ids)


def _context_problems(s: Scenario) -> Iterator[Problem]:
    from panmun.scenario.contexts import shipped_contexts

    if s.context is None:
        return
    known = shipped_contexts()
    if s.context not in known:
        yield Problem(
            path="context",
            message=f"{s.context!r} is not a shipped context ({', '.join(sorted(known))})",
        )
        return
    causes = known[s.context].root_cause_labels()
    for issue in s.issues:
        if issue.root_cause is not None and issue.root_cause not in causes:
            yield Problem(
                path=f"issues[{issue.id}].root_cause",
                message=(
                    f"{issue.root_cause!r} is not a root cause of {s.context} ({', '.join(causes)})"
                ),
            )


def _unknown_sources(here: str, cited: tuple[str, ...], known: set[str]) -> Iterator[Problem]:
    for j, sid in enumerate(cited):
        if sid not in known:
            yield Problem(path=f"{here}.sources[{j}]", message=f"{sid!r} is not a source id")


def _on_scale(
    here: str, field: str, value: float, rng: tuple[float, float], issue: Issue
) -> Iterator[Problem]:
    lo, hi = issue.scale.min, issue.scale.max
    for name, v in ((field, value), (f"{field}_range", rng[0]), (f"{field}_range", rng[1])):
        if v < lo:
            yield Problem(
                path=f"{here}.{name}",
                message=f"{fmt_value(v)} is below the scale minimum {fmt_value(lo)}",
            )
        elif v > hi:
            yield Problem(
                path=f"{here}.{name}",
                message=f"{fmt_value(v)} is above the scale maximum {fmt_value(hi)}",
            )

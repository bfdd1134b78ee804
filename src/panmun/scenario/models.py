"""The scenario model: sourced actors, issue dimensions, positions and the status quo.

All records are frozen pydantic models. A record checks what it can see on its own (bounds,
ranges that contain their value, a source or an analyst estimate for every number); a
:class:`Scenario` also checks cross-references (unknown or duplicate ids, values outside an
issue's scale). Problems are collected, not raised one at a time, so a user sees every problem
in a file at once; :mod:`panmun.scenario.loader` turns them into one line per problem.
"""

from __future__ import annotations

import datetime as dt
import functools
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
    "RangedValue",
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


class RangedValue(Sourced):
    """A sourced number with its (low, high) range: the range must hold the value, and an
    analyst-only estimate needs a real range."""

    value: float
    value_range: tuple[float, float]

    @model_validator(mode="after")
    def _own_checks(self) -> RangedValue:
        problems: list[Problem] = []
        check_number(problems, "value", self.value, self.value_range)
        problems += self._provenance_problems({"value_range": self.value_range})
        if problems:
            raise ScenarioProblems(problems)
        return self


class IssueValue(RangedValue):
    """A sourced point, with its range, on one issue's scale."""

    issue: Id


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
    the status quo needs; an issue without an entry has no veto player. ``predecessor`` names
    the shipped preset this scenario follows (dated before it), so that a report can say what
    changed since (:mod:`panmun.scenario.compare`).
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
    predecessor: Id | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        from panmun.scenario.checks import cross_reference_problems

        problems = list(cross_reference_problems(self)) + _predecessor_problems(self)
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


def _predecessor_problems(s: Scenario) -> list[Problem]:
    """A predecessor must be a shipped preset dated before the scenario (or be left out)."""
    from panmun.scenario.loader import shipped_ids

    if s.predecessor is None:
        return []
    known = shipped_ids()
    if s.predecessor not in known:
        return [
            Problem(
                path="predecessor",
                message=(
                    f"{s.predecessor!r} is not a shipped scenario id (known: {', '.join(known)})"
                ),
            )
        ]
    date = _shipped_date(s.predecessor)
    if date is None or date >= s.as_of:
        when = f"dated {date.isoformat()}" if date is not None else "undated"
        return [
            Problem(
                path="predecessor",
                message=(
                    f"{s.predecessor!r} is {when}, not before this scenario's date "
                    f"{s.as_of.isoformat()}"
                ),
            )
        ]
    return []


@functools.cache
def _shipped_date(scenario_id: str) -> dt.date | None:
    """The ``as_of`` date of a shipped preset, read from its file without validating it (a
    preset's own predecessor is checked when that preset is loaded)."""
    from panmun.scenario.loader import data_dir
    from panmun.yaml_reader import load_yaml

    item = data_dir().joinpath("scenarios", f"{scenario_id}.yaml")
    raw = load_yaml(item.read_text(encoding="utf-8"), item.name)
    value = raw.get("as_of") if isinstance(raw, dict) else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None

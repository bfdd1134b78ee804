"""Records of the facilitator data: candidates, their sourced indicators, and requests."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from panmun.scenario.base import Id, Problem, Record, ScenarioProblems, Sourced, Text, duplicates
from panmun.scenario.models import RangedValue

Criterion = Literal["acceptability", "impartiality", "leverage", "resources", "track_record"]
#: The five criteria, in the order tables show them.
CRITERIA: tuple[Criterion, ...] = (
    "acceptability",
    "impartiality",
    "leverage",
    "resources",
    "track_record",
)
#: Criteria scored per party (then combined by the minimum over the parties).
PER_PARTY: frozenset[str] = frozenset({"acceptability"})

IndicatorKind = Literal[
    "relations", "embassy", "trade", "alliance", "mediation", "hosting", "statement", "capacity"
]
ActsOn = Literal["own_initiative", "invitation", "joint_request"]
RequestStatus = Literal["none", "one_party", "both_parties"]


class Indicator(RangedValue):
    """One sourced indicator of a criterion, on 0..1 (1: the most favourable to facilitation).

    ``party`` names the party it concerns, required for the per-party criterion
    (``acceptability``) and not allowed for the others.
    """

    criterion: Criterion
    kind: IndicatorKind
    party: Id | None = None

    @model_validator(mode="after")
    def _unit_and_party(self) -> Indicator:
        problems: list[Problem] = []
        for name, v in (("value", self.value), *(("value_range", x) for x in self.value_range)):
            if not 0.0 <= v <= 1.0:
                problems.append(Problem(path=name, message=f"{v:g} is outside 0..1"))
        if self.criterion in PER_PARTY and self.party is None:
            problems.append(
                Problem(path="party", message=f"missing: {self.criterion} is per party")
            )
        if self.criterion not in PER_PARTY and self.party is not None:
            problems.append(
                Problem(path="party", message=f"{self.criterion} is not scored per party")
            )
        if problems:
            raise ScenarioProblems(problems)
        return self


class Candidate(Record):
    """A possible facilitator: how it would act (``acts_on``, sourced) and its indicators."""

    id: Id
    name: Text
    kind: Literal["state", "international_organisation"]
    acts_on: ActsOn
    acts_on_sources: tuple[Id, ...] = Field(min_length=1)
    acts_on_rationale: Text
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class FacilitationRequest(Sourced):
    """Whether the parties had asked a candidate to facilitate, as known at ``date``."""

    candidate: Id
    date: dt.date
    status: RequestStatus
    parties: tuple[Id, ...] = ()


class Weight(Record):
    """The weight of one criterion in the overall fit."""

    criterion: Criterion
    weight: float = Field(gt=0)


class FacilitatorFile(Record):
    """The facilitator data of one context: its parties, candidates and requests.

    ``parties`` defaults to the context's principal pair. ``weights`` (all five or none) need
    a rationale; without them the criteria weigh equally.
    """

    context: Id
    parties: tuple[Id, Id] | None = None
    weights: tuple[Weight, ...] = ()
    weights_rationale: str | None = None
    candidates: tuple[Candidate, ...] = Field(min_length=2)
    requests: tuple[FacilitationRequest, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> FacilitatorFile:
        problems: list[Problem] = []
        ids = [c.id for c in self.candidates]
        for dup in duplicates(ids):
            problems.append(Problem(path=f"candidates[{dup}]", message="listed twice"))
        for r in self.requests:
            if r.candidate not in ids:
                problems.append(
                    Problem(path=f"requests[{r.candidate}]", message="not a candidate id")
                )
        if self.weights:
            named = [w.criterion for w in self.weights]
            if sorted(named) != sorted(CRITERIA):
                problems.append(Problem(path="weights", message="give all five criteria once"))
            if not self.weights_rationale:
                problems.append(Problem(path="weights_rationale", message="missing"))
        if problems:
            raise ScenarioProblems(problems)
        return self

    def weight_vector(self) -> tuple[float, ...]:
        """The criteria's weights in :data:`CRITERIA` order, summing to 1."""
        given = {w.criterion: w.weight for w in self.weights}
        raw = [given.get(c, 1.0) for c in CRITERIA]
        total = sum(raw)
        return tuple(w / total for w in raw)

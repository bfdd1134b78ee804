"""Relationships: a pair of actors as a noisy repeated game, with sourced estimates.

A relationship gives the stage payoffs ``T, R, P, S``, the execution noise and the length of the
relationship (a continuation probability ``w`` per round, or a fixed horizon in rounds), each
with a (low, high) range and its provenance, and the strategy each side is assumed to play.
It follows the conventions of :mod:`panmun.scenario.models`: frozen records, every number cited
or marked ``estimate: analyst`` with a one-line rationale, and every problem reported at once
with its field path. :meth:`Relationship.to_inputs` hands the numbers to
:mod:`panmun.trust.interventions`; :func:`resolve_relationships` finds the relationships for a
scenario reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError, model_validator

from panmun.errors import InputError
from panmun.scenario.base import (
    Id,
    Problem,
    Record,
    ScenarioProblems,
    Text,
    check_number,
    provenance_problems,
)

if TYPE_CHECKING:
    from panmun.trust.interventions import RelationshipInputs


class PayoffEstimates(Record):
    """Stage payoffs ``T, R, P, S`` (per round, on a common scale), each with a range."""

    T: float
    T_range: tuple[float, float]
    R: float
    R_range: tuple[float, float]
    P: float
    P_range: tuple[float, float]
    S: float
    S_range: tuple[float, float]
    sources: tuple[Id, ...] = ()
    estimate: Literal["analyst"] | None = None
    rationale: Text

    @model_validator(mode="after")
    def _own_checks(self) -> PayoffEstimates:
        problems: list[Problem] = []
        ranges = {}
        for name in "TRPS":
            rng: tuple[float, float] = getattr(self, f"{name}_range")
            check_number(problems, name, getattr(self, name), rng)
            ranges[f"{name}_range"] = rng
        problems += provenance_problems(self.sources, self.estimate, ranges)
        if problems:
            raise ScenarioProblems(problems)
        return self


class NumberEstimate(Record):
    """One number with its (low, high) range; its bounds depend on the field that holds it."""

    value: float
    value_range: tuple[float, float]
    sources: tuple[Id, ...] = ()
    estimate: Literal["analyst"] | None = None
    rationale: Text

    @model_validator(mode="after")
    def _own_checks(self) -> NumberEstimate:
        problems: list[Problem] = []
        check_number(problems, "value", self.value, self.value_range)
        problems += provenance_problems(
            self.sources, self.estimate, {"value_range": self.value_range}
        )
        if problems:
            raise ScenarioProblems(problems)
        return self


class Relationship(Record):
    """A pair of actors as a repeated game, with each side's assumed strategy.

    ``sources``, ``estimate`` and ``rationale`` at the top level justify the assumed strategies;
    each estimate record carries its own. Strategy names are those of
    :func:`panmun.trust.strategies.parse_strategy` (``tft``, ``gtft:0.1``, ``grit:3:4``...).
    Give exactly one of ``continuation`` (probability ``w`` of another round) and ``horizon``
    (a fixed number of rounds); ``period`` says what one round stands for.

    ``as_of`` dates a reading: a dated relationship cites only what was known at that date
    (like a scenario of the same date, which should use it) and reads the relationship as it
    stood then. An undated one is a general reading of the shipped library.
    """

    id: Id
    name: Text
    actor_a: Id
    actor_b: Id
    as_of: dt.date | None = None
    period: Text | None = None
    payoffs: PayoffEstimates
    noise: NumberEstimate
    continuation: NumberEstimate | None = None
    horizon: NumberEstimate | None = None
    strategy_a: Text
    strategy_b: Text
    sources: tuple[Id, ...] = ()
    estimate: Literal["analyst"] | None = None
    rationale: Text

    @model_validator(mode="after")
    def _own_checks(self) -> Relationship:
        from panmun.trust.game import Payoffs
        from panmun.trust.registry import parse_strategy

        problems: list[Problem] = []
        if self.actor_a == self.actor_b:
            problems.append(
                Problem(path="actor_b", message=f"{self.actor_b!r} is the same actor as actor_a")
            )
        n = self.noise
        check_number(problems, "noise.value", n.value, n.value_range, 0.0, 1.0)
        if (self.continuation is None) == (self.horizon is None):
            problems.append(
                Problem(
                    path="continuation",
                    message="give exactly one of continuation (w) and horizon (rounds)",
                )
            )
        if self.continuation is not None:
            c = self.continuation
            check_number(
                problems, "continuation.value", c.value, c.value_range, 0.0, 1.0, hi_open=True
            )
        if self.horizon is not None:
            h = self.horizon
            check_number(problems, "horizon.value", h.value, h.value_range, 1.0)
        central = self.payoffs
        payoffs = Payoffs(T=central.T, R=central.R, P=central.P, S=central.S)
        for field in ("strategy_a", "strategy_b"):
            try:
                strategy = parse_strategy(getattr(self, field), where=field)
            except InputError as exc:
                problems += [Problem(path=field, message=_strip(m, field)) for m in exc.problems]
                continue
            if strategy.needs_dilemma and not payoffs.is_dilemma:
                problems.append(
                    Problem(
                        path=field,
                        message=(
                            f"{strategy.label()!r} derives a parameter from the payoffs, "
                            "which are not a prisoner's dilemma at their central values"
                        ),
                    )
                )
        problems += provenance_problems(self.sources, self.estimate, {})
        if problems:
            raise ScenarioProblems(problems)
        return self

    def cited_sources(self) -> Iterator[tuple[str, str]]:
        """Yield ``(field path, source id)`` for every citation, for cross-reference checks."""
        for j, sid in enumerate(self.sources):
            yield f"sources[{j}]", sid
        for part in ("payoffs", "noise", "continuation", "horizon"):
            record: PayoffEstimates | NumberEstimate | None = getattr(self, part)
            if record is not None:
                for j, sid in enumerate(record.sources):
                    yield f"{part}.sources[{j}]", sid

    def to_inputs(self) -> RelationshipInputs:
        """Return the numbers and strategies for :func:`panmun.trust.rank_interventions`."""
        from panmun.trust.interventions import Estimate, RelationshipInputs
        from panmun.trust.registry import parse_strategy

        def est(value: float, rng: tuple[float, float]) -> Estimate:
            return Estimate(value=value, low=rng[0], high=rng[1])

        p = self.payoffs
        c, h = self.continuation, self.horizon
        return RelationshipInputs(
            T=est(p.T, p.T_range),
            R=est(p.R, p.R_range),
            P=est(p.P, p.P_range),
            S=est(p.S, p.S_range),
            noise=est(self.noise.value, self.noise.value_range),
            strategy_a=parse_strategy(self.strategy_a, "strategy_a"),
            strategy_b=parse_strategy(self.strategy_b, "strategy_b"),
            continuation=est(c.value, c.value_range) if c is not None else None,
            rounds=est(h.value, h.value_range) if h is not None else None,
        )


def _strip(message: str, field: str) -> str:
    prefix = f"{field}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


# -- reading relationships -----------------------------------------------------------------
def resolve_relationships(ref: str) -> tuple[list[Relationship], str]:
    """Find the relationships for a scenario reference, or read a relationships file.

    A file whose top level has ``relationships`` but no ``actors`` is read as a relationships
    library. Otherwise the scenario is loaded and its ``relationships`` field used; a scenario
    without one (or with none) falls back to the shipped library's undated relationships,
    keeping the pairs whose two actors are both in the scenario (the dated ones are readings
    of one date, for the presets of that date, and are used only when named).
    """
    from panmun.scenario.loader import library, load, read_data_file  # no cycle at import

    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
        data = read_data_file(path)
        if isinstance(data, dict) and "relationships" in data and "actors" not in data:
            return validate_relationships(data["relationships"], str(path)), str(path)
    scenario = load(ref)
    own = list(getattr(scenario, "relationships", ()) or ())
    if own:
        return own, scenario.id
    actors = {a.id for a in scenario.actors}
    shipped = validate_relationships(
        list(library()["relationships"].values()), "relationships.yaml"
    )
    pairs = [r for r in shipped if r.actor_a in actors and r.actor_b in actors]
    return [r for r in pairs if r.as_of is None], scenario.id


def validate_relationships(records: Any, name: str) -> list[Relationship]:
    """Validate a list of relationship records; every problem of every record is reported."""
    from panmun.scenario.loader import validation_lines  # no cycle at import

    if not isinstance(records, list):
        raise InputError([f"{name}: relationships: expected a list of relationships"])
    rels: list[Relationship] = []
    problems: list[str] = []
    for k, rec in enumerate(records):
        rid = rec.get("id") if isinstance(rec, dict) else None
        where = f"relationships[{rid if isinstance(rid, str) else k}]"
        try:
            rels.append(Relationship.model_validate(rec))
        except ValidationError as exc:
            problems += [
                line.replace(f"{name}: ", f"{name}: {where}.", 1)
                for line in validation_lines(exc, rec, name)
            ]
    if problems:
        raise InputError(problems)
    return rels

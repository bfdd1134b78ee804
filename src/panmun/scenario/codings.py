"""A second, independent coding of a preset, and the agreement between the two coders.

Positions are one reading of the sources. For a preset with a second coding
(``data/codings/<scenario>-second.yaml``: the same actors and issues coded again, blind to
the shipped numbers, with its provenance), :func:`agreement` gives Krippendorff's alpha at
the interval level for each field (Krippendorff 2004, *Content Analysis*, ch. 11; computed
with the ``krippendorff`` package), the two codings being the two raters and the actor x
issue pairs the units. Where the codings differed by more than the shipped range, the file's
``reconciliation`` list records whether the range was widened or the first reading kept, and
why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, ValidationError

from panmun.errors import InputError
from panmun.scenario.base import Id, Record, Text
from panmun.scenario.models import Scenario

FIELDS = ("position", "salience", "capability")


class CodedPosition(Record):
    """One actor's position on one issue as the second coder read it."""

    actor: Id
    issue: Id
    position: float
    salience: float = Field(ge=0, le=1)
    capability: float = Field(ge=0, le=1)


class Reconciliation(Record):
    """How one difference beyond the shipped range was settled."""

    actor: Id
    issue: Id
    field: Literal["position", "salience", "capability"]
    first: float
    second: float
    action: Literal["widened", "kept"]
    rationale: Text


class SecondCoding(Record):
    """A second, blind coding of a preset's positions, with its provenance."""

    scenario: Id
    coder: Text
    coded_on: dt.date
    method: Text
    positions: tuple[CodedPosition, ...] = Field(min_length=1)
    reconciliation: tuple[Reconciliation, ...] = ()


def second_coding(scenario_id: str) -> SecondCoding | None:
    """The shipped second coding of a preset, or None if it has none."""
    from panmun.scenario.loader import data_dir, read_shipped, validation_lines

    item = data_dir().joinpath("codings", f"{scenario_id}-second.yaml")
    if not item.is_file():
        return None
    data = read_shipped(item)
    try:
        return SecondCoding.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - shipped data is tested
        raise InputError(validation_lines(exc, data, item.name)) from None


def agreement(scenario: Scenario, coding: SecondCoding) -> dict[str, Any]:
    """Krippendorff's alpha (interval) per field between the shipped and the second coding."""
    import krippendorff
    import numpy as np

    second = {(p.actor, p.issue): p for p in coding.positions}
    shared = [p for p in scenario.positions if (p.actor, p.issue) in second]
    alphas: dict[str, float] = {}
    for field in FIELDS:
        data = np.array(
            [
                [float(getattr(p, field)) for p in shared],
                [float(getattr(second[(p.actor, p.issue)], field)) for p in shared],
            ]
        )
        alphas[field] = float(
            krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
        )
    actions = [r.action for r in coding.reconciliation]
    return {
        "coder": coding.coder,
        "coded_on": coding.coded_on.isoformat(),
        "units": len(shared),
        "alpha": alphas,
        "beyond_range": len(actions),
        "widened": actions.count("widened"),
        "kept": actions.count("kept"),
    }

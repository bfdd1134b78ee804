"""The catalogue of trust-building interventions: each a set of parameter changes with sources.

An intervention changes the repeated game in a documented direction (Axelrod 1984, ch. 7):
lower noise, a longer shadow of the future, or different stage payoffs. Effect sizes are
ranges marked as analyst estimates, because the literature gives directions, not sizes.

The catalogue's content (each intervention's name, effect ranges, rationale with the cases that
illustrate it, mechanism sentences and sources) is shipped data, ``panmun/data/interventions.yaml``,
read once on first use; this module holds the types, the reading of that file and
:func:`explain_effect`.

Every intervention here is meant to make cooperation more likely to hold. In the model some can
do the opposite: with tit for tat on both sides and errors, the binding temptation is usually to
alternate exploiting and conciliating, and a change that helps that deviation more than steady
reciprocity lowers the chance that cooperation is self-enforcing. Each intervention therefore
states its ``mechanism`` (how it changes the game) and, in ``backfire``, the mechanism by which
it can lower that chance; :func:`explain_effect` picks the sentence that fits a measured gain.

Security assurances. The first version of this catalogue modelled an assurance as insurance
alone, a higher sucker's payoff ``S``. That is one of Jervis's (1978) levers, the lower cost of
being exploited, but it leaves out the other half of what an assurance is meant to do. Kydd
(2000; 2005) defines trust as the belief that the other side prefers reciprocating cooperation
to exploiting it, and reassurance as a costly signal that only such a side would send; a
guarantee reassures when breaking it would cost its giver, as a public commitment does through
audience and reputation costs (Fearon 1997, "tying hands"). In a game with known payoffs the
counterpart of that belief is a lower gain from exploiting, Jervis's second lever (a lower
``T``). The mapping is therefore a ``transfer``: one drawn size, standing for the guarantee's
credibility, lowers ``T`` and raises ``S`` by the same amount, as if what a breach gains were
forfeited to the side it exploited. Raising ``S`` alone also softens the punishment tit for tat
deals out (being exploited on returning to cooperation), which is why that version lowered the
chance that cooperation holds (Axelrod 1984, ch. 3: the threshold ``(T - R) / (R - S)``).
The transfer lowers that threshold wherever ``2R > T + S``; under frequent errors, though, a
tit-for-tat pair and a side that alternates both exploit and are exploited about equally often,
so it changes little there (the ``no_effect`` sentence).

Where the model differs from its references: Kydd's reassurance changes beliefs about the other
side's type, and Jervis's insurance matters most for the decision to cooperate first; here the
strategies are fixed and open with cooperation, so neither belief updating nor the first move is
modelled, only the payoffs the guarantee changes. The equal size of the two shifts is a modelling
choice (both scale with how credible the guarantee is), not an estimate. The payoff matrix is the
same for both sides, so a guarantee given by one side is applied to both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from panmun.errors import InputError
from panmun.scenario.base import Id, Record, Text, duplicates

Parameter = Literal["noise", "horizon", "T", "R", "P", "S", "transfer"]


@dataclass(frozen=True)
class Change:
    """One parameter change with an uncertain size, drawn uniformly from ``[low, high]``.

    ``noise`` and ``horizon`` are multiplied by the drawn factor (``horizon`` scales the expected
    number of rounds: ``w`` becomes ``1 - (1 - w) / f``, a fixed horizon ``N`` becomes
    ``round(N f)``). A payoff (``T``, ``R``, ``P``, ``S``) is shifted by the drawn fraction of
    the relationship's payoff spread ``T - S``, so the size does not depend on the payoff scale.
    ``transfer`` moves the drawn fraction of the spread from ``T`` to ``S``: ``T`` falls and
    ``S`` rises by the same amount, as when what a side gains by exploiting the other is
    forfeited to the side it exploited.
    """

    parameter: Parameter
    low: float
    high: float


@dataclass(frozen=True)
class Intervention:
    """A policy instrument as parameter changes, with its rationale and bibliography ids.

    ``mechanism`` says in one sentence how the intervention changes the game; ``backfire`` says
    how, in this model, it can nonetheless lower the chance that cooperation holds, and
    ``no_effect`` why it may leave that chance unchanged (both optional, for
    :func:`explain_effect`).
    """

    id: str
    name: str
    changes: tuple[Change, ...]
    rationale: str
    sources: tuple[str, ...]
    mechanism: str = ""
    backfire: str = ""
    no_effect: str = ""


#: The shipped catalogue, ``data/interventions.yaml``, in its order: read on first use (see
#: :func:`shipped_interventions`), so importing this module reads no file.
CATALOGUE: tuple[Intervention, ...]


class _ChangeDef(Record):
    parameter: Parameter
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> _ChangeDef:
        if self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self


class _InterventionDef(Record):
    id: Id
    name: Text
    changes: tuple[_ChangeDef, ...] = Field(min_length=1)
    rationale: Text
    sources: tuple[Id, ...] = Field(min_length=1)
    mechanism: Text
    backfire: str = ""
    no_effect: str = ""

    @field_validator("sources")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = duplicates(value)
        if repeated:
            raise ValueError(f"{repeated[0]!r} is listed twice")
        return value

    def to_intervention(self) -> Intervention:
        return Intervention(
            id=self.id,
            name=self.name,
            changes=tuple(Change(c.parameter, c.low, c.high) for c in self.changes),
            rationale=self.rationale,
            sources=self.sources,
            mechanism=self.mechanism,
            backfire=self.backfire,
            no_effect=self.no_effect,
        )


class _InterventionFile(Record):
    interventions: tuple[_InterventionDef, ...] = Field(min_length=1)

    @field_validator("interventions")
    @classmethod
    def _unique_ids(cls, value: tuple[_InterventionDef, ...]) -> tuple[_InterventionDef, ...]:
        repeated = duplicates(i.id for i in value)
        if repeated:
            raise ValueError(f"intervention id {repeated[0]!r} is listed twice")
        return value


@functools.cache
def shipped_interventions() -> tuple[Intervention, ...]:
    """Return the shipped catalogue, ``data/interventions.yaml``, in its order (read once)."""
    from panmun.scenario.loader import data_dir, read_shipped, validation_lines

    item = data_dir().joinpath("interventions.yaml")
    data = read_shipped(item)
    try:
        parsed = _InterventionFile.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - shipped data is tested
        raise InputError(validation_lines(exc, data, "interventions.yaml")) from None
    return tuple(i.to_intervention() for i in parsed.interventions)


def __getattr__(name: str) -> tuple[Intervention, ...]:
    """``CATALOGUE`` is :func:`shipped_interventions`, read on first access."""
    if name == "CATALOGUE":
        return shipped_interventions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Gains smaller than this in absolute value count as no measurable effect: they round to
#: +0.00 or -0.00 in the two-decimal tables of the CLI and the report.
NO_EFFECT = 0.005

_BACKFIRE = (
    "In this model the change helps a deviation from reciprocity more than it helps steady "
    "reciprocity, so cooperation is less often self-enforcing."
)
_NO_EFFECT = (
    "Within its ranges the change is too small, or cooperation too secure or too fragile "
    "already, to alter in enough draws whether either side gains by defecting."
)


def explain_effect(
    intervention: Intervention, gain: float, tolerance: float = NO_EFFECT
) -> str | None:
    """One sentence on a measured effect that a reader would not expect, or ``None``.

    Every intervention is meant to make cooperation more likely to hold. ``gain`` is the change
    in the probability that cooperation is sustained, against the baseline. A gain below
    ``-tolerance`` contradicts that purpose, and the answer is the intervention's ``backfire``
    mechanism; a gain within ``tolerance`` of zero is no measurable effect, and the answer is its
    ``no_effect`` sentence; a gain above ``tolerance`` needs no explanation (``None``). Where an
    intervention gives no sentence of its own, a general one is used.

    Examples
    --------
    >>> cbm = next(i for i in shipped_interventions() if i.id == "confidence_building")
    >>> explain_effect(cbm, 0.09) is None
    True
    >>> explain_effect(cbm, -0.02) == cbm.backfire
    True
    """
    if gain > tolerance:
        return None
    if gain < -tolerance:
        return intervention.backfire or _BACKFIRE
    return intervention.no_effect or _NO_EFFECT

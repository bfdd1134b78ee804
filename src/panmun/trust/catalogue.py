"""The catalogue of trust-building interventions: each a set of parameter changes with sources.

An intervention changes the repeated game in a documented direction (Axelrod 1984, ch. 7):
lower noise, a longer shadow of the future, or different stage payoffs. Effect sizes are
ranges marked as analyst estimates, because the literature gives directions, not sizes.

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

from dataclasses import dataclass
from typing import Literal

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


_NOISE_BACKFIRE = (
    "Fewer errors also throw a side that alternates exploiting and conciliating off its pattern "
    "less often, so alternation can gain more than steady reciprocity does."
)
_HORIZON_BACKFIRE = (
    "With errors, a longer relationship leaves more time for echoes of retaliation, in which "
    "exploiting and being exploited in turn can pay more than cooperating and punishing in turn, "
    "and the added reward of cooperation may not make up for it."
)

CATALOGUE: tuple[Intervention, ...] = (
    Intervention(
        id="hotline",
        name="Military hotlines and liaison channels",
        changes=(Change("noise", 0.5, 0.8),),
        rationale=(
            "A standing channel lets each side check an incident before answering it, so fewer "
            "accidents are read as deliberate moves; the 1963 hotline was set up against "
            "accident and miscalculation, and the Koreas' military lines were restored in 2018."
        ),
        sources=(
            "state-1963-hotline-memorandum",
            "mnd-2018-defense-white-paper-communication-lines",
            "afp-2021-10-04-koreas-restore-hotlines",
        ),
        mechanism=(
            "Lowers the chance that a move is misread or misexecuted, so fewer accidents set off "
            "rounds of retaliation."
        ),
        backfire=_NOISE_BACKFIRE,
    ),
    Intervention(
        id="mediation",
        name="Third-party mediation and facilitation",
        changes=(Change("noise", 0.7, 0.9),),
        rationale=(
            "A facilitator trusted by both sides relays intentions and checks claims, which "
            "lowers misperception less directly than a hotline; the policy paper proposes such "
            "a role for Cambodia and ASEAN if both Koreas ask for it."
        ),
        sources=("touch-lin-2022-pursuing-peace", "wu-axelrod-1995-noise"),
        mechanism=(
            "Lowers the chance that a move is misread, by less than a hotline, so fewer "
            "accidents set off rounds of retaliation."
        ),
        backfire=_NOISE_BACKFIRE,
    ),
    Intervention(
        id="people_exchanges",
        name="People-to-people exchanges",
        changes=(Change("horizon", 1.2, 1.5), Change("R", 0.02, 0.06)),
        rationale=(
            "Academic, cultural, sports, health and humanitarian exchanges make the relationship "
            "more durable and add value to cooperation: the paper's first recommendation, and "
            "Axelrod's advice to enlarge the shadow of the future."
        ),
        sources=("touch-lin-2022-pursuing-peace", "axelrod-1984-evolution-cooperation"),
        mechanism=(
            "Lengthens the expected life of the relationship and adds a little to the reward of "
            "mutual cooperation, so future retaliation weighs more against a gain now."
        ),
        backfire=_HORIZON_BACKFIRE,
    ),
    Intervention(
        id="economic_links",
        name="Economic links and joint projects",
        changes=(Change("R", 0.05, 0.15), Change("horizon", 1.1, 1.3)),
        rationale=(
            "Joint projects such as the Kaesong Industrial Complex raise what mutual cooperation "
            "yields and tie both sides to its continuation; its 2016 suspension shows the link "
            "can also be withdrawn."
        ),
        sources=("abc-2016-02-10-kaesong-suspended", "axelrod-1984-evolution-cooperation"),
        mechanism=(
            "Raises the reward of mutual cooperation and lengthens the relationship, so "
            "cooperation is worth more and so is the threat of losing it."
        ),
        backfire=_HORIZON_BACKFIRE,
    ),
    Intervention(
        id="security_assurances",
        name="Security assurances (guarantees that make exploiting the other costly)",
        changes=(Change("transfer", 0.05, 0.15),),
        rationale=(
            "A credible guarantee, such as the 2005 US statement of no intention to attack or "
            "invade the DPRK or the 2018 Singapore commitment to security guarantees, makes "
            "breaking faith costly to the side that gives it and limits the loss of a side that "
            "cooperates first (Jervis 1978; Kydd 2005); the paper's second recommendation."
        ),
        sources=(
            "touch-lin-2022-pursuing-peace",
            "nautilus-2005-09-20-six-party-joint-statement-text",
            "whitehouse-2018-06-12-singapore-joint-statement",
            "jervis-1978-cooperation-security-dilemma",
            "kydd-2005-trust-mistrust",
            "kydd-2000-trust-reassurance-cooperation",
            "fearon-1997-signaling-foreign-policy-interests",
        ),
        mechanism=(
            "Lowers what a side gains by exploiting the other and raises, by the same amount, "
            "what the exploited side keeps, as if a broken guarantee had to be paid for."
        ),
        backfire=(
            "The insurance half of the guarantee also softens the punishment tit for tat deals "
            "out, being exploited on returning to cooperation, and where the smaller gain from "
            "exploiting does not make up for it, reciprocity deters defection less."
        ),
        no_effect=(
            "A side that exploits and is exploited in turn, as errors make both sides do, gets "
            "back from the guarantee what it gives up, so where errors are frequent it changes "
            "little."
        ),
    ),
    Intervention(
        id="confidence_building",
        name="Military confidence-building measures",
        changes=(Change("T", -0.15, -0.05),),
        rationale=(
            "Buffer zones, no-fly zones and halted drills near the line, as in the 2018 "
            "Comprehensive Military Agreement, shrink what a surprise move can gain."
        ),
        sources=("mnd-2020-defense-white-paper-cma", "yonhap-2018-09-19-buffer-zones"),
        mechanism=(
            "Lowers what a surprise move can gain, the temptation to exploit a cooperating side."
        ),
        backfire=(
            "A lower gain from exploiting also cuts what a reciprocating pair earns in the rounds "
            "when errors leave one side exploiting the other, so against a side that always "
            "defects, which rarely gets to exploit, deterrence can weaken."
        ),
    ),
    Intervention(
        id="sanctions_deadlock",
        name="Sanctions that raise the cost of mutual defection",
        changes=(Change("P", -0.15, -0.05),),
        rationale=(
            "Measures that bite while confrontation lasts lower the payoff of mutual defection "
            "for the sanctioned side's relationship as a whole."
        ),
        sources=("unsc-res-2397-2017", "axelrod-1984-evolution-cooperation"),
        mechanism=(
            "Lowers the payoff of mutual defection, so a breakdown of cooperation costs both "
            "sides more."
        ),
        backfire=(
            "With errors a reciprocating pair spends spells in mutual punishment, so a costlier "
            "standoff lowers its payoff more than that of a side that alternates exploiting and "
            "conciliating, which rarely ends up in mutual defection."
        ),
    ),
    Intervention(
        id="sanctions_broad",
        name="Broad sanctions that also cut the gains from cooperation",
        changes=(Change("R", -0.10, -0.03), Change("P", -0.10, -0.03)),
        rationale=(
            "Trade bans lower the payoff of confrontation but also what cooperation could yield "
            "(no trade to resume), so they lower both R and P."
        ),
        sources=("unsc-res-2397-2017", "axelrod-1984-evolution-cooperation"),
        mechanism=(
            "Lowers both the reward of mutual cooperation and the payoff of mutual defection."
        ),
        backfire=(
            "Cutting both the reward of cooperation and the payoff of a standoff lowers what a "
            "reciprocating pair earns, while a side that alternates exploiting and being "
            "exploited earns neither, so reciprocity deters alternation less."
        ),
    ),
)

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
    >>> cbm = next(i for i in CATALOGUE if i.id == "confidence_building")
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

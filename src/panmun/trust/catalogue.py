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
    ),
    Intervention(
        id="security_assurances",
        name="Security assurances (insurance against being exploited)",
        changes=(Change("S", 0.05, 0.15),),
        rationale=(
            "Guarantees reduce the loss of a side that cooperates while the other defects, so "
            "cooperating first is less risky; the paper's second recommendation, and a "
            "commitment of the 2018 Singapore statement."
        ),
        sources=(
            "touch-lin-2022-pursuing-peace",
            "whitehouse-2018-06-12-singapore-joint-statement",
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
    ),
)

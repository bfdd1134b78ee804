"""Whose consent a package needs: the scenario's veto players, or every state without them.

One rule for the CLI, the report and the platform. A package that moves issues ``K`` needs
the consent of every veto player of every issue in ``K`` (Tsebelis 2002: a change needs each
veto player's agreement). A scenario that lists no veto players gives every state a say, as
a negotiation among governments would; a scenario without states gives every actor one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from panmun.scenario.models import Scenario


def required_parties(scenario: Scenario, issues: Iterable[str] | None = None) -> tuple[str, ...]:
    """Return, in actor order, the actors whose consent a move on ``issues`` needs.

    ``issues`` defaults to every issue of the scenario (a comprehensive package).
    """
    wanted = [i.id for i in scenario.issues] if issues is None else list(issues)
    if scenario.veto_players:
        chosen = {a for i in wanted for a in scenario.veto_players_on(i)}
        return tuple(a.id for a in scenario.actors if a.id in chosen)
    states = tuple(a.id for a in scenario.actors if a.kind == "state")
    return states or tuple(a.id for a in scenario.actors)


def principal_pair(scenario: Scenario) -> tuple[str, str] | None:
    """The two parties whose trade-off the report draws: the context's pair, if it names one,
    else the two required parties whose stated positions are furthest apart (each one's
    utility loss at the other's positions, summed). None with fewer than two parties."""
    import numpy as np

    from panmun.proposals.utility import own_utilities
    from panmun.scenario.arrays import scenario_arrays
    from panmun.scenario.contexts import get_context

    ctx = get_context(scenario.context)
    ids = {a.id for a in scenario.actors}
    if ctx is not None and ctx.principal_pair and set(ctx.principal_pair.actors) <= ids:
        a, b = ctx.principal_pair.actors
        return a, b
    required = required_parties(scenario)
    if len(required) < 2:
        return None
    arr = scenario_arrays(scenario)
    rows = [arr.actors.index(r) for r in required]
    x, s = arr.position.value[rows], arr.salience.value[rows]
    width = arr.scale_max - arr.scale_min
    # loss[i, j]: what party i loses if the outcome sat at party j's positions
    loss = -own_utilities(
        np.broadcast_to(x[None, :, :], (len(rows), *x.shape)),
        x[:, None, :],
        s[:, None, :],
        width,
    )
    best, pair = -1.0, (required[0], required[1])
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            distance = float(loss[i, j] + loss[j, i])
            if distance > best:
                best, pair = distance, (required[i], required[j])
    return pair

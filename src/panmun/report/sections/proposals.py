"""Proposals ranked with acceptance probabilities and spoilers, the Nash package and frontier."""

from __future__ import annotations

from typing import Any

from panmun.scenario.models import Scenario

#: The parties of the Four-Party Talks (1997-99), which the policy paper names as the format
#: that tried to replace the Armistice with a peace regime: their agreement is taken as
#: required for a settlement when the scenario has them. Otherwise every state is required.
FOUR_PARTIES = ("rok", "dprk", "usa", "china")


def required_for(scenario: Scenario) -> tuple[str, ...] | None:
    """Return the four parties when all are present, else None (every state)."""
    ids = {a.id for a in scenario.actors}
    return FOUR_PARTIES if set(FOUR_PARTIES) <= ids else None


def proposals_section(scenario: Scenario, draws: int, seed: int) -> dict[str, Any]:
    """Rank the shipped proposals, search the Nash package and trace the two Koreas' frontier."""
    import numpy as np

    from panmun.proposals.api import (
        frontier,
        load_library,
        nash_search,
        rank_proposals,
        verdict_data,
    )
    from panmun.proposals.utility import utilities
    from panmun.scenario.arrays import scenario_arrays

    lib = load_library()
    required = required_for(scenario)
    issues = tuple(i.id for i in scenario.issues)
    verdicts = rank_proposals(scenario, lib.proposals, required, draws, seed)
    out: dict[str, Any] = {
        "required": list(required)
        if required
        else [a.id for a in scenario.actors if a.kind == "state"],
        "draws": draws,
        "seed": seed,
        "ranked": [verdict_data(v, issues) for v in verdicts],
        "skipped": [p.id for p in lib.proposals if p.id not in {v.proposal.id for v in verdicts}],
    }
    sol = nash_search(scenario, required)
    out["nash"] = {
        "feasible": sol.feasible,
        "outcome": dict(zip(issues, [float(z) for z in sol.outcome], strict=True)),
        "labels": {
            i: scenario.issue(i).label_for(float(z))
            for i, z in zip(issues, sol.outcome, strict=True)
        },
        "gains": dict(zip(out["required"], [float(g) for g in sol.gains], strict=True)),
    }
    out["frontier"] = None
    ids = {a.id for a in scenario.actors}
    if {"rok", "dprk"} <= ids:
        pts = frontier(scenario, "rok", "dprk")
        arr = scenario_arrays(scenario)
        rows = [arr.actors.index("rok"), arr.actors.index("dprk")]
        width = arr.scale_max - arr.scale_min
        placed = {}
        for v in verdicts:
            u = utilities(
                np.array(v.outcome), arr.position.value[rows], arr.salience.value[rows], width
            )
            placed[v.proposal.id] = (float(u[0]), float(u[1]))
        out["frontier"] = {
            "actors": ["rok", "dprk"],
            "points": [
                {"outcome": dict(zip(issues, p.outcome.tolist(), strict=True)),
                 "utility_a": p.utility_a, "utility_b": p.utility_b}
                for p in pts
            ],
            "packages": {k: list(v) for k, v in placed.items()},
        }  # fmt: skip
    return out

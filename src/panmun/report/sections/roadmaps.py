"""Roadmaps compared: the probability of reaching each phase, given the trust built so far."""

from __future__ import annotations

from typing import Any

from panmun.report.sections.proposals import required_for
from panmun.scenario.models import Scenario


def roadmaps_section(
    scenario: Scenario, draws: int, seed: int, trust_draws: int = 32
) -> dict[str, Any]:
    """Evaluate every shipped roadmap whose packages fit the scenario's issues."""
    from panmun.proposals.api import load_library
    from panmun.proposals.roadmaps import evaluate_roadmap

    lib = load_library()
    issues = {i.id for i in scenario.issues}
    by_id = {p.id: p for p in lib.proposals}
    required = required_for(scenario)
    out: list[dict[str, Any]] = []
    skipped: list[str] = []
    for r in lib.roadmaps:
        fits = all(t.issue in issues for ph in r.phases for t in by_id[ph.proposal].terms)
        if not fits:
            skipped.append(r.id)
            continue
        v = evaluate_roadmap(scenario, r, lib, required, draws, seed, trust_draws)
        out.append(
            {
                "id": r.id,
                "name": r.name,
                "description": r.description,
                "p_complete": v.p_complete,
                "trust_modelled": v.trust_modelled,
                "phases": [
                    {
                        "name": p.name,
                        "proposal": p.proposal,
                        "interventions": list(p.interventions),
                        "tau": p.tau,
                        "tau_by_relationship": dict(p.tau_by_relationship),
                        "p_pass": p.p_pass,
                        "p_reach": p.p_reach,
                        "likely_blockers": [
                            {"actor": a, "p_block": pb} for a, pb in p.likely_blockers
                        ],
                    }
                    for p in v.phases
                ],
            }
        )
    out.sort(key=lambda r: (-r["p_complete"], -r["phases"][0]["p_reach"], r["id"]))
    return {"draws": draws, "seed": seed, "roadmaps": out, "skipped": skipped}

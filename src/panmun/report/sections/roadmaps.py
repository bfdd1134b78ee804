"""Roadmaps compared: the probability of reaching each phase, given the trust built so far."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


def roadmaps_section(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """Evaluate every shipped roadmap whose packages fit the scenario's issues."""
    from panmun.proposals.api import load_library
    from panmun.proposals.roadmaps import evaluate_roadmap

    scenario = analysis.scenario
    cfg = analysis.settings
    names = {a.id: a.name for a in scenario.actors}
    from panmun.proposals.roadmaps import fits_scenario

    lib = load_library()
    by_id = {p.id: p for p in lib.proposals}
    out: list[dict[str, Any]] = []
    skipped: list[str] = []
    later: list[str] = []
    for r in lib.roadmaps:
        if not fits_scenario(r, lib, scenario):
            skipped.append(r.id)
            continue
        if not all(by_id[ph.proposal].known_at(scenario.as_of) for ph in r.phases):
            later.append(r.name)
            continue
        v = evaluate_roadmap(
            scenario, r, lib, None, cfg.draws, cfg.seed, cfg.trust_draws, cfg.indifference
        )
        first = v.first_blocked
        out.append(
            {
                "id": r.id,
                "name": r.name,
                "description": r.description,
                "p_complete": v.p_complete,
                "expected_phases": v.expected_phases,
                "trust_modelled": v.trust_modelled,
                "required": list(v.required),
                "required_names": [names[a] for a in v.required],
                "first_blocked": None
                if first is None
                else {
                    "phase": first + 1,
                    "name": r.phases[first].name,
                    "blockers": [
                        {"actor": a, "actor_name": names[a], "utility": u}
                        for a, u in v.first_blockers
                    ],
                },
                "phases": [
                    {
                        "name": p.name,
                        "proposal": p.proposal,
                        "proposal_name": by_id[p.proposal].name,
                        "interventions": list(p.interventions),
                        "tau": p.tau,
                        "tau_by_relationship": dict(p.tau_by_relationship),
                        "p_pass": p.p_pass,
                        "p_reach": p.p_reach,
                        "likely_blockers": [
                            {"actor": a, "actor_name": names[a], "p_block": pb}
                            for a, pb in p.likely_blockers
                        ],
                    }
                    for p in v.phases
                ],
            }
        )
    out.sort(key=lambda r: (-r["p_complete"], -r["expected_phases"], r["id"]))
    return {
        "draws": cfg.draws,
        "seed": cfg.seed,
        "roadmaps": out,
        "skipped": skipped,
        "later": later,
    }

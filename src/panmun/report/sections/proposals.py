"""Packages ranked by how close they come, what would bring each in, the Nash package and the
trade-off between the principal pair of parties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


def proposals_section(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """Rank the shipped proposals, search the Nash package and trace the principal pair's
    frontier, all with the analysis's consent rule, draws and seed."""
    import numpy as np

    from panmun.proposals.api import frontier, load_library, nash_search, verdict_data
    from panmun.proposals.utility import utilities
    from panmun.scenario.base import citable_at
    from panmun.scenario.loader import library

    scenario = analysis.scenario
    names = {a.id: a.name for a in scenario.actors}
    lib = load_library()
    issues = tuple(i.id for i in scenario.issues)
    verdicts = analysis.proposals
    cfg = analysis.settings
    shipped = library()["sources"]

    def citable(ids: tuple[str, ...]) -> list[str]:
        """The sources of a package that the scenario's date can cite, in their order."""
        return [i for i in ids if i in shipped and citable_at(shipped[i], scenario.as_of)]

    ranked = []
    for v in verdicts:
        row = verdict_data(v, issues)
        row["sources"] = citable(v.proposal.sources)
        row["required_names"] = [names[a] for a in v.required]
        row["blocker_names"] = [names[a] for a in v.blockers]
        for a in row["actors"]:
            a["actor_name"] = names[a["actor"]]
            for c in a["concessions"]:
                c["issue_name"] = scenario.issue(c["issue"]).name
        ranked.append(row)
    required = list(analysis.required)
    out: dict[str, Any] = {
        "required": required,
        "required_names": [names[a] for a in required],
        "consent_rule": "veto_players" if scenario.veto_players else "states",
        "draws": cfg.draws,
        "seed": cfg.seed,
        "indifference": cfg.indifference,
        "ranked": ranked,
        "closest": _closest(ranked),
        "skipped": [
            p.id for p in analysis.known_proposals if p.id not in {v.proposal.id for v in verdicts}
        ],
        "later": [
            p.name
            for p in lib.proposals
            if not p.known_at(scenario.as_of) and all(t.issue in issues for t in p.terms)
        ],
        "zones": _zones(analysis),
    }
    sol = nash_search(scenario, analysis.required)
    out["nash"] = {
        "feasible": sol.feasible,
        "outcome": dict(zip(issues, [float(z) for z in sol.outcome], strict=True)),
        "labels": {
            i: scenario.issue(i).label_for(float(z))
            for i, z in zip(issues, sol.outcome, strict=True)
        },
        "issue_names": {i.id: i.name for i in scenario.issues},
        "gains": dict(zip(required, [float(g) for g in sol.gains], strict=True)),
    }
    out["frontier"] = None
    pair = analysis.pair
    if pair is not None:
        pts = frontier(scenario, *pair)
        arr = analysis.arrays
        rows = [arr.actors.index(pair[0]), arr.actors.index(pair[1])]
        width = arr.scale_max - arr.scale_min
        placed = {}
        for v in verdicts:
            u = utilities(
                np.array(v.outcome), arr.position.value[rows], arr.salience.value[rows], width
            )
            placed[v.proposal.name] = (float(u[0]), float(u[1]))
        out["frontier"] = {
            "actors": list(pair),
            "actor_names": [names[pair[0]], names[pair[1]]],
            "points": [
                {"outcome": dict(zip(issues, p.outcome.tolist(), strict=True)),
                 "utility_a": p.utility_a, "utility_b": p.utility_b}
                for p in pts
            ],
            "packages": {k: list(v) for k, v in placed.items()},
        }  # fmt: skip
    return out


def _closest(ranked: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The package that comes closest, and what it would take: the party that lacks most,
    the smallest change that brings it in, or a side payment of the size it lacks."""
    moving = [v for v in ranked if v["kind"] != "status_quo"]
    if not moving:
        return None
    best = moving[0]
    gaps = []
    for s in best["shortfalls"]:
        actor = next(a for a in best["actors"] if a["actor"] == s["actor"])
        gaps.append(
            {
                "actor": actor["actor"],
                "actor_name": actor["actor_name"],
                "utility": s["utility"],
                "concessions": actor["concessions"],
            }
        )
    return {
        "proposal": best["proposal"],
        "name": best["name"],
        "p_all_required": best["p_all_required"],
        "sources": best.get("sources", []),
        "shortfall_total": best["shortfall_total"],
        "shortfall_max": best["shortfall_max"],
        "gaps": gaps,
    }


def _zones(analysis: ScenarioAnalysis) -> list[dict[str, Any]]:
    """Each issue's zone of possible agreement: the win-set of its veto players."""
    names = {a.id: a.name for a in analysis.scenario.actors}
    zones = []
    for ia in analysis.issues:
        issue = analysis.scenario.issue(ia.issue)
        c = ia.consent
        zones.append(
            {
                "issue": ia.issue,
                "name": issue.name,
                "status_quo": ia.status_quo,
                "veto_players": list(c.veto_players),
                "veto_player_names": [names[v] for v in c.veto_players],
                "low": c.win_set[0],
                "high": c.win_set[1],
                "empty": c.empty,
                "p_empty": c.p_empty,
            }
        )
    return zones

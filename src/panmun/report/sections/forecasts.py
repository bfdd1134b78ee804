"""Per-issue bargaining forecasts and the pressure network, for the report."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


def forecast_section(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """Every issue's analysis (feasible and unconstrained forecasts, consent, convergence)."""
    scenario = analysis.scenario
    names = {a.id: a.name for a in scenario.actors}
    issues = []
    for ia in analysis.issues:
        issue = scenario.issue(ia.issue)
        main = ia.point
        consent = ia.consent
        shares = sorted(ia.unconstrained.variance_shares, key=lambda v: -v.share)[:5]
        issues.append(
            {
                **ia.to_dict(),
                "name": issue.name,
                "feasible_label": issue.label_for(ia.headline),
                "unconstrained_label": issue.label_for(ia.unconstrained.median),
                "status_quo_label": issue.label_for(ia.status_quo),
                "veto_player_names": [names[v] for v in consent.veto_players],
                "holder_name": names[consent.holder] if consent.holder else None,
                "minor_actor_names": [names[m] for m in ia.minor.actors],
                "top_variance_shares": [
                    {**v.to_dict(), "actor_name": names.get(v.actor, v.actor)} for v in shares
                ],
                "rounds": [r.to_dict() for r in main.rounds],
                "trajectories": {a: main.trajectory(a) for a in main.actors},
                "movers": _movers(main.trajectory, main.actors),
            }
        )
    cfg = analysis.settings
    return {
        "model": cfg.model,
        "rounds": cfg.rounds,
        "draws": cfg.draws,
        "seed": cfg.seed,
        "issues": issues,
        "pressure": pressure_network(issues),
    }


def _movers(trajectory: Any, actors: tuple[str, ...]) -> list[dict[str, Any]]:
    """Actors ranked by how far they moved over the rounds (largest first, movers only)."""
    moved = []
    for a in actors:
        path = trajectory(a)
        if abs(path[-1] - path[0]) > 1e-9:
            moved.append({"actor": a, "from": path[0], "to": path[-1]})
    return sorted(moved, key=lambda m: (-abs(m["to"] - m["from"]), m["actor"]))


def pressure_network(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Count offers proposer -> receiver over every issue and round of the point runs."""
    counts: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()
    for issue in issues:
        for rnd in issue["rounds"]:
            for offer in rnd["offers"]:
                counts[(offer["proposer"], offer["receiver"])] += 1
                kinds[offer["type"]] += 1
    actors = sorted({a for pair in counts for a in pair})
    pressure_out = Counter(p for p, _ in counts.elements())
    pressure_in = Counter(r for _, r in counts.elements())
    n = max(len(actors), 1)
    layout = [
        (round(math.cos(2 * math.pi * k / n), 6), round(math.sin(2 * math.pi * k / n), 6))
        for k in range(len(actors))
    ]
    return {
        "actors": actors,
        "layout": layout,
        "edges": [
            {"proposer": p, "receiver": r, "count": c}
            for (p, r), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "by_type": dict(sorted(kinds.items())),
        "most_pressing": [{"actor": a, "offers_made": c} for a, c in pressure_out.most_common(5)],
        "most_pressed": [{"actor": a, "offers_received": c} for a, c in pressure_in.most_common(5)],
    }

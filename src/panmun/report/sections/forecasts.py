"""Per-issue bargaining forecasts and the pressure network, for the report."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from panmun.scenario.models import Scenario

BASELINES = ("median", "mean")


def forecast_section(
    scenario: Scenario, model: str, rounds: int, draws: int, seed: int
) -> dict[str, Any]:
    """Forecast every issue with ``model`` (with draws) and the two static baselines."""
    from panmun.bargaining.inputs import issue_forecast

    issues = []
    for k, issue in enumerate(scenario.issues):
        main = issue_forecast(scenario, issue.id, model, rounds, draws, seed + k)
        baselines = {b: issue_forecast(scenario, issue.id, b).forecast for b in BASELINES}
        dist = main.distribution
        shares = sorted(dist.variance_shares, key=lambda v: -v.share)[:5] if dist else []
        sq = scenario.status_quo_on(issue.id).value
        issues.append(
            {
                "issue": issue.id,
                "name": issue.name,
                "model": main.model,
                "forecast": main.forecast,
                "forecast_label": issue.label_for(main.forecast),
                "status_quo": sq,
                "shift": main.forecast - sq,
                "baselines": baselines,
                "distribution": dist.to_dict() if dist else None,
                "top_variance_shares": [v.to_dict() for v in shares],
                "rounds": [r.to_dict() for r in main.rounds],
                "trajectories": {a: main.trajectory(a) for a in main.actors},
                "movers": _movers(main.trajectory, main.actors),
            }
        )
    return {
        "model": model,
        "rounds": rounds,
        "draws": draws,
        "seed": seed,
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

"""Per-issue bargaining forecasts and the pressure network, for the report."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


#: Offer pairs kept in the report's pressure network (the strongest); ``all_offers`` keeps all.
MAX_EDGES = 200


def forecast_section(analysis: ScenarioAnalysis, all_offers: bool = False) -> dict[str, Any]:
    """Every issue's analysis (feasible and unconstrained forecasts, consent, convergence).

    Each round keeps every actor's position, the counts of offers by type and the offers that
    were taken (the moves); ``all_offers`` keeps every offer made, which for a scenario of
    hundreds of actors runs to hundreds of megabytes.
    """
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
                "rounds": [_round_data(r, all_offers) for r in main.rounds],
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
        "pressure": pressure_network([ia.point for ia in analysis.issues], all_offers),
    }


def _round_data(r: Any, all_offers: bool) -> dict[str, Any]:
    out: dict[str, Any] = r.to_dict()
    kinds = Counter(o.kind for o in r.offers)
    out["offers_by_type"] = dict(sorted(kinds.items()))
    out["offers_made"] = len(r.offers)
    if not all_offers:
        out["offers"] = [o.to_dict() for o in r.offers if o.accepted]
    return out


def _movers(trajectory: Any, actors: tuple[str, ...]) -> list[dict[str, Any]]:
    """Actors ranked by how far they moved over the rounds (largest first, movers only)."""
    moved = []
    for a in actors:
        path = trajectory(a)
        if abs(path[-1] - path[0]) > 1e-9:
            moved.append({"actor": a, "from": path[0], "to": path[-1]})
    return sorted(moved, key=lambda m: (-abs(m["to"] - m["from"]), m["actor"]))


def pressure_network(results: list[Any], all_offers: bool = False) -> dict[str, Any]:
    """Count offers proposer -> receiver over every issue and round of the stated-value runs.

    The strongest :data:`MAX_EDGES` pairs are kept (all with ``all_offers``); the counts by
    type and the actors who press and are pressed most count every offer.
    """
    counts: Counter[tuple[str, str]] = Counter()
    kinds: Counter[str] = Counter()
    pressure_out: Counter[str] = Counter()
    pressure_in: Counter[str] = Counter()
    for result in results:
        for rnd in result.rounds:
            for offer in rnd.offers:
                counts[(offer.proposer, offer.receiver)] += 1
                kinds[offer.kind] += 1
                pressure_out[offer.proposer] += 1
                pressure_in[offer.receiver] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    kept = ranked if all_offers else ranked[:MAX_EDGES]
    actors = sorted({a for (p, r), _ in kept for a in (p, r)})
    n = max(len(actors), 1)
    layout = [
        (round(math.cos(2 * math.pi * k / n), 6), round(math.sin(2 * math.pi * k / n), 6))
        for k in range(len(actors))
    ]
    return {
        "actors": actors,
        "layout": layout,
        "edges": [{"proposer": p, "receiver": r, "count": c} for (p, r), c in kept],
        "pairs": len(counts),
        "by_type": dict(sorted(kinds.items())),
        "most_pressing": [
            {"actor": a, "offers_made": c}
            for a, c in sorted(pressure_out.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        ],
        "most_pressed": [
            {"actor": a, "offers_received": c}
            for a, c in sorted(pressure_in.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        ],
    }

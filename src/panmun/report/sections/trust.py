"""Trust: which interventions make reciprocal cooperation most likely to hold, per relationship."""

from __future__ import annotations

from typing import Any

from panmun.scenario.models import Scenario


def trust_section(scenario: Scenario, seed: int, n_draws: int = 32) -> dict[str, Any]:
    """Rank every intervention and pair of interventions for each scenario relationship.

    A single intervention's row (per relationship, and in the ranking of single interventions by
    mean gain) carries ``explanation``: one sentence on the mechanism when the measured gain
    contradicts what the intervention is for, or when it has no measurable effect, else ``None``
    (:func:`panmun.trust.catalogue.explain_effect`). Baseline and combination rows carry
    ``None``.
    """
    from panmun.scenario.base import citable_at
    from panmun.scenario.loader import library
    from panmun.trust.catalogue import CATALOGUE, explain_effect
    from panmun.trust.interventions import rank_interventions

    by_id = {i.id: i for i in CATALOGUE}
    shipped = library()["sources"]

    def known(sid: str) -> bool:
        """A source the scenario's date can cite: published by then, or retrospective."""
        src = shipped.get(sid)
        return src is None or citable_at(src, scenario.as_of)

    def explanation(ids: tuple[str, ...] | list[str], gain: float) -> str | None:
        return explain_effect(by_id[ids[0]], gain) if len(ids) == 1 else None

    relationships: list[dict[str, Any]] = []
    for rel in scenario.relationships:
        ranked = rank_interventions(
            rel.to_inputs(), n_draws=n_draws, n_matches=n_draws, max_combination=2, seed=seed
        )
        baseline = next(r for r in ranked if not r.interventions)
        relationships.append(
            {
                "id": rel.id,
                "name": rel.name,
                "actors": [rel.actor_a, rel.actor_b],
                "strategies": [rel.strategy_a, rel.strategy_b],
                "period": rel.period,
                "baseline": baseline.sustained,
                "conditions": [
                    {
                        "interventions": list(r.interventions),
                        "label": r.label,
                        "sustained": r.sustained,
                        "low": r.sustained_low,
                        "high": r.sustained_high,
                        "self_enforcing": r.self_enforcing,
                        "gain": r.sustained - baseline.sustained,
                        "explanation": explanation(
                            r.interventions, r.sustained - baseline.sustained
                        ),
                    }
                    for r in ranked
                ],
            }
        )
    single: dict[str, list[float]] = {}
    for item in relationships:
        for c in item["conditions"]:
            if len(c["interventions"]) == 1:
                single.setdefault(c["interventions"][0], []).append(c["gain"])
    gains = {k: sum(v) / len(v) for k, v in single.items()}
    best_single = [
        {
            "id": k,
            "name": by_id[k].name,
            "mean_gain": gains[k],
            "explanation": explanation([k], gains[k]),
        }
        for k in sorted(gains, key=lambda k: (-gains[k], k))
    ]
    return {
        "draws": n_draws,
        "seed": seed,
        "relationships": relationships,
        "single_interventions": best_single,
        "catalogue": [
            {
                "id": i.id,
                "name": i.name,
                "rationale": i.rationale,
                "mechanism": i.mechanism,
                "sources": [sid for sid in i.sources if known(sid)],
                "later_sources": len([sid for sid in i.sources if not known(sid)]),
            }
            for i in CATALOGUE
        ],
    }

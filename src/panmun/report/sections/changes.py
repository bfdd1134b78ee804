"""What changed since the scenario's predecessor: inputs, forecasts and packages, then and now.

Shown only for a scenario that names its predecessor (every shipped preset after the first of
its context does). The predecessor is analysed with the report's own settings, so that a
difference comes from the scenarios, not from how they were analysed; the report's analysis
of the scenario itself is reused. A predecessor is dated before the scenario, so the section
knows nothing that the scenario's date did not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


def changes_section(analysis: ScenarioAnalysis) -> dict[str, Any] | None:
    """The changes between the scenario's predecessor and the scenario (None without one).

    Every position that changed is in the data; ``notable`` marks those the report shows
    (see :data:`panmun.scenario.compare.NOTABLE`).
    """
    from panmun.analysis import ScenarioAnalysis
    from panmun.scenario.compare import NOTABLE, compare_analyses, compare_scenarios
    from panmun.scenario.loader import load_shipped

    scenario = analysis.scenario
    if scenario.predecessor is None:
        return None
    then = load_shipped(scenario.predecessor)
    inputs = compare_scenarios(then, scenario)
    results = compare_analyses(ScenarioAnalysis(then, analysis.settings), analysis)
    actor = inputs.actor_name
    issue = inputs.issue_name

    def named(ids: tuple[str, ...]) -> list[str]:
        return [actor(a) for a in ids]

    positions = []
    for p in inputs.positions:
        width = scenario.issue(p.issue).scale.max - scenario.issue(p.issue).scale.min
        positions.append(
            {
                **p.to_dict(),
                "actor_name": actor(p.actor),
                "issue_name": issue(p.issue),
                "width": width,
            }
        )
    status_quo = [{**q.to_dict(), "issue_name": issue(q.issue)} for q in inputs.status_quo]
    vetoes = [
        {
            **v.to_dict(),
            "issue_name": issue(v.issue),
            "added_names": named(v.added),
            "removed_names": named(v.removed),
        }
        for v in inputs.veto_players
    ]
    forecasts = [{**i.to_dict(), "name": issue(i.issue)} for i in results.issues]
    packages = [
        {
            **p.to_dict(),
            "required_names": {"then": named(p.required[0]), "now": named(p.required[1])},
        }
        for p in results.packages
    ]
    shown = [p for p in positions if p["notable"]]
    return {
        "predecessor": {"id": then.id, "title": then.title, "as_of": then.as_of.isoformat()},
        "notable": NOTABLE,
        "actors_added": named(inputs.actors_added),
        "actors_removed": named(inputs.actors_removed),
        "issues_added": [issue(i) for i in inputs.issues_added],
        "issues_removed": [issue(i) for i in inputs.issues_removed],
        "positions": positions,
        "shown": len(shown),
        "smaller": len(positions) - len(shown),
        "status_quo": status_quo,
        "veto_players": vetoes,
        "forecasts": forecasts,
        "packages": packages,
        "packages_added": [name for _pid, name in results.packages_added],
        "packages_dropped": [name for _pid, name in results.packages_dropped],
        "draws": results.settings.draws,
        "seed": results.settings.seed,
    }

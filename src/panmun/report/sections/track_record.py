"""How far to trust these forecasts: the models' record from earlier dated presets.

Only forecasts whose outcome was known by the scenario's date count (a report dated D knows
only what was known at D), and only presets of the scenario's own context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis

#: The models the report shows, in the order its sentences name them.
SHOWN = ("no_change", "feasible", "eum", "median", "mean")


def track_record_section(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """The backtest of the scenario's context, as known at the scenario's date."""
    from dataclasses import replace

    from panmun.backtest import DEFAULT_DRAWS, MODEL_NAMES, run_backtest
    from panmun.backtest.scores import score
    from panmun.scenario.loader import load_shipped, shipped_ids

    scenario = analysis.scenario
    out: dict[str, Any] = {"available": False, "models": {m: MODEL_NAMES[m] for m in SHOWN}}
    if scenario.context is None:
        return out
    presets = [load_shipped(i) for i in shipped_ids()]
    same = [p for p in presets if p.context == scenario.context and p.as_of < scenario.as_of]
    settings = replace(analysis.settings, draws=DEFAULT_DRAWS, model="eum")
    result = run_backtest(same, (1, 2, 4), settings, known_by=scenario.as_of)
    known = list(result.rows)
    if not known:
        return out
    scores = [s for s in score(known, settings.seed) if s.model in SHOWN]
    by_h: dict[int, dict[str, Any]] = {}
    for s in scores:
        by_h.setdefault(s.horizon, {})[s.model] = s.to_dict()
    first = min(by_h)
    one = by_h[first]
    best = min(one, key=lambda m: (one[m]["mae"], m))
    worse = [m for m in one if m != "no_change" and one[m]["mae"] > one["no_change"]["mae"]]
    years = sorted({r.as_of[:4] for r in known})
    out.update(
        {
            "available": True,
            "draws": settings.draws,
            "horizon": first,
            "forecasts": one["no_change"]["forecasts"],
            "from_year": years[0],
            "to_year": years[-1],
            "presets": sorted({r.preset for r in known}),
            "scores": by_h,
            "best": best,
            "worse_than_no_change": worse,
        }
    )
    return out

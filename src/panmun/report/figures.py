"""Which charts the report draws, from the report data: one plotly script per figure id."""

from __future__ import annotations

from typing import Any

from panmun.report import charts

#: Edges drawn in the pressure network (the strongest); the table and JSON keep them all.
TOP_EDGES = 30


def figure_scripts(data: dict[str, Any]) -> dict[str, str]:
    """Return ``{div id: script}`` for every chart the report data supports."""
    figs: dict[str, charts.Figure] = {}
    fc = data.get("forecasts")
    if fc:
        issues = fc["issues"]
        if issues:

            def triple(get: Any) -> tuple[list[float], list[float], list[float]]:
                return (
                    [get(i)["median"] for i in issues],
                    [get(i)["p05"] for i in issues],
                    [get(i)["p95"] for i in issues],
                )

            figs["fig-forecast-bands"] = charts.forecast_bands(
                [i["name"] for i in issues],
                {
                    "feasible outcome": triple(lambda i: i["consent"]["feasible"]),
                    "if nobody could veto": triple(lambda i: i["unconstrained"]),
                },
                [i["status_quo"] for i in issues],
            )
        for i in fc["issues"]:
            names = data.get("names", {})
            figs[f"fig-traj-{i['issue']}"] = charts.trajectories(
                f"{i['name']}: positions by round at the stated values ({i['model']})",
                [r["round"] for r in i["rounds"]],
                {names.get(a, a): ys for a, ys in i["trajectories"].items()},
                [r["weighted_median"] for r in i["rounds"]],
            )
        net = fc["pressure"]
        if net["edges"]:
            index = {a: k for k, a in enumerate(net["actors"])}
            figs["fig-pressure"] = charts.network(
                [data.get("names", {}).get(a, a) for a in net["actors"]],
                [tuple(p) for p in net["layout"]],
                [
                    (index[e["proposer"]], index[e["receiver"]], e["count"])
                    for e in net["edges"][:TOP_EDGES]
                ],
            )
    hist = data.get("history")
    if hist:
        markers = [(a["date"], a["title"], "agreement") for a in hist["agreements"]] + [
            (b["date"], b["title"], "breakdown") for b in hist["breakdowns"]
        ]
        names = data.get("issue_names", {})
        for issue, points in hist.get("status_quo", {}).items():
            if not points:
                continue
            first = points[0]["date"]
            figs[f"fig-history-{issue}"] = charts.status_quo_history(
                f"{names.get(issue, issue)}: the status quo since {first[:4]}",
                [p["date"] for p in points],
                [p["value"] for p in points],
                [p["low"] for p in points],
                [p["high"] for p in points],
                [m for m in markers if m[0] >= first],
            )
    pr = data.get("proposals")
    if pr and pr["ranked"]:
        ranked = pr["ranked"]
        if any(v["p_all_required"] > 0 for v in ranked):
            figs["fig-proposals"] = charts.bars(
                "Probability that every party whose consent it needs accepts",
                [v["name"] for v in ranked],
                [v["p_all_required"] for v in ranked],
                "probability",
            )
        else:
            figs["fig-proposals"] = charts.bars(
                "Utility the required parties lack in total (none passes; shorter is closer)",
                [v["name"] for v in ranked],
                [v["shortfall_total"] for v in ranked],
                "utility lacking (scale -1 to 0)",
                unit_range=False,
            )
        fr = pr.get("frontier")
        if fr:
            figs["fig-frontier"] = charts.frontier(
                fr["actor_names"][0],
                fr["actor_names"][1],
                [p["utility_a"] for p in fr["points"]],
                [p["utility_b"] for p in fr["points"]],
                {k: (v[0], v[1]) for k, v in fr["packages"].items()},
            )
    tr = data.get("trust")
    if tr and tr["single_interventions"]:
        singles = tr["single_interventions"]
        figs["fig-interventions"] = charts.signed_bars(
            "Change in P(cooperation sustained), mean over relationships",
            [i["name"] for i in singles],
            [i["mean_gain"] for i in singles],
            "change against no intervention",
        )
    rm = data.get("roadmaps")
    if rm and rm["roadmaps"]:
        figs["fig-roadmaps"] = charts.reach_curves(
            {r["name"]: [p["p_reach"] for p in r["phases"]] for r in rm["roadmaps"]}
        )
    return {k: charts.figure_script(k, v) for k, v in figs.items()}

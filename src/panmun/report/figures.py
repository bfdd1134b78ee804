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
        issues = [i for i in fc["issues"] if i["distribution"]]
        if issues:
            figs["fig-forecast-bands"] = charts.forecast_bands(
                [i["issue"] for i in issues],
                [i["distribution"]["median"] for i in issues],
                [i["distribution"]["p05"] for i in issues],
                [i["distribution"]["p95"] for i in issues],
                [i["status_quo"] for i in issues],
            )
        for i in fc["issues"]:
            figs[f"fig-traj-{i['issue']}"] = charts.trajectories(
                f"{i['name']}: positions by round ({i['model']})",
                [r["round"] for r in i["rounds"]],
                i["trajectories"],
                [r["weighted_median"] for r in i["rounds"]],
            )
        net = fc["pressure"]
        if net["edges"]:
            index = {a: k for k, a in enumerate(net["actors"])}
            figs["fig-pressure"] = charts.network(
                net["actors"],
                [tuple(p) for p in net["layout"]],
                [
                    (index[e["proposer"]], index[e["receiver"]], e["count"])
                    for e in net["edges"][:TOP_EDGES]
                ],
            )
    pr = data.get("proposals")
    if pr and pr["ranked"]:
        ranked = pr["ranked"]
        figs["fig-proposals"] = charts.bars(
            f"Probability that all of {', '.join(pr['required'])} accept",
            [v["name"] for v in ranked],
            [v["p_all_required"] for v in ranked],
            "probability",
        )
        fr = pr.get("frontier")
        if fr:
            figs["fig-frontier"] = charts.frontier(
                fr["actors"][0],
                fr["actors"][1],
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

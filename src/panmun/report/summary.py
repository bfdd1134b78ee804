"""The summary for decision-makers: short, neutral sentences computed from the report data.

Every sentence restates numbers found elsewhere in the report; nothing here is hand-written
per scenario.
"""

from __future__ import annotations

from typing import Any


def _issue_sentence(i: dict[str, Any]) -> str:
    dist = i["distribution"]
    band = f" (5-95 % band {dist['p05']:.0f}-{dist['p95']:.0f})" if dist else ""
    direction = (
        "stays near"
        if abs(i["shift"]) < 5
        else ("moves above" if i["shift"] > 0 else "moves below")
    )
    return (
        f"{i['name']}: the {i['model'].upper()} forecast is {i['forecast']:.0f}{band}, "
        f"“{i['forecast_label']}”; it {direction} the status quo ({i['status_quo']:.0f}). "
        f"Weighted median of stated positions: {i['baselines']['median']:.0f}; "
        f"weighted mean: {i['baselines']['mean']:.0f}."
    )


def summary_points(data: dict[str, Any]) -> dict[str, list[str]]:
    """Return the summary's bullet points by theme."""
    out: dict[str, list[str]] = {"forecasts": [], "proposals": [], "trust": [], "history": []}
    fc = data.get("forecasts")
    if fc:
        ranked = sorted(fc["issues"], key=lambda i: -abs(i["shift"]))
        out["forecasts"] = [_issue_sentence(i) for i in ranked]
    pr = data.get("proposals")
    if pr and pr["ranked"]:
        req = ", ".join(pr["required"])
        best = pr["ranked"][0]
        out["proposals"].append(
            f"Of {len(pr['ranked'])} packages evaluated, {best['name']} has the highest "
            f"probability that all of {req} accept it ({best['p_all_required']:.0%})."
        )
        viable = [v for v in pr["ranked"] if v["p_all_required"] >= 0.5]
        if not viable:
            out["proposals"].append(
                f"No package reaches an even chance of acceptance by all of {req}; "
                "see who blocks each package and what would bring them in."
            )
        blockers: dict[str, int] = {}
        for v in pr["ranked"]:
            for b in v["blockers"]:
                if b in pr["required"]:
                    blockers[b] = blockers.get(b, 0) + 1
        if blockers:
            top = sorted(blockers.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            out["proposals"].append(
                "Required parties that block most packages at the stated values: "
                + ", ".join(f"{a} ({n} of {len(pr['ranked'])})" for a, n in top)
                + "."
            )
        nash = pr["nash"]
        if not nash["feasible"]:
            out["proposals"].append(
                f"No package on these issues leaves every one of {req} better off than the "
                "status quo at the stated positions."
            )
    out["trust"] = _trust_points(data)
    out["history"] = _history_points(data)
    return out


def _trust_points(data: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    tr = data.get("trust")
    if tr and tr["single_interventions"]:
        top = tr["single_interventions"][0]
        lines.append(
            f"Of single interventions, {top['name'].lower()} raises the probability that "
            f"cooperation holds the most (by {top['mean_gain']:+.2f} on average over "
            f"{len(tr['relationships'])} relationships)."
        )
        worst = tr["single_interventions"][-1]
        if worst["mean_gain"] < 0:
            lines.append(
                f"{worst['name']} lowers it on average ({worst['mean_gain']:+.2f}) in this model."
            )
    rm = data.get("roadmaps")
    if rm and rm["roadmaps"]:
        best = rm["roadmaps"][0]
        first = best["phases"][0]
        lines.append(
            f"Of {len(rm['roadmaps'])} roadmaps, {best['name']} gets furthest: its first phase "
            f"is reached with probability {first['p_reach']:.2f} and all "
            f"{len(best['phases'])} phases with {best['p_complete']:.2f}."
        )
    return lines


def _history_points(data: dict[str, Any]) -> list[str]:
    hist = data.get("history")
    if not hist:
        return []
    factors = sorted(hist["failure_factors"], key=lambda f: -f["breakdowns"])
    lines = [
        f"The knowledge base records {len(hist['agreements'])} agreements and "
        f"{len(hist['breakdowns'])} breakdowns; the failure factor most often supported by the "
        f"sources is {factors[0]['label']} ({factors[0]['breakdowns']} breakdowns)."
    ]
    if hist["errata"]:
        lines.append(
            f"{len(hist['errata'])} statements of fact in the policy paper are corrected in the "
            "errata below."
        )
    return lines

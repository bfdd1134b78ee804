"""The summary for decision-makers: short, neutral sentences computed from the report data.

Every sentence restates numbers found elsewhere in the report and names actors and issues by
name; nothing here is written per scenario. The forecasts lead with the feasible outcome
(the bargaining forecast within what every veto player accepts), and say when the bargaining
has not settled or rests on minor actors.
"""

from __future__ import annotations

from typing import Any

from panmun.report.text import join_names, percent, plural, verb

#: A feasible outcome within this share of the scale of the status quo "stays near" it.
NEAR = 0.05


def _where(i: dict[str, Any]) -> str:
    width = i["scale"][1] - i["scale"][0]
    shift = i["feasible"] - i["status_quo"]
    if abs(shift) < NEAR * width:
        return f"stays near the status quo ({i['status_quo']:.0f})"
    side = "above" if shift > 0 else "below"
    return f"moves {side} the status quo ({i['status_quo']:.0f})"


def _consent_sentence(i: dict[str, Any]) -> str:
    c = i["consent"]
    names = i["veto_player_names"]
    if not names:
        return "No party holds a veto on this issue in the scenario."
    who = join_names(names)
    need = "must consent" if len(names) > 1 else "must consent alone"
    text = f"{who} {need}; the status quo moves in {percent(c['p_moves'])} of the draws."
    if c["holder"] is not None and c["holder_loss"] is not None:
        where = (
            "holds the status quo"
            if c["win_set_empty"]
            else f"stops the move at {c['feasible_point']:.0f}"
        )
        text += (
            f" At the stated values {i['holder_name']} {where}: the move that bargaining "
            f"pressure points to ({i['point_forecast']:.0f}) would cost it "
            f"{c['holder_loss']:.3f} in utility."
        )
    return text


def _some_names(names: list[str], shown: int = 3) -> str:
    """Up to ``shown`` names, then how many others."""
    if len(names) <= shown:
        return join_names(names)
    rest = len(names) - shown
    return join_names([*names[:shown], plural(rest, "other")])


def _settling_sentence(i: dict[str, Any]) -> str:
    st = i["settling"]
    shares = st["shares"]
    unsettled = shares["cycling"] + shares["moving"]
    lo, hi = st["forecast_range"]
    steady = hi - lo < 0.5
    if st["status"] == "cycling":
        over = (
            f"the unconstrained forecast stays at {lo:.0f} through the cycle"
            if steady
            else f"the unconstrained forecast runs over {lo:.0f}-{hi:.0f}"
        )
        text = f"The bargaining cycles at the stated values (period {st['period']} rounds; {over})"
    elif st["status"] in ("moving", "converging"):
        over = (
            f"the unconstrained forecast stays at {lo:.0f} while positions keep changing"
            if steady
            else f"the unconstrained forecast ranged {lo:.0f}-{hi:.0f} over the last rounds"
        )
        state = "is still converging" if st["status"] == "converging" else "has not settled"
        text = f"The bargaining {state} at the stated values ({over})"
    elif unsettled >= 0.5:
        text = "The bargaining settles at the stated values but not in most draws"
    else:
        return ""
    return f"{text}; it cycles or keeps moving in {percent(unsettled)} of the draws."


def _issue_sentence(i: dict[str, Any], lead: str | None = None) -> str:
    band = i["consent"]["feasible"]
    feasible = (
        f"the feasible outcome is {i['feasible']:.0f} (5-95 % band "
        f"{band['p05']:.0f}-{band['p95']:.0f}), “{i['feasible_label']}”"
    )
    if lead == "no_change":
        first = (
            f"{i['name']}: on the record, expect the status quo to hold "
            f"({i['status_quo']:.0f}, “{i['status_quo_label']}”); {feasible}."
        )
    else:
        first = f"{i['name']}: {feasible}; it {_where(i)}."
    lines = [first, _consent_sentence(i)]
    unc = i["unconstrained"]
    if abs(unc["median"] - i["feasible"]) >= 0.5:
        lines.append(
            f"Where bargaining pressure points if nobody could veto: {unc['median']:.0f}, "
            f"“{i['unconstrained_label']}”."
        )
    settle = _settling_sentence(i)
    if settle:
        lines.append(settle)
    minor = i["minor_actors"]
    if minor["depends"]:
        lines.append(
            f"The forecast rests on actors of little clout here "
            f"({_some_names(i['minor_actor_names'])}): without them it moves by "
            f"{minor['shift']:+.0f}, and their inputs explain {percent(minor['variance_share'])} "
            "of its variance."
        )
    return " ".join(lines)


def summary_points(data: dict[str, Any]) -> dict[str, list[str]]:
    """Return the summary's bullet points by theme."""
    out: dict[str, list[str]] = {"forecasts": [], "proposals": [], "trust": [], "history": []}
    fc = data.get("forecasts")
    if fc:
        ranked = sorted(
            fc["issues"],
            key=lambda i: (-abs(i["feasible"] - i["status_quo"]) / (i["scale"][1] - i["scale"][0]),
                           i["issue"]),
        )  # fmt: skip
        tr = data.get("track_record") or {}
        lead = tr.get("best") if tr.get("available") else None
        record = [_record_sentence(tr)] if lead else []
        out["forecasts"] = record + [_issue_sentence(i, lead) for i in ranked]
    out["proposals"] = _proposal_points(data)
    out["trust"] = _trust_points(data)
    out["history"] = _history_points(data)
    return out


def _record_sentence(tr: dict[str, Any]) -> str:
    """How the models did on earlier presets of this context, and which the record supports."""
    h = tr["horizon"]
    one = tr["scores"][h]
    names = tr["models"]
    shown = [m for m in ("no_change", "feasible", "eum", "median", "mean") if m in one]
    label = {m: "‘no change’" if m == "no_change" else f"the {names[m]}" for m in shown}
    rest = [f"{label[m]} by {one[m]['mae']:.0f}" for m in shown[1:]]
    errors = (
        f"{label[shown[0]]} was off by {one[shown[0]]['mae']:.0f} points on average (0-100 "
        f"scale)" + (f", {join_names(rest)}" if rest else "")
    )
    best = tr["best"]
    who = "assuming no change" if best == "no_change" else f"the {names[best]}"
    text = (
        f"Track record: over {plural(tr['forecasts'], 'forecast')} made from {tr['from_year']} "
        f"to {tr['to_year']} and checked {plural(h, 'year')} later, {errors}. "
        f"The record supports {who} best"
    )
    worse = [f"the {names[m]}" for m in sorted(tr["worse_than_no_change"])]
    if worse and best == "no_change":
        text += f"; {join_names(worse)} {verb(len(worse), 'has', 'have')} done worse than that"
    return text + "."


def _gap_text(gap: dict[str, Any]) -> str:
    moves = gap["concessions"]
    if moves:
        steps = join_names(
            [f"{c['issue_name']} from {c['from']:.0f} to {c['to']:.0f}" for c in moves]
        )
        return (
            f"moving the package's term on {steps} would bring it in, as would a side payment "
            "of that size"
        )
    return "no change within the issues suffices, only a side payment from outside them"


def _proposal_points(data: dict[str, Any]) -> list[str]:
    pr = data.get("proposals")
    if not pr or not pr["ranked"]:
        return []
    lines: list[str] = []
    ranked = [v for v in pr["ranked"] if v["kind"] != "status_quo"]
    if not ranked:
        return []
    passing = [v for v in ranked if v["p_all_required"] >= 0.5]
    total = len(ranked)
    if passing:
        best = passing[0]
        lines.append(
            f"Of {plural(total, 'package')} evaluated, {plural(len(passing), 'package')} "
            f"{verb(len(passing), 'has', 'have')} at least an even chance that every party "
            f"whose consent it needs accepts; {best['name']} comes first "
            f"({percent(best['p_all_required'])})."
        )
    else:
        lines.append(
            f"None of the {plural(total, 'package')} evaluated has an even chance that every "
            "party whose consent it needs accepts."
        )
    closest = pr["closest"]
    if closest and closest["gaps"]:
        gap = closest["gaps"][0]
        lines.append(
            f"{closest['name']} comes closest: the parties whose consent it needs lack "
            f"{closest['shortfall_total']:.3f} in utility in total (scale -1 to 0). The "
            f"largest gap is that of {gap['actor_name']} ({gap['utility']:.3f}): {_gap_text(gap)}."
        )
    empty = [z["name"] for z in pr["zones"] if z["veto_players"] and z["empty"]]
    if empty:
        lines.append(
            f"On {plural(len(empty), 'issue')} the veto players' positions leave no zone of "
            f"possible agreement at the stated values: {join_names(empty)}."
        )
    blockers: dict[str, int] = {}
    names = data.get("names", {})
    for v in ranked:
        for b in v["blockers"]:
            if b in v["required"]:
                blockers[b] = blockers.get(b, 0) + 1
    if blockers:
        top = sorted(blockers.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        lines.append(
            "Parties whose consent is needed and who block most packages at the stated values: "
            + join_names([f"{names.get(a, a)} ({n} of {total})" for a, n in top])
            + "."
        )
    return lines


def _trust_points(data: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    tr = data.get("trust")
    if tr and tr["single_interventions"]:
        top = tr["single_interventions"][0]
        count = len(tr["relationships"])
        lines.append(
            "The single intervention that raises the probability that cooperation holds the "
            f"most is {top['name'].lower()} ({top['mean_gain']:+.2f} on average over "
            f"{plural(count, 'relationship')})."
        )
        worst = tr["single_interventions"][-1]
        if worst["mean_gain"] < 0:
            why = worst.get("explanation")
            lines.append(
                f"In this model the one that lowers it most is {worst['name'].lower()} "
                f"({worst['mean_gain']:+.2f})" + (f": {why[0].lower()}{why[1:]}" if why else ".")
            )
    lines += _roadmap_points(data)
    return lines


def _roadmap_points(data: dict[str, Any]) -> list[str]:
    rm = data.get("roadmaps")
    if not rm or not rm["roadmaps"]:
        return []
    best = rm["roadmaps"][0]
    n = len(best["phases"])
    first = best["phases"][0]
    count = plural(len(rm["roadmaps"]), "roadmap")
    if best["expected_phases"] < 0.005:
        lines = [
            f"None of the {count} gets past its first phase in the draws."
            if len(rm["roadmaps"]) > 1
            else f"{best['name']}, the only roadmap evaluated, does not get past its first "
            "phase in the draws."
        ]
    else:
        lines = [
            f"Of {count}, {best['name']} gets furthest: on average it completes "
            f"{best['expected_phases']:.2f} of its {plural(n, 'phase')}; its first phase passes "
            f"with probability {first['p_reach']:.2f}"
            + (f" and all {n} with {best['p_complete']:.2f}." if n > 1 else ".")
        ]
    blocked = best["first_blocked"]
    if blocked:
        who = blocked["blockers"]
        lines.append(
            f"At the stated values phase {blocked['phase']} of {best['name']} "
            f"({blocked['name']}) is blocked "
            "by "
            + join_names(
                [f"{b['actor_name']} (lacking {b['utility']:.3f} in utility)" for b in who]
            )
            + "."
        )
    return lines


def _history_points(data: dict[str, Any]) -> list[str]:
    hist = data.get("history")
    if not hist:
        return []
    lines = [
        f"By {hist['as_of']} the knowledge base records "
        f"{plural(len(hist['agreements']), 'agreement')} and "
        f"{plural(len(hist['breakdowns']), 'breakdown')}."
    ]
    factors = sorted(hist["failure_factors"], key=lambda f: (-f["breakdowns"], f["id"]))
    if factors and factors[0]["breakdowns"] > 0:
        lines[0] = lines[0][:-1] + (
            f"; the failure factor most often supported by the sources is {factors[0]['label']} "
            f"({plural(factors[0]['breakdowns'], 'breakdown')})."
        )
    if hist["errata"]:
        n = len(hist["errata"])
        lines.append(
            f"{plural(n, 'statement')} of fact in {hist['errata_document']} "
            f"{verb(n, 'is', 'are')} corrected in the errata below."
        )
    return lines

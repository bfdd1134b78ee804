"""The summary's sentences on packages, trust-building, roadmaps and earlier attempts.

Like :mod:`panmun.report.summary`, every sentence is one template of the ``report``
catalogue with named values, restating numbers found elsewhere in the report.
"""

from __future__ import annotations

from typing import Any

from panmun.report.i18n import Texts
from panmun.report.text import join_names, number, percent, signed


def gap_text(gap: dict[str, Any], t: Texts) -> str:
    """What would bring one blocking party in: a change of the package, or a side payment."""
    moves = gap["concessions"]
    if moves:
        steps = join_names(
            [
                t.gettext(
                    "%(issue)s from %(a)s to %(b)s",
                    issue=c["issue_name"],
                    a=number(c["from"]),
                    b=number(c["to"]),
                )
                for c in moves
            ],
            t,
        )
        return t.gettext(
            "moving the package's term on %(steps)s would bring it in, as would a side payment "
            "of that size",
            steps=steps,
        )
    return t.gettext("no change within the issues suffices, only a side payment from outside them")


def moving_packages(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The evaluated packages other than the status quo, in the report's order."""
    pr = data.get("proposals")
    if not pr:
        return []
    return [v for v in pr["ranked"] if v["kind"] != "status_quo"]


def passing_sentence(data: dict[str, Any], t: Texts) -> str | None:
    """How many packages have an even chance, and which comes first (None: no packages)."""
    ranked = moving_packages(data)
    if not ranked:
        return None
    passing = [v for v in ranked if v["p_all_required"] >= 0.5]
    total = t.ngettext("%(n)s package", "%(n)s packages", len(ranked))
    if passing:
        best = passing[0]
        return t.ngettext(
            "Of %(total)s evaluated, %(n)s has at least an even chance that every party whose "
            "consent it needs accepts; %(best)s comes first (%(share)s).",
            "Of %(total)s evaluated, %(n)s have at least an even chance that every party whose "
            "consent it needs accepts; %(best)s comes first (%(share)s).",
            len(passing),
            total=total,
            best=best["name"],
            share=percent(best["p_all_required"], t),
        )
    return t.gettext(
        "None of the %(total)s evaluated has an even chance that every party whose consent it "
        "needs accepts.",
        total=total,
    )


def closest_sentence(data: dict[str, Any], t: Texts) -> str | None:
    """The package that comes closest and what it would take (None: nothing to say)."""
    pr = data.get("proposals") or {}
    closest = pr.get("closest")
    if not closest or not closest["gaps"]:
        return None
    gap = closest["gaps"][0]
    return t.gettext(
        "%(package)s comes closest: the parties whose consent it needs lack %(total)s in "
        "utility in total (scale -1 to 0). The largest gap is that of %(actor)s (%(gap)s): "
        "%(what)s.",
        package=closest["name"],
        total=number(closest["shortfall_total"], 3),
        actor=gap["actor_name"],
        gap=number(gap["utility"], 3),
        what=gap_text(gap, t),
    )


def proposal_points(data: dict[str, Any], t: Texts) -> list[str]:
    """The summary's points on packages: how many could pass, the closest, who blocks."""
    first = passing_sentence(data, t)
    if first is None:
        return []
    pr = data["proposals"]
    ranked = moving_packages(data)
    lines = [first]
    closest = closest_sentence(data, t)
    if closest:
        lines.append(closest)
    empty = [z["name"] for z in pr["zones"] if z["veto_players"] and z["empty"]]
    if empty:
        lines.append(
            t.ngettext(
                "On %(n)s issue the veto players' positions leave no zone of possible agreement "
                "at the stated values: %(issues)s.",
                "On %(n)s issues the veto players' positions leave no zone of possible agreement "
                "at the stated values: %(issues)s.",
                len(empty),
                issues=join_names(empty, t),
            )
        )
    blockers: dict[str, int] = {}
    names = data.get("names", {})
    for v in ranked:
        for b in v["blockers"]:
            if b in v["required"]:
                blockers[b] = blockers.get(b, 0) + 1
    if blockers:
        top = sorted(blockers.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        who = [
            t.gettext(
                "%(actor)s (%(count)s of %(total)s)",
                actor=names.get(a, a),
                count=n,
                total=len(ranked),
            )
            for a, n in top
        ]
        lines.append(
            t.gettext(
                "Parties whose consent is needed and who block most packages at the stated "
                "values: %(parties)s.",
                parties=join_names(who, t),
            )
        )
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def trust_points(data: dict[str, Any], t: Texts) -> list[str]:
    """The summary's points on the interventions that help and harm cooperation most."""
    tr = data.get("trust")
    if not tr or not tr["single_interventions"]:
        return []
    top = tr["single_interventions"][0]
    lines = [
        t.ngettext(
            "The single intervention that raises the probability that cooperation holds the "
            "most is %(name)s (%(gain)s on average over %(n)s relationship).",
            "The single intervention that raises the probability that cooperation holds the "
            "most is %(name)s (%(gain)s on average over %(n)s relationships).",
            len(tr["relationships"]),
            name=top["name"].lower(),
            gain=signed(top["mean_gain"], 2),
        )
    ]
    worst = tr["single_interventions"][-1]
    if worst["mean_gain"] < 0:
        values = {"name": worst["name"].lower(), "gain": signed(worst["mean_gain"], 2)}
        why = worst.get("explanation")
        if why:
            lines.append(
                t.gettext(
                    "In this model the one that lowers it most is %(name)s (%(gain)s): %(why)s",
                    why=_lower_first(why),
                    **values,
                )
            )
        else:
            lines.append(
                t.gettext(
                    "In this model the one that lowers it most is %(name)s (%(gain)s).", **values
                )
            )
    return lines


def roadmap_points(data: dict[str, Any], t: Texts) -> list[str]:
    """The summary's points on the roadmap that gets furthest and where it is blocked."""
    rm = data.get("roadmaps")
    if not rm or not rm["roadmaps"]:
        return []
    best = rm["roadmaps"][0]
    n = len(best["phases"])
    first = best["phases"][0]
    count = t.ngettext("%(n)s roadmap", "%(n)s roadmaps", len(rm["roadmaps"]))
    if best["expected_phases"] < 0.005:
        if len(rm["roadmaps"]) > 1:
            lines = [
                t.gettext(
                    "None of the %(count)s gets past its first phase in the draws.", count=count
                )
            ]
        else:
            lines = [
                t.gettext(
                    "%(roadmap)s, the only roadmap evaluated, does not get past its first phase "
                    "in the draws.",
                    roadmap=best["name"],
                )
            ]
    else:
        values = {
            "count": count,
            "roadmap": best["name"],
            "expected": number(best["expected_phases"], 2),
            "phases": t.ngettext("%(n)s phase", "%(n)s phases", n),
            "first": number(first["p_reach"], 2),
            "all": number(best["p_complete"], 2),
            "n": n,
        }
        if n > 1:
            lines = [
                t.gettext(
                    "Of %(count)s, %(roadmap)s gets furthest: on average it completes "
                    "%(expected)s of its %(phases)s; its first phase passes with probability "
                    "%(first)s and all %(n)s with %(all)s.",
                    **values,
                )
            ]
        else:
            lines = [
                t.gettext(
                    "Of %(count)s, %(roadmap)s gets furthest: on average it completes "
                    "%(expected)s of its %(phases)s; its first phase passes with probability "
                    "%(first)s.",
                    **values,
                )
            ]
    blocked = best["first_blocked"]
    if blocked:
        who = [
            t.gettext(
                "%(actor)s (lacking %(utility)s in utility)",
                actor=b["actor_name"],
                utility=number(b["utility"], 3),
            )
            for b in blocked["blockers"]
        ]
        lines.append(
            t.gettext(
                "At the stated values phase %(phase)s of %(roadmap)s (%(name)s) is blocked by "
                "%(blockers)s.",
                phase=blocked["phase"],
                roadmap=best["name"],
                name=blocked["name"],
                blockers=join_names(who, t),
            )
        )
    return lines


def history_points(data: dict[str, Any], t: Texts) -> list[str]:
    """The summary's points on what the knowledge base records by the scenario's date."""
    hist = data.get("history")
    if not hist:
        return []
    values = {
        "date": hist["as_of"],
        "agreements": t.ngettext("%(n)s agreement", "%(n)s agreements", len(hist["agreements"])),
        "breakdowns": t.ngettext("%(n)s breakdown", "%(n)s breakdowns", len(hist["breakdowns"])),
    }
    factors = sorted(hist["failure_factors"], key=lambda f: (-f["breakdowns"], f["id"]))
    if factors and factors[0]["breakdowns"] > 0:
        lines = [
            t.gettext(
                "By %(date)s the knowledge base records %(agreements)s and %(breakdowns)s; the "
                "failure factor most often supported by the sources is %(factor)s (%(count)s).",
                factor=factors[0]["label"],
                count=t.ngettext("%(n)s breakdown", "%(n)s breakdowns", factors[0]["breakdowns"]),
                **values,
            )
        ]
    else:
        lines = [
            t.gettext(
                "By %(date)s the knowledge base records %(agreements)s and %(breakdowns)s.",
                **values,
            )
        ]
    if hist["errata"]:
        lines.append(
            t.ngettext(
                "%(n)s statement of fact in %(document)s is corrected in the errata below.",
                "%(n)s statements of fact in %(document)s are corrected in the errata below.",
                len(hist["errata"]),
                document=hist["errata_document"],
            )
        )
    return lines

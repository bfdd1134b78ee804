"""The summary for decision-makers: short, neutral sentences computed from the report data.

Every sentence restates numbers found elsewhere in the report and names actors and issues by
name; nothing here is written per scenario. The forecasts lead with the feasible outcome
(the bargaining forecast within what every veto player accepts), and say when the bargaining
has not settled or rests on minor actors.

Each sentence is one template of the ``report`` catalogue with named values, so that a
translation can order its words freely (:mod:`panmun.report.i18n`); the functions take the
:class:`~panmun.report.i18n.Texts` of the language to write in (English by default).
"""

from __future__ import annotations

from typing import Any

from panmun.report.i18n import Texts, texts
from panmun.report.text import join_names, number, percent, signed
from panmun.report.vocabulary import MODEL_IN_SENTENCE

#: A feasible outcome within this share of the scale of the status quo "stays near" it.
NEAR = 0.05


def direction(i: dict[str, Any]) -> str:
    """Where an issue's feasible outcome lies from its status quo: near, above or below."""
    width = i["scale"][1] - i["scale"][0]
    shift = i["feasible"] - i["status_quo"]
    if abs(shift) < NEAR * width:
        return "near"
    return "above" if shift > 0 else "below"


def _consent_sentence(i: dict[str, Any], t: Texts) -> str:
    c = i["consent"]
    names = i["veto_player_names"]
    if not names:
        return t.gettext("No party holds a veto on this issue in the scenario.")
    values = {"names": join_names(names, t), "share": percent(c["p_moves"], t)}
    if len(names) > 1:
        text = t.gettext(
            "%(names)s must consent; the status quo moves in %(share)s of the draws.", **values
        )
    else:
        text = t.gettext(
            "%(names)s must consent alone; the status quo moves in %(share)s of the draws.",
            **values,
        )
    if c["holder"] is not None and c["holder_loss"] is not None:
        held = {
            "holder": i["holder_name"],
            "point": number(i["point_forecast"]),
            "loss": number(c["holder_loss"], 3),
        }
        if c["win_set_empty"]:
            text += " " + t.gettext(
                "At the stated values %(holder)s holds the status quo: the move that "
                "bargaining pressure points to (%(point)s) would cost it %(loss)s in utility.",
                **held,
            )
        else:
            text += " " + t.gettext(
                "At the stated values %(holder)s stops the move at %(stop)s: the move that "
                "bargaining pressure points to (%(point)s) would cost it %(loss)s in utility.",
                stop=number(c["feasible_point"]),
                **held,
            )
    return text


def some_names(names: list[str], t: Texts, shown: int = 3) -> str:
    """Up to ``shown`` names, then how many others."""
    if len(names) <= shown:
        return join_names(names, t)
    rest = t.ngettext("%(n)s other", "%(n)s others", len(names) - shown)
    return join_names([*names[:shown], rest], t)


def _settling_sentence(i: dict[str, Any], t: Texts) -> str:
    st = i["settling"]
    shares = st["shares"]
    unsettled = shares["cycling"] + shares["moving"]
    lo, hi = st["forecast_range"]
    steady = hi - lo < 0.5
    values = {
        "low": number(lo),
        "high": number(hi),
        "period": st["period"],
        "share": percent(unsettled, t),
    }
    if st["status"] == "cycling":
        if steady:
            return t.gettext(
                "The bargaining cycles at the stated values (period %(period)s rounds; the "
                "unconstrained forecast stays at %(low)s through the cycle); it cycles or keeps "
                "moving in %(share)s of the draws.",
                **values,
            )
        return t.gettext(
            "The bargaining cycles at the stated values (period %(period)s rounds; the "
            "unconstrained forecast runs over %(low)s-%(high)s); it cycles or keeps moving in "
            "%(share)s of the draws.",
            **values,
        )
    if st["status"] == "converging":
        if steady:
            return t.gettext(
                "The bargaining is still converging at the stated values (the unconstrained "
                "forecast stays at %(low)s while positions keep changing); it cycles or keeps "
                "moving in %(share)s of the draws.",
                **values,
            )
        return t.gettext(
            "The bargaining is still converging at the stated values (the unconstrained "
            "forecast ranged %(low)s-%(high)s over the last rounds); it cycles or keeps moving "
            "in %(share)s of the draws.",
            **values,
        )
    if st["status"] == "moving":
        if steady:
            return t.gettext(
                "The bargaining has not settled at the stated values (the unconstrained "
                "forecast stays at %(low)s while positions keep changing); it cycles or keeps "
                "moving in %(share)s of the draws.",
                **values,
            )
        return t.gettext(
            "The bargaining has not settled at the stated values (the unconstrained forecast "
            "ranged %(low)s-%(high)s over the last rounds); it cycles or keeps moving in "
            "%(share)s of the draws.",
            **values,
        )
    if unsettled >= 0.5:
        return t.gettext(
            "The bargaining settles at the stated values but not in most draws; it cycles or "
            "keeps moving in %(share)s of the draws.",
            **values,
        )
    return ""


def feasible_sentence(i: dict[str, Any], t: Texts, lead: str | None = None) -> str:
    """The first sentence on an issue: its feasible outcome, and where that lies."""
    band = i["consent"]["feasible"]
    values = {
        "issue": i["name"],
        "value": number(i["feasible"]),
        "low": number(band["p05"]),
        "high": number(band["p95"]),
        "label": i["feasible_label"],
        "sq": number(i["status_quo"]),
        "sq_label": i["status_quo_label"],
    }
    if lead == "no_change":
        return t.gettext(
            "%(issue)s: on the record, expect the status quo to hold (%(sq)s, “%(sq_label)s”); "
            "the feasible outcome is %(value)s (5-95 %% band %(low)s-%(high)s), “%(label)s”.",
            **values,
        )
    where = direction(i)
    if where == "near":
        return t.gettext(
            "%(issue)s: the feasible outcome is %(value)s (5-95 %% band %(low)s-%(high)s), "
            "“%(label)s”; it stays near the status quo (%(sq)s).",
            **values,
        )
    if where == "above":
        return t.gettext(
            "%(issue)s: the feasible outcome is %(value)s (5-95 %% band %(low)s-%(high)s), "
            "“%(label)s”; it moves above the status quo (%(sq)s).",
            **values,
        )
    return t.gettext(
        "%(issue)s: the feasible outcome is %(value)s (5-95 %% band %(low)s-%(high)s), "
        "“%(label)s”; it moves below the status quo (%(sq)s).",
        **values,
    )


def _issue_sentence(i: dict[str, Any], t: Texts, lead: str | None = None) -> str:
    lines = [feasible_sentence(i, t, lead), _consent_sentence(i, t)]
    unc = i["unconstrained"]
    if abs(unc["median"] - i["feasible"]) >= 0.5:
        lines.append(
            t.gettext(
                "Where bargaining pressure points if nobody could veto: %(value)s, “%(label)s”.",
                value=number(unc["median"]),
                label=i["unconstrained_label"],
            )
        )
    settle = _settling_sentence(i, t)
    if settle:
        lines.append(settle)
    minor = i["minor_actors"]
    if minor["depends"]:
        lines.append(
            t.gettext(
                "The forecast rests on actors of little clout here (%(names)s): without them "
                "it moves by %(shift)s, and their inputs explain %(share)s of its variance.",
                names=some_names(i["minor_actor_names"], t),
                shift=signed(minor["shift"]),
                share=percent(minor["variance_share"], t),
            )
        )
    return " ".join(lines)


def ranked_issues(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The forecast issues, those whose feasible outcome moves furthest first."""
    return sorted(
        data["forecasts"]["issues"],
        key=lambda i: (-abs(i["feasible"] - i["status_quo"]) / (i["scale"][1] - i["scale"][0]),
                       i["issue"]),
    )  # fmt: skip


def record_lead(data: dict[str, Any]) -> str | None:
    """The model the track record supports best, when the scenario has a record."""
    tr = data.get("track_record") or {}
    best: str | None = tr.get("best") if tr.get("available") else None
    return best


def summary_points(data: dict[str, Any], t: Texts | None = None) -> dict[str, list[str]]:
    """Return the summary's bullet points by theme, in the language of ``t`` (English)."""
    t = t or texts()
    out: dict[str, list[str]] = {"forecasts": [], "proposals": [], "trust": [], "history": []}
    if data.get("forecasts"):
        lead = record_lead(data)
        record = [record_sentence(data["track_record"], t)] if lead else []
        out["forecasts"] = record + [_issue_sentence(i, t, lead) for i in ranked_issues(data)]
    from panmun.report.summary_packages import (
        history_points,
        proposal_points,
        roadmap_points,
        trust_points,
    )

    out["proposals"] = proposal_points(data, t)
    out["trust"] = trust_points(data, t) + roadmap_points(data, t)
    out["history"] = history_points(data, t)
    return out


def model_in_sentence(model: str, names: dict[str, str], t: Texts) -> str:
    """A model's name as a sentence says it (``the weighted median``)."""
    if model in MODEL_IN_SENTENCE:
        return t.gettext(MODEL_IN_SENTENCE[model])
    return names.get(model, model)


def record_sentence(tr: dict[str, Any], t: Texts) -> str:
    """How the models did on earlier presets of this context, and which the record supports."""
    h = tr["horizon"]
    one = tr["scores"][str(h)] if str(h) in tr["scores"] else tr["scores"][h]
    names = tr["models"]
    shown = [m for m in ("no_change", "feasible", "eum", "median", "mean") if m in one]
    label = {m: model_in_sentence(m, names, t) for m in shown}
    errors = [
        t.gettext(
            "%(model)s was off by %(error)s points on average (0-100 scale)",
            model=label[shown[0]],
            error=number(one[shown[0]]["mae"]),
        )
    ] + [
        t.gettext("%(model)s by %(error)s", model=label[m], error=number(one[m]["mae"]))
        for m in shown[1:]
    ]
    text = t.ngettext(
        "Track record: over %(n)s forecast made from %(start)s to %(end)s and checked "
        "%(later)s later, %(errors)s.",
        "Track record: over %(n)s forecasts made from %(start)s to %(end)s and checked "
        "%(later)s later, %(errors)s.",
        tr["forecasts"],
        start=tr["from_year"],
        end=tr["to_year"],
        later=t.ngettext("%(n)s year", "%(n)s years", h),
        errors=join_names(errors, t),
    )
    best = tr["best"]
    who = (
        t.gettext("assuming no change")
        if best == "no_change"
        else model_in_sentence(best, names, t)
    )
    worse = [model_in_sentence(m, names, t) for m in sorted(tr["worse_than_no_change"])]
    if worse and best == "no_change":
        verdict = t.ngettext(
            "The record supports %(who)s best; %(models)s has done worse than that.",
            "The record supports %(who)s best; %(models)s have done worse than that.",
            len(worse),
            who=who,
            models=join_names(worse, t),
        )
    else:
        verdict = t.gettext("The record supports %(who)s best.", who=who)
    return f"{text} {verdict}"

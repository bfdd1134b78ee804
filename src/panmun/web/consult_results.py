"""What a consultation's answers add up to: round statistics, the pooled result, the new
scenario version, and the pseudonymous export.

Numbers come from :mod:`panmun.consult` (Delphi statistics, the linear opinion pool and
Cooke's classical model); this module only gathers the answers from storage and arranges the
results for the pages.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from panmun.scenario.loader import scenario_from_data, to_data
from panmun.scenario.models import Scenario
from panmun.web.consultations import Answer, Consultations, Info, Item


def _matrix(
    items: tuple[Item, ...], answers: dict[int, dict[int, Answer]]
) -> tuple[list[int], np.ndarray]:
    """Participants who answered every one of ``items``, and their (low, best, high) as an
    array of shape (participants, items, 3)."""
    complete = [pid for pid in sorted(answers) if all(i.number in answers[pid] for i in items)]
    q = np.array(
        [
            [
                [
                    answers[pid][i.number].low,
                    answers[pid][i.number].best,
                    answers[pid][i.number].high,
                ]
                for i in items
            ]
            for pid in complete
        ],
        dtype=np.float64,
    ).reshape(len(complete), len(items), 3)
    return complete, q


def _item_stats(
    item: Item, values: list[float], pairs: list[tuple[float, float]], info: Info
) -> dict[str, Any]:
    """One question's round statistics; ``pairs`` are (last round, this round) best estimates
    of the participants who answered it in both."""
    from panmun.consult import delphi

    width = item.hi - item.lo
    if not values:
        return {"number": item.number, "n": 0}
    stats = delphi.round_statistics(np.array(values)[:, None])
    median, q25, q75 = (float(stats.median[0]), float(stats.q25[0]), float(stats.q75[0]))
    iqr = q75 - q25
    out: dict[str, Any] = {
        "number": item.number,
        "n": len(values),
        "median": median,
        "q25": q25,
        "q75": q75,
        "iqr": iqr,
        "iqr_share": iqr / width if width > 0 else 0.0,
        "converged": bool(delphi.converged(np.array([iqr]), width, info.stop_iqr)[0]),
        "stable": None,
    }
    if pairs:
        before, after = np.array(pairs).T
        out["stable"] = bool(
            delphi.stable(before[:, None], after[:, None], info.stop_tolerance,
                          scale_width=width)[0]
        )  # fmt: skip
    return out


def summary(store: Consultations, info: Info) -> dict[str, Any]:
    """The facilitator's view of the current round: per-question statistics, Kendall's W, and
    (once the consultation has answers) the pooled result with each participant's scores."""
    from panmun.consult import delphi

    rnd = info.current_round
    if rnd == 0:
        return {"round": 0, "items": [], "kendall": None, "result": None}
    now = store.round_answers(info.id, rnd)
    before = store.round_answers(info.id, rnd - 1) if rnd > 1 else {}
    rows = []
    for item in info.questions:
        n = item.number
        values = [a[n].best for a in now.values() if n in a]
        pairs = [(before[pid][n].best, a[n].best) for pid, a in now.items()
                 if n in a and n in before.get(pid, {})]  # fmt: skip
        rows.append(_item_stats(item, values, pairs, info))
    kendall = None
    complete, q = _matrix(info.questions, now)
    if len(complete) >= 2 and len(info.questions) >= 2:
        best = (q[:, :, 1] - np.array([i.lo for i in info.questions])) / np.array(
            [max(i.hi - i.lo, 1e-12) for i in info.questions]
        )
        w = delphi.kendall_w(best)
        kendall = {"w": float(w.w), "p_value": float(w.p_value), "participants": len(complete)}
    return {
        "round": rnd,
        "items": rows,
        "kendall": kendall,
        "all_converged": bool(rows) and all(r.get("converged") for r in rows),
        "all_stable": rnd > 1 and bool(rows) and all(r.get("stable") for r in rows),
        "result": pooled(store, info),
    }


def pooled(store: Consultations, info: Info) -> dict[str, Any] | None:
    """The pooled result of the latest round: per question the pool's 5, 50 and 95 %
    quantiles; with calibration questions, each participant's calibration and information
    scores and the performance weights (Cooke's classical model)."""
    from panmun.consult import cooke
    from panmun.consult.pooling import pool

    answers = store.round_answers(info.id, info.current_round)
    complete, q = _matrix(info.questions, answers)
    if not complete:
        return None
    names = store.pseudonyms(info.id)
    lo = np.array([i.lo for i in info.questions])
    hi = np.array([i.hi for i in info.questions])
    weights = None
    scores: list[dict[str, Any]] = []
    method = "equal"
    cal = info.calibration
    if cal:
        cal_ids, cq = _matrix(cal, answers)
        if cal_ids:
            truth = np.array([i.truth for i in cal], dtype=np.float64)
            ranges = cooke.intrinsic_range(cq, truth)
            c = cooke.calibration(cq, truth).score
            inf = cooke.information(cq, ranges).score
            scores = [
                {"pseudonym": names[pid], "calibration": float(c[k]), "information": float(inf[k])}
                for k, pid in enumerate(cal_ids)
            ]
            if info.pooling == "cooke":
                by_pid = dict(zip(cal_ids, cooke.weights(c, inf), strict=True))
                raw = np.array([by_pid.get(pid, 0.0) for pid in complete])
                if raw.sum() > 0:
                    weights = raw
                    method = "cooke"
                    for row, pid in zip(scores, cal_ids, strict=True):
                        row["weight"] = float(by_pid[pid])
    result = pool(q, weights, lo, hi)
    return {
        "method": method,
        "participants": len(complete),
        "round": info.current_round,
        "items": [
            {
                "number": item.number,
                "q05": float(result.q05[k]),
                "q50": float(result.q50[k]),
                "q95": float(result.q95[k]),
            }
            for k, item in enumerate(info.questions)
        ],
        "scores": scores,
    }


METHOD_TEXT = {
    "equal": "the equal-weight linear opinion pool",
    "cooke": "the performance-weight linear opinion pool (Cooke's classical model)",
}


def apply_result(store: Consultations, info: Info, scenario: Scenario) -> Scenario:
    """``scenario`` with each elicited value replaced by the pooled median and its 90 % range,
    citing the consultation as a source (beside the analyst's sources it had)."""
    result = pooled(store, info)
    if result is None:
        from panmun.errors import InputError

        raise InputError([f"consultation {info.id}: no participant answered every question"])
    data = to_data(scenario)
    source_id = f"consultation-{info.id}"
    method = METHOD_TEXT[result["method"]]
    note = (
        f"Pooled from {result['participants']} participants' 90 % intervals after "
        f"{info.current_round} Delphi round{'s' if info.current_round != 1 else ''}, by {method}."
    )
    data["sources"] = [s for s in data["sources"] if s["id"] != source_id] + [
        {
            "id": source_id,
            "title": f"Consultation: {info.title}",
            "author": "Participants of a panmun consultation (pseudonymous)",
            "date": (info_date := _today()),
            "note": note,
            "consultation": str(info.id),
        }
    ]
    by_item = {r["number"]: r for r in result["items"]}
    index = {(p["actor"], p["issue"]): p for p in data["positions"]}
    for item in info.questions:
        pooled_item = by_item[item.number]
        pos = index[(item.actor, item.issue)]
        field = str(item.field)
        pos[field] = pooled_item["q50"]
        pos[f"{field}_range"] = [pooled_item["q05"], pooled_item["q95"]]
        if source_id not in pos["sources"]:
            pos["sources"] = [source_id, *pos.get("sources", [])]
        pos.pop("estimate", None)
        pos["rationale"] = (
            f"{field.capitalize()} from consultation {info.id} ({info_date}): {note} "
            f"Before: {pos['rationale']}"
        )[:2000]
    return scenario_from_data(data, f"consultation {info.id}")


def _today() -> str:
    from panmun.web.accounts import now

    return now().date().isoformat()


def participant_view(store: Consultations, info: Info, participant_id: int) -> dict[str, Any]:
    """What one participant sees: their answers this round and last, and from the second
    round on the group's median and interquartile range and the others' reasons (no names)."""
    rnd = info.current_round
    mine = store.round_answers(info.id, rnd).get(participant_id, {}) if rnd else {}
    previous = store.round_answers(info.id, rnd - 1) if rnd > 1 else {}
    group: dict[int, dict[str, Any]] = {}
    for item in info.items:
        values = [a[item.number].best for a in previous.values() if item.number in a]
        if not values:
            continue
        q25, median, q75 = (float(x) for x in np.percentile(values, [25, 50, 75]))
        reasons = sorted(
            a[item.number].reason
            for pid, a in previous.items()
            if item.number in a and a[item.number].reason.strip() and pid != participant_id
        )
        group[item.number] = {
            "median": median,
            "q25": q25,
            "q75": q75,
            "n": len(values),
            "reasons": reasons,
        }
    return {
        "round": rnd,
        "mine": mine,
        "previous": previous.get(participant_id, {}),
        "group": group,
    }


def export_rows(store: Consultations, info: Info) -> list[dict[str, Any]]:
    """Every answer of every round under its pseudonym (withdrawn participants left out)."""
    names = store.pseudonyms(info.id)
    items = {i.number: i for i in info.items}
    rows = []
    for rnd in range(1, info.current_round + 1):
        for pid, answers in sorted(store.round_answers(info.id, rnd).items()):
            for number, a in sorted(answers.items()):
                item = items[number]
                rows.append(
                    {
                        "pseudonym": names[pid],
                        "round": rnd,
                        "question": number,
                        "kind": item.kind,
                        "actor": item.actor or "",
                        "issue": item.issue or "",
                        "field": item.field or "",
                        "best": a.best,
                        "low": a.low,
                        "high": a.high,
                        "confidence": a.confidence,
                        "reason": a.reason,
                        "sources": list(a.sources),
                    }
                )
    return rows

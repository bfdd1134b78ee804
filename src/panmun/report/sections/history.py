"""What was tried before and why it failed: agreements, breakdowns and the paper's errata."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from panmun.scenario.base import citable_at, first_day

if TYPE_CHECKING:
    from panmun.scenario.models import Scenario

#: The outcome label of a provision whose fate was not yet known at the scenario's date.
PENDING = "not yet known at this date"


def history_section(scenario: Scenario) -> dict[str, Any] | None:
    """Summarise the shipped knowledge base as it stood at the scenario's date.

    Only for a scenario whose context carries the knowledge base (None otherwise). Entries
    dated after ``as_of`` are left out, a provision's outcome that became clear after it
    counts as not yet known, and the errata of the context's errata document appear only
    once that document was published.
    """
    from panmun.knowledge.catalogue import shipped_catalogue
    from panmun.knowledge.records import OUTCOME_LABELS, Agreement
    from panmun.scenario.contexts import get_context
    from panmun.scenario.loader import library

    ctx = get_context(scenario.context)
    if ctx is None or not ctx.knowledge_base:
        return None
    as_of = scenario.as_of
    shipped = library()["sources"]

    def cite(ids: tuple[str, ...]) -> list[str]:
        """The sources of a record that the scenario's date can cite."""
        return [i for i in ids if i not in shipped or citable_at(shipped[i], as_of)]

    labels = {**OUTCOME_LABELS, "pending": PENDING}
    factor_labels = ctx.failure_factor_labels()
    cat = shipped_catalogue(ctx.id)
    known = [e for e in cat.entries if e.date <= as_of]
    agreements = []
    causes: dict[str, Counter[str]] = {}
    for e in sorted(known, key=lambda x: (x.date, x.id)):
        if not isinstance(e, Agreement):
            continue
        fates = [
            p.outcome if first_day(p.outcome_date) <= as_of else "pending" for p in e.provisions
        ]
        outcomes = Counter(fates)
        for p, fate in zip(e.provisions, fates, strict=True):
            for rc in p.root_causes:
                causes.setdefault(rc, Counter())[fate] += 1
        agreements.append(
            {
                "id": e.id,
                "date": e.date.isoformat(),
                "title": e.title,
                "provisions": len(e.provisions),
                "outcomes": {labels[k]: v for k, v in sorted(outcomes.items())},
                "sources": cite(e.sources),
            }
        )
    breakdowns = [
        {
            "id": e.id,
            "date": e.date.isoformat(),
            "title": e.title,
            "kind": e.kind,
            "factors": [factor_labels[f] for f in e.failure_factors],
            "note": e.failure_note,
            "sources": cite(e.sources),
        }
        for e in sorted(known, key=lambda x: (x.date, x.id))
        if e.failure_factors
    ]
    factor_counts: Counter[str] = Counter(f for e in known for f in e.failure_factors)
    doc = shipped.get(ctx.errata_document or "")
    errata_known = doc is not None and first_day(str(doc["date"])) <= as_of
    return {
        "agreements": agreements,
        "breakdowns": breakdowns,
        "failure_factors": [
            {"id": f, "label": label, "breakdowns": factor_counts.get(f, 0)}
            for f, label in factor_labels.items()
        ],
        "root_cause_outcomes": {
            rc: {labels[k]: v for k, v in sorted(c.items())} for rc, c in causes.items()
        },
        "errata": [
            {
                "section": x.section,
                "claim": x.claim,
                "verdict": x.verdict,
                "correction": x.correction,
                "sources": cite(x.sources),
            }
            for x in cat.errata
            if x.verdict != "confirmed" and errata_known
        ],
        "as_of": as_of.isoformat(),
        "status_quo": _status_quo_history(scenario, cite),
        "errata_document": f"“{doc['title']}”" if doc is not None else None,
    }


def _status_quo_history(
    scenario: Scenario, cite: Callable[[tuple[str, ...]], list[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Each issue's status-quo history up to the scenario's date (issues without one: none),
    citing only the sources ``cite`` lets the scenario's date cite."""
    from panmun.history import shipped_history

    history = shipped_history()
    out: dict[str, list[dict[str, Any]]] = {}
    for issue in scenario.issues:
        h = history.get(issue.id)
        if h is None:
            continue
        out[issue.id] = [
            {
                "date": p.date.isoformat(),
                "value": p.value,
                "low": p.value_range[0],
                "high": p.value_range[1],
                "sources": cite(p.sources),
            }
            for p in h.until(scenario.as_of).points
        ]
    return out

"""What was tried before and why it failed: agreements, breakdowns and the paper's errata."""

from __future__ import annotations

from collections import Counter
from typing import Any


def history_section() -> dict[str, Any]:
    """Summarise the shipped knowledge base (read directly from the shipped records)."""
    from panmun.knowledge.catalogue import shipped_catalogue
    from panmun.knowledge.records import FAILURE_FACTOR_LABELS, OUTCOME_LABELS, Agreement

    cat = shipped_catalogue()
    agreements = []
    causes: dict[str, Counter[str]] = {}
    for e in sorted(cat.entries, key=lambda x: (x.date, x.id)):
        if not isinstance(e, Agreement):
            continue
        outcomes = Counter(p.outcome for p in e.provisions)
        for p in e.provisions:
            for rc in p.root_causes:
                causes.setdefault(rc, Counter())[p.outcome] += 1
        agreements.append(
            {
                "id": e.id,
                "date": e.date.isoformat(),
                "title": e.title,
                "provisions": len(e.provisions),
                "outcomes": {OUTCOME_LABELS[k]: v for k, v in sorted(outcomes.items())},
                "sources": list(e.sources),
            }
        )
    breakdowns = [
        {
            "id": e.id,
            "date": e.date.isoformat(),
            "title": e.title,
            "kind": e.kind,
            "factors": [FAILURE_FACTOR_LABELS[f] for f in e.failure_factors],
            "note": e.failure_note,
            "sources": list(e.sources),
        }
        for e in sorted(cat.entries, key=lambda x: (x.date, x.id))
        if e.failure_factors
    ]
    factor_counts: Counter[str] = Counter(f for e in cat.entries for f in e.failure_factors)
    return {
        "agreements": agreements,
        "breakdowns": breakdowns,
        "failure_factors": [
            {"id": f, "label": label, "breakdowns": factor_counts.get(f, 0)}
            for f, label in FAILURE_FACTOR_LABELS.items()
        ],
        "root_cause_outcomes": {
            rc: {OUTCOME_LABELS[k]: v for k, v in sorted(c.items())} for rc, c in causes.items()
        },
        "errata": [
            {
                "section": x.section,
                "claim": x.claim,
                "verdict": x.verdict,
                "correction": x.correction,
                "sources": list(x.sources),
            }
            for x in cat.errata
            if x.verdict != "confirmed"
        ],
    }

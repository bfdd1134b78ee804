"""The typed queries of KnowledgeBase, on SQLite and PostgreSQL, checked against answers
computed directly from the shipped records."""

from __future__ import annotations

import datetime as dt
import doctest
from collections import Counter
from collections.abc import Callable

import pytest

from panmun.errors import InputError
from panmun.knowledge import api
from panmun.knowledge.api import KnowledgeBase, ProvisionStatus, date_bound
from panmun.knowledge.catalogue import shipped_catalogue
from panmun.knowledge.records import Agreement, Erratum, root_cause_labels
from panmun.scenario.models import Source

CAT = shipped_catalogue()


@pytest.fixture
def kb(seeded_url: str, open_kb: Callable[..., KnowledgeBase]) -> KnowledgeBase:
    return open_kb(seeded_url)


def _overlaps(e: object, lo: dt.date, hi: dt.date) -> bool:
    start = e.date  # type: ignore[attr-defined]  # any entry
    stop = e.end_date or start  # type: ignore[attr-defined]  # any entry
    return start <= hi and stop >= lo


def test_timeline_is_the_whole_catalogue_in_date_order(kb: KnowledgeBase) -> None:
    items = kb.timeline()
    assert {i.id for i in items} == {e.id for e in CAT.entries}
    assert [i.date for i in items] == sorted(i.date for i in items)


@pytest.mark.parametrize(
    ("start", "end"), [("2018", "2019"), ("2009-04", "2009-05-31"), ("1953-07-27", "1953-07-27")]
)
def test_timeline_period_filter(kb: KnowledgeBase, start: str, end: str) -> None:
    lo, hi = date_bound(start), date_bound(end, end=True)
    assert lo is not None and hi is not None
    expected = {e.id for e in CAT.entries if _overlaps(e, lo, hi)}
    assert {i.id for i in kb.timeline(start=start, end=end)} == expected
    assert expected


def test_talks_overlapping_a_period_are_included(kb: KnowledgeBase) -> None:
    ids = {i.id for i in kb.timeline(start="2005", end="2005")}
    assert "six-party-talks" in ids  # 2003-2008 spans 2005


@pytest.mark.parametrize("issue", ["denuclearization", "two_states", "humanitarian"])
def test_timeline_issue_filter_includes_provision_codes(kb: KnowledgeBase, issue: str) -> None:
    expected = {
        e.id
        for e in CAT.entries
        if issue in e.issues or any(issue in p.issues for p in getattr(e, "provisions", ()))
    }
    assert {i.id for i in kb.timeline(issue=issue)} == expected


def test_timeline_kind_filter(kb: KnowledgeBase) -> None:
    items = kb.timeline(kind="talks", start="2019", end="2024")
    assert [i.id for i in items] == [
        "kim-xi-summits-2018-2019",  # overlaps 2019: the last meeting was in June 2019
        "hanoi-summit-2019",
        "vladivostok-summit-2019",
        "dmz-meeting-2019",
        "stockholm-talks-2019",
        "vostochny-summit-2023",
    ]
    assert all(i.provisions == 0 for i in items)
    agreements = kb.timeline(kind="agreement", issue="security_posture", end="1999")
    assert [i.id for i in agreements] == [
        "armistice-1953",
        "joint-communique-1972",
        "basic-agreement-1991",
        "us-dprk-joint-statement-1993",
        "agreed-framework-1994",
    ]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"issue": "unification"}, "--issue"),
        ({"kind": "treaty"}, "--kind"),
        ({"start": "2019-13"}, "--from"),
        ({"end": "yesterday"}, "--to"),
        ({"start": "2020", "end": "2019"}, "is after"),
    ],
)
def test_timeline_bad_arguments(kb: KnowledgeBase, kwargs: dict[str, str], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        kb.timeline(**kwargs)


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2018", False, dt.date(2018, 1, 1)),
        ("2018", True, dt.date(2018, 12, 31)),
        ("2020-02", True, dt.date(2020, 2, 29)),
        ("2019-12", True, dt.date(2019, 12, 31)),
        ("2019-12", False, dt.date(2019, 12, 1)),
        ("2019-06-30", True, dt.date(2019, 6, 30)),
        (None, False, None),
    ],
)
def test_date_bound(text: str | None, end: bool, expected: dt.date | None) -> None:
    assert date_bound(text, end=end) == expected


def test_show_each_kind_of_record(kb: KnowledgeBase) -> None:
    entry = kb.show("panmunjom-declaration-2018")
    assert entry == next(e for e in CAT.entries if e.id == "panmunjom-declaration-2018")
    prov = kb.show("cma-2018.guard-posts")
    assert isinstance(prov, ProvisionStatus)
    assert prov.entry_id == "comprehensive-military-agreement-2018"
    assert isinstance(kb.show("paper-six-party-end"), Erratum)
    src = kb.show("upi-2018-04-27-panmunjom-declaration")
    assert isinstance(src, Source) and src.date == "2018-04-27"
    with pytest.raises(InputError, match="not the id of"):
        kb.show("no-such-thing")


def test_search_finds_titles_summaries_provisions_and_errata(kb: KnowledgeBase) -> None:
    hits = kb.search("liaison office")
    kinds = {h.doc_kind for h in hits}
    assert {"event", "provision"} <= kinds
    assert "[" in hits[0].snippet
    assert any(h.id == "panmunjom-2018.liaison-office" for h in hits)
    assert [h.id for h in kb.search("ICBM Six-Party", limit=5)][:1] == ["paper-six-party-end"]
    # stemming: "demolished" finds "demolition"/"demolish" forms
    assert any(h.id == "liaison-office-demolished-2020" for h in kb.search("demolition"))


def test_search_is_safe_with_punctuation_and_empty_text(kb: KnowledgeBase) -> None:
    assert kb.search('two-hostile "states"') != []
    assert isinstance(kb.search('"states" (AND* -NOT: col:x'), list)  # no query-syntax error
    assert kb.search("  ...  ") == []
    assert kb.search("zzzxqv") == []
    with pytest.raises(InputError, match="--limit"):
        kb.search("peace", limit=0)


def test_errata_default_and_all(kb: KnowledgeBase) -> None:
    wrong = kb.errata()
    assert {x.verdict for x in wrong} == {"error", "imprecise"}
    assert [x.id for x in kb.errata(include_confirmed=True)] == [x.id for x in CAT.errata]


def test_root_causes_match_a_direct_count(kb: KnowledgeBase) -> None:
    reports = {r.root_cause: r for r in kb.root_causes()}
    # every context's root causes, in the order of data/contexts.yaml (the Korean ones first)
    assert list(reports)[:3] == ["political_systems", "nuclear", "external_powers"]
    assert list(reports) == list(root_cause_labels())
    for cause, report in reports.items():
        provisions = [
            p for e in CAT.entries if isinstance(e, Agreement) for p in e.provisions
            if cause in p.root_causes
        ]  # fmt: skip
        assert {s.provision.id for s in report.provisions} == {p.id for p in provisions}
        counts = Counter(p.outcome for p in provisions)
        assert report.outcomes == {o: counts.get(o, 0) for o in report.outcomes}
        assert sum(report.outcomes.values()) == len(provisions)


def test_module_examples_run() -> None:
    result = doctest.testmod(api)
    assert result.attempted >= 1
    assert result.failed == 0

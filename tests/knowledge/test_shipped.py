"""The records shipped in panmun/data/knowledge: complete, sourced, and dated as their sources
say."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from panmun.knowledge.catalogue import shipped_catalogue
from panmun.knowledge.pax import PAX_SOURCE
from panmun.knowledge.records import Agreement, Event, Talks
from panmun.scenario.loader import data_dir

CAT = shipped_catalogue()
#: The Korean Peninsula context's own records, for the checks that follow its policy paper.
KOREA = shipped_catalogue("korean-peninsula")
ENTRIES = {e.id: e for e in CAT.entries}
SOURCES = {s.id: s for s in CAT.sources}
ERRATA = {x.id: x for x in CAT.errata}

#: Dates from the project's fact-check notes (shared/references/korea-fact-checks.md), an
#: oracle independent of the YAML files: each must match the shipped record.
FACT_CHECK_DATES = {
    "armistice-1953": "1953-07-27",
    "joint-communique-1972": "1972-07-04",
    "basic-agreement-1991": "1991-12-13",
    "denuclearization-declaration-1992": "1992-01-20",
    "agreed-framework-1994": "1994-10-21",
    "june-15-declaration-2000": "2000-06-15",
    "six-party-joint-statement-2005": "2005-09-19",
    "six-party-initial-actions-2007": "2007-02-13",
    "six-party-second-phase-2007": "2007-10-03",
    "october-4-declaration-2007": "2007-10-04",
    "six-party-exit-2009": "2009-04-14",
    "nuclear-test-2006": "2006-10-09",
    "nuclear-test-2009": "2009-05-25",
    "nuclear-test-2013": "2013-02-12",
    "nuclear-test-2016-01": "2016-01-06",
    "nuclear-test-2016-09": "2016-09-09",
    "nuclear-test-2017": "2017-09-03",
    "cheonan-sinking-2010": "2010-03-26",
    "yeonpyeong-shelling-2010": "2010-11-23",
    "kaesong-closure-2016": "2016-02-10",
    "panmunjom-declaration-2018": "2018-04-27",
    "inter-korean-summit-2018-05": "2018-05-26",
    "singapore-statement-2018": "2018-06-12",
    "pyongyang-declaration-2018": "2018-09-19",
    "comprehensive-military-agreement-2018": "2018-09-19",
    "hanoi-summit-2019": "2019-02-27",
    "dmz-meeting-2019": "2019-06-30",
    "stockholm-talks-2019": "2019-10-05",
    "liaison-office-demolished-2020": "2020-06-16",
    "cma-partial-suspension-2023": "2023-11-22",
    "cma-dprk-void-2023": "2023-11-23",
    "satellite-launch-2023": "2023-11-21",
    "two-hostile-states-spa-2024": "2024-01-15",
    "cma-full-suspension-2024": "2024-06-04",
    "dprk-russia-treaty-2024": "2024-06-19",
    "inter-korean-roads-demolished-2024": "2024-10-15",
    "rok-government-change-2025": "2025-06-04",
}
IN_FORCE = {
    "basic-agreement-1991": "1992-02-19",
    "denuclearization-declaration-1992": "1992-02-19",
}
#: Periods from the fact-check notes: (first month, last month) of each process.
PERIODS = {
    "four-party-talks": ("1997-12", "1999-08"),
    "six-party-talks": ("2003-08", "2008-12"),
    "two-hostile-states-plenum-2023": ("2023-12", "2023-12"),
}


def test_the_catalogue_is_not_trivially_small() -> None:
    kinds = [e.kind for e in CAT.entries]
    assert kinds.count("agreement") >= 14
    assert kinds.count("talks") >= 5
    assert kinds.count("event") >= 25
    assert len(CAT.errata) >= 10


@pytest.mark.parametrize(("entry_id", "date"), sorted(FACT_CHECK_DATES.items()))
def test_dates_agree_with_the_fact_check_notes(entry_id: str, date: str) -> None:
    assert ENTRIES[entry_id].date.isoformat() == date


@pytest.mark.parametrize(("entry_id", "date"), sorted(IN_FORCE.items()))
def test_entry_into_force(entry_id: str, date: str) -> None:
    entry = ENTRIES[entry_id]
    assert isinstance(entry, Agreement)
    assert entry.in_force is not None
    assert entry.in_force.isoformat() == date


@pytest.mark.parametrize(("entry_id", "months"), sorted(PERIODS.items()))
def test_periods(entry_id: str, months: tuple[str, str]) -> None:
    entry = ENTRIES[entry_id]
    assert entry.end_date is not None
    assert (entry.date.isoformat()[:7], entry.end_date.isoformat()[:7]) == months


@pytest.mark.parametrize("entry", CAT.entries, ids=lambda e: e.id)
def test_every_date_is_attested_by_a_contemporaneous_source(
    entry: Agreement | Talks | Event,
) -> None:
    """The source named in ``date_source`` is dated on the day or within a week after it: the
    official text itself, or a report published right after the event."""
    src = SOURCES[entry.date_source]
    assert len(src.date) == 10, f"{src.id} has only a partial date ({src.date})"
    lag = (dt.date.fromisoformat(src.date) - entry.date).days
    assert 0 <= lag <= 7, f"{src.id} is dated {src.date}, {lag} days from {entry.date}"


@pytest.mark.parametrize(
    "entry", [e for e in CAT.entries if e.kind == "agreement"], ids=lambda e: e.id
)
def test_official_texts_bear_the_signing_date(entry: Agreement) -> None:
    assert SOURCES[entry.date_source].date == entry.date.isoformat()


def test_every_record_cites_a_known_source() -> None:
    for e in CAT.entries:
        assert e.sources
        assert all(s in SOURCES for s in e.sources)
        for p in getattr(e, "provisions", ()):
            assert p.sources
            assert all(s in SOURCES for s in p.sources)
    for x in CAT.errata:
        assert x.sources and all(s in SOURCES for s in x.sources)


def test_required_agreements_talks_and_events_are_present() -> None:
    required = {
        "armistice-1953", "joint-communique-1972", "basic-agreement-1991",
        "denuclearization-declaration-1992", "agreed-framework-1994",
        "june-15-declaration-2000", "six-party-joint-statement-2005",
        "six-party-initial-actions-2007", "october-4-declaration-2007",
        "panmunjom-declaration-2018", "singapore-statement-2018",
        "pyongyang-declaration-2018", "comprehensive-military-agreement-2018",
        "four-party-talks", "six-party-talks", "hanoi-summit-2019", "stockholm-talks-2019",
        "cheonan-sinking-2010", "yeonpyeong-shelling-2010", "kaesong-closure-2016",
        "liaison-office-demolished-2020", "cma-partial-suspension-2023", "cma-dprk-void-2023",
        "two-hostile-states-plenum-2023", "two-hostile-states-spa-2024",
        "inter-korean-roads-demolished-2024",
    }  # fmt: skip
    assert required <= set(ENTRIES)
    tests = [e for e in CAT.entries if isinstance(e, Event) and e.event_type == "nuclear_test"]
    assert len(tests) == 6
    assert any(e.date.year >= 2025 for e in CAT.entries), "steps since 2025 are covered"


def test_every_agreement_is_coded_to_issues_root_causes_and_outcomes() -> None:
    causes: set[str] = set()
    for e in KOREA.entries:
        if isinstance(e, Agreement):
            assert e.provisions, e.id
            assert e.issues, e.id
            for p in e.provisions:
                causes.update(p.root_causes)
                assert all(o in ENTRIES for o in p.outcome_entries)
    assert causes == {"political_systems", "nuclear", "external_powers"}


def test_outcome_dates_follow_the_agreement() -> None:
    for e in CAT.entries:
        for p in getattr(e, "provisions", ()):
            assert p.outcome_date >= e.date.isoformat()[: len(p.outcome_date)], p.id


def test_breakdowns_carry_failure_factors() -> None:
    tagged = {e.id for e in KOREA.entries if e.failure_factors}
    for must in ("six-party-talks", "hanoi-summit-2019", "liaison-office-demolished-2020"):
        assert must in tagged
    used = {f for e in KOREA.entries for f in e.failure_factors}
    assert len(used) == 5


def test_the_papers_known_errors_are_recorded() -> None:
    oct2007 = ERRATA["paper-october-2007-declaration-date"]
    assert oct2007.verdict == "error"
    assert "2017" in oct2007.claim
    assert oct2007.corrected_date == dt.date(2007, 10, 4)
    six = ERRATA["paper-six-party-end"]
    assert six.verdict == "error" and "ICBM" in six.claim
    assert six.corrected_date == dt.date(2009, 4, 14)
    verdicts = {x.verdict for x in CAT.errata}
    assert verdicts == {"error", "imprecise", "confirmed"}
    for x in CAT.errata:
        if x.corrected_date is not None and x.entries:
            dates = {ENTRIES[i].date for i in x.entries} | {
                ENTRIES[i].end_date for i in x.entries if ENTRIES[i].end_date
            }
            assert x.corrected_date in dates | {
                getattr(ENTRIES[i], "in_force", None) for i in x.entries
            }, x.id


def test_no_pax_rows_are_shipped() -> None:
    """PA-X is CC BY-NC-SA: it may be cited, but none of its rows is redistributed."""
    assert not [e for e in CAT.entries if e.id.startswith("pax-")]
    assert all(PAX_SOURCE.id not in e.sources for e in CAT.entries)


def test_the_pax_citation_matches_the_importers() -> None:
    bib = yaml.safe_load(
        data_dir().joinpath("bibliography", "knowledge.yaml").read_text(encoding="utf-8")
    )
    shipped = next(s for s in bib["sources"] if s["id"] == PAX_SOURCE.id)
    assert shipped == PAX_SOURCE.model_dump(exclude_none=True, exclude_defaults=True)


def test_every_source_of_the_knowledge_bibliography_is_cited() -> None:
    bib = yaml.safe_load(
        data_dir().joinpath("bibliography", "knowledge.yaml").read_text(encoding="utf-8")
    )
    orphans = {s["id"] for s in bib["sources"]} - set(SOURCES) - {PAX_SOURCE.id}
    assert orphans == set()

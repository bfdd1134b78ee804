"""Provision compilations: the provisions on a topic, grouped by agreement in date order."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest

from panmun.errors import InputError
from panmun.knowledge.catalogue import Catalogue, catalogue_from_data, shipped_catalogue
from panmun.knowledge.compile import (
    compilation_document,
    compile_provisions,
    document_html,
    document_markdown,
    render,
)


def _source(sid: str, date: str, title: str) -> dict[str, Any]:
    return {"id": sid, "title": title, "author": "Test Office", "date": date}


def _provision(pid: str, issues: list[str], causes: list[str], outcome: str) -> dict[str, Any]:
    return {
        "id": pid,
        "summary": f"Commitment {pid}.",
        "issues": issues,
        "root_causes": causes,
        "outcome": outcome,
        "outcome_date": "2012-05",
        "outcome_note": f"What became of {pid}.",
        "sources": ["src-b"],
    }


#: Three agreements (listed out of date order), an event and three sources. On
#: denuclearization: provisions a1 and a3 of the 2010 accord and c1 of the 1995 one.
FIXTURE: dict[str, Any] = {
    "entries": [
        {
            "kind": "agreement",
            "id": "accord-2010",
            "title": "Accord of 2010",
            "date": "2010-03-01",
            "place": "Geneva",
            "summary": "A test accord.",
            "parties": ["North", "South"],
            "sources": ["src-a"],
            "date_source": "src-a",
            "provisions": [
                _provision("a1", ["denuclearization"], ["nuclear"], "reversed"),
                _provision("a2", ["exchanges"], ["political_systems"], "implemented"),
                {
                    **_provision(
                        "a3", ["denuclearization", "sanctions"], ["external_powers"], "partly"
                    ),
                    "outcome_entries": ["test-2012"],
                    "sources": ["src-b", "src-c"],
                },
            ],
        },
        {
            "kind": "agreement",
            "id": "compact-1995",
            "title": "Compact of 1995",
            "date": "1995-07-01",
            "summary": "An older test compact.",
            "parties": ["North", "East"],
            "sources": ["src-c"],
            "date_source": "src-c",
            "provisions": [_provision("c1", ["denuclearization"], ["nuclear"], "not_implemented")],
        },
        {
            "kind": "agreement",
            "id": "memo-2015",
            "title": "Memorandum of 2015",
            "date": "2015-01-10",
            "summary": "A memorandum on exchanges only.",
            "parties": ["North", "South"],
            "sources": ["src-a"],
            "date_source": "src-a",
            "provisions": [_provision("m1", ["exchanges"], ["political_systems"], "implemented")],
        },
        {
            "kind": "event",
            "id": "test-2012",
            "title": "A test event",
            "date": "2012-04-13",
            "summary": "Something that undid a provision.",
            "event_type": "missile_launch",
            "sources": ["src-b"],
            "date_source": "src-b",
        },
    ],
    "sources": [
        _source("src-a", "2010-03", "Text of the accords"),
        _source("src-b", "2012-05", "Report on implementation"),
        _source("src-c", "1995", "Compact of 1995, text"),
    ],
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalogue_from_data(FIXTURE, "fixture")


def _listed(cat: Catalogue, **filters: Any) -> list[tuple[str, list[str]]]:
    comp = compile_provisions(cat, **filters)
    return [(a.agreement.id, [p.id for p in a.provisions]) for a in comp.agreements]


def test_the_provisions_on_an_issue_by_agreement_in_date_order(cat: Catalogue) -> None:
    assert _listed(cat, issue="denuclearization") == [
        ("compact-1995", ["c1"]),
        ("accord-2010", ["a1", "a3"]),
    ]
    assert _listed(cat, issue="exchanges") == [("accord-2010", ["a2"]), ("memo-2015", ["m1"])]
    assert _listed(cat, issue="sanctions") == [("accord-2010", ["a3"])]


def test_root_cause_and_years_narrow_the_selection(cat: Catalogue) -> None:
    assert _listed(cat, root_cause="nuclear") == [
        ("compact-1995", ["c1"]),
        ("accord-2010", ["a1"]),
    ]
    assert _listed(cat, issue="denuclearization", root_cause="external_powers") == [
        ("accord-2010", ["a3"])
    ]
    years = {"start": dt.date(2000, 1, 1), "end": dt.date(2012, 12, 31)}
    assert _listed(cat, issue="denuclearization", **years) == [("accord-2010", ["a1", "a3"])]
    assert _listed(cat, start=dt.date(2011, 1, 1)) == [("memo-2015", ["m1"])]
    everything = compile_provisions(cat)
    assert everything.provisions == 5 and len(everything.agreements) == 3
    assert everything.outcomes() == {
        "implemented": 2,
        "partly": 1,
        "not_implemented": 1,
        "reversed": 1,
    }


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"issue": "nope"}, "--issue: 'nope' is not one of denuclearization"),
        ({"root_cause": "nope"}, "--root-cause: 'nope' is not one of political_systems"),
        (
            {"start": dt.date(2012, 1, 1), "end": dt.date(2010, 12, 31)},
            "--from: 2012-01-01 is after --to 2010-12-31",
        ),
    ],
)
def test_bad_filters_name_the_option(cat: Catalogue, filters: Any, message: str) -> None:
    with pytest.raises(InputError) as err:
        compile_provisions(cat, **filters)
    assert [message in line for line in err.value.problems] == [True]


def test_the_document_uses_names_and_numbers_each_source_once(cat: Catalogue) -> None:
    doc = compilation_document(compile_provisions(cat, issue="denuclearization"))
    assert doc.title == "Provisions on Denuclearization scope and sequencing"
    assert [a.heading for a in doc.agreements] == [
        "Compact of 1995 (1995-07-01)",
        "Accord of 2010 (2010-03-01)",
    ]
    assert [p.number for a in doc.agreements for p in a.provisions] == [1, 2, 3]
    a3 = doc.agreements[1].provisions[1]
    lines = {line.label: line for line in a3.lines}
    assert lines["Issues"].text == "Denuclearization scope and sequencing; Sanctions relief"
    assert lines["Root causes"].text == "Historical involvement of external powers"
    assert lines["Outcome"].text.startswith("partly implemented (by 2012-05). What became of a3.")
    assert lines["Brought about by"].text == "A test event (2012-04-13)"
    # numbered in the order of first citation: src-c (1995), src-b, src-a
    assert doc.sources == (
        "Test Office (1995). Compact of 1995, text.",
        "Test Office (2012-05). Report on implementation.",
        "Test Office (2010-03). Text of the accords.",
    )
    assert lines["Outcome"].cites == (2, 1)
    assert doc.date == dt.date(2012, 5, 1)


def test_markdown_and_html_list_every_provision(cat: Catalogue) -> None:
    doc = compilation_document(compile_provisions(cat, issue="denuclearization"))
    md = document_markdown(doc)
    assert md.startswith("# Provisions on Denuclearization scope and sequencing\n")
    assert md.index("## Compact of 1995") < md.index("## Accord of 2010") < md.index("## Sources")
    for pid in ("c1", "a1", "a3"):
        assert f"**Commitment {pid}.**" in md
    assert "a2" not in md and "m1" not in md
    assert "1. Test Office (1995). Compact of 1995, text." in md
    page = document_html(doc)
    assert page.count('<div class="provision">') == 3 and 'id="src-3"' in page


def test_markdown_escapes_text_from_the_records() -> None:
    data = {**FIXTURE, "entries": [dict(e) for e in FIXTURE["entries"]]}
    data["entries"][1] = {**data["entries"][1], "title": "Compact *one* [draft]"}
    cat = catalogue_from_data(data, "fixture")
    md = render(compile_provisions(cat, issue="denuclearization"), "md")
    assert isinstance(md, str) and r"## Compact \*one\* \[draft\] (1995-07-01)" in md


def test_word_output_is_the_same_bytes_every_time(cat: Catalogue) -> None:
    pytest.importorskip("docx")
    comp = compile_provisions(cat, issue="denuclearization")
    first, second = render(comp, "docx"), render(comp, "docx")
    assert isinstance(first, bytes) and first == second
    import docx

    document = docx.Document(io.BytesIO(first))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Provisions on Denuclearization scope and sequencing"
    assert "1. Commitment c1." in texts and "3. Commitment a3." in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Compact of 1995 (1995-07-01)", "Accord of 2010 (2010-03-01)", "Sources"]
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_an_empty_compilation_is_refused(cat: Catalogue) -> None:
    comp = compile_provisions(cat, issue="sanctions", start=dt.date(2011, 1, 1))
    with pytest.raises(InputError, match="no coded provision matches --issue 'sanctions'"):
        render(comp, "md")


def test_the_shipped_records_of_every_context_compile() -> None:
    cat = shipped_catalogue()
    comp = compile_provisions(cat, issue="ceasefire_observation")
    assert comp.agreements and all(a.agreement.date.year >= 2025 for a in comp.agreements)
    korean = compile_provisions(cat, root_cause="nuclear")
    dates = [a.agreement.date for a in korean.agreements]
    assert dates == sorted(dates) and korean.provisions >= 10

"""Import and export: lossless round trips, all-or-nothing imports, row-numbered errors, PA-X."""

from __future__ import annotations

import csv
import io
import json
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panmun.errors import InputError
from panmun.knowledge import store
from panmun.knowledge.api import KnowledgeBase
from panmun.knowledge.catalogue import Catalogue, shipped_catalogue
from panmun.knowledge.io import (
    CSV_COLUMNS,
    detect_format,
    export_text,
    parse_csv,
    parse_json,
    read_import,
    to_csv,
    to_json,
)
from panmun.knowledge.pax import PAX_SOURCE, parse_pax_date
from panmun.knowledge.records import ISSUE_IDS

CAT = shipped_catalogue()


# -- round trips ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_identical(
    fmt: str,
    seeded_url: str,
    empty_url: str,
    open_kb: Callable[..., KnowledgeBase],
    tmp_path: Path,
) -> None:
    first = open_kb(seeded_url).export(fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(first, encoding="utf-8")
    target = open_kb(empty_url, seed=False)
    report = target.import_file(path)
    assert report.entries == len(CAT.entries)
    assert target.export(fmt) == first
    assert target.catalogue() == open_kb(seeded_url).catalogue()


def test_the_stored_catalogue_equals_the_shipped_one(
    sqlite_seeded_url: str, open_kb: Callable[..., KnowledgeBase]
) -> None:
    stored = open_kb(sqlite_seeded_url).catalogue()
    assert {e.id: e for e in stored.entries} == {e.id: e for e in CAT.entries}
    assert stored.errata == CAT.errata
    assert set(stored.sources) == set(CAT.sources)


def test_text_round_trips_without_a_database() -> None:
    assert parse_json(to_json(CAT), "x.json").catalogue == CAT
    assert parse_csv(to_csv(CAT), "x.csv").catalogue == CAT


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";")
    | st.sampled_from(["\n", ",", '"', "é", "한"]),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() == t and t.strip() != "")
_ids = st.text(alphabet=string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12).map(
    lambda s: "k" + s
)


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """Small random catalogues whose texts stress CSV quoting (commas, quotes, newlines)."""
    sid = draw(_ids)
    day = draw(st.dates(min_value=__import__("datetime").date(1950, 1, 1)))
    source = {"id": sid, "title": draw(_text), "author": draw(_text), "date": day.isoformat()}
    entries = []
    for n, eid in enumerate(draw(st.lists(_ids, min_size=1, max_size=4, unique=True))):
        entry = {
            "kind": "agreement" if n % 2 == 0 else "event",
            "id": f"{eid}-{n}",
            "title": draw(_text),
            "date": day,
            "summary": draw(_text),
            "issues": draw(st.lists(st.sampled_from(ISSUE_IDS), unique=True, max_size=3)),
            "sources": [sid],
            "date_source": sid,
        }
        if n % 2 == 0:
            entry["parties"] = draw(st.lists(_text, min_size=1, max_size=3))
            entry["provisions"] = [
                {
                    "id": f"{eid}-{n}.p",
                    "summary": draw(_text),
                    "issues": ["exchanges"],
                    "root_causes": ["political_systems"],
                    "outcome": draw(st.sampled_from(["implemented", "partly", "reversed"])),
                    "outcome_date": day.isoformat()[:4],
                    "outcome_note": draw(_text),
                    "sources": [sid],
                }
            ]
        else:
            entry["event_type"] = "statement"
            entry["place"] = draw(st.none() | _text)
        entries.append(entry)
    return Catalogue.model_validate({"entries": entries, "sources": [source]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cat=catalogues())
def test_random_catalogues_survive_json_and_csv(cat: Catalogue) -> None:
    assert parse_json(to_json(cat), "r.json").catalogue == cat
    assert parse_csv(to_csv(cat), "r.csv").catalogue == cat


def test_export_rejects_unknown_formats() -> None:
    with pytest.raises(InputError, match="--format"):
        export_text(CAT, "xml")


# -- broken imports change nothing ---------------------------------------------------------
def _broken_csv(tmp_path: Path) -> Path:
    rows = list(csv.DictReader(io.StringIO(to_csv(CAT))))
    rows[3]["date"] = "31/02/1999"  # a source; row 5 in the file (header is row 1)
    agreement = next(n for n, r in enumerate(rows) if r["record_type"] == "agreement")
    rows[agreement]["summary"] = "Edited, but the file is broken elsewhere."
    event = next(n for n, r in enumerate(rows) if r["record_type"] == "event")
    rows[event]["event_type"] = "earthquake"
    path = tmp_path / "broken.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path, agreement + 2, event + 2  # type: ignore[return-value]  # test helper


def test_a_broken_csv_lists_every_bad_row_and_changes_nothing(
    seeded_url: str, open_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    kb = open_kb(seeded_url)
    before = kb.export("json")
    path, _agreement_row, event_row = _broken_csv(tmp_path)  # type: ignore[misc]  # see helper
    with pytest.raises(InputError) as info:
        kb.import_file(path)
    problems = info.value.problems
    assert any(p.startswith(f"{path}: row 5: date:") for p in problems)
    assert any(p.startswith(f"{path}: row {event_row}: event_type:") for p in problems)
    assert len(problems) == 2
    assert kb.export("json") == before


def test_a_failure_while_writing_rolls_everything_back(
    seeded_url: str,
    open_kb: Callable[..., KnowledgeBase],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb = open_kb(seeded_url)
    before = kb.export("json")
    edited = json.loads(before)
    for e in edited["entries"]:
        e["summary"] = "Overwritten."
    edited["errata"][0]["correction"] = "Overwritten."
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited), encoding="utf-8")
    real = store.upsert_errata

    def fail_late(session: object, errata: object) -> None:
        real(session, errata)  # type: ignore[arg-type]  # passing through
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "upsert_errata", fail_late)
    with pytest.raises(RuntimeError, match="disk full"):
        kb.import_file(path)
    assert kb.export("json") == before
    monkeypatch.setattr(store, "upsert_errata", real)
    kb.import_file(path)
    assert kb.show("armistice-1953").summary == "Overwritten."  # type: ignore[union-attr]


def test_cross_references_are_checked_against_the_database(
    seeded_url: str, open_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    kb = open_kb(seeded_url)
    new = {
        "entries": [
            {
                "kind": "event",
                "id": "new-event",
                "title": "A later step",
                "date": "2025-10-01",
                "summary": "Something happened.",
                "event_type": "statement",
                "related": ["panmunjom-declaration-2018"],
                "sources": ["kuna-2025-09-22-kim-us-talks"],
                "date_source": "kuna-2025-09-22-kim-us-talks",
            },
            {
                "kind": "agreement",
                "id": "stolen",
                "title": "Reuses a provision id",
                "date": "2025-10-02",
                "summary": "S.",
                "parties": ["A"],
                "sources": ["nowhere"],
                "date_source": "nowhere",
                "provisions": [
                    {
                        "id": "cma-2018.guard-posts",
                        "summary": "S.",
                        "issues": ["security_posture"],
                        "root_causes": ["political_systems"],
                        "outcome": "partly",
                        "outcome_date": "2025",
                        "outcome_note": "N.",
                        "sources": ["kuna-2025-09-22-kim-us-talks"],
                    }
                ],
            },
        ]
    }
    path = tmp_path / "new.json"
    path.write_text(json.dumps(new), encoding="utf-8")
    with pytest.raises(InputError) as info:
        kb.import_file(path)
    assert sorted(info.value.problems) == [
        f"{path}: entries[stolen].provisions[cma-2018.guard-posts].id: "
        "'cma-2018.guard-posts' is already a provision of entry "
        "'comprehensive-military-agreement-2018'",
        f"{path}: entries[stolen].sources[0]: 'nowhere' is not a known source id",
    ]
    new["entries"] = new["entries"][:1]
    path.write_text(json.dumps(new), encoding="utf-8")
    assert kb.import_file(path).entries == 1
    assert kb.show("new-event").related == ("panmunjom-declaration-2018",)  # type: ignore[union-attr]


# -- CSV and JSON parsing problems ---------------------------------------------------------
def _csv(*rows: dict[str, str], header: tuple[str, ...] = CSV_COLUMNS) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow(r)
    return buf.getvalue()


def test_csv_header_problems() -> None:
    with pytest.raises(InputError, match="missing column"):
        parse_csv("title,date\nA,2020\n", "h.csv")
    with pytest.raises(InputError, match="unknown column"):
        parse_csv(_csv(header=(*CSV_COLUMNS, "colour")), "h.csv")


def test_csv_row_problems_name_row_and_field() -> None:
    text = _csv(
        {"record_type": "source", "id": "s1", "title": "T", "author": "A", "date": "2020"},
        {"record_type": "treaty", "id": "x"},
        {
            "record_type": "provision",
            "id": "p1",
            "summary": "S",
            "issues": "exchanges",
            "root_causes": "nuclear",
            "outcome": "partly",
            "outcome_date": "2020",
            "outcome_note": "N",
            "sources": "s1",
        },
        {
            "record_type": "provision",
            "id": "p2",
            "entry_id": "missing",
            "summary": "S",
            "issues": "exchanges",
            "root_causes": "nuclear",
            "outcome": "partly",
            "outcome_date": "2020",
            "outcome_note": "N",
            "sources": "s1",
        },
        {
            "record_type": "erratum",
            "id": "e1",
            "section": "S",
            "claim": "C",
            "verdict": "maybe",
            "correction": "F",
            "sources": "s1",
        },
    )
    with pytest.raises(InputError) as info:
        # one cell more than there are columns
        parse_csv(text + "source,s2" + "," * (len(CSV_COLUMNS) - 1) + "extra\n", "r.csv")
    assert sorted(info.value.problems) == [
        "r.csv: row 3: record_type: 'treaty' is not one of source, agreement, talks, event, "
        "provision, erratum",
        "r.csv: row 4: entry_id: missing (a provision's agreement)",
        "r.csv: row 5: entry_id: 'missing' is not an agreement in this file",
        "r.csv: row 6: verdict: 'maybe' is not one of 'error', 'imprecise' or 'confirmed'",
        "r.csv: row 7: more cells than columns",
    ]


def test_json_problems_name_the_record_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 1, column \d+: invalid JSON"):
        parse_json("{", "bad.json")
    with pytest.raises(InputError, match="expected a JSON object"):
        parse_json("[]", "bad.json")
    data = json.loads(to_json(CAT))
    data["format"], data["version"] = "other", 9
    data["entries"][0]["date"] = "someday"
    with pytest.raises(InputError) as info:
        parse_json(json.dumps(data), "bad.json")
    first = data["entries"][0]["id"]
    assert info.value.problems[:2] == (
        "bad.json: format: 'other' is not 'panmun-knowledge'",
        "bad.json: version: 9 is not 1",
    )
    assert info.value.problems[2].startswith(f"bad.json: entries[{first}].date:")


# -- PA-X ----------------------------------------------------------------------------------
PAX_HEADER = "Con,Contp,PP,PPName,Reg,AgtId,Agt,Dat,Status,Lgt,Agtp,Stage,Part,ThrdPart\n"


def test_pax_import_creates_cited_agreements(
    seeded_url: str, open_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    path = tmp_path / "pax.csv"
    path.write_text(
        PAX_HEADER
        + 'Ruritania/Freedonia,Interstate,1,Test process,Europe,9001,"Accord of Example, Part 1",'
        '2001-02-03,Multiparty signed/agreed,3,Inter,Pre,"Party One\nParty Two",\n'
        "Ruritania,Interstate,1,Test process,Europe,9002,Second accord,04/05/2002,Unilateral,"
        "1,Inter,Imp,,\n",
        encoding="utf-8",
    )
    kb = open_kb(seeded_url)
    report = kb.import_file(path)
    assert (report.entries, report.sources, report.provisions) == (2, 1, 0)
    first = kb.show("pax-9001")
    assert first.title == "Accord of Example, Part 1"  # type: ignore[union-attr]
    assert first.parties == ("Party One", "Party Two")  # type: ignore[union-attr]
    assert first.sources == (PAX_SOURCE.id,)
    assert "peace process: Test process" in first.summary
    second = kb.show("pax-9002")
    assert second.date.isoformat() == "2002-05-04"  # type: ignore[union-attr]
    assert second.parties == ("Ruritania",)  # type: ignore[union-attr]
    assert any(h.id == "pax-9001" for h in kb.search("Accord of Example"))


def test_pax_bad_rows_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "pax.csv"
    path.write_text(
        PAX_HEADER
        + "A,,,,,x1,Name,2001-01-01,,,,,B,\n"
        + "A,,,,,7,Name,31.12.2001,,,,,B,\n"
        + ",,,,,8,Name,2001-01-01,,,,,,\n"
        + "A,,,,,9,,2001-01-01,,,,,B,\n"
        + "A,,,,,10,Fine,2001-01-01,,,,,B,\n"
        + "A,,,,,10,Again,2001-01-01,,,,,B,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_import(path)
    assert info.value.problems == (
        f"{path}: row 2: AgtId: 'x1' is not a whole number",
        f"{path}: row 3: Dat: '31.12.2001' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)",
        f"{path}: row 4: Part: no parties (and Con is empty too)",
        f"{path}: row 5: Agt: empty",
        f"{path}: row 7: AgtId: 10 repeats row 6",
    )
    path.write_text("AgtId,Agt\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing PA-X column"):
        read_import(path, "pax")


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2018-04-27", "2018-04-27"), ("27/04/2018", "2018-04-27"), ("2018/04/27", "2018-04-27")],
)
def test_pax_dates(text: str, iso: str) -> None:
    assert parse_pax_date(text).isoformat() == iso


# -- formats and files ---------------------------------------------------------------------
def test_format_detection(tmp_path: Path) -> None:
    assert detect_format(Path("a.json"), "") == "json"
    assert detect_format(Path("a.csv"), "record_type,id\n") == "csv"
    assert detect_format(Path("a.csv"), PAX_HEADER) == "pax"
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format(Path("a.xlsx"), "")
    with pytest.raises(InputError, match="no such file"):
        read_import(tmp_path / "missing.json")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="not a UTF-8"):
        read_import(latin)
    latin.write_text("record_type,id\n", encoding="utf-8")
    with pytest.raises(InputError, match="--format"):
        read_import(latin, "xml")  # type: ignore[arg-type]  # testing bad input

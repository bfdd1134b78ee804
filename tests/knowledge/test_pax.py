"""PA-X: the AgtIds of the shipped agreements, the topic-code mapping, linking an import to
stored records, and the migration that made ``pax_id`` a whole number.

The PA-X file here is synthetic: the 28 leading columns of PA-X release 10 and the topic
columns that panmun maps, with made-up rows (PA-X's own rows are not shipped; CC BY-NC-SA).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from panmun.cli import app
from panmun.errors import InputError
from panmun.knowledge import db
from panmun.knowledge.api import KnowledgeBase
from panmun.knowledge.catalogue import Catalogue, shipped_catalogue
from panmun.knowledge.io import parse_csv, read_import, to_csv, to_json
from panmun.knowledge.pax import (
    LEADING_COLUMNS,
    PAX_SOURCE,
    TOPIC_ISSUES,
    link_existing,
    parse_pax,
    topic_issues,
)
from panmun.knowledge.records import ISSUE_IDS, Agreement

CAT = shipped_catalogue()

#: AgtIds confirmed in the PA-X data releases 9 and 10 as PeaceRep published them (and on
#: https://pax.peaceagreements.org/agreements/<AgtId>); every other shipped agreement is absent
#: from PA-X (before 1990, or not collected).
PAX_IDS = {
    "basic-agreement-1991": 1232,
    "denuclearization-declaration-1992": 1231,
    "us-dprk-joint-statement-1993": 1960,
    "agreed-framework-1994": 223,
    "june-15-declaration-2000": 541,
    "six-party-joint-statement-2005": 2074,
    "october-4-declaration-2007": 1073,
    "panmunjom-declaration-2018": 2104,
    "singapore-statement-2018": 2106,
    "pyongyang-declaration-2018": 2105,
}

V10_LEADING = (
    "Con, Contp, PP, PPName, Reg, AgtId, Ver, Agt, Dat, Status, Lgt, N_characters, Agtp, Stage, "
    "StageSub, Part, ThrdPart, OthAgr, Loc1ISO, Loc2ISO, Loc1GWNO, Loc2GWNO, UcdpCon, UcdpAgr, "
    "PamAgr, CowWar, Interim, ImSrc"
)
HEADER = (*LEADING_COLUMNS, *TOPIC_ISSUES)


def pax_csv(rows: list[dict[str, str]]) -> str:
    """A synthetic PA-X CSV: the leading columns and the mapped topic columns, in that order."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n", restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({code: "0" for code in TOPIC_ISSUES} | row)
    return buf.getvalue()


def row(agt_id: int, name: str, date: str, **topics: str) -> dict[str, str]:
    return {
        "Con": "Ruritania/Freedonia",
        "Contp": "Interstate",
        "PPName": "Test process",
        "Reg": "Europe and Eurasia",
        "AgtId": str(agt_id),
        "Ver": "1",
        "Agt": name,
        "Dat": date,
        "Status": "Multiparty signed/agreed",
        "Agtp": "Inter",
        "Stage": "SubPar",
        "Part": "Party One;Party Two",
        "Interim": "No",
        **topics,
    }


ROWS = [
    # the Basic Agreement's AgtId: a shipped record already stands for it
    row(1232, "Agreement on Reconciliation, Non-Aggression, and Exchanges", "1991-12-13"),
    row(9101, "Accord on separated families", "2001-02-03", DevHum="1", GeFa="2", TjMis="1"),
    row(9102, "Accord on guarantees and unity", "04/05/2002", SsrGua="3", StUni="1", Ce="0"),
    row(9103, "Accord without mapped topics", "2003-06-07"),
]


# -- the shipped agreements ------------------------------------------------------------------
def test_the_shipped_agreements_carry_the_pax_ids_found() -> None:
    found = {e.id: e.pax_id for e in CAT.entries if isinstance(e, Agreement) and e.pax_id}
    assert found == PAX_IDS
    assert len(set(found.values())) == len(found)


def test_pax_ids_round_trip_through_json_and_csv_as_whole_numbers() -> None:
    back = parse_csv(to_csv(CAT), "shipped.csv").catalogue
    basic = back.entry("basic-agreement-1991")
    assert isinstance(basic, Agreement)
    assert basic.pax_id == 1232
    assert '"pax_id": 1232' in to_json(CAT)
    assert back == CAT


# -- the file format and the topic codes -----------------------------------------------------
def test_the_reader_knows_the_28_leading_columns_of_release_10() -> None:
    assert tuple(c.strip() for c in V10_LEADING.split(",")) == LEADING_COLUMNS
    assert len(LEADING_COLUMNS) == 28
    assert not set(TOPIC_ISSUES) & set(LEADING_COLUMNS)


def test_every_mapped_topic_names_known_issue_dimensions() -> None:
    for label, issues in TOPIC_ISSUES.values():
        assert label and issues
        assert set(issues) <= set(ISSUE_IDS)
    # PA-X has no topic for nuclear weapons or for international sanctions
    mapped = {i for _, issues in TOPIC_ISSUES.values() for i in issues}
    assert "denuclearization" not in mapped and "sanctions" not in mapped


def test_topic_codes_set_the_issue_dimensions_in_the_issue_files_order() -> None:
    cat = parse_pax(pax_csv(ROWS), "pax.csv").catalogue
    issues = {e.id: e.issues for e in cat.entries}
    assert issues == {
        "pax-1232": (),
        "pax-9101": ("humanitarian",),
        "pax-9102": ("security_posture", "two_states"),
        "pax-9103": (),
    }
    assert topic_issues(["StUni", "Ce"]) == [
        i for i in ISSUE_IDS if i in ("security_posture", "peace_regime", "two_states")
    ]
    summary = cat.entry("pax-9102").summary
    assert "Security guarantees (SsrGua)" in summary and "Accession/unification (StUni)" in summary
    assert "None of its PA-X topic codes" in cat.entry("pax-9103").summary


def test_bad_topic_values_are_reported_by_row_and_code(tmp_path: Path) -> None:
    path = tmp_path / "pax.csv"
    path.write_text(
        pax_csv([row(9201, "A", "2001-01-01", DevHum="x"), row(9202, "B", "2001-01-01", Ce="4")]),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_import(path)
    assert info.value.problems == (
        f"{path}: row 2: DevHum: 'x' is not a PA-X topic value (a whole number 0 to 3)",
        f"{path}: row 3: Ce: '4' is not a PA-X topic value (a whole number 0 to 3)",
    )


def test_a_file_without_topic_columns_imports_without_issues() -> None:
    slim = io.StringIO()
    writer = csv.DictWriter(slim, fieldnames=LEADING_COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerow({c: v for c, v in ROWS[1].items() if c in LEADING_COLUMNS})
    cat = parse_pax(slim.getvalue(), "slim.csv").catalogue
    assert cat.entry("pax-9101").issues == ()


# -- linking to stored records ---------------------------------------------------------------
def test_link_existing_leaves_out_rows_a_known_record_stands_for() -> None:
    cat = parse_pax(pax_csv(ROWS[:2]), "pax.csv").catalogue
    kept, linked = link_existing(cat, {1232: "basic-agreement-1991"})
    assert linked == {"pax-1232": "basic-agreement-1991"}
    assert [e.id for e in kept.entries] == ["pax-9101"]
    assert kept.sources == (PAX_SOURCE,)
    # everything linked: nothing written, not even the PA-X source
    only, linked = link_existing(
        parse_pax(pax_csv(ROWS[:1]), "x.csv").catalogue, {1232: "basic-agreement-1991"}
    )
    assert only == Catalogue() and linked == {"pax-1232": "basic-agreement-1991"}
    # nothing known: the catalogue is unchanged
    assert link_existing(cat, {}) == (cat, {})


def test_import_links_matching_rows_instead_of_duplicating_them(
    seeded_url: str, open_kb: Callable[..., KnowledgeBase], tmp_path: Path
) -> None:
    path = tmp_path / "pax.csv"
    path.write_text(pax_csv(ROWS), encoding="utf-8")
    kb = open_kb(seeded_url)
    before = len(kb.entries())
    report = kb.import_file(path)
    assert report.linked == {"pax-1232": "basic-agreement-1991"}
    assert (report.entries, report.sources) == (3, 1)
    assert len(kb.entries()) == before + 3
    with pytest.raises(InputError, match="'pax-1232' is not the id"):
        kb.show("pax-1232")
    basic = kb.show("basic-agreement-1991")
    assert isinstance(basic, Agreement) and basic.pax_id == 1232
    assert basic.sources == CAT.entry("basic-agreement-1991").sources  # left as shipped
    imported = kb.show("pax-9101")
    assert isinstance(imported, Agreement) and imported.pax_id == 9101
    humanitarian = {t.id for t in kb.timeline(issue="humanitarian")}
    assert "pax-9101" in humanitarian and "pax-9102" not in humanitarian
    assert "pax-9102" in {t.id for t in kb.timeline(issue="two_states")}
    # importing the same file again replaces the rows it wrote, and links the same row again
    again = kb.import_file(path)
    assert again.linked == report.linked
    assert len(kb.entries()) == before + 3


def test_the_cli_names_the_linked_rows(tmp_path: Path, sqlite_seeded_url: str) -> None:
    path = tmp_path / "pax.csv"
    path.write_text(pax_csv(ROWS[:2]), encoding="utf-8")
    result = CliRunner().invoke(app, ["kb", "import", str(path), "--db", sqlite_seeded_url])
    assert result.exit_code == 0, result.output
    assert "1 entries" in result.stdout
    assert "Linked 1 row(s) to records already stored: pax-1232 -> basic-agreement-1991" in (
        result.stdout
    )


# -- the migration -----------------------------------------------------------------------------
def test_revision_0003_keeps_whole_number_pax_ids(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    try:
        db.migrate(engine, "0002")
        with engine.begin() as conn:
            for entry_id, pax_id in (("a", "1232"), ("b", "not-a-number"), ("c", None)):
                conn.execute(
                    text(
                        "INSERT INTO kb_entries (id, kind, title, date, summary, pax_id, "
                        "date_source, parties, signatories, actors, related) VALUES (:id, "
                        "'agreement', 't', '2001-01-01', 's', :pax, 'src', '[]', '[]', '[]', '[]')"
                    ),
                    {"id": entry_id, "pax": pax_id},
                )
        db.migrate(engine)
        assert db.current_revision(engine) == db.head_revision()
        with engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT id, pax_id FROM kb_entries ORDER BY id")).all())
        assert stored == {"a": 1232, "b": None, "c": None}
        db.downgrade(engine, "0002")
        with engine.connect() as conn:
            back = conn.execute(text("SELECT pax_id FROM kb_entries WHERE id = 'a'")).scalar()
        assert back == "1232"
    finally:
        engine.dispose()

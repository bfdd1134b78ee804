"""Positions as a spreadsheet: export, import and merge, for CSV and XLSX."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
import time
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from panmun.errors import InputError
from panmun.scenario import Scenario, load, scenario_from_data, shipped_ids, tabular
from panmun.scenario.tabular import (
    COLUMNS,
    SheetRow,
    merge_positions,
    positions_csv,
    positions_xlsx,
    read_positions_csv,
    read_positions_xlsx,
)

from ..conftest import MINI

Edit = dict[tuple[str, str], dict[str, Any]]

# XLSX is an optional extra: without openpyxl its tests are skipped, the CSV ones still run.
needs_openpyxl = pytest.mark.skipif(
    importlib.util.find_spec("openpyxl") is None, reason="XLSX needs openpyxl"
)
FORMATS = ["csv", pytest.param("xlsx", marks=needs_openpyxl)]


def _openpyxl() -> Any:
    import openpyxl

    return openpyxl


def _mini_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    return data


def _mini() -> Scenario:
    return scenario_from_data(_mini_data(), "mini.yaml")


def _table(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _csv(header: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _edit_csv(text: str, edits: Edit) -> str:
    header, rows = _table(text)
    for row in rows:
        row.update(edits.get((row["actor"], row["issue"]), {}))
    return _csv(header, rows)


def _edit_xlsx(data: bytes, edits: Edit) -> bytes:
    book = _openpyxl().load_workbook(io.BytesIO(data))
    sheet = book["positions"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        pair = (row[header.index("actor")].value, row[header.index("issue")].value)
        for column, value in edits.get(pair, {}).items():
            row[header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(rows: list[list[Any]], title: str = "positions") -> bytes:
    book = _openpyxl().Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(call: Callable[[], object]) -> tuple[str, ...]:
    with pytest.raises(InputError) as info:
        call()
    return info.value.problems


# -- export ----------------------------------------------------------------------------------
def test_columns_are_the_documented_ones() -> None:
    assert COLUMNS == (
        "actor",
        "actor_name",
        "issue",
        "issue_name",
        "position",
        "position_low",
        "position_high",
        "salience",
        "salience_low",
        "salience_high",
        "capability",
        "capability_low",
        "capability_high",
        "estimate",
        "sources",
        "rationale",
    )


def test_csv_has_one_row_per_position_in_order() -> None:
    s = _mini()
    header, rows = _table(positions_csv(s))
    assert tuple(header) == COLUMNS
    assert [(r["actor"], r["issue"]) for r in rows] == [(p.actor, p.issue) for p in s.positions]
    north, south, church = rows
    assert north["actor_name"] == "North" and north["issue_name"] == "Talks"
    assert [north[c] for c in ("position", "position_low", "position_high")] == ["2", "1", "3"]
    assert [north[c] for c in ("salience", "salience_low", "salience_high")] == [
        "0.8",
        "0.7",
        "0.9",
    ]
    assert (north["estimate"], north["sources"]) == ("no", "doc1")
    assert (south["estimate"], south["sources"]) == ("yes", "")
    assert church["capability_low"] == "0.05"
    assert north["rationale"] == "Stated preference for limited contact."


def test_csv_joins_sources_with_semicolons() -> None:
    s = load("korea-2018-04")
    _, rows = _table(positions_csv(s))
    cited = next(p for p in s.positions if len(p.sources) > 1)
    row = next(r for r in rows if (r["actor"], r["issue"]) == (cited.actor, cited.issue))
    assert row["sources"] == "; ".join(cited.sources)


@needs_openpyxl
def test_xlsx_has_one_sheet_with_numbers_as_numbers() -> None:
    s = _mini()
    book = _openpyxl().load_workbook(io.BytesIO(positions_xlsx(s)))
    assert book.sheetnames == ["positions"]
    sheet = book["positions"]
    assert tuple(c.value for c in sheet[1]) == COLUMNS
    assert sheet.max_row == 1 + len(s.positions)
    north = {c: sheet.cell(row=2, column=k + 1).value for k, c in enumerate(COLUMNS)}
    assert north["position"] == 2 and isinstance(north["position"], int | float)
    assert north["salience"] == 0.8 and isinstance(north["salience"], float)
    assert north["capability_high"] == 0.7
    assert (north["estimate"], north["sources"], north["actor_name"]) == ("no", "doc1", "North")


@needs_openpyxl
def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = _mini_data()
    data["positions"][0]["rationale"] = '=HYPERLINK("https://example.org","click")'
    data["positions"][1]["rationale"] = "'=already quoted"
    data["positions"][2]["rationale"] = "-1 is what they said"
    s = scenario_from_data(data, "mini.yaml")
    text = positions_csv(s)
    _, rows = _table(text)
    assert [r["rationale"][:3] for r in rows] == ["'=H", "''=", "'-1"]
    assert merge_positions(s, read_positions_csv(text, "x.csv"), "x.csv") == s
    xlsx = positions_xlsx(s)
    cell = _openpyxl().load_workbook(io.BytesIO(xlsx))["positions"]["P2"]
    assert (cell.data_type, cell.value) == ("s", data["positions"][0]["rationale"])
    assert merge_positions(s, read_positions_xlsx(xlsx, "x.xlsx"), "x.xlsx") == s


@needs_openpyxl
def test_xlsx_drops_characters_it_cannot_hold() -> None:
    data = _mini_data()
    data["positions"][0]["rationale"] = "Bell\x07 and\x1b escape\ufffe."
    s = scenario_from_data(data, "mini.yaml")
    rows = read_positions_xlsx(positions_xlsx(s), "x.xlsx")
    assert rows[0]["rationale"] == "Bell and escape."


# -- round trips -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_shipped_round_trip(scenario_id: str, fmt: str) -> None:
    s = load(scenario_id)
    if fmt == "csv":
        rows = read_positions_csv(positions_csv(s), "x.csv")
    else:
        rows = read_positions_xlsx(positions_xlsx(s), "x.xlsx")
    assert len(rows) == len(s.positions)
    assert merge_positions(s, rows, "x") == s


def test_read_gives_position_dicts_with_their_rows() -> None:
    s = _mini()
    rows = read_positions_csv(positions_csv(s), "x.csv")
    plain = [p.model_dump(mode="json", exclude_none=True) for p in s.positions]
    south = dict(plain[1])
    del south["sources"]  # an empty cell: absent, so that the scenario's sources are kept
    assert rows[1] == {**south, "estimate": "analyst"}
    assert rows[0] == {**plain[0], "estimate": None}  # "no": no analyst estimate
    assert [r.row for r in rows if isinstance(r, SheetRow)] == [2, 3, 4]


_floats = st.floats(0, 1, allow_nan=False, allow_infinity=False)


@st.composite
def _ranged(draw: Any, scale: float) -> list[float]:
    return sorted(draw(_floats) * scale for _ in range(3))


def _round_trip(s: Scenario, fmt: str) -> Scenario:
    if fmt == "csv":
        return merge_positions(s, read_positions_csv(positions_csv(s), "x.csv"), "x.csv")
    return merge_positions(s, read_positions_xlsx(positions_xlsx(s), "x.xlsx"), "x.xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=30)
@given(position=_ranged(10.0), salience=_ranged(1.0), capability=_ranged(1.0))
def test_numbers_round_trip_exactly(
    fmt: str, position: list[float], salience: list[float], capability: list[float]
) -> None:
    data = _mini_data()
    for field, (low, value, high) in (
        ("position", position),
        ("salience", salience),
        ("capability", capability),
    ):
        data["positions"][0][field] = value
        data["positions"][0][f"{field}_range"] = [low, high]
    s = scenario_from_data(data, "mini.yaml")
    assert _round_trip(s, fmt) == s


_xml_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t", "'", "=", '"', ",", ";"]),
    max_size=40,
)


@settings(max_examples=40)
@given(rationale=st.text(min_size=1, max_size=40))
@example(rationale="Said so.\x1c")  # white space to Python, kept by the scenario
@example(rationale='=1+1, "quoted"\r\nand a new line')
def test_any_text_round_trips_through_csv(rationale: str) -> None:
    data = _mini_data()
    data["positions"][0]["rationale"] = rationale
    try:
        s = scenario_from_data(data, "mini.yaml")
    except InputError:
        assume(False)  # nothing but white space: not a rationale
        raise
    assert _round_trip(s, "csv") == s


@needs_openpyxl
@settings(max_examples=30)
@given(rationale=_xml_text)
def test_text_xlsx_can_hold_round_trips_through_xlsx(rationale: str) -> None:
    # XLSX cannot hold control characters, and keeps line breaks as line feeds.
    data = _mini_data()
    data["positions"][0]["rationale"] = "r " + rationale + " r"
    s = scenario_from_data(data, "mini.yaml")
    assert _round_trip(s, "xlsx") == s


# -- merging edits ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_salience_above_one_gets_the_scenarios_message(fmt: str) -> None:
    s = load("korea-2018-04")
    edit: Edit = {("rok", "denuclearization"): {"salience": 1.4}}
    if fmt == "csv":
        rows = read_positions_csv(_edit_csv(positions_csv(s), edit), "edit.csv")
    else:
        rows = read_positions_xlsx(_edit_xlsx(positions_xlsx(s), edit), "edit.xlsx")
    problems = _problems(lambda: merge_positions(s, rows, f"edit.{fmt}"))
    assert f"edit.{fmt}: positions[rok][denuclearization].salience: 1.4 is above 1" in problems
    assert all(p.startswith(f"edit.{fmt}: positions[rok][denuclearization].") for p in problems)


def test_an_edit_changes_only_its_position() -> None:
    s = load("korea-2018-04")
    edit: Edit = {("rok", "denuclearization"): {"salience": "0.5", "salience_low": "0.4"}}
    merged = merge_positions(s, read_positions_csv(_edit_csv(positions_csv(s), edit), "x"), "x")
    changed = merged.position("rok", "denuclearization")
    assert changed is not None and (changed.salience, changed.salience_range[0]) == (0.5, 0.4)
    assert [p for p in merged.positions if p != changed] == [
        p for p in s.positions if (p.actor, p.issue) != ("rok", "denuclearization")
    ]
    assert s.position("rok", "denuclearization") != changed  # the original is unchanged


def test_rows_absent_from_the_sheet_keep_their_values() -> None:
    s = _mini()
    header, rows = _table(positions_csv(s))
    rows[0]["position"] = "2.5"
    merged = merge_positions(s, read_positions_csv(_csv(header, rows[:1]), "x.csv"), "x.csv")
    assert merged.positions[0].position == 2.5
    assert merged.positions[1:] == s.positions[1:]


def test_empty_provenance_cells_keep_the_current_ones() -> None:
    s = _mini()
    blank = {"sources": "", "rationale": " ", "estimate": ""}
    edit: Edit = {(p.actor, p.issue): blank for p in s.positions}
    text = _edit_csv(positions_csv(s), edit)
    assert merge_positions(s, read_positions_csv(text, "x.csv"), "x.csv") == s


def test_provenance_cells_replace_the_current_ones() -> None:
    s = _mini()
    edit: Edit = {
        ("south", "talks"): {"sources": "doc1", "estimate": "No", "rationale": "New reading."},
        ("church", "talks"): {"estimate": "no"},
    }
    merged = merge_positions(s, read_positions_csv(_edit_csv(positions_csv(s), edit), "x"), "x")
    south, church = merged.position("south", "talks"), merged.position("church", "talks")
    assert south is not None and church is not None
    assert (south.sources, south.estimate, south.rationale) == (("doc1",), None, "New reading.")
    assert (church.sources, church.estimate) == (("doc1",), None)


def test_a_bad_estimate_cell_is_named() -> None:
    s = _mini()
    text = _edit_csv(positions_csv(s), {("south", "talks"): {"estimate": "maybe"}})
    problems = _problems(lambda: read_positions_csv(text, "x.csv"))
    assert problems == ("x.csv: row 3, column 'estimate': 'maybe' is not yes or no",)


def test_unknown_actor_and_issue_rows_are_named() -> None:
    s = _mini()
    edit: Edit = {("south", "talks"): {"actor": "nobody"}, ("church", "talks"): {"issue": "x"}}
    rows = read_positions_csv(_edit_csv(positions_csv(s), edit), "x.csv")
    problems = _problems(lambda: merge_positions(s, rows, "x.csv"))
    assert problems == (
        "x.csv: row 3, column 'actor': 'nobody' is not an actor of this scenario "
        "(its actors: north, south, church)",
        "x.csv: row 4, column 'issue': 'x' is not an issue of this scenario (its issues: talks)",
    )


def test_a_pair_without_a_position_is_named() -> None:
    full = _mini()
    data = _mini_data()
    data["positions"] = [p for p in data["positions"] if p["actor"] != "church"]
    s = scenario_from_data(data, "mini.yaml")
    problems = _problems(
        lambda: merge_positions(s, read_positions_csv(positions_csv(full), "x"), "x")
    )
    assert problems == (
        "x: row 4: 'church' has no position on 'talks' in this scenario; "
        "a sheet can only change the positions a scenario has",
    )


def test_a_pair_given_twice_is_named() -> None:
    s = _mini()
    header, rows = _table(positions_csv(s))
    problems = _problems(
        lambda: merge_positions(s, read_positions_csv(_csv(header, [*rows, rows[0]]), "x"), "x")
    )
    assert problems == ("x: row 5: 'north' on 'talks' already appears in row 2",)


def test_merge_takes_plain_dicts_too() -> None:
    s = _mini()
    plain = [p.model_dump(mode="json", exclude_none=True) for p in s.positions]
    assert merge_positions(s, plain, "api") == s
    blank = [{**p, "sources": [], "rationale": " "} for p in plain]
    assert merge_positions(s, blank, "api") == s  # empty provenance keeps the current one
    plain[1]["actor"] = "nobody"
    problems = _problems(lambda: merge_positions(s, plain, "api"))
    assert problems[0].startswith("api: row 3, column 'actor': 'nobody' is not an actor")


# -- bad sheets ------------------------------------------------------------------------------
def test_every_bad_number_is_named_at_once() -> None:
    s = _mini()
    edit: Edit = {
        ("north", "talks"): {"position": "", "capability_high": "inf"},
        ("south", "talks"): {"salience": "abc", "position_low": "7,5"},
    }
    problems = _problems(lambda: read_positions_csv(_edit_csv(positions_csv(s), edit), "x.csv"))
    assert problems == (
        "x.csv: row 2, column 'position': empty; a number is needed",
        "x.csv: row 2, column 'capability_high': 'inf' is not a finite number",
        "x.csv: row 3, column 'position_low': '7,5' is not a number "
        "(use a decimal point, not a comma)",
        "x.csv: row 3, column 'salience': 'abc' is not a number",
    )


@needs_openpyxl
def test_bad_cells_in_xlsx_are_named() -> None:
    header = ["actor", "issue", "position", "salience", "capability"]
    data = _xlsx([header, ["north", "talks", 2, True, "0.5"], [None, "talks", 2, 0.5, "x"]])
    assert _problems(lambda: read_positions_xlsx(data, "x.xlsx")) == (
        "x.xlsx: row 2, column 'salience': 'TRUE' is not a number",
        "x.xlsx: row 3, column 'actor': empty; every row needs an actor id",
        "x.xlsx: row 3, column 'capability': 'x' is not a number",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_required_column_is_named(fmt: str) -> None:
    header = ["actor", "issue", "position", "capability", "notes"]
    row = ["north", "talks", "2", "0.5", "n"]
    if fmt == "csv":
        problems = _problems(lambda: read_positions_csv(_csv(header, []), "x.csv"))
    else:
        problems = _problems(lambda: read_positions_xlsx(_xlsx([header, row]), "x.xlsx"))
    assert problems == (
        f"x.{fmt}: row 1: missing column(s) 'salience' (the header has 'actor', 'issue', "
        "'position', 'capability', 'notes'; names are case-insensitive, in any order)",
    )


def test_a_repeated_column_is_named() -> None:
    text = "actor,issue,position,salience,capability,Salience\n"
    problems = _problems(lambda: read_positions_csv(text, "x.csv"))
    assert problems == ("x.csv: row 1: column 'salience' appears twice",)


def test_header_is_case_insensitive_in_any_order_with_unknown_columns() -> None:
    s = _mini()
    header, rows = _table(positions_csv(s))
    shuffled = ["Notes", *reversed([h for h in header if not h.endswith("_name")])]
    for row in rows:
        row["Notes"] = "ignored"
    spelled = [h.upper().replace("_", " ") for h in shuffled]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(spelled)
    writer.writerows([[r[h] for h in shuffled] for r in rows])
    assert merge_positions(s, read_positions_csv(out.getvalue(), "x.csv"), "x.csv") == s


def test_missing_ranges_are_points_and_the_scenario_may_object() -> None:
    s = _mini()
    _, rows = _table(positions_csv(s))
    required = ["actor", "issue", "position", "salience", "capability"]
    point = read_positions_csv(_csv(required, rows), "x.csv")
    assert point[0]["position_range"] == [2.0, 2.0]
    merged = merge_positions(s, point[:1], "x.csv")
    assert merged.positions[0].salience_range == (0.8, 0.8)
    problems = _problems(lambda: merge_positions(s, point, "x.csv"))
    assert (
        "x.csv: positions[south][talks].position_range: [8, 8] is a single point; "
        "an analyst estimate needs a range"
    ) in problems
    assert all("[south][talks]" in p for p in problems)


def test_blank_rows_are_skipped_and_rows_counted_as_in_the_sheet() -> None:
    s = _mini()
    header, rows = _table(positions_csv(s))
    rows[0]["rationale"] = "Two\nlines."
    rows[1]["salience"] = "abc"
    text = _csv(header, rows[:1]) + ",,,\r\n\r\n" + _csv(header, rows[1:]).split("\r\n", 1)[1]
    problems = _problems(lambda: read_positions_csv(text, "x.csv"))
    assert problems == ("x.csv: row 5, column 'salience': 'abc' is not a number",)


def test_a_byte_order_mark_is_ignored() -> None:
    s = _mini()
    text = "\ufeff" + positions_csv(s)
    assert merge_positions(s, read_positions_csv(text, "x.csv"), "x.csv") == s


@pytest.mark.parametrize("text", ["", "\r\n,,\r\n"])
def test_an_empty_sheet_is_refused(text: str) -> None:
    problems = _problems(lambda: read_positions_csv(text, "x.csv"))
    assert len(problems) == 1 and problems[0].startswith("x.csv: the sheet is empty")


def test_a_header_alone_gives_no_rows() -> None:
    assert read_positions_csv("actor,issue,position,salience,capability\r\n", "x.csv") == []


def test_malformed_csv_is_one_message() -> None:
    text = "actor,issue,position,salience,capability,rationale\r\n" + "a,b,1,1,1," + "x" * 200_000
    assert _problems(lambda: read_positions_csv(text, "x.csv")) == (
        "x.csv: row 2: not valid CSV (field larger than field limit (131072))",
    )


def _truncated_xlsx() -> bytes:
    return positions_xlsx(_mini())[:-200]


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return out.getvalue()


def _edited_sheet(edit: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(positions_xlsx(_mini())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                changed = edit(body)
                assert changed != body
                body = changed
            archive.writestr(info, body)
    return out.getvalue()


def _broken_sheet() -> bytes:
    return _edited_sheet(lambda xml: xml[: len(xml) // 2])


def _bad_header_cell() -> bytes:
    old = b'<c r="A1" s="1" t="inlineStr"><is><t>actor</t></is></c>'
    return _edited_sheet(lambda xml: xml.replace(old, b'<c r="A1" t="n"><v>x</v></c>'))


def _bad_number_cell() -> bytes:
    old = b'<c r="E2" t="n"><v>2</v></c>'
    return _edited_sheet(lambda xml: xml.replace(old, b'<c r="E2" t="n"><v>two</v></c>'))


@pytest.mark.parametrize(
    "make",
    [
        lambda: b"",
        lambda: b"garbage",
        lambda: b"actor,issue\n",
        lambda: b"PK\x03\x04" + b"\x00" * 40,
        _truncated_xlsx,
        _zip_without_workbook,
        _broken_sheet,
        _bad_header_cell,
        _bad_number_cell,
    ],
    ids=[
        "empty",
        "garbage",
        "csv",
        "zip-header",
        "truncated",
        "no-workbook",
        "broken-sheet",
        "bad-header-cell",
        "bad-number-cell",
    ],
)
@needs_openpyxl
def test_bad_xlsx_bytes_are_one_message(make: Callable[[], bytes]) -> None:
    problems = _problems(lambda: read_positions_xlsx(make(), "bad.xlsx"))
    assert len(problems) == 1
    assert problems[0].startswith("bad.xlsx: not a") and "XLSX workbook" in problems[0]


@needs_openpyxl
@settings(max_examples=40)
@given(st.binary(max_size=300))
def test_any_bytes_give_rows_or_an_input_error(data: bytes) -> None:
    problems: tuple[str, ...] = ()
    try:
        read_positions_xlsx(data, "any.xlsx")
    except InputError as exc:
        problems = exc.problems
    assert all(p.startswith("any.xlsx: ") for p in problems)


@needs_openpyxl
def test_the_positions_sheet_is_read_else_the_first() -> None:
    header = ["actor", "issue", "position", "salience", "capability"]
    book = _openpyxl().Workbook()
    first = book.active
    assert first is not None
    first.append(["notes"])
    book.create_sheet("Positions").append(header)
    out = io.BytesIO()
    book.save(out)
    assert read_positions_xlsx(out.getvalue(), "x.xlsx") == []
    other = _xlsx([header, ["north", "talks", 1, 0.5, 0.5]], title="Sheet1")
    assert read_positions_xlsx(other, "x.xlsx")[0]["position"] == 1.0


# -- limits ----------------------------------------------------------------------------------
def test_more_than_100000_rows_are_refused_quickly() -> None:
    assert tabular.MAX_ROWS == 100_000
    text = "actor,issue,position,salience,capability\n" + "a,b,1,0.5,0.5\n" * 100_001
    start = time.perf_counter()
    problems = _problems(lambda: read_positions_csv(text, "big.csv"))
    assert time.perf_counter() - start < 0.5  # counted before any row is read
    assert problems == (
        "big.csv: too many rows; a sheet may have a header row and at most 100,000 rows "
        "below it (split it into several)",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_row_limit_holds_for_both_formats(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    header = ["actor", "issue", "position", "salience", "capability"]

    def read(n: int) -> list[dict[str, Any]]:
        rows: list[list[Any]] = [["a", "b", 1, 0.5, 0.5]] * n
        if fmt == "csv":
            return read_positions_csv(
                _csv(header, [dict(zip(header, r, strict=True)) for r in rows]), "x"
            )
        return read_positions_xlsx(_xlsx([header, *rows]), "x")

    assert len(read(3)) == 3
    assert "too many rows" in _problems(lambda: read(4))[0]


@pytest.mark.parametrize(
    ("char", "count"), [("a", 20_000_001), ("한", 6_700_000)], ids=["ascii", "3-byte"]
)
def test_text_over_20_mb_is_refused(char: str, count: int) -> None:
    assert tabular.MAX_BYTES == 20_000_000
    problems = _problems(lambda: read_positions_csv(char * count, "big.csv"))
    assert len(problems) == 1 and "is too large; at most 20 MB is read" in problems[0]


@needs_openpyxl
def test_an_xlsx_over_20_mb_is_refused() -> None:
    problems = _problems(lambda: read_positions_xlsx(b"\x00" * 20_000_001, "big.xlsx"))
    assert problems == (
        "big.xlsx: file of 20.0 MB is too large; at most 20 MB is read "
        "(split the sheet into several)",
    )


@needs_openpyxl
def test_an_xlsx_that_unpacks_to_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert tabular.MAX_UNPACKED_BYTES == 100_000_000
    monkeypatch.setattr(tabular, "MAX_UNPACKED_BYTES", 2_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 2_500_000)
    assert len(out.getvalue()) < 10_000
    problems = _problems(lambda: read_positions_xlsx(out.getvalue(), "bomb.xlsx"))
    assert problems == (
        "bomb.xlsx: unpacks to 2.5 MB; at most 2 MB is read (split the sheet into several)",
    )


def test_problems_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_PROBLEMS", 2)
    text = "actor,issue,position,salience,capability\n" + "a,b,x,x,x\n" * 2
    assert _problems(lambda: read_positions_csv(text, "x.csv")) == (
        "x.csv: row 2, column 'position': 'x' is not a number",
        "x.csv: row 2, column 'salience': 'x' is not a number",
        "x.csv: 4 more problem(s) not listed",
    )


def test_xlsx_without_openpyxl_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    s = _mini()
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    for call in (lambda: positions_xlsx(s), lambda: read_positions_xlsx(b"PK", "x.xlsx")):
        problems = _problems(call)
        assert (
            len(problems) == 1
            and "XLSX needs openpyxl: pip install 'panmun[serve]'" in (problems[0])
        )


def test_the_same_scenario_gives_the_same_xlsx_bytes() -> None:
    import time

    pytest.importorskip("openpyxl")
    from panmun.scenario import load

    s = load("korea-2018-04")
    first = positions_xlsx(s)
    time.sleep(2.1)  # the archive's times have a resolution of two seconds
    assert positions_xlsx(s) == first

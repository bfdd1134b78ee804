"""Reading one issue from a CSV table; every bad cell named by row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from panmun.errors import InputError
from panmun.io import read_issue_csv, read_issue_csv_text

GOOD = "Actor,Capability,Position,Salience\nNorth,0.6,2,0.8\nSouth,0.7,8,0.7\n"


def _problems(text: str) -> tuple[str, ...]:
    with pytest.raises(InputError) as info:
        read_issue_csv_text(text, "t.csv")
    return info.value.problems


def test_reads_a_table_in_any_column_order_and_case(tmp_path: Path) -> None:
    path = tmp_path / "issue.csv"
    path.write_text(
        "\ufeffSALIENCE, note ,position,Actor,capability\n0.8,x,2,North,0.6\n\n0.7,,8,South,0.7\n",
        encoding="utf-8",
    )
    inputs = read_issue_csv(path)
    assert inputs.actors == ("North", "South")
    assert list(inputs.positions) == [2.0, 8.0]
    assert list(inputs.saliences) == [0.8, 0.7]
    assert inputs.issue == "issue.csv"
    assert inputs.position_ranges.tolist() == [[2.0, 2.0], [8.0, 8.0]]


def test_missing_column_names_it_and_the_header() -> None:
    (problem,) = _problems("actor,position,salience\na,1,0.5\nb,2,0.5\n")
    assert "missing column(s) 'capability'" in problem
    assert "line 1" in problem and "'actor'" in problem


def test_repeated_column() -> None:
    assert "appears twice" in _problems("actor,position,Position,salience,capability\n")[0]


def test_every_bad_cell_is_named_by_row_and_column() -> None:
    problems = _problems(
        "actor,capability,position,salience\n"
        "a,0.5,1,1.4\n"  # row 2: salience outside 0..1
        "b,high,2,0.5\n"  # row 3: not a number
        ",0.5,3,0.5\n"  # row 3: no name
        "a,-1,,nan\n"  # row 4: repeated name, negative, empty, not finite
    )
    text = "\n".join(problems)
    assert "t.csv: row 2, column 'salience': 1.4 is outside 0..1" in text
    assert "t.csv: row 3, column 'capability': 'high' is not a number" in text
    assert "t.csv: row 4, column 'actor': empty" in text
    assert "t.csv: row 5, column 'actor': 'a' already appears in row 2" in text
    assert "t.csv: row 5, column 'capability': -1 is negative" in text
    assert "t.csv: row 5, column 'position': empty" in text
    assert "t.csv: row 5, column 'salience': 'nan' is not a finite number" in text


def test_short_rows_are_empty_cells() -> None:
    assert any("row 4, column 'salience': empty" in p for p in _problems(GOOD + "East,0.1\n"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("actor,capability,position,salience\nNorth,1,2,0.5\n", "at least two"),
        ("actor,capability,position,salience\na,1,5,0.5\nb,1,5,0.9\n", "every actor is at 5"),
        ("actor,capability,position,salience\na,0,1,0.5\nb,1,5,0\n", "zero for every actor"),
    ],
)
def test_table_level_problems(text: str, message: str) -> None:
    assert any(message in p for p in _problems(text))


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_issue_csv(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_issue_csv(tmp_path)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not a UTF-8 text file"):
        read_issue_csv(binary)

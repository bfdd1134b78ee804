"""Read one issue from a plain CSV table, as the existing forecasting tools exchange them.

The table has one row per actor and the columns ``actor``, ``capability``, ``position`` and
``salience`` — header names case-insensitive, in any order; other columns are ignored::

    actor,capability,position,salience
    Netherlands,0.08,4,0.8
    Belgium,0.08,7,0.4

Capability is any number ≥ 0 (only ratios matter), salience lies in 0..1, positions are
numbers on any scale. Every problem in the file is reported at once, each message naming
the file, the row (rows are counted as in the file: the header is row 1, the first actor row 2)
and the column, as every reader of panmun counts them.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from panmun.errors import InputError
from panmun.files import read_text_file

if TYPE_CHECKING:
    from panmun.bargaining.inputs import IssueInputs

REQUIRED_COLUMNS: tuple[str, ...] = ("actor", "capability", "position", "salience")


def read_issue_csv(path: str | Path) -> IssueInputs:
    """Read a CSV file of one issue into :class:`~panmun.bargaining.IssueInputs`.

    Raises
    ------
    InputError
        If the file cannot be read or any row or column is bad (one message per problem).
    """
    text = read_text_file(path, encoding="utf-8-sig")  # the -sig variant drops a BOM
    return read_issue_csv_text(text, Path(path).name)


def _header(row: list[str], name: str) -> tuple[dict[str, int], list[str]]:
    problems: list[str] = []
    index: dict[str, int] = {}
    for k, cell in enumerate(row):
        key = cell.strip().lower()
        if key in REQUIRED_COLUMNS:
            if key in index:
                problems.append(f"{name}: line 1: column {key!r} appears twice")
            index[key] = k
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        found = ", ".join(repr(c.strip()) for c in row if c.strip()) or "nothing"
        problems.append(
            f"{name}: line 1: missing column(s) {', '.join(repr(m) for m in missing)} "
            f"(the header has {found}; names are case-insensitive, in any order)"
        )
    return index, problems


def _number(cell: str, where: str, column: str, problems: list[str]) -> float:
    text = cell.strip()
    if not text:
        problems.append(f"{where}, column {column!r}: empty; a number is needed")
        return math.nan
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where}, column {column!r}: {text!r} is not a number")
        return math.nan
    if not math.isfinite(value):
        problems.append(f"{where}, column {column!r}: {text!r} is not a finite number")
        return math.nan
    return value


def read_issue_csv_text(text: str, name: str = "<csv>") -> IssueInputs:
    """Parse CSV text of one issue; ``name`` labels the messages and becomes the issue id.

    Raises
    ------
    InputError
        Naming the row and column of every bad value, a missing column, fewer than two
        actors, a repeated actor, or positions that are all equal.
    """
    from panmun.bargaining.inputs import IssueInputs

    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        raise InputError([f"{name}: empty file; expected a header {','.join(REQUIRED_COLUMNS)}"])
    index, problems = _header(rows[0], name)
    if problems:
        raise InputError(problems)
    actors: list[str] = []
    values: dict[str, list[float]] = {"capability": [], "position": [], "salience": []}
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        where = f"{name}: row {number}"
        cells = {c: (row[k] if k < len(row) else "") for c, k in index.items()}
        actor = cells["actor"].strip()
        if not actor:
            problems.append(f"{where}, column 'actor': empty; every row needs an actor name")
        elif actor in first_row:
            problems.append(
                f"{where}, column 'actor': {actor!r} already appears in row {first_row[actor]}"
            )
        else:
            first_row[actor] = number
        for column in values:
            values[column].append(_number(cells[column], where, column, problems))
        capability, salience = values["capability"][-1], values["salience"][-1]
        if capability < 0:
            problems.append(f"{where}, column 'capability': {capability:g} is negative")
        if not (math.isnan(salience) or 0.0 <= salience <= 1.0):
            problems.append(f"{where}, column 'salience': {salience:g} is outside 0..1")
        actors.append(actor or f"row {number}")
    if len(actors) < 2:
        problems.append(f"{name}: {len(actors)} actor row(s); bargaining needs at least two")
    positions = values["position"]
    finite = [v for v in positions if not math.isnan(v)]
    if len(actors) >= 2 and len(finite) == len(positions) and len(set(finite)) == 1:
        problems.append(
            f"{name}: column 'position': every actor is at {finite[0]:g}; nothing to bargain over"
        )
    if problems:
        raise InputError(problems)
    return IssueInputs.from_values(
        actors,
        positions,
        values["capability"],
        values["salience"],
        issue=name,
    )

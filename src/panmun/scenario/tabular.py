"""A scenario's positions as a spreadsheet: export to CSV or XLSX, and import edits back.

Analysts edit positions in a spreadsheet; this module writes the sheet and reads it back into
a scenario. The sheet has a header row and one row per position (one actor on one issue), in
the order of the scenario, with the columns of :data:`COLUMNS`::

    actor,actor_name,issue,issue_name,position,position_low,position_high,salience,...
    rok,Republic of Korea,denuclearization,Denuclearization,30,20,40,0.85,...

- ``position``, ``salience`` and ``capability`` are numbers; ``*_low`` and ``*_high`` are the
  ends of each number's range. A missing range column, or an empty range cell, means the
  range is the single point of the value (the scenario may then object that an analyst
  estimate needs a real range: its own message is shown).
- ``estimate`` is ``yes`` (an analyst estimate) or ``no``; ``sources`` are source ids
  separated by ``;`` (a ``,`` also separates); ``rationale`` is free text.
- ``actor_name`` and ``issue_name`` are there for human readers and are ignored on import.

On import, header names are case-insensitive (a space or ``-`` may stand for ``_``), the
columns may come in any order, and unknown columns are ignored. The columns ``actor``,
``issue``, ``position``, ``salience`` and ``capability`` are required. Every problem in a
sheet is reported at once, each naming the file, the row and the column; rows are counted as
a spreadsheet shows them (the header is row 1, the first position row 2) and blank rows are
skipped. A sheet may hold a header row and at most :data:`MAX_ROWS` rows below it, and at
most :data:`MAX_BYTES` bytes.

:func:`merge_positions` applies the rows to a scenario: each row replaces the position of its
(actor, issue) pair, where an empty ``sources``, ``rationale`` or ``estimate`` cell keeps the
current one, pairs absent from the sheet keep their values, and the result is validated like
a scenario file, so its messages are the scenario's own (for example
``korea.csv: positions[rok][denuclearization].salience: 1.4 is above 1``). A sheet can change
existing positions only; it cannot add or remove them.

Numbers survive a round trip exactly: the CSV holds the shortest text that reads back as the
same float, and the XLSX holds numbers as numbers, written the same way. A CSV text cell that
a spreadsheet program would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written with a leading ``'`` that the reader removes again, so
opening an exported CSV never runs a formula; XLSX text cells are always stored as text.
XLSX cells cannot hold control characters (they are dropped), store at most 32,767
characters, and keep line breaks as line feeds.

XLSX needs the optional dependency ``openpyxl`` (``pip install 'panmun[serve]'``).

>>> from panmun.scenario import load
>>> s = load("korea-2018-04")
>>> text = positions_csv(s)
>>> text.splitlines()[0].split(",")[:5]
['actor', 'actor_name', 'issue', 'issue_name', 'position']
>>> merge_positions(s, read_positions_csv(text, "korea.csv"), "korea.csv") == s
True
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import Any

from panmun.errors import InputError
from panmun.scenario.loader import scenario_from_data, to_data
from panmun.scenario.models import Scenario, fmt_value

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "REQUIRED_COLUMNS",
    "SHEET_NAME",
    "SheetRow",
    "merge_positions",
    "positions_csv",
    "positions_xlsx",
    "read_positions_csv",
    "read_positions_xlsx",
]

COLUMNS: tuple[str, ...] = (
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
"""The columns of an exported sheet, in order."""

REQUIRED_COLUMNS: tuple[str, ...] = ("actor", "issue", "position", "salience", "capability")
"""The columns an imported sheet must have."""

SHEET_NAME = "positions"
"""The name of the worksheet in an XLSX workbook (an import falls back to the first sheet)."""

MAX_ROWS = 100_000
"""The most rows a sheet may have below its header row (blank ones included)."""

MAX_BYTES = 20_000_000
"""The largest CSV text (UTF-8) or XLSX file read, in bytes."""

MAX_UNPACKED_BYTES = 100_000_000
"""The most an XLSX file (a zip archive) may unpack to, in bytes."""

MAX_PROBLEMS = 1_000
"""The most problems listed for one sheet; the rest are counted in a last line."""

_NUMBERS = ("position", "salience", "capability")
_IGNORED = ("actor_name", "issue_name")
_READ = tuple(c for c in COLUMNS if c not in _IGNORED)
_OPTIONAL_TEXT = ("sources", "rationale", "estimate")
_YES = ("yes", "true")
_NO = ("no", "false")
_INSTALL_HINT = "pip install 'panmun[serve]'"

# A text cell a spreadsheet program would treat as a formula, after any quotes added to escape
# it; the escape is one more leading quote, so writing and reading it is exactly reversible.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# Characters that XML 1.0, and hence XLSX, cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Cell = str | float


class SheetRow(dict[str, Any]):
    """One row read from a sheet: a position dict, with the number of the row it came from.

    It compares equal to the plain dict of the same fields; :func:`merge_positions` uses
    :attr:`row` to name the row in its messages.
    """

    def __init__(self, fields: Mapping[str, Any], row: int) -> None:
        super().__init__(fields)
        self.row = row


class _Problems:
    """Problem lines of one sheet, keeping at most :data:`MAX_PROBLEMS` of them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []
        self.hidden = 0

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(line)
        else:
            self.hidden += 1

    def raise_any(self) -> None:
        if self.hidden:
            self.lines.append(f"{self.name}: {self.hidden} more problem(s) not listed")
        if self.lines:
            raise InputError(self.lines)


# -- writing ---------------------------------------------------------------------------------
def _table(scenario: Scenario) -> Iterator[list[Cell]]:
    """Yield the header, then one row of cells per position, in scenario order."""
    actor_names = {a.id: a.name for a in scenario.actors}
    issue_names = {i.id: i.name for i in scenario.issues}
    yield list(COLUMNS)
    for p in scenario.positions:
        yield [
            p.actor,
            actor_names.get(p.actor, ""),
            p.issue,
            issue_names.get(p.issue, ""),
            p.position,
            *p.position_range,
            p.salience,
            *p.salience_range,
            p.capability,
            *p.capability_range,
            "yes" if p.estimate == "analyst" else "no",
            "; ".join(p.sources),
            p.rationale,
        ]


def _number_text(value: float) -> str:
    """The shortest text that reads back as exactly this float (whole numbers without ``.0``)."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _csv_escape(text: str) -> str:
    return "'" + text if _FORMULA_START.match(text) else text


def _csv_unescape(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text) else text


def positions_csv(scenario: Scenario) -> str:
    """Return the scenario's positions as CSV text, one row per position.

    Parameters
    ----------
    scenario
        The scenario to export.

    Returns
    -------
    str
        A header row of :data:`COLUMNS` and one row per position in scenario order, with
        ``\\r\\n`` line ends; :func:`read_positions_csv` reads it back unchanged.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in _table(scenario):
        writer.writerow([_csv_escape(c) if isinstance(c, str) else _number_text(c) for c in row])
    return out.getvalue()


def _openpyxl(module: str) -> ModuleType:
    """Import ``module`` of the optional dependency openpyxl, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError([f"reading or writing XLSX needs openpyxl: {_INSTALL_HINT}"]) from None


def positions_xlsx(scenario: Scenario) -> bytes:
    """Return the scenario's positions as an XLSX workbook.

    Parameters
    ----------
    scenario
        The scenario to export.

    Returns
    -------
    bytes
        A workbook with one sheet, :data:`SHEET_NAME`: a header row of :data:`COLUMNS`, then
        one row per position in scenario order. Numbers are number cells, everything else
        text cells.

    Raises
    ------
    InputError
        If openpyxl is not installed.
    """
    openpyxl = _openpyxl("openpyxl")
    write_only_cell = _openpyxl("openpyxl.cell").WriteOnlyCell
    bold = _openpyxl("openpyxl.styles").Font(bold=True)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAME)
    sheet.freeze_panes = "A2"

    def cell(value: Cell) -> Any:
        if isinstance(value, str):
            c = write_only_cell(sheet, value=_NOT_XML.sub("", value))
            c.data_type = "s"  # never a formula or an error code, whatever the text
        elif math.isfinite(value):
            # openpyxl writes floats with 16 significant digits, which is not always exact:
            # give it the shortest exact text and mark the cell numeric.
            c = write_only_cell(sheet, value=_number_text(value))
            c.data_type = "n"
        else:
            c = write_only_cell(sheet, value=None)
        return c

    for k, row in enumerate(_table(scenario)):
        cells = [cell(v) for v in row]
        if k == 0:
            for c in cells:
                c.font = bold
        sheet.append(cells)
    # The same scenario gives the same bytes: the document's dates are the scenario's date,
    # and every member of the archive carries one fixed time.
    stamp = dt.datetime.combine(scenario.as_of, dt.time())
    book.properties.created = stamp
    book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return _fixed_times(out.getvalue(), stamp)


def _fixed_times(archive: bytes, stamp: dt.datetime) -> bytes:
    """``archive`` with every member's time, and the document's modification time, set to
    ``stamp``."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            dst.writestr(fixed, data)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------------
def _too_many_rows(name: str) -> InputError:
    return InputError(
        [
            f"{name}: too many rows; a sheet may have a header row and at most "
            f"{MAX_ROWS:,} rows below it (split it into several)"
        ]
    )


def _check_size(size: int, name: str, what: str) -> None:
    if size > MAX_BYTES:
        raise InputError(
            [
                f"{name}: {what} of {size / 1e6:.1f} MB is too large; "
                f"at most {MAX_BYTES / 1e6:g} MB is read (split the sheet into several)"
            ]
        )


def _text(value: object) -> str:
    """A cell's value as text, as a spreadsheet would show it (``""`` for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(value: object) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).strip().lower())


def _header(cells: Sequence[object], number: int, name: str) -> dict[str, int]:
    """Map each column read to its cell index; raise on a missing or repeated column."""
    problems: list[str] = []
    index: dict[str, int] = {}
    for k, cell in enumerate(cells):
        key = _header_key(cell)
        if key in _READ:
            if key in index:
                problems.append(f"{name}: row {number}: column {key!r} appears twice")
            else:
                index[key] = k
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        found = ", ".join(repr(_text(c).strip()) for c in cells if not _is_blank(c)) or "nothing"
        problems.append(
            f"{name}: row {number}: missing column(s) {', '.join(repr(m) for m in missing)} "
            f"(the header has {found}; names are case-insensitive, in any order)"
        )
    if problems:
        raise InputError(problems)
    return index


def _find_header(rows: Iterator[tuple[int, Sequence[object]]], name: str) -> tuple[int, Any]:
    """Return the number and cells of the first row that is not blank."""
    for number, cells in rows:
        if number > MAX_ROWS + 1:
            raise _too_many_rows(name)
        if not all(_is_blank(c) for c in cells):
            return number, cells
    raise InputError(
        [f"{name}: the sheet is empty; expected a header row with the columns {', '.join(COLUMNS)}"]
    )


def _number(
    value: object, where: str, column: str, problems: _Problems, default: float | None = None
) -> float:
    """Read a number cell; an empty one gives ``default``, or is a problem without one."""
    here = f"{where}, column {column!r}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            problems.add(f"{here}: {_text(value)!r} is not a finite number")
            return math.nan
        return number
    text = _text(value).strip()
    if not text:
        if default is not None:
            return default
        problems.add(f"{here}: empty; a number is needed")
        return math.nan
    try:
        number = float(text)
    except (ValueError, OverflowError):
        hint = ""
        if "," in text:
            try:
                float(text.replace(",", "."))
                hint = " (use a decimal point, not a comma)"
            except ValueError:
                pass
        problems.add(f"{here}: {text!r} is not a number{hint}")
        return math.nan
    if not math.isfinite(number):
        problems.add(f"{here}: {text!r} is not a finite number")
        return math.nan
    return number


def _row_fields(cells: dict[str, object], where: str, problems: _Problems) -> dict[str, Any]:
    """Turn one row's cells into the fields of a position."""
    fields: dict[str, Any] = {}
    for column in ("actor", "issue"):
        text = _text(cells.get(column)).strip()
        if not text:
            problems.add(f"{where}, column {column!r}: empty; every row needs an {column} id")
        fields[column] = text
    for column in _NUMBERS:
        value = _number(cells.get(column), where, column, problems)
        low = _number(cells.get(f"{column}_low"), where, f"{column}_low", problems, value)
        high = _number(cells.get(f"{column}_high"), where, f"{column}_high", problems, value)
        fields[column] = value
        fields[f"{column}_range"] = [low, high]
    sources = [s.strip() for s in re.split(r"[;,]", _text(cells.get("sources")))]
    if any(sources):
        fields["sources"] = [s for s in sources if s]
    estimate = _text(cells.get("estimate")).strip()
    if estimate.lower() in _YES:
        fields["estimate"] = "analyst"
    elif estimate.lower() in _NO:
        fields["estimate"] = None
    elif estimate:
        problems.add(f"{where}, column 'estimate': {estimate!r} is not yes or no")
    rationale = _text(cells.get("rationale"))
    if rationale.strip():
        fields["rationale"] = rationale
    return fields


def _read_body(
    index: dict[str, int],
    header_row: int,
    rows: Iterable[tuple[int, Sequence[object]]],
    name: str,
) -> list[dict[str, Any]]:
    """Read the rows below the header into position dicts, reporting every problem."""
    problems = _Problems(name)
    out: list[dict[str, Any]] = []
    for number, row in rows:
        if number > MAX_ROWS + 1:
            raise _too_many_rows(name)
        cells = {c: (row[k] if k < len(row) else None) for c, k in index.items()}
        if all(_is_blank(v) for v in cells.values()):
            continue
        fields = _row_fields(cells, f"{name}: row {number}", problems)
        if not problems.lines:
            out.append(SheetRow(fields, number))
    problems.raise_any()
    return out


def _too_many_csv_rows(text: str) -> bool:
    """Whether CSV text has more rows than a sheet may have (a quick first pass)."""
    count = 0
    try:
        for _ in csv.reader(io.StringIO(text, newline="")):
            count += 1
            if count > MAX_ROWS + 1:
                return True
    except csv.Error:
        pass  # the full reading reports it, with its row
    return False


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for each CSV record, with the formula escape undone."""
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError([f"{name}: row {number}: not valid CSV ({exc})"]) from None
        yield number, [_csv_unescape(c) for c in cells]


def read_positions_csv(text: str, name: str) -> list[dict[str, Any]]:
    """Read CSV text of positions into position dicts.

    Parameters
    ----------
    text
        The CSV text (a leading byte order mark is ignored).
    name
        The file's name, to label messages.

    Returns
    -------
    list of dict
        One :class:`SheetRow` per non-blank row, in the shape of the entries of
        ``to_data(scenario)["positions"]``; a row whose ``sources``, ``rationale`` or
        ``estimate`` cell is empty lacks that key (``estimate`` is ``None`` for ``no``).

    Raises
    ------
    InputError
        Naming the row and column of every bad cell, a missing or repeated column, text over
        :data:`MAX_BYTES` or more than :data:`MAX_ROWS` rows.
    """
    _check_size(len(text), name, "text")
    _check_size(len(text.encode("utf-8", "surrogatepass")), name, "text")
    text = text.removeprefix("\ufeff")
    if _too_many_csv_rows(text):
        raise _too_many_rows(name)
    rows = _csv_rows(text, name)
    header_row, header = _find_header(rows, name)
    index = _header(header, header_row, name)
    return _read_body(index, header_row, rows, name)


def _unreadable(name: str, exc: BaseException) -> InputError:
    reason = str(exc).strip() or type(exc).__name__
    return InputError([f"{name}: not a readable XLSX workbook ({reason})"])


def _guarded(rows: Iterator[tuple[int, Any]], name: str) -> Iterator[tuple[int, Any]]:
    """Pass rows through, turning openpyxl's errors about a broken file into one message."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises many kinds of error on a malformed file
            raise _unreadable(name, exc) from None
        yield row


def _check_zip(data: bytes, name: str) -> None:
    """Refuse bytes that are not a zip archive, or that unpack to too much."""
    _check_size(len(data), name, "file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise InputError(
            [
                f"{name}: not an XLSX workbook (an .xlsx file is a zip archive and this is "
                "not one; save the sheet as .xlsx, or as CSV)"
            ]
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            [
                f"{name}: unpacks to {unpacked / 1e6:.1f} MB; at most "
                f"{MAX_UNPACKED_BYTES / 1e6:g} MB is read (split the sheet into several)"
            ]
        )


def read_positions_xlsx(data: bytes, name: str) -> list[dict[str, Any]]:
    """Read an XLSX workbook of positions into position dicts.

    The sheet read is the one named :data:`SHEET_NAME` (in any case), else the first. Formula
    cells give the value the spreadsheet program last computed.

    Parameters
    ----------
    data
        The bytes of the ``.xlsx`` file.
    name
        The file's name, to label messages.

    Returns
    -------
    list of dict
        As :func:`read_positions_csv`.

    Raises
    ------
    InputError
        If openpyxl is not installed; if the bytes are not a readable workbook (one message
        naming the file), are over :data:`MAX_BYTES` or unpack to too much; and as
        :func:`read_positions_csv` for the sheet's contents.
    """
    openpyxl = _openpyxl("openpyxl")
    _check_zip(data, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a malformed file
        raise _unreadable(name, exc) from None
    try:
        sheets = list(book.worksheets)
        named = [s for s in sheets if str(s.title).strip().lower() == SHEET_NAME]
        if not sheets:
            raise InputError([f"{name}: the workbook has no worksheet"])
        sheet = (named or sheets)[0]
        sheet.reset_dimensions()  # a file's stated dimensions may be wrong, or huge
        rows = _guarded(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1), name)
        header_row, header = _find_header(rows, name)
        index = _header(header, header_row, name)
        # Read again from below the header, only as wide as the columns that are read.
        body = sheet.iter_rows(
            min_row=header_row + 1, max_col=max(index.values()) + 1, values_only=True
        )
        return _read_body(index, header_row, _guarded(enumerate(body, header_row + 1), name), name)
    finally:
        book.close()


# -- merging ---------------------------------------------------------------------------------
def _is_empty(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value
    return value is None


def _merged(old: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """The position ``old`` (plain data) with the fields of one row put in."""
    new = dict(old)
    for key, value in row.items():
        if key in ("sources", "rationale") and _is_empty(value):
            continue  # an empty cell keeps what the scenario has
        if key == "estimate" and value is None:
            new.pop("estimate", None)
            continue
        new[key] = value
    return new


def merge_positions(scenario: Scenario, rows: Iterable[Mapping[str, Any]], name: str) -> Scenario:
    """Return a new scenario with the positions of ``rows`` put in, validated.

    Parameters
    ----------
    scenario
        The scenario the sheet was made from.
    rows
        Position dicts, as :func:`read_positions_csv` or :func:`read_positions_xlsx` return
        them. Each replaces the position of its (actor, issue) pair; an absent or empty
        ``sources`` or ``rationale`` and an absent ``estimate`` keep the current ones, and an
        ``estimate`` of ``None`` removes it. Pairs without a row keep their values.
    name
        The sheet's name, to label messages.

    Returns
    -------
    Scenario
        The merged scenario; ``scenario`` itself is unchanged.

    Raises
    ------
    InputError
        Naming the row of each unknown actor or issue, each pair the scenario has no position
        for and each pair given twice; else with the scenario's own messages, as for a
        scenario file (``name: positions[actor][issue].field: message``).
    """
    data = to_data(scenario)
    positions: list[dict[str, Any]] = data["positions"]
    slot = {(p["actor"], p["issue"]): k for k, p in enumerate(positions)}
    actors = [a.id for a in scenario.actors]
    issues = [i.id for i in scenario.issues]
    known = {"actor": (set(actors), ", ".join(actors)), "issue": (set(issues), ", ".join(issues))}
    first_row: dict[tuple[str, str], int] = {}
    problems = _Problems(name)
    for k, row in enumerate(rows):
        number = row.row if isinstance(row, SheetRow) else k + 2
        where = f"{name}: row {number}"
        if not isinstance(row, Mapping):
            problems.add(f"{where}: expected a mapping of position fields, not {row!r:.60}")
            continue
        ids: list[str] = []
        for column in ("actor", "issue"):
            value = row.get(column)
            ids_known, listed = known[column]
            if _is_blank(value):
                problems.add(f"{where}, column {column!r}: empty; every row needs an {column} id")
            elif not isinstance(value, str) or value not in ids_known:
                problems.add(
                    f"{where}, column {column!r}: {fmt_value(value)} is not an {column} of this "
                    f"scenario (its {column}s: {listed})"
                )
            else:
                ids.append(value)
        if len(ids) < 2:
            continue
        actor, issue = pair = (ids[0], ids[1])
        if pair in first_row:
            problems.add(
                f"{where}: {actor!r} on {issue!r} already appears in row {first_row[pair]}"
            )
            continue
        first_row[pair] = number
        if pair not in slot:
            problems.add(
                f"{where}: {actor!r} has no position on {issue!r} in this scenario; "
                "a sheet can only change the positions a scenario has"
            )
            continue
        positions[slot[pair]] = _merged(positions[slot[pair]], row)
    problems.raise_any()
    return scenario_from_data(data, name)

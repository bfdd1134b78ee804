"""Shared building blocks of panmun's records: ids, problems with field paths, provenance.

Every sourced record (scenario positions, relationships, proposal terms) builds on these:
frozen pydantic models, validation that collects every problem with its field path, and the
rule that a number cites sources or is marked an analyst estimate with a range.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1)]


class Problem(BaseModel):
    """One validation problem: where it is (a field path) and what is wrong (with the value)."""

    model_config = ConfigDict(frozen=True)

    path: str
    message: str

    def render(self, prefix: str = "") -> str:
        """Return ``prefix.path: message`` with empty parts left out."""
        where = ".".join(p for p in (prefix, self.path) if p).replace(".[", "[")
        return f"{where}: {self.message}" if where else self.message


class ScenarioProblems(ValueError):
    """Raised inside validators with every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.render() for p in problems))


def duplicates(ids: Iterable[str]) -> list[str]:
    """Each id that occurs more than once, in the order of its second occurrence."""
    seen: set[str] = set()
    repeated: list[str] = []
    for i in ids:
        if i in seen and i not in repeated:
            repeated.append(i)
        seen.add(i)
    return repeated


def fmt_value(value: object) -> str:
    """Format a value for a message: numbers plainly, text quoted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    return str(value)


def check_number(
    problems: list[Problem],
    path: str,
    value: float,
    rng: tuple[float, float],
    lo: float | None = None,
    hi: float | None = None,
    hi_open: bool = False,
) -> None:
    """Check a value, its (low, high) range, and optional bounds; append problems.

    ``hi_open`` excludes ``hi`` itself (a continuation probability must stay below 1).
    """
    limit = "at or above" if hi_open else "above"

    def outside(v: float) -> str | None:
        if lo is not None and v < lo:
            return f"{fmt_value(v)} is below {fmt_value(lo)}"
        if hi is not None and (v >= hi if hi_open else v > hi):
            return f"{fmt_value(v)} is {limit} {fmt_value(hi)}"
        return None

    message = outside(value)
    if message:
        problems.append(Problem(path=path, message=message))
    rpath = f"{path}_range"
    low, high = rng
    if low > high:
        text = f"[{fmt_value(low)}, {fmt_value(high)}] has low above high"
        problems.append(Problem(path=rpath, message=text))
    elif not low <= value <= high:
        name = path.rsplit(".", 1)[-1]
        text = f"[{fmt_value(low)}, {fmt_value(high)}] does not contain {name} {fmt_value(value)}"
        problems.append(Problem(path=rpath, message=text))
    for end in (low, high):
        message = outside(end)
        if message:
            problems.append(Problem(path=rpath, message=message))


class Record(BaseModel):
    """Base of every shipped record: frozen, unknown fields rejected, text stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(Record):
    """A bibliography entry. Every shipped number cites at least one.

    ``date`` is an ISO date that may be partial (``2018``, ``2018-06`` or ``2018-06-12``).
    A scenario dated D cites only sources dated on or before D, except a source marked
    ``retrospective``: a later source that documents what was said or done by the scenario's
    date (a memoir, a later published transcript or record). Its ``note`` must say what it
    documents, so that a reader can tell the fact it supports from the hindsight it carries.
    """

    id: Id
    title: Text
    author: Text = Field(description="Author, or the issuing body for official texts.")
    publisher: str | None = None
    date: str
    url: str | None = None
    note: str | None = None
    retrospective: bool = Field(
        default=False,
        description=(
            "A later source that documents what was said or done by a scenario's date; "
            "the note must say what it documents."
        ),
    )
    consultation: str | None = Field(
        default=None,
        description=(
            "The platform consultation whose pooled judgement this entry records (its note "
            "says who took part, how many rounds and how the answers were pooled)."
        ),
    )

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return partial_date_text(value)

    @field_validator("date")
    @classmethod
    def _partial_iso(cls, value: str) -> str:
        return check_partial_date(value)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _retrospective_note(self) -> Source:
        if self.retrospective and not (self.note and self.note.strip()):
            raise ScenarioProblems(
                [
                    Problem(
                        path="note",
                        message=(
                            "missing: a retrospective source needs a note saying what it "
                            "documents of what was said or done by the scenario's date"
                        ),
                    )
                ]
            )
        return self

    def earliest_day(self) -> dt.date:
        """Return the first day the (possibly partial) date can mean: ``2018-04`` is 1 April."""
        return first_day(self.date)


def citable_at(source: dict[str, Any], date: dt.date) -> bool:
    """Whether a source (as shipped data) may be cited by a scenario dated ``date``: it was
    published by then (its date's first day), or it is retrospective."""
    return bool(source.get("retrospective")) or first_day(str(source["date"])) <= date


def partial_date_text(value: Any) -> Any:
    """The text form of a date field: YAML reads ``2018-06-12`` as a date and ``2018`` as an
    integer; both become ISO text (other values pass through to validation)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def check_partial_date(value: str) -> str:
    """Check a possibly partial ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) names a real
    calendar date; raise ``ValueError`` with the value otherwise."""
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(x) for x in value.split("-")]
    try:
        dt.date(*[*parts, 1, 1][:3])
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date") from None
    return value


def first_day(date: str) -> dt.date:
    """The first day a possibly partial ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) can mean.

    >>> first_day("2018"), first_day("2018-04"), first_day("2018-04-27")
    (datetime.date(2018, 1, 1), datetime.date(2018, 4, 1), datetime.date(2018, 4, 27))
    """
    parts = [int(x) for x in date.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    return dt.date(year, month, day)


class Sourced(Record):
    """Provenance shared by every number: sources, or an analyst estimate, and a rationale."""

    sources: tuple[Id, ...] = ()
    estimate: Literal["analyst"] | None = None
    rationale: Text

    def _provenance_problems(self, ranges: dict[str, tuple[float, float]]) -> list[Problem]:
        return provenance_problems(self.sources, self.estimate, ranges)


def provenance_problems(
    sources: tuple[str, ...], estimate: str | None, ranges: dict[str, tuple[float, float]]
) -> list[Problem]:
    """A number needs a source or an analyst estimate; an analyst-only estimate needs a range."""
    problems: list[Problem] = []
    if not sources and estimate is None:
        problems.append(
            Problem(
                path="sources",
                message="empty: cite a source or mark the numbers 'estimate: analyst'",
            )
        )
    if estimate == "analyst" and not sources:
        for name, (low, high) in ranges.items():
            if low == high:
                problems.append(
                    Problem(
                        path=name,
                        message=(
                            f"[{fmt_value(low)}, {fmt_value(high)}] is a single point; "
                            "an analyst estimate needs a range"
                        ),
                    )
                )
    return problems

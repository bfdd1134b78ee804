"""Records of the status-quo history, and reading the shipped files."""

from __future__ import annotations

import datetime as dt
import functools

from pydantic import Field, ValidationError, model_validator

from panmun.errors import InputError
from panmun.scenario.base import Id, Problem, Record, ScenarioProblems
from panmun.scenario.models import RangedValue


class HistoryPoint(RangedValue):
    """Where an issue stood at one date, on its scale, with a range and its sources."""

    date: dt.date


class IssueHistory(Record):
    """One issue's points, in date order (one point per date)."""

    issue: Id
    points: tuple[HistoryPoint, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> IssueHistory:
        dates = [p.date for p in self.points]
        problems = [
            Problem(path=f"points[{k}].date", message=f"{d} is not after {dates[k - 1]}")
            for k, d in enumerate(dates)
            if k and d <= dates[k - 1]
        ]
        if problems:
            raise ScenarioProblems(problems)
        return self

    def at(self, date: dt.date) -> HistoryPoint | None:
        """The latest point on or before ``date`` (None before the first point)."""
        found = None
        for p in self.points:
            if p.date > date:
                break
            found = p
        return found

    def until(self, date: dt.date) -> IssueHistory:
        """The history as known at ``date``: the points dated on or before it."""
        kept = tuple(p for p in self.points if p.date <= date)
        return self.model_copy(update={"points": kept})


@functools.cache
def shipped_history() -> dict[str, IssueHistory]:
    """The shipped status-quo history by issue id (``data/history/<issue>.yaml``, read once)."""
    from panmun.scenario.loader import data_dir, read_shipped, validation_lines

    out: dict[str, IssueHistory] = {}
    folder = data_dir().joinpath("history")
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".yaml"):
            continue
        data = read_shipped(item)
        try:
            history = IssueHistory.model_validate(data)
        except ValidationError as exc:  # pragma: no cover - shipped data is tested
            raise InputError(validation_lines(exc, data, item.name)) from None
        out[history.issue] = history
    return out


def value_at(issue: str, date: dt.date) -> HistoryPoint | None:
    """The shipped history's point for ``issue`` at ``date`` (None if unknown then)."""
    history = shipped_history().get(issue)
    return history.at(date) if history is not None else None

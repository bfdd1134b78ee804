"""The status-quo history: complete, sourced, and one truth with the presets."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from panmun.history import HistoryPoint, IssueHistory, shipped_history, value_at
from panmun.scenario import load, shipped_ids
from panmun.scenario.loader import library


def test_every_issue_has_a_point_every_year_from_1991() -> None:
    """Every issue of the shipped presets has a history; the Korean ones from 1991 on."""
    history = shipped_history()
    issues = {i.id for i in load("korea-2018-04").issues}
    assert set(history) == {i.id for sid in shipped_ids() for i in load(sid).issues}
    for issue, h in history.items():
        if issue not in issues:
            continue
        years = {p.date.year for p in h.points}
        assert set(range(1991, 2027)) <= years, issue
        for year in range(1991, 2026):
            assert any(p.date == dt.date(year, 12, 31) for p in h.points), (issue, year)


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_the_value_at_a_preset_date_is_that_presets_status_quo(scenario_id: str) -> None:
    s = load(scenario_id)
    for q in s.status_quo:
        point = shipped_history()[q.issue].at(s.as_of)
        assert point is not None and point.date == s.as_of, (scenario_id, q.issue)
        assert (point.value, point.value_range) == (q.value, q.value_range), (
            scenario_id,
            q.issue,
        )


def test_every_point_cites_known_sources_within_the_scale() -> None:
    sources = library()["sources"]
    for issue, h in shipped_history().items():
        for p in h.points:
            assert p.sources and all(sid in sources for sid in p.sources), (issue, p.date)
            assert 0 <= p.value_range[0] <= p.value <= p.value_range[1] <= 100


def test_value_at_is_the_latest_point_on_or_before_the_date() -> None:
    h = IssueHistory.model_validate(
        {
            "issue": "x",
            "points": [
                {"date": "2000-12-31", "value": 10, "value_range": [5, 15], "sources": ["s"],
                 "rationale": "r"},
                {"date": "2001-06-30", "value": 40, "value_range": [30, 50], "sources": ["s"],
                 "rationale": "r"},
            ],
        }
    )  # fmt: skip
    assert h.at(dt.date(2000, 1, 1)) is None
    assert h.at(dt.date(2001, 6, 29)).value == 10  # type: ignore[union-attr]
    assert h.at(dt.date(2001, 6, 30)).value == 40  # type: ignore[union-attr]
    assert h.until(dt.date(2001, 1, 1)).points[-1].value == 10
    assert value_at("no-such-issue", dt.date(2001, 1, 1)) is None
    with pytest.raises(ValidationError, match="is not after"):
        IssueHistory.model_validate({"issue": "x", "points": [h.points[1], h.points[0]]})
    with pytest.raises(ValidationError, match="does not contain value"):
        HistoryPoint.model_validate(
            {"date": "2000-01-01", "value": 60, "value_range": [0, 50], "sources": ["s"],
             "rationale": "r"}
        )  # fmt: skip

"""A scenario dated D knows only what was known at D.

Every source a shipped preset cites (positions, status quo, relationships with all their parts,
veto players) must be dated on or before the preset's ``as_of``. A partial date counts as its
first day (``2018-04`` is 1 April 2018), so a source of ``2018-04`` may be cited at 30 April
2018. The only exception is a source marked ``retrospective``: a later source that documents
what was said or done by the date, whose note says what it documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from panmun.scenario import Scenario, Source, load, shipped_ids


def cited(s: Scenario) -> Iterator[tuple[str, str]]:
    """Yield ``(field path, source id)`` for every citation in the scenario."""
    for p in s.positions:
        for j, sid in enumerate(p.sources):
            yield f"positions[{p.actor}][{p.issue}].sources[{j}]", sid
    for q in s.status_quo:
        for j, sid in enumerate(q.sources):
            yield f"status_quo[{q.issue}].sources[{j}]", sid
    for rel in s.relationships:
        for path, sid in rel.cited_sources():
            yield f"relationships[{rel.id}].{path}", sid
    for v in s.veto_players:
        for j, sid in enumerate(v.sources):
            yield f"veto_players[{v.issue}].sources[{j}]", sid


def post_dated(s: Scenario) -> list[str]:
    """One line per citation of a source dated after ``as_of`` and not marked retrospective."""
    by_id = {x.id: x for x in s.sources}
    lines = []
    for path, sid in cited(s):
        src = by_id[sid]
        if src.earliest_day() > s.as_of and not src.retrospective:
            lines.append(f"{s.id}: {path}: {sid!r} is dated {src.date}, after as_of {s.as_of}")
    return lines


def listed_post_dated(s: Scenario) -> list[str]:
    """The same for the scenario's own bibliography, cited or not (the report lists it)."""
    return [
        f"{s.id}: sources[{x.id}]: {x.id!r} is dated {x.date}, after as_of {s.as_of}"
        for x in s.sources
        if x.earliest_day() > s.as_of and not x.retrospective
    ]


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_preset_cites_only_what_was_known_at_its_date(scenario_id: str) -> None:
    s = load(scenario_id)
    assert list(cited(s)), f"{scenario_id}: no citations found"
    lines = post_dated(s) + listed_post_dated(s)
    assert not lines, "post-dated citations:\n" + "\n".join(lines)


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_retrospective_sources_say_what_they_document(scenario_id: str) -> None:
    s = load(scenario_id)
    ids = {sid for _, sid in cited(s)}
    for src in s.sources:
        if src.id in ids and src.retrospective:
            assert src.note and src.note.strip(), f"{scenario_id}: {src.id}: no note"


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_preset_uses_relationships_of_its_own_date(scenario_id: str) -> None:
    s = load(scenario_id)
    assert s.relationships, f"{scenario_id}: no relationships"
    for rel in s.relationships:
        assert rel.as_of == s.as_of, (
            f"{scenario_id}: relationships[{rel.id}].as_of is {rel.as_of}, not {s.as_of}"
        )
        assert rel.id.endswith(s.as_of.strftime("-%Y-%m")), f"{scenario_id}: {rel.id!r}"


@pytest.mark.parametrize(
    ("date", "day"),
    [("2018", dt.date(2018, 1, 1)), ("2018-04", dt.date(2018, 4, 1)), ("2018-04-27", None)],
)
def test_partial_date_counts_as_its_first_day(date: str, day: dt.date | None) -> None:
    src = Source(id="x", title="T", author="A", date=date, url="https://example.org")
    assert src.earliest_day() == (day or dt.date(2018, 4, 27))


@pytest.mark.parametrize("date", ["2018-13", "2018-02-30", "2018-00"])
def test_a_date_that_is_no_calendar_date_is_rejected(date: str) -> None:
    with pytest.raises(ValidationError, match="is not a calendar date"):
        Source(id="x", title="T", author="A", date=date, url="https://example.org")


def test_an_uncited_post_dated_source_in_the_bibliography_is_reported() -> None:
    s = load("korea-2018-04")
    later = Source(id="later-2019", title="T", author="A", date="2019", url="https://x.org")
    changed = s.model_copy(update={"sources": (*s.sources, later)})
    assert listed_post_dated(changed) == [
        "korea-2018-04: sources[later-2019]: 'later-2019' is dated 2019, after as_of 2018-04-30"
    ]


def _base() -> dict[str, Any]:
    return {"id": "later", "title": "T", "author": "A", "date": "2020", "url": "https://x.org"}


def test_retrospective_source_needs_a_note() -> None:
    with pytest.raises(ValidationError, match="retrospective source needs a note"):
        Source.model_validate({**_base(), "retrospective": True})
    with pytest.raises(ValidationError, match="retrospective source needs a note"):
        Source.model_validate({**_base(), "retrospective": True, "note": "  "})
    ok = Source.model_validate({**_base(), "retrospective": True, "note": "Documents X in 2018."})
    assert ok.retrospective


def test_post_dated_citation_is_reported_with_preset_path_id_and_date() -> None:
    s = load("korea-2018-04")
    later = Source(id="later-2020", title="T", author="A", date="2020-01", url="https://x.org")
    p = s.positions[0]
    changed = s.model_copy(
        update={
            "sources": (*s.sources, later),
            "positions": (p.model_copy(update={"sources": ("later-2020",)}), *s.positions[1:]),
        }
    )
    lines = [line for line in post_dated(changed) if "later-2020" in line]
    assert lines == [
        f"korea-2018-04: positions[{p.actor}][{p.issue}].sources[0]: 'later-2020' is dated "
        "2020-01, after as_of 2018-04-30"
    ]
    marked = later.model_copy(update={"retrospective": True, "note": "Documents X by 2018."})
    changed = changed.model_copy(update={"sources": (*s.sources, marked)})
    assert not [line for line in post_dated(changed) if "later-2020" in line]

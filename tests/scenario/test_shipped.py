"""The shipped presets: complete, sourced, and covering what the brief asks for each context."""

from __future__ import annotations

import datetime as dt

import pytest

from panmun.scenario import Source, latest_shipped_id, load, shipped_ids
from panmun.scenario.loader import library

REQUIRED_ACTORS = {
    "korean-peninsula": {
        "rok", "dprk", "usa", "china", "japan", "russia", "unsc", "unc", "eu", "asean",
        "cambodia", "rok_civil_society", "ncck",
    },
    "cambodia-thailand": {
        "cambodia_government", "thailand_government", "rcaf", "thai_armed_forces", "malaysia",
        "asean_observers", "united_states", "prc", "un_secretary_general", "icrc",
    },
}  # fmt: skip
#: Actors a preset has only from the date they existed: the think-tank network that wrote the
#: policy paper appears in Korean presets from 2022 on.
LATER_ACTORS = {"korean-peninsula": {"tt2022": dt.date(2022, 1, 1)}}
REQUIRED_ISSUES = {
    "korean-peninsula": {
        "denuclearization", "sanctions", "security_posture", "peace_regime", "exchanges",
        "two_states", "humanitarian",
    },
    "cambodia-thailand": {
        "ceasefire_observation", "heavy_weapons_demining", "boundary_forum", "border_crossings",
        "detainees_displaced",
    },
}  # fmt: skip


def test_three_dated_presets_exist() -> None:
    ids = shipped_ids()
    assert "korea-2018-04" in ids
    assert "korea-2022-09" in ids
    latest = load(latest_shipped_id())
    assert latest.as_of >= dt.date(2025, 6, 4), "latest preset must follow the June 2025 change"
    assert len(ids) >= 3


def test_every_preset_belongs_to_a_context_with_its_requirements() -> None:
    contexts = {load(i).context for i in shipped_ids()}
    assert contexts == set(REQUIRED_ACTORS) == set(REQUIRED_ISSUES)
    for ctx, actors in REQUIRED_ACTORS.items():
        assert len(actors) >= 10 and len(REQUIRED_ISSUES[ctx]) >= 5, ctx


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_preset_is_complete(scenario_id: str) -> None:
    from panmun.scenario.contexts import get_context

    s = load(scenario_id)
    assert s.context is not None
    ctx = get_context(s.context)
    assert ctx is not None
    assert {a.id for a in s.actors} >= REQUIRED_ACTORS[s.context]
    for actor, since in LATER_ACTORS.get(s.context, {}).items():
        assert (actor in {a.id for a in s.actors}) == (s.as_of >= since), actor
    assert {i.id for i in s.issues} >= REQUIRED_ISSUES[s.context]
    assert {i.root_cause for i in s.issues} == set(ctx.root_cause_labels())
    for a in s.actors:
        for i in s.issues:
            assert s.position(a.id, i.id) is not None, (a.id, i.id)


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_every_number_is_sourced_or_a_ranged_estimate(scenario_id: str) -> None:
    s = load(scenario_id)
    for p in (*s.positions, *s.status_quo):
        assert p.sources or p.estimate == "analyst"
        assert p.rationale.strip()
        if p.estimate == "analyst":
            ranges = (
                [p.position_range, p.salience_range, p.capability_range]
                if hasattr(p, "position_range")
                else [p.value_range]  # type: ignore[attr-defined]
            )
            assert all(lo < hi for lo, hi in ranges)
    cited = {sid for p in (*s.positions, *s.status_quo) for sid in p.sources}
    assert cited <= {x.id for x in s.sources}
    assert len(cited) >= 10, "a preset should rest on a real bibliography"


def test_shared_bibliography_records_are_valid() -> None:
    sources = library()["sources"]
    assert sources, "the shipped bibliography is empty"
    for rec in sources.values():
        src = Source.model_validate(rec)
        assert src.url or src.note, f"{src.id}: give a URL or a note saying where to find it"

"""The shipped facilitator data: every context's candidates, sourced, and assessed at every
preset's date."""

from __future__ import annotations

import pytest

from panmun.facilitators import assess, report_section
from panmun.facilitators.assess import shipped_files
from panmun.scenario import load, shipped_ids
from panmun.scenario.base import citable_at
from panmun.scenario.contexts import shipped_contexts
from panmun.scenario.loader import library

#: The candidates the brief asks for the Korean Peninsula.
KOREAN_CANDIDATES = {
    "cambodia", "sweden", "switzerland", "mongolia", "vietnam", "china", "un", "asean",
}  # fmt: skip


def test_every_file_belongs_to_a_context_and_cites_known_sources() -> None:
    files = shipped_files()
    assert set(files) <= set(shipped_contexts())
    assert {"korean-peninsula", "cambodia-thailand"} <= set(files)
    sources = library()["sources"]
    for data in files.values():
        assert len(data.candidates) >= 5
        for c in data.candidates:
            assert set(c.acts_on_sources) <= set(sources), c.id
            for i in c.indicators:
                assert i.sources and set(i.sources) <= set(sources), (c.id, i.criterion)
        for r in data.requests:
            assert set(r.sources) <= set(sources)


def test_korean_candidates_and_the_papers_condition() -> None:
    data = shipped_files()["korean-peninsula"]
    assert {c.id for c in data.candidates} >= KOREAN_CANDIDATES
    cambodia = next(c for c in data.candidates if c.id == "cambodia")
    assert cambodia.acts_on == "joint_request"
    assert "touch-lin-2022-pursuing-peace" in cambodia.acts_on_sources


def test_the_latest_korean_preset_says_no_joint_request_exists() -> None:
    section = report_section(load("korea-2026-05"), draws=100)
    assert section is not None
    cambodia = next(c for c in section["candidates"] if c["id"] == "cambodia")
    assert cambodia["conditional"] and not cambodia["request_exists"]
    assert cambodia["request"] == "none" and cambodia["request_sources"]
    assert "no such request exists" in cambodia["gate"]
    assert not any(c["conditional"] for c in section["candidates"] if c["id"] != "cambodia")


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_every_preset_is_assessed_on_what_its_date_could_cite(scenario_id: str) -> None:
    s = load(scenario_id)
    section = report_section(s, draws=50)
    assert section is not None
    sources = library()["sources"]
    late = [i for i in section["sources"] if not citable_at(sources[i], s.as_of)]
    assert late == []
    assert sum(c["p_top"] for c in section["candidates"]) == pytest.approx(1.0)
    for c in section["candidates"]:
        assert 0.0 <= c["fit_band"][0] <= c["fit"] <= 1.0 or c["unknown"]


def test_a_scenario_without_facilitator_data_gets_none() -> None:
    from panmun.scenario import load_file

    s = load_file("tests/fixtures/mini.yaml")
    assert assess(s) is None and report_section(s) is None

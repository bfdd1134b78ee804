"""The report's section on who could facilitate, and the paper's request gate in it."""

from __future__ import annotations

from panmun.facilitators.assess import report_section
from panmun.report import build_report_data, render_html
from panmun.report.build import ReportSettings
from panmun.scenario import load, load_file

from ..conftest import MINI

FAST = ReportSettings(draws=30, seed=1, rounds=3, trust_draws=2)


def test_the_section_lists_the_candidates_with_the_gate() -> None:
    data = build_report_data(load_file(MINI), FAST)
    assert data["facilitators"] is None  # the mini scenario has no facilitator data
    assert 'id="facilitators"' not in render_html(data)
    data["facilitators"] = report_section(load("korea-2026-05"), draws=200)
    html = render_html(data)
    assert 'id="facilitators"' in html
    assert "Cambodia" in html
    assert "Acts only on a formal request from both parties; no such request exists" in html
    korean = render_html({**data, "lang": "ko"})
    assert "진행자 후보" in korean


def test_the_inputs_to_check_first() -> None:
    import pytest

    pytest.importorskip("SALib")
    from panmun.analysis import ScenarioAnalysis
    from panmun.report.sections.sensitivity import sensitivity_section

    scenario = load_file(MINI)
    data = build_report_data(scenario, FAST, sensitivity=True)
    assert data["sensitivity"] == sensitivity_section(ScenarioAnalysis(scenario, FAST))
    assert data["sensitivity"]["rows"]
    html = render_html(data)
    assert 'id="sensitivity"' in html
    assert data["sensitivity"]["rows"][0]["input"] in html
    assert "먼저 확인할 입력값" in render_html({**data, "lang": "ko"})
    assert "sensitivity" not in build_report_data(scenario, FAST)

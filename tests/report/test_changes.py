"""The report's section "What changed since": only with a predecessor, with the numbers of the
same analysis then and now, in every language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.report.build import build_report_data, render_html
from panmun.report.i18n import texts
from panmun.report.sections.changes import changes_section
from panmun.report.summary import summary_points
from panmun.scenario import load, load_file
from panmun.scenario.compare import compare_analyses

from ..conftest import MINI

FAST = AnalysisSettings(draws=40, seed=1, rounds=4, trust_draws=4)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    """The report data of a preset that names its predecessor (built once)."""
    return build_report_data(load("korea-2019-01"), FAST)


def test_the_section_compares_with_the_predecessor(report: dict[str, Any]) -> None:
    ch = report["changes"]
    assert ch["predecessor"] == {
        "id": "korea-2018-04",
        "title": load("korea-2018-04").title,
        "as_of": "2018-04-30",
    }
    assert ch["draws"] == FAST.draws and ch["seed"] == FAST.seed
    assert ch["shown"] == sum(p["notable"] for p in ch["positions"]) > 0
    assert ch["shown"] + ch["smaller"] == len(ch["positions"])
    for p in ch["positions"]:
        assert p["actor_name"] == report["names"][p["actor"]]
        assert p["then"]["rationale"] and p["now"]["rationale"]
    assert "Singapore Joint Statement (12 June 2018)" in ch["packages_added"]


def test_then_and_now_are_the_same_analysis_as_each_preset_alone(report: dict[str, Any]) -> None:
    expected = compare_analyses(
        ScenarioAnalysis(load("korea-2018-04"), FAST), ScenarioAnalysis(load("korea-2019-01"), FAST)
    )
    now = {i["issue"]: i for i in report["forecasts"]["issues"]}
    for got, want in zip(report["changes"]["forecasts"], expected.issues, strict=True):
        assert got["feasible"]["then"]["median"] == want.feasible[0].median
        assert got["feasible"]["now"]["median"] == now[got["issue"]]["feasible"]
    ranked = {v["proposal"]: v for v in report["proposals"]["ranked"]}
    for k, want in zip(report["changes"]["packages"], expected.packages, strict=True):
        assert k["p_all_required"]["then"] == want.p_all_required[0]
        assert k["p_all_required"]["now"] == ranked[k["proposal"]]["p_all_required"]


def test_sources_of_both_readings_are_in_the_bibliography(report: dict[str, Any]) -> None:
    listed = {s["id"] for s in report["sources"]}
    for p in report["changes"]["positions"]:
        assert set(p["then"]["sources"]) | set(p["now"]["sources"]) <= listed
    as_of = report["scenario"]["as_of"]
    for s in report["sources"]:  # a report dated D cites only what was known at D
        assert s["retrospective"] or s["date"] <= as_of


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_section_renders_in_every_language(report: dict[str, Any], lang: str) -> None:
    data = {**report, "lang": lang, "summary": summary_points(report, texts(lang))}
    for pdf in (False, True):
        html = render_html(data, pdf=pdf)
        section = html[html.index('<section id="changes">') :]
        section = section[: section.index("</section>")]
        assert 'href="#changes"' in html
        text = re.sub(r"<[^>]+>", " ", section)
        assert "%(" not in text and "%%" not in text
        heading = "2018-04-30 이후 달라진 점" if lang == "ko" else "What changed since 2018-04-30"
        assert f"<h2>{heading}</h2>" in section
        notable = [p for p in report["changes"]["positions"] if p["notable"]]
        assert section.count("<tr>") >= len(notable) + 1
        for p in notable:
            assert p["now"]["rationale"].replace("'", "&#39;") in section
        if lang == "ko":
            assert "Positions that changed" not in section and "달라진 입장" in section


def test_no_predecessor_no_section() -> None:
    mini = ScenarioAnalysis(load_file(MINI), FAST)
    assert changes_section(mini) is None
    first = ScenarioAnalysis(load("korea-2000-06"), FAST)
    assert changes_section(first) is None


def test_a_report_without_the_section_renders(report: dict[str, Any]) -> None:
    html = render_html({**report, "changes": None})
    assert 'id="changes"' not in html and 'href="#changes"' not in html
    old = {k: v for k, v in report.items() if k != "changes"}  # data made before the section
    assert 'id="changes"' not in render_html(old)

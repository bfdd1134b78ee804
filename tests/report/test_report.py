"""The HTML report: builds for every scenario, is well-formed, self-contained and traceable."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from panmun.report import build_report_data, render_html, write_report
from panmun.report.build import STAGES, ReportSettings
from panmun.report.svg import Dot, position_strip
from panmun.scenario import load, load_file, shipped_ids

from ..conftest import MINI

FAST = ReportSettings(draws=40, seed=1, rounds=4, trust_draws=4)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}
SVG_LEAVES = {"line", "circle", "rect", "path", "polygon", "polyline", "ellipse"}


class _Checker(HTMLParser):
    """Checks nesting and collects every URL that would trigger a network request."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.fetches: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        for key in ("src", "href"):
            val = a.get(key) or ""
            if tag in ("script", "link", "img", "iframe", "source") and re.match(
                r"(https?:)?//", val
            ):
                self.fetches.append(val)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID and tag not in SVG_LEAVES:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def _check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker


def test_mini_report_sections_and_numbers() -> None:
    s = load_file(MINI)
    seen: list[str] = []
    data = build_report_data(s, FAST, seen.append)
    assert seen == list(STAGES)
    html = render_html(data)
    c = _check(html)
    assert c.errors == []
    assert c.stack == []
    assert c.fetches == []
    for section in ("summary", "actors", "positions", "forecasts", "pressure",
                    "proposals", "trust", "roadmaps", "assumptions", "issue-talks",
                    "sources"):  # fmt: skip
        assert section in c.ids
    # a scenario without a context gets no region's root causes, history or errata
    assert "root-causes" not in c.ids and "history" not in c.ids
    assert data["history"] is None and data["root_causes"] == []
    assert len(c.ids) == len(set(c.ids)), "ids must be unique"
    # source addresses are links (followed only when clicked), never fetched on opening
    assert all(f.startswith("#") or "://" not in f for f in c.fetches)
    # every cited source has an anchor to jump to
    assert "src-doc1" in c.ids
    assert data["counts"] == {
        "actors": 3, "issues": 1, "positions": 3, "analyst_estimates": 2, "sources": 1
    }  # fmt: skip
    talks = data["issues"][0]
    assert [p["actor"] for p in talks["positions"]] == ["north", "south", "church"]
    assert talks["status_quo"]["label"] == "Some talks"


def test_user_text_is_escaped(mini_data: dict, write_yaml) -> None:  # type: ignore[no-untyped-def]
    mini_data["description"] = "<script>alert(1)</script>"
    s = load_file(write_yaml(mini_data))
    html = render_html(build_report_data(s, FAST))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_report_builds_for_every_preset(tmp_path: Path, scenario_id: str) -> None:
    path = write_report(load(scenario_id), tmp_path, FAST)
    html = path.read_text(encoding="utf-8")
    c = _check(html)
    assert c.errors == []
    assert c.fetches == []
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["scenario"]["id"] == scenario_id
    # every source cited anywhere in the report has its entry in the bibliography section
    cited = set(re.findall(r'href="#src-([^"]+)"', html))
    assert cited <= {i[4:] for i in c.ids if i.startswith("src-")}


def test_position_strip_draws_every_actor() -> None:
    dots = [Dot("a", "A", 10, 5, 15, 0.5), Dot("b", "B & co", 90, 80, 100, 0.0)]
    svg = position_strip(dots, (0, 100), [0, 50, 100], status_quo=40)
    assert svg.count("<circle") == 2
    assert "B &amp; co" in svg
    assert "status quo" in svg
    assert _check(svg).errors == []


def test_same_seed_same_report_other_seed_differs(tmp_path: Path) -> None:
    s = load("korea-2022-09")
    a = write_report(s, tmp_path / "a", FAST).read_bytes()
    b = write_report(s, tmp_path / "b", FAST).read_bytes()
    assert a == b
    assert (tmp_path / "a" / "report.json").read_bytes() == (
        tmp_path / "b" / "report.json"
    ).read_bytes()
    other = build_report_data(s, ReportSettings(draws=40, seed=2, rounds=4, trust_draws=4))
    same = json.loads((tmp_path / "a" / "report.json").read_text(encoding="utf-8"))
    assert (
        other["forecasts"]["issues"][0]["unconstrained"]
        != same["forecasts"]["issues"][0]["unconstrained"]
    )


def test_korean_report_has_every_section_and_figure(tmp_path: Path) -> None:
    path = write_report(load("korea-2018-04"), tmp_path, FAST)
    html = path.read_text(encoding="utf-8")
    c = _check(html)
    for fig in ("fig-forecast-bands", "fig-pressure", "fig-proposals", "fig-frontier",
                "fig-traj-denuclearization", "fig-interventions", "fig-roadmaps"):  # fmt: skip
        assert fig in c.ids
        assert f'Plotly.newPlot("{fig}"' in html
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["forecasts"]
    assert data["summary"]["proposals"]
    # the veto players of every issue (data/scenarios/korea-2018-04.yaml, veto_players)
    assert data["proposals"]["required"] == ["rok", "dprk", "usa", "china", "russia"]
    assert data["proposals"]["frontier"]["actors"] == ["rok", "dprk"]
    assert data["summary"]["trust"]
    assert data["summary"]["history"]
    assert {r["id"] for r in data["trust"]["relationships"]} == {
        "dprk-usa-2018-04",
        "rok-dprk-2018-04",
        "dprk-japan-2018-04",
    }
    roadmaps = {r["id"]: r for r in data["roadmaps"]["roadmaps"]}
    # only the roadmap whose packages were all put forward by April 2018
    assert set(roadmaps) == {"denuclearization-first"}
    assert set(data["roadmaps"]["later"]) == {
        "Policy paper sequence",
        "Big deal",
        "Two states towards one nation",
    }
    assert "Singapore Joint Statement (12 June 2018)" in data["proposals"]["later"]
    assert all(v["proposal"] != "singapore-2018" for v in data["proposals"]["ranked"])
    for r in roadmaps.values():
        reach = [p["p_reach"] for p in r["phases"]]
        assert reach == sorted(reach, reverse=True)
        assert all(0.0 <= p["tau"] <= 1.0 for p in r["phases"])
    # as of April 2018: nothing dated later, and no errata of a paper published in 2022
    assert data["history"]["errata"] == []
    assert len(data["history"]["agreements"]) >= 10
    dates = [a["date"] for a in data["history"]["agreements"] + data["history"]["breakdowns"]]
    assert max(dates) <= "2018-04-30"
    assert not any("Singapore" in a["title"] for a in data["history"]["agreements"])
    # every source id cited anywhere is in the report's bibliography
    html_ids = set(c.ids)
    assert set(re.findall(r'href="#src-([^"]+)"', html)) <= {
        i[4:] for i in html_ids if i.startswith("src-")
    }
    # the ranking is what the table shows, in order
    moving = [v for v in data["proposals"]["ranked"] if v["kind"] != "status_quo"]
    probs = [v["p_all_required"] for v in moving]
    assert probs == sorted(probs, reverse=True)
    assert data["proposals"]["ranked"][-1]["kind"] == "status_quo"

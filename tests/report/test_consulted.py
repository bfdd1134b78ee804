"""The report says which values came from a consultation."""

from __future__ import annotations

from panmun.report.build import _consulted
from panmun.scenario import load
from panmun.scenario.loader import scenario_from_data, to_data


def test_values_from_a_consultation_are_listed_by_name() -> None:
    data = to_data(load("korea-2018-04"))
    data["sources"].append(
        {"id": "consultation-7", "title": "Consultation: exchanges", "author": "Participants",
         "date": "2018-04-20", "note": "Pooled from 5 participants.", "consultation": "7"}
    )  # fmt: skip
    pos = next(p for p in data["positions"] if (p["actor"], p["issue"]) == ("dprk", "exchanges"))
    pos["sources"] = ["consultation-7", *pos["sources"]]
    s = scenario_from_data(data, "test")
    found = _consulted(s)
    assert found == [
        {
            "source": "consultation-7",
            "title": "Consultation: exchanges",
            "note": "Pooled from 5 participants.",
            "positions": [
                "Democratic People's Republic of Korea (North Korea) on "
                f"{s.issue('exchanges').name}"
            ],
        }
    ]
    assert _consulted(load("korea-2018-04")) == []


def test_the_report_page_names_the_consulted_values(mini_data: dict, write_yaml) -> None:  # type: ignore[no-untyped-def]
    from panmun.report import build_report_data, render_html
    from panmun.report.build import ReportSettings
    from panmun.scenario import load_file

    mini_data["sources"].append(
        {"id": "consultation-3", "title": "Consultation: talks", "author": "Participants",
         "date": "2020-01-01", "note": "Pooled from 4 participants.", "consultation": "3"}
    )  # fmt: skip
    mini_data["positions"][0]["sources"] = ["consultation-3"]
    s = load_file(write_yaml(mini_data))
    fast = ReportSettings(draws=30, seed=1, rounds=3, trust_draws=2)
    html = render_html(build_report_data(s, fast))
    assert 'id="consulted-consultation-3"' in html
    assert "1 value comes from a consultation" in html
    assert "Pooled from 4 participants." in html

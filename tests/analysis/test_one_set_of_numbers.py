"""One set of numbers: the CLI and the report read the same analysis of a scenario."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.cli import app
from panmun.errors import InputError
from panmun.report.build import build_report_data
from panmun.report.figures import figure_scripts
from panmun.scenario import load, load_file, shipped_ids

RUNNER = CliRunner()
MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
DRAWS, SEED, ROUNDS = 60, 5, 6
SETTINGS = AnalysisSettings(draws=DRAWS, seed=SEED, rounds=ROUNDS, trust_draws=2)


@functools.cache
def _report(scenario_id: str) -> dict[str, Any]:
    return build_report_data(load(scenario_id), SETTINGS)


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_the_forecast_command_gives_the_report_numbers(scenario_id: str) -> None:
    args = ["forecast", scenario_id, "--draws", str(DRAWS), "--seed", str(SEED)]
    result = RUNNER.invoke(app, [*args, "--rounds", str(ROUNDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = {d["issue"]: d["analysis"] for d in json.loads(result.stdout)}
    report = {i["issue"]: i for i in _report(scenario_id)["forecasts"]["issues"]}
    assert set(cli) == set(report)
    for issue, got in cli.items():
        for key, value in got.items():
            assert report[issue][key] == value, (issue, key)


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_the_proposals_command_gives_the_report_ranking(scenario_id: str) -> None:
    args = ["proposals", "evaluate", "all", "--scenario", scenario_id]
    result = RUNNER.invoke(
        app, [*args, "--draws", str(DRAWS), "--seed", str(SEED), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    cli_rows = json.loads(result.stdout)["verdicts"]
    report = _report(scenario_id)["proposals"]["ranked"]
    assert [v["proposal"] for v in cli_rows] == [v["proposal"] for v in report]
    for a, b in zip(cli_rows, report, strict=True):
        assert a["p_all_required"] == b["p_all_required"]
        assert a["required"] == b["required"]
        assert a["shortfall_total"] == b["shortfall_total"]


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_headlines_lie_in_their_bands_and_the_chart_shows_the_table(scenario_id: str) -> None:
    data = _report(scenario_id)
    for i in data["forecasts"]["issues"]:
        f, u = i["consent"]["feasible"], i["unconstrained"]
        assert f["p05"] <= i["feasible"] <= f["p95"]
        assert u["p05"] <= u["median"] <= u["p95"]
        lo, hi = i["consent"]["win_set"]
        assert lo <= i["consent"]["feasible_point"] <= hi
    script = figure_scripts(data)["fig-forecast-bands"]
    spec = json.loads(script[script.index("var f=") + 6 : script.index(";Plotly.newPlot")])
    feasible = next(t for t in spec["data"] if t["name"] == "feasible outcome")
    assert feasible["x"] == [i["feasible"] for i in data["forecasts"]["issues"]]
    assert feasible["y"] == [i["name"] for i in data["forecasts"]["issues"]]


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_the_summary_names_actors_not_ids(scenario_id: str) -> None:
    data = _report(scenario_id)
    s = load(scenario_id)
    text = " ".join(line for lines in data["summary"].values() for line in lines)
    assert text
    for actor in s.actors:
        if actor.name != actor.id:
            assert not re.search(rf"(?<![\w-]){re.escape(actor.id)}(?![\w-])", text), actor.id
    for issue in s.issues:  # ids that are not plain words (an id like "sanctions" may be one)
        if "_" in issue.id:
            assert issue.id not in text, issue.id


def test_korean_presets_lead_with_the_feasible_outcome_within_consent() -> None:
    data = _report("korea-2026-05")
    exchanges = next(i for i in data["forecasts"]["issues"] if i["issue"] == "exchanges")
    # both Koreas must consent; the DPRK refuses contact, so exchanges stay near the status quo
    assert set(exchanges["consent"]["veto_players"]) == {"rok", "dprk"}
    width = exchanges["scale"][1] - exchanges["scale"][0]
    assert abs(exchanges["feasible"] - exchanges["status_quo"]) < 0.1 * width
    assert exchanges["unconstrained"]["median"] > exchanges["feasible"]
    first = next(line for line in data["summary"]["forecasts"] if line.startswith("Inter-Korean"))
    assert "feasible outcome" in first and "must consent" in first


def test_same_settings_same_numbers_other_seed_other_numbers() -> None:
    s = load("korea-2022-09")
    a = ScenarioAnalysis(s, SETTINGS).issue("sanctions").to_dict()
    b = ScenarioAnalysis(s, SETTINGS).issue("sanctions").to_dict()
    c = ScenarioAnalysis(s, AnalysisSettings(draws=DRAWS, seed=SEED + 1, rounds=ROUNDS))
    assert json.dumps(a) == json.dumps(b)
    assert c.issue("sanctions").to_dict()["unconstrained"] != a["unconstrained"]


def test_a_scenario_without_veto_players_lets_nobody_hold_the_status_quo() -> None:
    a = ScenarioAnalysis(load_file(MINI), SETTINGS)
    talks = a.issue("talks")
    assert talks.consent.veto_players == ()
    assert talks.consent.feasible.median == talks.unconstrained.median
    assert talks.consent.holder is None
    assert a.required == ("north", "south")  # every state


def test_a_scenario_of_another_conflict_gets_no_korean_content() -> None:
    data = build_report_data(load_file(MINI), SETTINGS)
    assert data["history"] is None and data["root_causes"] == []
    assert data["proposals"]["required"] == ["north", "south"]
    text = json.dumps(data["summary"]) + json.dumps(data["proposals"]["frontier"])
    for word in ("Korea", "DPRK", "policy paper", "Four-Party"):
        assert word not in text
    result = RUNNER.invoke(app, ["proposals", "search", "--scenario", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "Pareto frontier between north and south" in result.output


def test_unknown_issue_and_bad_settings_are_input_errors() -> None:
    a = ScenarioAnalysis(load_file(MINI), SETTINGS)
    with pytest.raises(InputError, match="issue 'trade' is not one of talks"):
        a.issue("trade")
    with pytest.raises(InputError, match="draws: 0 is not an integer of at least 1"):
        AnalysisSettings(draws=0)
    with pytest.raises(InputError, match="model: 'x' is not one of eum, median, mean"):
        AnalysisSettings(model="x")
    with pytest.raises(InputError, match=r"minor_shift: 2 is not a number in \[0, 1\)"):
        AnalysisSettings(minor_shift=2)
    result = RUNNER.invoke(app, ["forecast", str(MINI), "--draws", "0"])
    assert result.exit_code == 2 and "--draws: 0 is below 1" in result.output


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_a_report_cites_only_what_was_known_at_its_date(scenario_id: str) -> None:
    """Every source in a preset's report bibliography was published by its date, or is marked
    retrospective; no agreement, event, package or roadmap dated later appears."""
    from panmun.scenario.base import first_day

    s = load(scenario_id)
    data = _report(scenario_id)
    late = [
        (src["id"], src["date"])
        for src in data["sources"]
        if first_day(src["date"]) > s.as_of and not src.get("retrospective")
    ]
    assert late == []
    hist = data["history"]
    assert all(a["date"] <= s.as_of.isoformat() for a in hist["agreements"])
    assert all(b["date"] <= s.as_of.isoformat() for b in hist["breakdowns"])
    from panmun.proposals.api import shipped_library

    by_id = {p.id: p for p in shipped_library().proposals}
    for v in data["proposals"]["ranked"]:
        assert by_id[v["proposal"]].known_at(s.as_of)
    for r in data["roadmaps"]["roadmaps"]:
        assert all(by_id[p["proposal"]].known_at(s.as_of) for p in r["phases"])

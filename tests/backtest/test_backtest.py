"""The backtest: hand-checked scores, the as-of rule, reproducibility, recomputable rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings
from panmun.backtest import MODELS, parse_horizons, run_backtest
from panmun.backtest.scores import Row, direction, score
from panmun.cli import app
from panmun.errors import InputError
from panmun.history import IssueHistory
from panmun.scenario import load_file

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
FAST = AnalysisSettings(draws=30, seed=2, rounds=4)


def _row(model: str, forecast: float, realised: float, band: tuple[float, float]) -> Row:
    return Row(
        preset="p", as_of="2000-01-01", horizon=1, target="2001-01-01", issue="i",
        model=model, status_quo=50.0, forecast=forecast, p05=band[0], p95=band[1],
        realised=realised, scale=(0.0, 200.0),
    )  # fmt: skip


def test_scores_by_hand_on_a_tiny_history() -> None:
    rows = [
        # the status quo (50) stays: no change is right, the model says up by 40 (20 points
        # on the 0-100 scale) with a band that misses
        _row("no_change", 50, 50, (45, 55)),
        _row("m", 90, 50, (80, 100)),
        # the status quo moves up to 110: no change is 30 points off, the model (100) 5 off
        _row("no_change", 50, 110, (45, 55)),
        _row("m", 100, 110, (70, 120)),
    ]
    scores = {s.model: s for s in score(rows, seed=0)}
    assert scores["no_change"].mae == pytest.approx((0 + 30) / 2)
    assert scores["m"].mae == pytest.approx((20 + 5) / 2)
    assert scores["m"].skill == pytest.approx(1 - 12.5 / 15)
    assert scores["m"].coverage == 0.5 and scores["no_change"].coverage == 0.5
    # direction: m says up twice; the outcome stayed (0) then went up: one hit in two
    assert scores["m"].directional == 0.5 and scores["no_change"].directional == 0.5
    low, high = scores["m"].mae_low, scores["m"].mae_high
    assert 5 <= low <= 12.5 <= high <= 20
    assert direction(9.9, 200) == 0 and direction(10.0, 200) == 1


def _history(after: float) -> dict[str, IssueHistory]:
    return {
        "talks": IssueHistory.model_validate(
            {
                "issue": "talks",
                "points": [
                    {"date": "2020-01-01", "value": 3, "value_range": [2, 4],
                     "sources": ["x"], "rationale": "r"},
                    {"date": "2021-06-30", "value": after, "value_range": [after, after],
                     "sources": ["x"], "rationale": "r"},
                    {"date": "2024-12-31", "value": after, "value_range": [after, after],
                     "sources": ["x"], "rationale": "r"},
                ],
            }
        )
    }  # fmt: skip


def test_forecasts_never_read_the_history_and_scores_use_it() -> None:
    s = load_file(MINI)
    a = run_backtest([s], (1, 2, 4), FAST, _history(8.0))
    b = run_backtest([s], (1, 2, 4), FAST, _history(2.0))
    assert [r.forecast for r in a.rows] == [r.forecast for r in b.rows]
    assert {r.model for r in a.rows} == set(MODELS)
    one_year = [r for r in a.rows if r.horizon == 1]
    assert {r.realised for r in one_year} == {3.0}  # 2021-01-01: the 2020 point still stands
    assert {r.realised for r in a.rows if r.horizon == 2} == {8.0}
    # the 4-year target (2024-01-01) is inside the history; a longer one is not scored
    c = run_backtest([s], (5,), FAST, _history(8.0))
    assert c.rows == () and c.presets[0]["rows"] == 0


def test_same_seed_same_backtest_and_the_json_recomputes() -> None:
    s = load_file(MINI)
    first = run_backtest([s], (1, 2), FAST, _history(8.0)).to_dict()
    again = run_backtest([s], (1, 2), FAST, _history(8.0)).to_dict()
    assert json.dumps(first) == json.dumps(again)
    for sc in first["scores"]:
        errors = [
            abs(r["forecast"] - r["realised"]) / (r["scale"][1] - r["scale"][0]) * 100
            for r in first["rows"]
            if r["model"] == sc["model"] and r["horizon_years"] == sc["horizon_years"]
        ]
        assert sc["mae"] == pytest.approx(sum(errors) / len(errors))
        assert sc["forecasts"] == len(errors)


def test_the_shipped_record_and_the_command() -> None:
    result = CliRunner().invoke(
        app, ["backtest", "--horizon", "1y", "--draws", "20", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {p["preset"] for p in data["presets"] if p["rows"]} >= {
        "korea-2000-06", "korea-2005-09", "korea-2012-02", "korea-2015-08", "korea-2018-04",
    }  # fmt: skip
    for row in data["rows"]:
        assert row["target"] > row["as_of"]  # every forecast is judged on a later date
    table = CliRunner().invoke(app, ["backtest", "--horizon", "1y", "--draws", "20"])
    assert table.exit_code == 0 and "no change" in table.output
    bad = CliRunner().invoke(app, ["backtest", "--horizon", "soon"])
    assert bad.exit_code == 2 and "--horizon: 'soon' is not a number of years" in bad.output


def test_horizons_are_read_in_years() -> None:
    assert parse_horizons("4y,1y,2") == (1, 2, 4)
    with pytest.raises(InputError, match="'0y' is not a number of years"):
        parse_horizons("0y")


def test_kb_history_command() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "history", "exchanges", "--format", "json"])
    assert result.exit_code == 0, result.output
    points = json.loads(result.stdout)["points"]
    assert points[0]["date"] == "1991-12-31" and all("label" in p for p in points)
    table = runner.invoke(app, ["kb", "history", "sanctions", "--from", "2018", "--to", "2019"])
    assert table.exit_code == 0 and "2018-04-30" in table.output
    bad = runner.invoke(app, ["kb", "history", "trade"])
    assert bad.exit_code == 2 and "'trade' is not one of" in bad.output


def test_known_by_scores_only_outcomes_known_by_that_date() -> None:
    import datetime as dt

    s = load_file(MINI)
    full = run_backtest([s], (1, 2, 4), FAST, _history(8.0))
    cut = run_backtest([s], (1, 2, 4), FAST, _history(8.0), known_by=dt.date(2022, 6, 1))
    assert {r.horizon for r in cut.rows} == {1, 2}
    assert cut.rows == tuple(r for r in full.rows if r.target <= "2022-06-01")
    none = run_backtest([s], (1,), FAST, _history(8.0), known_by=dt.date(2020, 6, 1))
    assert none.rows == () and none.presets[0]["rows"] == 0

"""``panmun forecast`` through the CLI runner: tables, JSON, scenarios, CSV, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.cli import app

RUNNER = CliRunner()
MINI = str(Path(__file__).parents[1] / "fixtures" / "mini.yaml")
CSV = (
    "actor,capability,position,salience\n"
    "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nLuxembourg,0.03,4,0.2\n"
    "Germany,0.16,4,0.8\nFrance,0.16,10,0.6\nItaly,0.16,10,0.6\nUK,0.16,10,0.9\n"
    "Ireland,0.05,7,0.1\nDenmark,0.05,4,1.0\nGreece,0.08,7,0.7\n"
)


@pytest.fixture
def actors_csv(tmp_path: Path) -> str:
    path = tmp_path / "actors.csv"
    path.write_text(CSV, encoding="utf-8")
    return str(path)


def test_help_has_an_example() -> None:
    result = RUNNER.invoke(app, ["forecast", "--help"])
    assert result.exit_code == 0
    assert "Example: panmun forecast" in result.output


def test_csv_to_json_has_the_documented_shape(actors_csv: str) -> None:
    result = RUNNER.invoke(
        app,
        ["forecast", actors_csv, "--model", "eum", "--rounds", "8", "--draws", "0", "--format",
         "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "eum" and data["issue"] == "actors.csv"
    assert [r["round"] for r in data["rounds"]] == list(range(9))
    first = data["rounds"][0]
    assert first["positions"]["Belgium"] == 7.0 and first["offers"] == []
    assert first["weighted_median"] == 7.0
    offer = data["rounds"][1]["offers"][0]
    assert set(offer) == {"receiver", "proposer", "type", "proposed_position", "accepted"}
    assert data["forecast"] == data["rounds"][-1]["weighted_median"]
    assert "distribution" not in data


def test_draws_add_a_distribution(actors_csv: str) -> None:
    result = RUNNER.invoke(
        app, ["forecast", actors_csv, "--model", "mean", "--draws", "20", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    dist = data["distribution"]
    assert dist["p05"] == dist["median"] == dist["p95"] == data["forecast"]  # a CSV has no ranges
    assert len(data["rounds"]) == 1


def test_scenario_every_issue_as_a_list() -> None:
    result = RUNNER.invoke(app, ["forecast", MINI, "--rounds", "2", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and [d["issue"] for d in data] == ["talks"]
    assert data[0]["scenario"] == "mini"


def test_scenario_one_issue_with_draws_as_a_table() -> None:
    result = RUNNER.invoke(
        app, ["forecast", MINI, "--issue", "talks", "--draws", "200", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "mini / talks: model eum" in result.output
    assert "feasible outcome:" in result.output
    assert "who must consent: nobody" in result.output  # mini names no veto players
    assert "if nobody could veto:" in result.output
    assert "variance share" in result.output


def test_long_runs_elide_middle_rounds(actors_csv: str) -> None:
    result = RUNNER.invoke(app, ["forecast", actors_csv, "--rounds", "12", "--model", "eum"])
    assert result.exit_code == 0, result.output
    assert "…" in result.output and "forecast:" in result.output


def test_seeded_runs_reproduce() -> None:
    args = ["forecast", MINI, "--issue", "talks", "--draws", "100", "--format", "json"]
    first = RUNNER.invoke(app, [*args, "--seed", "5"]).stdout
    assert first == RUNNER.invoke(app, [*args, "--seed", "5"]).stdout
    assert first != RUNNER.invoke(app, [*args, "--seed", "6"]).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rounds", "-1"], "--rounds: -1 is below 0"),
        (["--draws", "-5"], "--draws: -5 is below 0"),
        (["--issue", "talks"], "holds a single issue"),
    ],
)
def test_bad_options_exit_2(actors_csv: str, args: list[str], message: str) -> None:
    result = RUNNER.invoke(app, ["forecast", actors_csv, *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_csv_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("actor,capability,position,salience\na,1,2,1.5\nb,1,x,0.5\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["forecast", str(path)])
    assert result.exit_code == 2
    # rows are counted as in the file: the header is row 1
    assert "bad.csv: row 2, column 'salience': 1.5 is outside 0..1" in result.output
    assert "bad.csv: row 3, column 'position': 'x' is not a number" in result.output


def test_unknown_issue_and_scenario_exit_2() -> None:
    result = RUNNER.invoke(app, ["forecast", MINI, "--issue", "nope"])
    assert result.exit_code == 2 and "'nope' is not one of talks" in result.output
    result = RUNNER.invoke(app, ["forecast", "no-such-scenario"])
    assert result.exit_code == 2


def test_bad_model_choice_exits_2(actors_csv: str) -> None:
    result = RUNNER.invoke(app, ["forecast", actors_csv, "--model", "vote"])
    assert result.exit_code == 2

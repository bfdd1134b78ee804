"""``panmun scenarios compare``: what changed between two scenarios, as a table or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.cli import app
from panmun.scenario import load
from panmun.scenario.compare import compare_analyses

from ..conftest import MINI
from ..scenario.test_compare import later_mini

runner = CliRunner(env={"COLUMNS": "250"})
PAIR = ["korea-2018-04", "korea-2019-01"]
FAST = ["--draws", "40", "--seed", "1"]


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["scenarios", "compare", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def as_json() -> dict[str, Any]:
    code, out, err = _run(*PAIR, *FAST, "--format", "json")
    assert code == 0, err
    return dict(json.loads(out))


def test_help_has_an_example() -> None:
    code, out, _ = _run("--help")
    assert code == 0 and "Example: panmun scenarios compare" in out


def test_json_holds_every_change_and_the_same_numbers_as_the_analyses(
    as_json: dict[str, Any],
) -> None:
    assert as_json["then"]["id"] == "korea-2018-04" and as_json["now"]["id"] == "korea-2019-01"
    assert len(as_json["positions"]) > sum(p["notable"] for p in as_json["positions"]) > 0
    assert all(p["then"]["rationale"] and p["now"]["rationale"] for p in as_json["positions"])
    settings = AnalysisSettings(draws=40, seed=1)
    expected = compare_analyses(
        ScenarioAnalysis(load(PAIR[0]), settings), ScenarioAnalysis(load(PAIR[1]), settings)
    )
    assert as_json["analysis"] == json.loads(json.dumps(expected.to_dict()))


def test_the_table_names_actors_issues_and_packages(as_json: dict[str, Any]) -> None:
    code, out, _ = _run(*PAIR, *FAST)
    assert code == 0
    assert "Positions that changed" in out and "Forecasts then and now" in out
    assert "basis on 2018-04-30" in out and "basis on 2019-01-31" in out
    notable = [p for p in as_json["positions"] if p["notable"]]
    names = as_json["names"]
    for p in notable:
        assert names[p["actor"]] in out
    assert "Panmunjom Declaration (27 April 2018)" in out  # a package, by its name
    smaller = len(as_json["positions"]) - len(notable)
    assert f"{smaller} smaller changes with --all" in out
    code, everything, _ = _run(*PAIR, *FAST, "--all")
    assert code == 0 and "Every change." in everything
    assert len(everything) > len(out)


def test_same_inputs_give_the_same_output() -> None:
    first = _run(*PAIR, *FAST, "--format", "json")[1]
    assert first == _run(*PAIR, *FAST, "--format", "json")[1]


def test_a_file_compares_with_a_preset(tmp_path: Path) -> None:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["as_of"] = "2021-06-01"
    data["positions"][0]["position"] = 3
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = _run(str(MINI), str(later), "--draws", "20", "--format", "json")
    assert code == 0, err
    (moved,) = json.loads(out)["positions"]
    assert moved["actor"] == "north" and moved["changes"][0]["change"] == 1


def test_every_kind_of_change_has_its_table(tmp_path: Path) -> None:
    data = later_mini()
    data["as_of"] = data["as_of"].isoformat()
    later = tmp_path / "later.yaml"
    later.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = _run(str(MINI), str(later), "--draws", "20", "--all")
    assert code == 0, err
    assert "Actors added: Eastern neighbour." in out
    assert "newly stated" in out and "no longer stated" in out
    assert "Status quo that moved" in out and "3 -> 4 (+1)" in out
    assert "Veto players that changed" in out and "North, South" in out
    assert "Monthly contacts." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["korea-2019-01", "korea-2018-04"], "OLD: 'korea-2019-01' is dated 2019-01-31, after NEW"),
        ([*PAIR, "--format", "xml"], "--format: 'xml' is not one of 'table', 'json'"),
        ([*PAIR, "--draws", "0"], "--draws: 0 is below 1"),
        (["korea-2018-04", "korea-2099-01"], "'korea-2099-01' is not a shipped scenario id"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    code, out, err = _run(*args)
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: ") and message in line and "Traceback" not in err

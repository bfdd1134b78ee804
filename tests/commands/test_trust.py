"""The ``panmun trust`` commands through typer's runner."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from panmun.cli import app
from panmun.scenario.relationships import Relationship, resolve_relationships

from ..conftest import MINI

runner = CliRunner(env={"COLUMNS": "250"})
DATA = Path(__file__).resolve().parents[2] / "src" / "panmun" / "data"
SMALL = ["--draws", "4", "--matches", "10", "--max-combination", "1"]


def relationship_records() -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / "relationships.yaml").read_text("utf-8"))["relationships"]


def fails(args: list[str], *patterns: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for pattern in patterns:
        assert pattern in result.output, result.output
    return result.output


@pytest.mark.parametrize("cmd", ["simulate", "thresholds", "interventions"])
def test_help_has_an_example(cmd: str) -> None:
    out = runner.invoke(app, ["trust", cmd, "--help"]).output
    assert f"Example: panmun trust {cmd}" in out


def test_simulate_json_exact_case() -> None:
    result = runner.invoke(
        app,
        ["trust", "simulate", "--player1", "tft", "--player2", "alld", "--rounds", "10",
         "--reps", "5", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["player1"] == {
        "strategy": "tft",
        "mean_score": 9.0,
        "stderr": 0.0,
        "cooperation_rate": 0.1,
    }
    assert data["player2"]["mean_score"] == 14.0
    assert data["game"] == {
        "payoffs": {"T": 5.0, "R": 3.0, "P": 1.0, "S": 0.0},
        "noise": 0.0,
        "rounds": 10,
        "continuation": None,
    }
    assert data["per_round_cooperation"]["player1"] == [1.0] + [0.0] * 9
    assert data["recovery_share"] == 0.0


def test_simulate_noisy_continuation_json() -> None:
    args = ["trust", "simulate", "--player1", "gtft:0.2", "--player2", "grit:2:3"]
    args += ["--noise", "0.1", "--continuation", "0.9", "--reps", "200", "--seed", "4"]
    args += ["--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["game"]["rounds"] is None and data["game"]["continuation"] == 0.9
    assert data["mean_rounds"] == pytest.approx(10, rel=0.2)
    assert 0 < data["player1"]["stderr"] < data["player1"]["mean_score"]
    assert json.loads(runner.invoke(app, args).stdout) == data  # same seed, same output


def test_simulate_table() -> None:
    result = runner.invoke(
        app, ["trust", "simulate", "--player1", "tft", "--player2", "tft", "--noise", "0.05"]
    )
    assert result.exit_code == 0, result.output
    assert "1000 matches, noise 0.05, 200 rounds" in result.output
    assert "came back in" in result.output


def test_simulate_table_without_breakdown() -> None:
    result = runner.invoke(
        app, ["trust", "simulate", "--player1", "tft", "--player2", "tft", "--reps", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "broke down in 0.0% of matches." in result.output


@pytest.mark.parametrize(
    ("args", "patterns"),
    [
        (["--player1", "nice", "--player2", "tft"], ["--player1: 'nice' is not a known strategy"]),
        (["--player1", "tft", "--player2", "tft", "--noise", "1.5"], ["--noise: 1.5"]),
        (["--player1", "tft", "--player2", "tft", "--noise", "-0.1", "--rounds", "0"],
         ["--noise: -0.1", "--rounds: 0"]),
        (["--player1", "tft", "--player2", "tft", "--continuation", "1"], ["--continuation: 1.0"]),
        (["--player1", "tft", "--player2", "tft", "--rounds", "5", "--continuation", "0.5"],
         ["not both"]),
        (["--player1", "tft", "--player2", "tft", "--payoffs", "5,3,1"], ["--payoffs: '5,3,1'"]),
        (["--player1", "gtft", "--player2", "tft", "--payoffs", "3,5,1,0"],
         ["--payoffs:", "not a prisoner's dilemma"]),
        (["--player1", "tft", "--player2", "tft", "--reps", "0"], ["--reps: 0"]),
        (["--player1", "gtft:2", "--player2", "grit:0"], ["--player1: gtft: q: 2.0", "--player2"]),
    ],
)  # fmt: skip
def test_simulate_bad_input_exits_2(args: list[str], patterns: list[str]) -> None:
    fails(["trust", "simulate", *args], *patterns)


def test_thresholds_json() -> None:
    result = runner.invoke(app, ["trust", "thresholds", "--noise", "0.05", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tit_for_tat_min_w"] == pytest.approx(2 / 3)
    assert data["grim_trigger_min_w"] == 0.5
    assert data["generous_tit_for_tat_optimal_q"] == pytest.approx(1 / 3)
    assert data["expected_rounds_to_first_error"] == pytest.approx(1 / (1 - 0.95**2))
    assert data["sources"]["tit_for_tat_min_w"] == "axelrod-1984-evolution-cooperation"


def test_thresholds_table_and_zero_noise() -> None:
    result = runner.invoke(app, ["trust", "thresholds", "--payoffs", "4,3,1,0", "--noise", "0"])
    assert result.exit_code == 0, result.output
    assert "tit for tat min w" in result.output and "inf" in result.output
    data = json.loads(
        runner.invoke(app, ["trust", "thresholds", "--noise", "0", "--format", "json"]).stdout
    )
    assert data["expected_rounds_to_first_error"] is None


def test_thresholds_bad_input_exits_2() -> None:
    fails(["trust", "thresholds", "--payoffs", "3,5,1,0"], "--payoffs:", "the thresholds need one")
    fails(["trust", "thresholds", "--noise", "2"], "--noise: 2.0")


def test_interventions_on_a_relationships_file(tmp_path: Path) -> None:
    path = tmp_path / "rels.yaml"
    path.write_text(yaml.safe_dump({"relationships": relationship_records()[:1]}), "utf-8")
    result = runner.invoke(app, ["trust", "interventions", str(path), *SMALL, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rel = data["relationships"][0]
    assert rel["id"] == "dprk-usa" and rel["strategy_a"] == "tft"
    labels = [r["label"] for r in rel["results"]]
    assert "baseline" in labels and "hotline" in labels
    assert [r["rank"] for r in rel["results"]] == list(range(1, len(labels) + 1))
    base = next(r for r in rel["results"] if r["label"] == "baseline")
    assert base["change_vs_baseline"] == 0.0


def test_interventions_table_with_strategy_override(tmp_path: Path) -> None:
    path = tmp_path / "rels.yaml"
    path.write_text(yaml.safe_dump({"relationships": relationship_records()}), "utf-8")
    result = runner.invoke(
        app,
        ["trust", "interventions", str(path), "--relationship", "rok-dprk", *SMALL,
         "--strategy-a", "grit:3:4", "--strategy-b", "ctft"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rok-dprk: grit:3:4 vs ctft" in result.output
    assert "dprk-usa" not in result.output


def test_interventions_scenario_falls_back_to_shipped_relationships(
    mini_data: dict[str, Any], write_yaml: Any
) -> None:
    """A scenario without a relationships field gets the shipped pairs among its actors."""
    data = copy.deepcopy(mini_data)
    data["actors"] = ["rok", "dprk", "usa"]
    for pos in data["positions"]:
        pos["actor"] = {"north": "dprk", "south": "rok", "church": "usa"}[pos["actor"]]
    path = write_yaml(data)
    result = runner.invoke(app, ["trust", "interventions", str(path), *SMALL, "--format", "json"])
    assert result.exit_code == 0, result.output
    ids = {r["id"] for r in json.loads(result.stdout)["relationships"]}
    assert ids == {"dprk-usa", "rok-dprk"}


def test_interventions_bad_input_exits_2(tmp_path: Path) -> None:
    fails(["trust", "interventions", str(MINI)], "no relationships between its actors")
    fails(["trust", "interventions", "no-such-scenario"], "not a shipped scenario id")
    path = tmp_path / "rels.yaml"
    path.write_text(yaml.safe_dump({"relationships": relationship_records()}), "utf-8")
    fails(["trust", "interventions", str(path), "--relationship", "x"], "--relationship: 'x'")
    fails(["trust", "interventions", str(path), "--draws", "1"], "--draws: 1")
    fails(["trust", "interventions", str(path), "--max-combination", "-1"], "--max-combination: -1")
    fails(["trust", "interventions", str(path), "--strategy-a", "nice"], "--strategy-a: 'nice'")
    broken = relationship_records()
    broken[0]["noise"]["value"] = 3
    broken[1]["strategy_a"] = "nice"
    path.write_text(yaml.safe_dump({"relationships": broken}), "utf-8")
    out = fails(["trust", "interventions", str(path)])
    assert "relationships[dprk-usa].noise.value" in out
    assert "relationships[rok-dprk].strategy_a: 'nice'" in out
    path.write_text(yaml.safe_dump({"relationships": {"a": 1}}), "utf-8")
    fails(["trust", "interventions", str(path)], "expected a list of relationships")


def test_scenario_relationships_field_is_used_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once Scenario has a relationships field, its own relationships win over the library."""
    own = Relationship.model_validate(relationship_records()[2])
    fake = SimpleNamespace(id="fake", actors=(), relationships=(own,))
    monkeypatch.setattr("panmun.scenario.loader.load", lambda ref: fake)
    rels, label = resolve_relationships("anything")
    assert (rels, label) == ([own], "fake")

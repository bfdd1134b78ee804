"""``panmun sensitivity``: the table and the JSON, and bad input as one line with exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from panmun.commands import sensitivity
from panmun.commands._style import PanmunGroup

MINI = str(Path(__file__).parents[1] / "fixtures" / "mini.yaml")
RUNNER = CliRunner()

# The command as the CLI registers it, in a group of its own (the CLI module is not edited here).
APP = typer.Typer(
    cls=PanmunGroup, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
)


@APP.callback()
def _root() -> None:
    """Sensitivity only."""


APP.command("sensitivity")(sensitivity.sensitivity)


def _fails(args: list[str], expected: str) -> None:
    result = RUNNER.invoke(APP, ["sensitivity", *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {expected}"] or (len(lines) == 1 and expected in lines[0]), lines
    assert "Traceback" not in result.output and result.stdout == ""


def test_the_table_leads_with_the_inputs_to_check_first() -> None:
    pytest.importorskip("SALib")
    result = RUNNER.invoke(APP, ["sensitivity", MINI, "--method", "morris", "--samples", "6"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("Sensitivity of mini (A three-actor test scenario): Morris screening")
    assert "Check these first" in text and "Talks — bargaining forecast" in text
    assert "South — salience of Talks" in text
    assert "talks" not in text and "south" not in text  # names, not ids


def test_json_has_indices_for_every_output_and_the_ranking() -> None:
    pytest.importorskip("SALib")
    args = ["sensitivity", "--scenario", MINI, "--samples", "16", "--format", "json", "--top", "3"]
    result = RUNNER.invoke(APP, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "sobol" and data["evaluations"] == 16 * 12
    assert len(data["inputs"]) == 10 and len(data["outputs"]) == 2
    ranked = data["check_these_first"]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert ranked == sorted(ranked, key=lambda r: -r["lower"])
    assert all(r["lower"] == pytest.approx(r["score"] - r["conf"]) for r in ranked)
    assert ranked[0]["consult"] == {k: ranked[0]["ids"][k] for k in ("actor", "issue", "field")}
    out = data["outputs"][0]
    assert {"S1", "S1_conf", "ST", "ST_conf", "input"} == set(out["indices"][0])
    same = RUNNER.invoke(APP, [*args[:-2], "--chunk", "5", "--format", "json"])
    assert same.stdout == result.stdout  # chunks do not change the numbers


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--samples", "0"], "--samples: 0 is not a whole number of at least 2"),
        (["--samples", "1000"], "--samples: 1000 is not a power of 2"),
        (["--workers", "2"], "--workers: 2 applies to --scheduler local only"),
        (["--scheduler", "local", "--workers", "0"], "--workers: 0 is not a whole number"),
        (["--seed", "-1"], "--seed: -1 is not a whole number of at least 0"),
        (["--method", "fast"], "Invalid value for '--method'"),
    ],
)
def test_bad_options_are_one_line(args: list[str], expected: str) -> None:
    _fails([MINI, *args], expected)


def test_an_unknown_scheduler_address_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    pytest.importorskip("SALib")
    monkeypatch.setattr(sensitivity, "CONNECT_TIMEOUT_S", 1.0)
    _fails(
        [MINI, "--scheduler", "tcp://127.0.0.1:9"],
        "--scheduler: no Dask scheduler answered at 'tcp://127.0.0.1:9' within 1 s",
    )
    _fails([MINI, "--scheduler", "no-such-host"], "--scheduler: no Dask scheduler answered at")


def test_a_scenario_with_no_uncertain_input_is_one_line(
    mini_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> None:
    pytest.importorskip("SALib")
    for p in mini_data["positions"]:
        for f in ("position", "salience", "capability"):
            p[f"{f}_range"] = [p[f], p[f]]
        p["sources"] = ["doc1"]
        p.pop("estimate", None)
    mini_data["status_quo"][0]["value_range"] = [3, 3]
    path = write_yaml(mini_data, "certain.yaml")
    _fails([str(path)], "mini: no number has a range (low below high), so nothing is uncertain")


def test_without_salib_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "SALib", None)
    _fails(
        [MINI],
        "sensitivity analysis needs the optional package SALib: pip install 'panmun[sensitivity]'",
    )


def test_help_shows_placeholders_and_an_example() -> None:
    result = RUNNER.invoke(APP, ["sensitivity", "--help"])
    assert result.exit_code == 0
    for text in (
        "--samples N",
        "--scheduler local|ADDRESS",
        "--workers N",
        "--method morris|sobol",
        "--format table|json",
        "Example: panmun sensitivity korea-2022-09",
    ):
        assert text in result.stdout

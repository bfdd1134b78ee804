"""``panmun proposals`` through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from panmun.cli import app

from ..conftest import MINI
from ..proposals.test_api import LIB

runner = CliRunner(env={"COLUMNS": "250"})


@pytest.fixture
def lib_file(tmp_path: Path) -> Path:
    path = tmp_path / "proposals.yaml"
    path.write_text(yaml.safe_dump(LIB), encoding="utf-8")
    return path


def test_list(lib_file: Path) -> None:
    result = runner.invoke(app, ["proposals", "list", "--file", str(lib_file)])
    assert result.exit_code == 0, result.output
    assert "more-talks" in result.output
    assert "status-quo -> more-talks" in result.output


def test_evaluate_table_and_json(lib_file: Path) -> None:
    base = ["proposals", "evaluate", "more-talks", "--scenario", str(MINI), "--file", str(lib_file)]
    table = runner.invoke(app, [*base, "--draws", "200"])
    assert table.exit_code == 0, table.output
    assert "blocks" in table.output
    assert "talks: 6 -> 2.9" in table.output
    out = runner.invoke(app, [*base, "--draws", "200", "--format", "json"])
    data = json.loads(out.output)
    north = next(a for a in data["verdicts"][0]["actors"] if a["actor"] == "north")
    assert north["decision"] == "blocks"
    assert data["verdicts"][0]["blockers"] == ["north"]
    again = runner.invoke(app, [*base, "--draws", "200", "--format", "json"])
    assert again.output == out.output


def test_evaluate_all_ranks(lib_file: Path) -> None:
    result = runner.invoke(
        app,
        ["proposals", "evaluate", "all", "--scenario", str(MINI), "--file", str(lib_file),
         "--draws", "100", "--format", "json", "--required", "south"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ids = [v["proposal"] for v in json.loads(result.output)["verdicts"]]
    assert ids == ["more-talks", "status-quo"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "nope"], "proposal: 'nope' is not one of"),
        (["evaluate", "more-talks", "--format", "xml"], "--format: 'xml' is not one of"),
        (["evaluate", "more-talks", "--required", "ghost"], "'ghost' is not an actor of mini"),
        (["search", "--frontier", "north"], "--frontier: 'north' must name exactly two actors"),
    ],
)
def test_bad_arguments_exit_2(lib_file: Path, args: list[str], message: str) -> None:
    extra = ["--file", str(lib_file)] if args[0] == "evaluate" else []
    result = runner.invoke(app, ["proposals", *args, "--scenario", str(MINI), *extra])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_empty_library_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["proposals", "list", "--file", str(empty)])
    assert result.exit_code == 2
    assert "expected a mapping with 'proposals'" in result.output


def test_search_table_and_json() -> None:
    base = ["proposals", "search", "--scenario", str(MINI), "--frontier", "north,south"]
    table = runner.invoke(app, base)
    assert table.exit_code == 0, table.output
    assert "No package gives every required actor a gain" in table.output
    ok = runner.invoke(app, [*base, "--required", "south,church", "--format", "json"])
    data = json.loads(ok.output)
    assert data["nash"]["feasible"] is True
    assert len(data["frontier"]["points"]) == 2


def test_roadmap_user_file_and_errors(lib_file: Path) -> None:
    base = ["proposals", "roadmap", "two-step", "--scenario", str(MINI), "--file", str(lib_file)]
    table = runner.invoke(app, [*base, "--draws", "50"])
    assert table.exit_code == 0, table.output
    # by default both states are required, and north blocks more talks in phase 2
    assert "P(complete) = 0.00" in table.output
    assert "north 1.00" in table.output
    out = runner.invoke(app, [*base, "--draws", "50", "--required", "south", "--format", "json"])
    data = json.loads(out.output)
    assert [p["p_reach"] for p in data["roadmaps"][0]["phases"]] == [1.0, 1.0]
    assert data["roadmaps"][0]["trust_modelled"] is False
    bad = runner.invoke(
        app, ["proposals", "roadmap", "nope", "--scenario", str(MINI), "--file", str(lib_file)]
    )
    assert bad.exit_code == 2
    assert "roadmap: 'nope' is not one of two-step" in bad.output


def test_roadmap_all_on_a_preset() -> None:
    result = runner.invoke(
        app,
        ["proposals", "roadmap", "all", "--scenario", "korea-2026-05", "--draws", "30",
         "--trust-draws", "2", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ids = {r["roadmap"] for r in json.loads(result.output)["roadmaps"]}
    assert ids == {"paper-sequence", "denuclearization-first", "big-deal", "two-states-path"}
    # in April 2018 only the roadmap whose packages had all been put forward is compared
    early = runner.invoke(
        app,
        ["proposals", "roadmap", "all", "--scenario", "korea-2018-04", "--draws", "30",
         "--trust-draws", "2", "--format", "json"],
    )  # fmt: skip
    assert {r["roadmap"] for r in json.loads(early.output)["roadmaps"]} == {
        "denuclearization-first"
    }

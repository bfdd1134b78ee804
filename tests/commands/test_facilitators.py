"""``panmun facilitators assess``: table and JSON, the same numbers, and bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from panmun.commands import facilitators
from panmun.facilitators import report_section
from panmun.scenario import load

RUNNER = CliRunner()


def test_table_names_candidates_gate_and_stability() -> None:
    result = RUNNER.invoke(facilitators.app, ["assess", "korea-2026-05", "--draws", "200"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for word in ("Cambodia", "Sweden", "Switzerland", "Mongolia", "Viet Nam", "ASEAN"):
        assert word in out
    assert "no joint request" in out and "no such request exists at this date" in out
    assert "P(first)" in out and "over 200 draws" in out


def test_json_is_the_report_section() -> None:
    result = RUNNER.invoke(
        facilitators.app,
        ["assess", "--scenario", "cambodia-thailand-2025-10", "--draws", "100", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == report_section(load("cambodia-thailand-2025-10"), draws=100)
    assert data["parties"] == ["cambodia_government", "thailand_government"]
    assert {c["id"] for c in data["candidates"]} >= {"malaysia", "united_states", "asean"}


def test_a_scenario_without_facilitator_data_is_one_error_line() -> None:
    result = RUNNER.invoke(facilitators.app, ["assess", "tests/fixtures/mini.yaml"])
    assert result.exit_code == 2
    assert "has no facilitator data" in result.output
    assert "Traceback" not in result.output


def test_bad_options_exit_2() -> None:
    assert (
        RUNNER.invoke(facilitators.app, ["assess", "korea-2026-05", "--draws", "0"]).exit_code == 2
    )
    assert RUNNER.invoke(facilitators.app, ["assess", "no-such-preset"]).exit_code == 2

"""The ``panmun scenarios`` and ``panmun analyze`` commands through typer's runner."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import yaml
from typer.testing import CliRunner

from panmun.cli import app
from panmun.scenario import load_file

from ..conftest import MINI

runner = CliRunner(env={"COLUMNS": "250"})


def test_help_lists_commands_with_an_example() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "scenarios" in result.output
    assert "analyze" in result.output
    for cmd in (["scenarios", "list"], ["scenarios", "show"], ["scenarios", "validate"],
                ["scenarios", "export"], ["analyze"]):  # fmt: skip
        out = runner.invoke(app, [*cmd, "--help"]).output
        assert "Example: panmun" in out, cmd


def test_list_shows_presets() -> None:
    result = runner.invoke(app, ["scenarios", "list"])
    assert result.exit_code == 0
    assert "korea-2018-04" in result.output


def test_show_table_and_issue_detail() -> None:
    result = runner.invoke(app, ["scenarios", "show", str(MINI)])
    assert result.exit_code == 0
    assert "church" in result.output
    assert "status quo" in result.output
    detail = runner.invoke(app, ["scenarios", "show", str(MINI), "--issue", "talks"])
    assert detail.exit_code == 0
    assert "Stated preference for limited contact" in detail.output
    assert "analyst estimate" in detail.output


def test_show_unknown_issue_exits_2() -> None:
    result = runner.invoke(app, ["scenarios", "show", str(MINI), "--issue", "trade"])
    assert result.exit_code == 2
    assert "--issue: 'trade' is not an issue of mini" in result.output


def test_validate_ok_and_bad(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["scenarios", "validate", str(MINI)])
    assert ok.exit_code == 0
    assert "ok:" in ok.output
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["positions"][0]["salience"] = 1.4
    bad = tmp_path / "korea.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(app, ["scenarios", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: positions[north][talks].salience: 1.4 is above 1" in result.output
    assert "Traceback" not in result.output


def test_export_yaml_json_and_file(tmp_path: Path) -> None:
    for fmt in ("yaml", "json"):
        result = runner.invoke(app, ["scenarios", "export", str(MINI), "--format", fmt])
        assert result.exit_code == 0
        data = json.loads(result.output) if fmt == "json" else yaml.safe_load(result.output)
        assert data["id"] == "mini"
    out = tmp_path / "sub" / "mini.json"
    result = runner.invoke(
        app, ["scenarios", "export", str(MINI), "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == 0
    assert load_file(out) == load_file(MINI)


def test_export_bad_format_exits_2() -> None:
    result = runner.invoke(app, ["scenarios", "export", str(MINI), "--format", "xml"])
    assert result.exit_code == 2
    assert "--format: 'xml' is not one of" in result.output


def test_analyze_writes_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(MINI), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "A three-actor test scenario" in html
    assert json.loads((tmp_path / "r" / "report.json").read_text())["scenario"]["id"] == "mini"


def test_analyze_default_is_latest_preset(tmp_path: Path) -> None:
    from panmun.scenario import latest_shipped_id

    result = runner.invoke(app, ["analyze", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert latest_shipped_id() in result.output


def test_analyze_bad_input_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "r"
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing.yaml"), "--out", str(target)])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert not target.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["analyze", str(MINI), "--out", str(blocker)])
    assert result.exit_code == 2
    assert "exists and is not a folder" in result.output


def test_help_is_fast_and_light() -> None:
    """``panmun --help`` must answer in < 0.5 s: check it imports no heavy library."""
    code = (
        "import sys, time; t = time.perf_counter(); "
        "from panmun.cli import app; "
        "heavy = [m for m in ('numpy', 'pydantic', 'jinja2', 'yaml', 'sqlalchemy', 'scipy') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "panmun", "--help"], capture_output=True, check=True, timeout=30
    )
    assert time.perf_counter() - start < 2.0  # generous bound for a loaded CI machine

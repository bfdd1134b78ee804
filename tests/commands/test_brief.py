"""``panmun brief`` through typer's runner: PDF and Word, English and Korean, bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings
from panmun.commands._style import PanmunGroup
from panmun.commands.brief import brief
from panmun.report.build import build_report_data
from panmun.scenario import load_file

from ..conftest import MINI

RUNNER = CliRunner()
SMALL = ["--draws", "20", "--rounds", "3"]


def _app() -> typer.Typer:
    """The CLI with ``brief`` registered (as ``panmun.cli`` registers it)."""
    import typer.main

    from panmun.cli import app

    if "brief" in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        return app
    local = typer.Typer(cls=PanmunGroup, pretty_exceptions_enable=False, rich_markup_mode=None)
    local.callback()(lambda: None)
    local.command("brief")(brief)
    return local


APP = _app()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report.json of the mini scenario, as panmun analyze writes it."""
    data = build_report_data(load_file(MINI), AnalysisSettings(draws=20, rounds=3, trust_draws=2))
    path = tmp_path_factory.mktemp("report") / "report.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _fails(args: list[str], message: str) -> None:
    result = RUNNER.invoke(APP, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert message in lines[0], result.output
    assert "Traceback" not in result.output


def test_a_pdf_brief_from_a_scenario(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "brief.pdf"
    result = RUNNER.invoke(APP, ["brief", str(MINI), "--out", str(out), *SMALL])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "of at most 2 A4 pages" in result.output


def test_a_korean_word_brief_from_a_report_json(report_file: Path, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    pytest.importorskip("babel")
    out = tmp_path / "brief.docx"
    result = RUNNER.invoke(APP, ["brief", "--report", str(report_file), "--out", str(out),
                                 "--lang", "ko"])  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    found = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert found[0] == "상황" and "예측 실적" in found


def test_bad_output_names_and_languages_are_one_line_errors(tmp_path: Path) -> None:
    _fails(["brief", str(MINI), "--out", str(tmp_path / "brief.txt")], "must end in .pdf or .docx")
    _fails(["brief", str(MINI), "--out", str(tmp_path / "b.pdf"), "--lang", "fr"],
           "--lang: 'fr' is not one of en, ko")  # fmt: skip
    folder = tmp_path / "b.pdf"
    folder.mkdir()
    _fails(["brief", str(MINI), "--out", str(folder)], "is a folder, not a file")
    assert list(tmp_path.glob("*.txt")) == []


def test_a_bad_report_json_is_named(tmp_path: Path, report_file: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    out = tmp_path / "b.docx"
    _fails(["brief", "--report", str(broken), "--out", str(out)], f"{broken}: not JSON (line 1")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"panmun_version": "0.1.0"}), encoding="utf-8")
    _fails(["brief", "--report", str(other), "--out", str(out)],
           "not a report.json written by panmun analyze (no scenario, settings")  # fmt: skip
    damaged = json.loads(report_file.read_text(encoding="utf-8"))
    del damaged["forecasts"]["issues"][0]["consent"]
    (tmp_path / "damaged.json").write_text(json.dumps(damaged), encoding="utf-8")
    pytest.importorskip("docx")
    _fails(["brief", "--report", str(tmp_path / "damaged.json"), "--out", str(out)],
           "--report: not a report.json of panmun")  # fmt: skip
    _fails(["brief", str(MINI), "--report", str(report_file), "--out", str(out)],
           "give a report.json or a scenario, not both")  # fmt: skip
    assert not out.exists()


def test_a_read_only_folder_leaves_nothing_behind(tmp_path: Path, report_file: Path) -> None:
    import os

    pytest.importorskip("docx")
    if os.geteuid() == 0:
        target = Path("/proc/panmun/brief.docx")  # root can write anywhere but here
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        target = ro / "brief.docx"
    _fails(["brief", "--report", str(report_file), "--out", str(target)], "cannot be written")


def test_without_the_extra_the_message_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, report_file: Path
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    _fails(["brief", "--report", str(report_file), "--out", str(tmp_path / "b.pdf")],
           "PDF output needs WeasyPrint: pip install 'panmun[brief]'")  # fmt: skip
    monkeypatch.setitem(sys.modules, "docx", None)
    _fails(["brief", "--report", str(report_file), "--out", str(tmp_path / "b.docx")],
           "Word output needs python-docx: pip install 'panmun[brief]'")  # fmt: skip
    assert list(tmp_path.iterdir()) == []

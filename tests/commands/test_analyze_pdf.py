"""``panmun analyze --pdf --lang``: the printable report and the Korean edition."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings
from panmun.cli import app
from panmun.report.build import build_report_data, render_html
from panmun.scenario import load_file

from ..conftest import MINI

RUNNER = CliRunner()
SMALL = ["--draws", "20", "--rounds", "3"]


def _text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_analyze_pdf_writes_a_printable_report_beside_the_page(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "report"
    result = RUNNER.invoke(app, ["analyze", str(MINI), "--out", str(out), "--pdf", *SMALL])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"report.html", "report.json", "report.pdf"}
    pdf = out / "report.pdf"
    text = _text(pdf)
    # contents with page numbers: each entry ends with the page its section starts on
    contents = text[text.index("Contents") : text.index("Summary for decision-makers")]
    entries = re.findall(r"(Actors|Forecasts|Sources)\s*\.*\s*(\d+)", contents)
    assert {name for name, _ in entries} == {"Actors", "Forecasts", "Sources"}
    assert all(int(page) > 1 for _, page in entries)
    assert "plotly" not in text.lower() and "Download plot" not in text
    # the same run, the same bytes
    again = tmp_path / "again"
    assert (
        RUNNER.invoke(app, ["analyze", str(MINI), "--out", str(again), "--pdf", *SMALL]).exit_code
        == 0
    )
    assert (again / "report.pdf").read_bytes() == pdf.read_bytes()


def test_the_print_layout_has_static_charts_page_breaks_and_endnotes() -> None:
    data = build_report_data(load_file(MINI), AnalysisSettings(draws=20, rounds=3, trust_draws=2))
    html = render_html(data, pdf=True)
    assert "<script" not in html and "Plotly" not in html
    assert 'id="fig-forecast-bands"' in html and "<svg" in html
    assert "section { break-before: page; }" in html
    assert "target-counter(attr(href url), page)" in html
    # citations are endnote numbers that match the numbered source list
    numbers = {s["id"]: k for k, s in enumerate(data["sources"], start=1)}
    cited = re.findall(r'<a class="cite" href="#src-([^"]+)">\[(\d+)\]</a>', html)
    assert cited and all(numbers[sid] == int(n) for sid, n in cited)
    screen = render_html(data)
    assert "Plotly.newPlot(" in screen and re.search(r'href="#src-doc1">\[doc1\]', screen)


def test_analyze_in_korean(tmp_path: Path) -> None:
    pytest.importorskip("babel")
    out = tmp_path / "ko"
    result = RUNNER.invoke(app, ["analyze", str(MINI), "--out", str(out), "--lang", "ko", *SMALL])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "<h2>의사 결정자를 위한 요약</h2>" in html


def test_bad_language_and_a_missing_extra_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report"
    result = RUNNER.invoke(app, ["analyze", str(MINI), "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 2 and "--lang: 'fr' is not one of en, ko" in result.output
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = RUNNER.invoke(app, ["analyze", str(MINI), "--out", str(out), "--pdf", *SMALL])
    assert result.exit_code == 2, result.output
    assert "PDF output needs WeasyPrint: pip install 'panmun[brief]'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()

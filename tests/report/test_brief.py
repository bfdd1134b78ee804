"""The brief: two A4 pages at most, every heading, the numbers of report.json, PDF and Word.

The report data is built once for the module (small draws) and read back from its JSON, as
``panmun brief --report report.json`` reads it. The PDF checks need WeasyPrint and poppler's
``pdftotext``/``pdfinfo`` (``scripts/ensure-pango.sh`` installs them); the Word checks need
python-docx. Both are in the ``brief`` and ``dev`` extras.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from panmun.analysis import AnalysisSettings
from panmun.report.brief import LEVELS, brief_content, headings
from panmun.report.build import build_report_data
from panmun.report.i18n import texts
from panmun.scenario import load, load_file

from ..conftest import MINI

FAST = AnalysisSettings(draws=40, trust_draws=4)
PRESET = "korea-2026-05"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (Debian's poppler-utils) is not installed")
    return path


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def _pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        [_poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert found, info
    return int(found.group(1))


def _flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (a PDF wraps lines)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def report_json() -> dict[str, Any]:
    """The preset's report.json, as a brief made with --report reads it."""
    data = build_report_data(load(PRESET), FAST)
    return json.loads(json.dumps(data, ensure_ascii=False))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def english(report_json: dict[str, Any]) -> tuple[bytes, Any, int]:
    pytest.importorskip("weasyprint")
    from panmun.report.brief_pdf import brief_pdf

    return brief_pdf(report_json, texts("en"))


def test_the_brief_has_at_most_two_pages_and_every_heading(
    english: tuple[bytes, Any, int], tmp_path: Path
) -> None:
    pdf, brief, pages = english
    assert pdf.startswith(b"%PDF-")
    assert _pages(pdf, tmp_path) == pages <= 2
    text = _flat(_pdf_text(pdf, tmp_path))
    assert set(headings(texts("en")).values()) == {s.heading for s in brief.sections}
    for heading in brief.headings[1:]:
        assert heading in text, heading
    assert "Brief: Korean Peninsula, May 2026" in text


def test_the_brief_shows_the_numbers_of_report_json(
    english: tuple[bytes, Any, int], report_json: dict[str, Any], tmp_path: Path
) -> None:
    text = _flat(_pdf_text(english[0], tmp_path))
    for i in report_json["forecasts"]["issues"]:
        band = i["consent"]["feasible"]
        assert i["name"] in text
        row = f"{i['feasible']:.0f} ({band['p05']:.0f}–{band['p95']:.0f})"
        assert row in text, (i["issue"], row)
        assert f"5-95 % band {band['p05']:.0f}-{band['p95']:.0f}" in text
    closest = report_json["proposals"]["closest"]
    assert closest["name"] in text
    assert f"lack {closest['shortfall_total']:.3f} in utility in total" in text
    top = report_json["trust"]["single_interventions"][0]
    assert f"{top['name']}: {top['mean_gain']:+.2f}" in text
    tr = report_json["track_record"]
    assert f"over {tr['forecasts']} forecasts made from {tr['from_year']}" in text
    assert f"was off by {tr['scores']['1']['no_change']['mae']:.0f} points" in text
    # sources are footnotes: author and title of a status quo's first source, numbered
    first = report_json["issues"][0]["status_quo"]["sources"][0]
    src = next(s for s in report_json["sources"] if s["id"] == first)
    assert src["title"][:40] in text


def test_the_brief_names_actors_and_issues_not_ids(english: tuple[bytes, Any, int]) -> None:
    _pdf, brief, _pages = english
    s = load(PRESET)
    words = " ".join(
        [brief.title, brief.subtitle]
        + [p.text for sec in brief.sections for p in (*sec.paragraphs, *sec.items, *sec.closing)]
        + [cell for sec in brief.sections if sec.table for row in sec.table.rows for cell in row]
    )
    for actor in s.actors:
        if actor.name != actor.id:
            assert not re.search(rf"(?<![\w-]){re.escape(actor.id)}(?![\w-])", words), actor.id
    for issue in s.issues:
        if "_" in issue.id:
            assert issue.id not in words, issue.id
    assert s.id not in words


def test_the_same_data_gives_the_same_pdf(
    english: tuple[bytes, Any, int], report_json: dict[str, Any]
) -> None:
    from panmun.report.brief_pdf import brief_pdf

    assert brief_pdf(report_json, texts("en"))[0] == english[0]


def test_the_word_brief_opens_with_the_same_headings(
    english: tuple[bytes, Any, int], report_json: dict[str, Any]
) -> None:
    docx = pytest.importorskip("docx")
    from panmun.report.brief_docx import brief_docx

    brief = english[1]
    raw = brief_docx(brief, report_json["scenario"]["as_of"])
    assert raw == brief_docx(brief, report_json["scenario"]["as_of"])  # same bytes
    document = docx.Document(io.BytesIO(raw))
    found = [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    assert found == brief.headings
    assert len(document.inline_shapes) == 1  # the chart, as a PNG
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(brief.sections[1].table.header)
    issues = {i["name"]: i for i in report_json["forecasts"]["issues"]}
    assert len(table.rows) == 1 + len(issues)
    for row in table.rows[1:]:
        i = issues[row.cells[0].text]
        band = i["consent"]["feasible"]
        assert row.cells[1].text == f"{i['feasible']:.0f} ({band['p05']:.0f}–{band['p95']:.0f})"
        assert row.cells[2].text == f"{i['status_quo']:.0f}"
    # sources are Word footnotes, each cited once, in the order of citation
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        notes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert refs == [str(k) for k in range(1, len(refs) + 1)] and refs
    assert notes.count("<w:footnoteRef/>") == len(refs) == len(brief.footnotes())


def test_the_korean_brief_has_korean_headings_in_an_embedded_hangul_font(
    report_json: dict[str, Any], tmp_path: Path
) -> None:
    pytest.importorskip("weasyprint")
    pytest.importorskip("babel")
    from panmun.report.brief_pdf import brief_pdf

    pdf, _brief, pages = brief_pdf(report_json, texts("ko"))
    assert pages <= 2
    text = _flat(_pdf_text(pdf, tmp_path))
    for heading in ("상황", "각 쟁점의 현재와 향방", "성사에 가장 근접한 협상안과 그 조건",
                    "가장 도움이 되는 신뢰 구축 조치", "예측 실적"):  # fmt: skip
        assert heading in text, heading
    assert "실현 가능한 결과" in text
    assert "Where each issue stands" not in text
    # the data stay in English: issue names as written
    assert report_json["forecasts"]["issues"][0]["name"] in text
    path = tmp_path / "ko.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        [_poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    hangul = [line for line in fonts.splitlines() if "CJK-KR" in line]
    assert hangul and all(" yes " in line for line in hangul)  # embedded


def test_levels_of_detail_shorten_the_brief(report_json: dict[str, Any]) -> None:
    t = texts("en")
    full, last = brief_content(report_json, t, 0), brief_content(report_json, t, len(LEVELS) - 1)
    assert full.sections[1].chart is not None and last.sections[1].chart is None
    assert full.sections[1].items and not last.sections[1].items
    assert len(last.sections[1].table.rows) == LEVELS[-1][4] < len(full.sections[1].table.rows)
    assert "the report has all 7" in last.sections[1].paragraphs[0].text
    assert [s.heading for s in full.sections] == [s.heading for s in last.sections]


def test_a_scenario_without_context_or_relationships_still_gets_a_brief() -> None:
    data = build_report_data(load_file(MINI), AnalysisSettings(draws=20, rounds=3, trust_draws=2))
    brief = brief_content(data, texts("en"))
    by_key = {s.key: s for s in brief.sections}
    assert "no track record here" in by_key["record"].paragraphs[0].text
    assert by_key["issues"].table.rows[0][0] == "Talks"
    assert by_key["issues"].table.rows[0][4] == "nobody"  # the mini scenario names no veto

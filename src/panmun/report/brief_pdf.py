"""The brief as a PDF of at most two A4 pages (WeasyPrint), in English or Korean.

The brief is laid out at its fullest level of detail first; while the layout runs past two
pages, the next, shorter level is tried (:data:`panmun.report.brief.LEVELS`). Fonts are
embedded: DejaVu for English and Noto Sans CJK KR for Korean (Debian's ``fonts-noto-cjk``).
"""

from __future__ import annotations

import functools
from typing import Any

from panmun.report.brief import LEVELS, Brief, brief_content
from panmun.report.i18n import Texts

#: The most pages a brief may have.
MAX_PAGES = 2
FONTS = {
    "en": '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif',
    "ko": '"Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif',
}


@functools.cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("panmun.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    return env.get_template("brief.html.j2")


class _Cited:
    """The sources already given a footnote while the template renders (each once)."""

    def __init__(self) -> None:
        self.seen: list[str] = []


def brief_html(brief: Brief) -> str:
    """The brief as print HTML (self-contained: styles and SVG chart inline)."""
    from panmun.report.svg import scene_svg

    font = FONTS.get(brief.lang, FONTS["en"])
    charts = {s.key: scene_svg(s.chart, font=font) for s in brief.sections if s.chart is not None}
    return str(
        _template().render(
            b=brief,
            notes=brief.notes,
            cited=_Cited(),
            charts=charts,
            font=font,
        )
    )


def brief_pdf(data: dict[str, Any], t: Texts) -> tuple[bytes, Brief, int]:
    """Lay out the brief of ``data`` in two pages at most.

    Returns the PDF, the brief it shows (with the level of detail that fitted) and its
    number of pages.
    """
    from panmun.report.pdf import render

    result: tuple[bytes, Brief, int] | None = None
    for level in range(len(LEVELS)):
        brief = brief_content(data, t, level)
        pdf, pages = render(brief_html(brief))
        result = (pdf, brief, pages)
        if pages <= MAX_PAGES:
            break
    assert result is not None
    return result

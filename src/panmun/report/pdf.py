"""PDF output through WeasyPrint: the report laid out for print, and the two-page brief.

WeasyPrint (the ``brief`` extra) lays out HTML and CSS with Pango, which Debian ships as
``libpango-1.0-0`` and ``libpangoft2-1.0-0`` (``scripts/ensure-pango.sh`` installs them, with
``fonts-noto-cjk`` for Hangul). Fonts are embedded (subset) in the PDF. Nothing is fetched:
the HTML carries its styles and SVG charts, and any other URL is refused. The same HTML gives
the same bytes.
"""

from __future__ import annotations

from typing import Any

from panmun.errors import InputError

INSTALL = "pip install 'panmun[brief]'"


def weasyprint() -> Any:
    """The ``weasyprint`` module, or an :class:`InputError` saying what to install."""
    try:
        # WeasyPrint ships no type information; only HTML(...).render() is used here.
        import weasyprint as wp  # type: ignore[import-untyped]  # WeasyPrint ships no type hints
    except ImportError:
        raise InputError([f"PDF output needs WeasyPrint: {INSTALL}"]) from None
    except OSError as exc:  # WeasyPrint is there but cannot load Pango
        raise InputError(
            [
                "PDF output needs Pango (Debian's libpango-1.0-0 and libpangoft2-1.0-0; "
                f"bash scripts/ensure-pango.sh installs them): {exc}"
            ]
        ) from None
    return wp


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A URL fetcher for WeasyPrint before version 68: nothing is fetched."""
    raise ValueError(f"not fetched: {url}")


def _fetcher(wp: Any) -> Any:
    """A URL fetcher that fetches nothing (the documents are self-contained): WeasyPrint 68
    and later take a ``URLFetcher`` limited to ``data:`` URLs, earlier versions a function."""
    from importlib import import_module

    urls = import_module("weasyprint.urls")
    fetcher = getattr(urls, "URLFetcher", None)
    return _refuse if fetcher is None else fetcher(allowed_protocols=("data",))


def render(html: str) -> tuple[bytes, int]:
    """Lay out ``html`` and return the PDF and its number of pages."""
    import logging

    wp = weasyprint()
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)  # its warnings name CSS it ignores, not problems of the input
    try:
        document = wp.HTML(string=html, url_fetcher=_fetcher(wp)).render()
        return document.write_pdf(), len(document.pages)
    finally:
        log.setLevel(level)


def report_pdf(data: dict[str, Any], lang: str | None = None) -> bytes:
    """The report as a PDF: print layout, static charts, contents with page numbers and
    sources as endnotes (:func:`panmun.report.build.render_html` with ``pdf=True``)."""
    from panmun.report.build import render_html

    pdf, _pages = render(render_html(data, lang, pdf=True))
    return pdf

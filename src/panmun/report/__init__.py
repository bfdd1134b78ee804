"""The analysis report and the brief for decision-makers.

The report is a self-contained HTML page with a JSON twin holding the same numbers, and on
request a PDF laid out for print (:mod:`panmun.report.pdf`); the brief
(:mod:`panmun.report.brief`) says the same numbers on at most two A4 pages, as PDF or Word.
Both come in English and Korean (:mod:`panmun.report.i18n`).
"""

from panmun.report.build import build_report_data, render_html, write_report

__all__ = ["build_report_data", "render_html", "write_report"]

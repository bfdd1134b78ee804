"""The analysis report: a self-contained HTML policy brief and a JSON twin with the same numbers."""

from panmun.report.build import build_report_data, render_html, write_report

__all__ = ["build_report_data", "render_html", "write_report"]

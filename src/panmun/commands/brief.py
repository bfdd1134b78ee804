"""``panmun brief``: a brief of at most two A4 pages, as PDF or Word, in English or Korean."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from panmun.analysis.settings import DEFAULTS
from panmun.commands._common import reports_input_errors, scenario_ref, working

if TYPE_CHECKING:
    from panmun.report.brief import Brief

#: What a report.json must hold for a brief to be made from it.
REPORT_KEYS = ("panmun_version", "scenario", "settings", "forecasts", "proposals", "sources")
FORMATS = (".pdf", ".docx")


def _read_report(path: Path) -> dict[str, Any]:
    """The data of a ``report.json`` written by ``panmun analyze``, checked for its parts."""
    import json

    from panmun.errors import InputError
    from panmun.files import read_text_file

    text = read_text_file(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from None
    missing = [k for k in REPORT_KEYS if not isinstance(data, dict) or k not in data]
    if missing:
        raise InputError(
            [f"{path}: not a report.json written by panmun analyze (no {', '.join(missing)})"]
        )
    report: dict[str, Any] = data
    return report


def _analyse(ref: str | None, scenario: str | None, draws: int, seed: int, rounds: int) -> Any:
    from panmun.analysis.settings import AnalysisSettings
    from panmun.report.build import build_report_data
    from panmun.scenario.loader import latest_shipped_id, load

    loaded = load(scenario_ref(ref, scenario, default=latest_shipped_id()))
    settings = AnalysisSettings(draws=draws, seed=seed, rounds=rounds)
    with working(f"Analysing {loaded.id}"):
        return build_report_data(loaded, settings)


def _write(data: dict[str, Any], out: Path, lang: str, source: str) -> tuple[Brief, int | None]:
    """Lay the brief out as ``out``'s format and write it; return it and its PDF pages."""
    from panmun.errors import InputError
    from panmun.report.brief_pdf import brief_pdf
    from panmun.report.i18n import texts
    from panmun.report.output import write_files_atomic

    t = texts(lang)
    try:
        if out.suffix.lower() == ".pdf":
            content, brief, pages = brief_pdf(data, t)
            write_files_atomic({out: content})
            return brief, pages
        from panmun.report.brief_docx import brief_docx
        from panmun.report.pdf import weasyprint

        try:  # the level of detail that fits two PDF pages, when WeasyPrint is there
            weasyprint()
            brief = brief_pdf(data, t)[1]
        except InputError:
            from panmun.report.brief import brief_content

            brief = brief_content(data, t)
        write_files_atomic({out: brief_docx(brief, data["scenario"]["as_of"])})
        return brief, None
    except (KeyError, TypeError, IndexError, ValueError, AttributeError) as exc:
        if source == "scenario":
            raise  # the analysis made the data: a problem here is a bug, not bad input
        raise InputError(
            [f"--report: not a report.json of panmun {_version()} (missing {exc})"]
        ) from None


def _version() -> str:
    from panmun import __version__

    return __version__


@reports_input_errors
def brief(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="ID|FILE",
            help="A shipped scenario id or a scenario file; default: the most recent preset.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="FILE.pdf|FILE.docx",
            help="The brief to write; its extension chooses PDF or Word.",
        ),
    ] = Path("brief.pdf"),
    lang: Annotated[
        str,
        typer.Option(
            "--lang", metavar="en|ko", help="Language of the fixed texts; data stay as written."
        ),
    ] = "en",
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Make the brief from a report.json of panmun analyze instead of analysing.",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(min=1, help="Monte Carlo draws from every number's range.")
    ] = DEFAULTS.draws,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed: same inputs and seed, same brief.")
    ] = DEFAULTS.seed,
    rounds: Annotated[
        int, typer.Option(min=1, help="Bargaining rounds of the EUM model.")
    ] = DEFAULTS.rounds,
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="The scenario, instead of the argument.")
    ] = None,
) -> None:
    """Write a brief of at most two A4 pages for decision-makers, as PDF or Word.

    The situation, where each issue is heading (the feasible outcome first), the package
    that comes closest and what it would take, the trust-building steps that help most, the
    track record, and sources as footnotes: the numbers of the full report for the same
    scenario and settings.

    Example: panmun brief korea-2026-05 --out brief.pdf --lang ko
    """
    from panmun.errors import InputError
    from panmun.report.i18n import texts

    if out.suffix.lower() not in FORMATS:
        raise InputError([f"--out: {str(out)!r} must end in .pdf or .docx"])
    if out.is_dir():
        raise InputError([f"--out: {str(out)!r} is a folder, not a file"])
    texts(lang)  # an unknown language, or Korean without Babel, fails before any work
    if report is not None:
        if ref is not None or scenario is not None:
            raise InputError(["--report: give a report.json or a scenario, not both"])
        data, source = _read_report(report), "report"
    else:
        data, source = _analyse(ref, scenario, draws, seed, rounds), "scenario"
    with working("Laying out the brief"):
        _brief, pages = _write(data, out, lang, source)
    size = "" if pages is None else f" ({pages} of at most 2 A4 pages)"
    typer.echo(f"Brief of {data['scenario']['title']} written to {out.resolve()}{size}")

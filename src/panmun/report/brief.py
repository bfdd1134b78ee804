"""The brief: at most two A4 pages for decision-makers, from the report's own data.

:func:`brief_content` turns report data (what ``report.json`` holds) into a
:class:`Brief`, a document of sections, paragraphs, one table, one static chart and source
footnotes that :mod:`panmun.report.brief_pdf` lays out as PDF and
:mod:`panmun.report.brief_docx` writes as Word. Every number in it is read from the data,
so the brief says what the report says. The sections, in order: the situation in one
paragraph; where each issue stands and where it is heading (the feasible outcome first);
the package that comes closest and what it would take; the trust-building steps that help
most; the track record; sources as footnotes. Actors and issues are named, never shown by
id, and every fixed text is a template of the ``report`` catalogue.

The PDF must fit two pages, so the brief comes in levels of detail (:data:`LEVELS`): the
PDF writer lays out the fullest level first and takes the first that fits; the Word
document uses the level the PDF would use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from panmun.report.i18n import Texts
from panmun.report.summary import direction, feasible_sentence, ranked_issues, record_sentence
from panmun.report.summary_packages import closest_sentence, passing_sentence, roadmap_points
from panmun.report.svg import Scene
from panmun.report.text import join_names, number, percent, signed

#: Levels of detail, fullest first: (consent sentences, mechanisms, chart, issue sentences,
#: most issues in the table; None: all).
LEVELS: tuple[tuple[bool, bool, bool, bool, int | None], ...] = (
    (True, True, True, True, None),
    (False, True, True, True, None),
    (False, False, True, True, None),
    (False, False, False, True, None),
    (False, False, False, False, None),
    (False, False, False, False, 8),
    (False, False, False, False, 5),
)
#: The trust-building steps the brief lists at most.
STEPS = 3


@dataclass(frozen=True)
class Paragraph:
    """Text, then the ids of the sources it cites (shown as footnotes)."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table: a header row and rows of cells; ``numeric`` marks the right-aligned columns
    and ``widths`` gives each column's share of the width in percent."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class Section:
    """One heading with what follows it: paragraphs, a chart, a table, a list, paragraphs."""

    key: str
    heading: str
    paragraphs: tuple[Paragraph, ...] = ()
    chart: Scene | None = None
    table: Table | None = None
    items: tuple[Paragraph, ...] = ()
    closing: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Brief:
    """A brief, ready to be laid out; ``notes`` gives each cited source id its footnote."""

    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    notes: dict[str, str] = field(default_factory=dict)
    level: int = 0

    @property
    def headings(self) -> list[str]:
        """The title and every section heading, in order."""
        return [self.title, *(s.heading for s in self.sections)]

    def footnotes(self) -> list[tuple[str, str]]:
        """``(source id, footnote text)`` in the order of first citation, each once."""
        seen: dict[str, str] = {}
        for s in self.sections:
            for p in (*s.paragraphs, *s.items, *s.closing):
                for sid in p.sources:
                    if sid in self.notes and sid not in seen:
                        seen[sid] = self.notes[sid]
        return list(seen.items())


def headings(t: Texts) -> dict[str, str]:
    """The brief's section headings by key, in the language of ``t``."""
    return {
        "situation": t.gettext("The situation"),
        "issues": t.gettext("Where each issue stands and where it is heading"),
        "package": t.gettext("The package that comes closest, and what it would take"),
        "trust": t.gettext("Trust-building steps that help most"),
        "record": t.gettext("Track record"),
    }


def _note(src: dict[str, Any], t: Texts) -> str:
    """A source as its footnote: author, date, title, publisher."""
    if src.get("publisher"):
        return t.gettext(
            "%(author)s (%(date)s). %(title)s. %(publisher)s.",
            author=src["author"],
            date=src["date"],
            title=src["title"],
            publisher=src["publisher"],
        )
    return t.gettext(
        "%(author)s (%(date)s). %(title)s.",
        author=src["author"],
        date=src["date"],
        title=src["title"],
    )


def _situation(data: dict[str, Any], t: Texts) -> Section:
    issues = data["forecasts"]["issues"]
    near = sum(1 for i in issues if direction(i) == "near")
    text = t.ngettext(
        "On the %(n)s issue analysed, the feasible outcome stays near the status quo on "
        "%(near)s and moves away from it on %(moving)s.",
        "Across the %(n)s issues analysed, the feasible outcome stays near the status quo on "
        "%(near)s and moves away from it on %(moving)s.",
        len(issues),
        near=near,
        moving=len(issues) - near,
    )
    description = data["scenario"].get("description") or ""
    return Section(
        "situation",
        headings(t)["situation"],
        (Paragraph(f"{text} {description}".strip()),),
    )


def _issues(
    data: dict[str, Any], t: Texts, consent: bool, chart: bool, sentences: bool, most: int | None
) -> Section:
    from panmun.report.static_charts import forecast_chart

    ranked = ranked_issues(data)
    shown = ranked if most is None else ranked[:most]
    by_id = {i["id"]: i for i in data["issues"]}
    rows = []
    items = []
    for i in shown:
        band = i["consent"]["feasible"]
        rows.append(
            (
                i["name"],
                t.gettext(
                    "%(value)s (%(low)s–%(high)s)",
                    value=number(i["feasible"]),
                    low=number(band["p05"]),
                    high=number(band["p95"]),
                ),
                number(i["status_quo"]),
                percent(i["consent"]["p_moves"], t),
                join_names(i["veto_player_names"], t) or t.gettext("nobody"),
            )
        )
        if sentences:
            text = feasible_sentence(i, t)
            if consent and i["holder_name"] and i["consent"]["holder_loss"] is not None:
                text += " " + _holder_sentence(i, t)
            sq_sources = by_id.get(i["issue"], {}).get("status_quo", {}).get("sources", [])
            items.append(Paragraph(text, tuple(sq_sources[:1])))
    table = Table(
        (
            t.gettext("Issue"),
            t.gettext("Feasible outcome (5–95 %%)"),
            t.gettext("Status quo"),
            t.gettext("Chance the status quo moves"),
            t.gettext("Who must consent"),
        ),
        tuple(rows),
        (False, True, True, True, False),
        (27, 15, 9, 12, 37),
    )
    paragraphs = []
    if len(shown) < len(ranked):
        paragraphs.append(
            Paragraph(
                t.ngettext(
                    "The %(n)s issue on which the feasible outcome moves furthest is shown; the "
                    "report has all %(total)s.",
                    "The %(n)s issues on which the feasible outcome moves furthest are shown; "
                    "the report has all %(total)s.",
                    len(shown),
                    total=len(ranked),
                )
            )
        )
    return Section(
        "issues",
        headings(t)["issues"],
        tuple(paragraphs),
        forecast_chart(shown, t) if chart else None,
        table,
        tuple(items),
    )


def _holder_sentence(i: dict[str, Any], t: Texts) -> str:
    """Who holds the status quo (or stops the move) and what the move would cost it."""
    c = i["consent"]
    values = {
        "holder": i["holder_name"],
        "point": number(i["point_forecast"]),
        "loss": number(c["holder_loss"], 3),
    }
    if c["win_set_empty"]:
        return t.gettext(
            "%(holder)s holds the status quo: the move bargaining points to (%(point)s) would "
            "cost it %(loss)s in utility.",
            **values,
        )
    return t.gettext(
        "%(holder)s stops the move at %(stop)s: going on to %(point)s would cost it %(loss)s "
        "in utility.",
        stop=number(c["feasible_point"]),
        **values,
    )


def _package(data: dict[str, Any], t: Texts) -> Section:
    first = passing_sentence(data, t)
    paragraphs = []
    if first is None:
        paragraphs.append(
            Paragraph(
                t.gettext("None of the shipped packages is written on this scenario's issues.")
            )
        )
    else:
        paragraphs.append(Paragraph(first))
        closest = closest_sentence(data, t)
        if closest:
            sources = tuple(data["proposals"]["closest"].get("sources", [])[:1])
            paragraphs.append(Paragraph(closest, sources))
    return Section("package", headings(t)["package"], tuple(paragraphs))


def _trust(data: dict[str, Any], t: Texts, mechanisms: bool) -> Section:
    tr = data.get("trust") or {}
    paragraphs: list[Paragraph] = []
    items: list[Paragraph] = []
    if not tr.get("relationships"):
        paragraphs.append(
            Paragraph(
                t.gettext("This scenario defines no relationships, so trust is not modelled.")
            )
        )
    else:
        catalogue = {c["id"]: c for c in tr.get("catalogue", [])}
        helping = [i for i in tr["single_interventions"] if i["mean_gain"] > 0][:STEPS]
        n = len(tr["relationships"])
        if helping:
            paragraphs.append(
                Paragraph(
                    t.ngettext(
                        "Change in the probability that reciprocal cooperation holds, on average "
                        "over the scenario's %(n)s relationship:",
                        "Change in the probability that reciprocal cooperation holds, on average "
                        "over the scenario's %(n)s relationships:",
                        n,
                    )
                )
            )
        else:
            paragraphs.append(
                Paragraph(
                    t.gettext(
                        "No single intervention raises the probability that cooperation holds "
                        "in this model."
                    )
                )
            )
        for step in helping:
            entry = catalogue.get(step["id"], {})
            text = t.gettext(
                "%(name)s: %(gain)s.", name=step["name"], gain=signed(step["mean_gain"], 2)
            )
            if mechanisms and entry.get("mechanism"):
                text += " " + entry["mechanism"]
            items.append(Paragraph(text, tuple(entry.get("sources", [])[:1])))
    roadmap = roadmap_points(data, t)[:1]
    return Section(
        "trust",
        headings(t)["trust"],
        tuple(paragraphs),
        items=tuple(items),
        closing=tuple(Paragraph(line) for line in roadmap),
    )


def _record(data: dict[str, Any], t: Texts) -> Section:
    tr = data.get("track_record") or {}
    if tr.get("available"):
        text = record_sentence(tr, t)
    else:
        text = t.gettext(
            "No earlier dated scenario of this context has an outcome known by %(date)s, so "
            "these forecasts have no track record here.",
            date=data["scenario"]["as_of"],
        )
    return Section("record", headings(t)["record"], (Paragraph(text),))


def brief_content(data: dict[str, Any], t: Texts, level: int = 0) -> Brief:
    """The brief of a report's data, at one of the :data:`LEVELS` of detail (0: fullest)."""
    consent, mechanisms, chart, sentences, most = LEVELS[level]
    scenario = data["scenario"]
    settings = data["settings"]
    subtitle = t.gettext(
        "As of %(date)s · panmun %(version)s · %(draws)s draws, seed %(seed)s: the numbers of "
        "the full report (report.json) for the same settings",
        date=scenario["as_of"],
        version=data["panmun_version"],
        draws=settings["draws"],
        seed=settings["seed"],
    )
    sections = [
        _situation(data, t),
        _issues(data, t, consent, chart, sentences, most),
        _package(data, t),
        _trust(data, t, mechanisms),
        _record(data, t),
    ]
    notes = {src["id"]: _note(src, t) for src in data.get("sources", [])}
    return Brief(
        t.lang,
        t.gettext("Brief: %(title)s", title=scenario["title"]),
        subtitle,
        tuple(sections),
        notes,
        level,
    )

"""Assemble the report's numbers from a scenario and render them.

The report is data first: :func:`build_report_data` returns plain JSON-compatible data,
``report.json`` is that data, and the HTML template only presents it. Every number in the
report therefore appears in ``report.json`` with the ids of the inputs it came from.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from panmun import __version__
from panmun.analysis.settings import AnalysisSettings
from panmun.report.charts import plotly_js
from panmun.report.figures import figure_scripts
from panmun.report.i18n import DEFAULT, Texts, texts
from panmun.report.svg import Dot, position_strip
from panmun.scenario.models import Scenario, Source

#: The fonts of each language: the reader's system fonts on screen, and in the PDF the fonts
#: that ``scripts/ensure-pango.sh`` installs (DejaVu; Noto CJK for Hangul), embedded.
FONTS = {
    "en": {
        "serif": 'Georgia, "Times New Roman", "DejaVu Serif", serif',
        "sans": '"Helvetica Neue", Arial, "DejaVu Sans", sans-serif',
    },
    "ko": {
        "serif": '"Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif',
        "sans": '"Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif',
    },
}


def _issue_data(s: Scenario, issue_id: str, causes: dict[str, str]) -> dict[str, Any]:
    issue = s.issue(issue_id)
    sq = s.status_quo_on(issue_id)
    positions = []
    for p in s.positions_on(issue_id):
        positions.append(
            {
                "actor": p.actor,
                "actor_name": s.actor(p.actor).name,
                "position": p.position,
                "position_range": list(p.position_range),
                "position_label": issue.label_for(p.position),
                "salience": p.salience,
                "salience_range": list(p.salience_range),
                "capability": p.capability,
                "capability_range": list(p.capability_range),
                "sources": list(p.sources),
                "estimate": p.estimate,
                "rationale": p.rationale,
            }
        )
    return {
        "id": issue.id,
        "name": issue.name,
        "question": issue.question,
        "root_cause": issue.root_cause if issue.root_cause in causes else None,
        "root_cause_label": causes.get(issue.root_cause or ""),
        "scale": [issue.scale.min, issue.scale.max],
        "anchors": [{"value": a.value, "label": a.label} for a in issue.anchors],
        "status_quo": {
            "value": sq.value,
            "value_range": list(sq.value_range),
            "label": issue.label_for(sq.value),
            "sources": list(sq.sources),
            "estimate": sq.estimate,
            "rationale": sq.rationale,
        },
        "positions": positions,
    }


#: The report's settings are the analysis settings (one set of defaults for every face).
ReportSettings = AnalysisSettings


#: The stages of a report, in order; the progress callback receives each name when it starts.
STAGES = (
    "scenario",
    "forecasts",
    "track record",
    "proposals",
    "trust",
    "roadmaps",
    "facilitators",
    "changes",
    "history",
)

Progress = Callable[[str], None]


def build_report_data(
    scenario: Scenario,
    settings: AnalysisSettings | None = None,
    progress: Progress | None = None,
    all_offers: bool = False,
    lang: str = DEFAULT,
    sensitivity: bool = False,
) -> dict[str, Any]:
    """Return every number and text the report shows, as JSON-compatible data.

    Parameters
    ----------
    scenario
        The scenario to analyse.
    settings
        Draws, seed, rounds and model (defaults: 1,000 draws, seed 0, 10 rounds, EUM).
    progress
        Called with each stage's name (see :data:`STAGES`) as it starts.
    all_offers
        Keep every offer of every bargaining round (by default only the offers taken, and
        counts of the rest; a large scenario makes hundreds of thousands of offers).
    sensitivity
        Screen every uncertain input (Morris) and list the ones to check first; adds a few
        seconds and needs the ``sensitivity`` extra.
    lang
        The language of the summary's sentences (``en`` or ``ko``); the numbers do not depend
        on it.
    """
    from panmun.analysis import ScenarioAnalysis
    from panmun.facilitators.assess import report_section
    from panmun.report.sections.changes import changes_section
    from panmun.report.sections.forecasts import forecast_section
    from panmun.report.sections.history import history_section
    from panmun.report.sections.proposals import proposals_section
    from panmun.report.sections.roadmaps import roadmaps_section
    from panmun.report.sections.track_record import track_record_section
    from panmun.report.sections.trust import trust_section
    from panmun.report.summary import summary_points

    t = texts(lang)
    analysis = ScenarioAnalysis(scenario, settings or AnalysisSettings())
    cfg = analysis.settings
    tick = progress or (lambda _stage: None)
    tick("scenario")
    data = _scenario_data(scenario)
    data["lang"] = lang
    data["settings"] = cfg.to_dict()
    tick("forecasts")
    data["forecasts"] = forecast_section(analysis, all_offers)
    tick("track record")
    data["track_record"] = track_record_section(analysis)
    tick("proposals")
    data["proposals"] = proposals_section(analysis)
    tick("trust")
    data["trust"] = trust_section(scenario, cfg.seed, cfg.trust_draws)
    tick("roadmaps")
    data["roadmaps"] = roadmaps_section(analysis)
    tick("facilitators")
    data["facilitators"] = report_section(scenario, seed=cfg.seed)
    if sensitivity:
        from panmun.report.sections.sensitivity import sensitivity_section

        data["sensitivity"] = sensitivity_section(analysis)
    tick("changes")
    data["changes"] = changes_section(analysis)
    tick("history")
    data["history"] = history_section(scenario)
    data["sources"] = _all_sources(scenario, data)
    data["summary"] = summary_points(data, t)
    return data


def _cited_ids(node: Any) -> set[str]:
    """Every id listed under a ``sources`` key anywhere in the report data."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                found |= {v for v in value if isinstance(v, str)}
            else:
                found |= _cited_ids(value)
    elif isinstance(node, list):
        for item in node:
            found |= _cited_ids(item)
    return found


def _all_sources(scenario: Scenario, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The bibliography of the report: the scenario's sources plus every other id cited."""
    from panmun.proposals.api import load_library
    from panmun.scenario.base import citable_at
    from panmun.scenario.loader import library

    shipped = library()["sources"]
    records = {src.id: src.model_dump(mode="json") for src in scenario.sources}
    cited = _cited_ids({k: v for k, v in data.items() if k != "sources"})
    for p in load_library().proposals:
        if p.known_at(scenario.as_of):
            ids = set(p.sources) | {sid for t in p.terms for sid in t.sources}
            cited |= {i for i in ids if i in shipped and citable_at(shipped[i], scenario.as_of)}
    for sid in sorted(cited - set(records)):
        if sid in shipped:
            records[sid] = Source.model_validate(shipped[sid]).model_dump(mode="json")
    scenario_cited = {sid for p in scenario.positions for sid in p.sources} | {
        sid for q in scenario.status_quo for sid in q.sources
    }
    return [{**records[k], "cited": k in scenario_cited or k in cited} for k in sorted(records)]


def _scenario_data(scenario: Scenario) -> dict[str, Any]:
    from panmun.scenario.contexts import get_context

    s = scenario
    ctx = get_context(s.context)
    causes = ctx.root_cause_labels() if ctx is not None else {}
    return {
        "panmun_version": __version__,
        "scenario": {
            "id": s.id,
            "title": s.title,
            "as_of": s.as_of.isoformat(),
            "description": s.description,
            "context": ctx.name if ctx is not None else None,
        },
        "names": {a.id: a.name for a in s.actors},
        "root_cause_names": dict(causes),
        "intervention_names": _intervention_names(),
        "issue_names": {i.id: i.name for i in s.issues},
        "root_causes": [
            {
                "id": rc,
                "label": label,
                "issues": [i.id for i in s.issues if i.root_cause == rc],
            }
            for rc, label in causes.items()
        ],
        "actors": [a.model_dump(mode="json") for a in s.actors],
        "issues": [_issue_data(s, i.id, causes) for i in s.issues],
        "coding_agreement": _coding_agreement(s),
        "consulted": _consulted(s),
        "counts": {
            "actors": len(s.actors),
            "issues": len(s.issues),
            "positions": len(s.positions),
            "analyst_estimates": sum(1 for p in s.positions if p.estimate == "analyst"),
            "sources": len(s.sources),
        },
    }


def _consulted(scenario: Scenario) -> list[dict[str, Any]]:
    """The values that come from a platform consultation, per consultation (empty if none)."""
    names = {a.id: a.name for a in scenario.actors}
    issues = {i.id: i.name for i in scenario.issues}
    out = []
    for src in scenario.sources:
        if src.consultation is None:
            continue
        values = [
            f"{names[p.actor]} on {issues[p.issue]}"
            for p in scenario.positions
            if src.id in p.sources
        ]
        out.append({"source": src.id, "title": src.title, "note": src.note, "positions": values})
    return out


def _intervention_names() -> dict[str, str]:
    from panmun.trust.catalogue import shipped_interventions

    return {i.id: i.name for i in shipped_interventions()}


def _coding_agreement(scenario: Scenario) -> dict[str, Any] | None:
    from panmun.scenario.codings import agreement, second_coding

    coding = second_coding(scenario.id)
    return agreement(scenario, coding) if coding is not None else None


def _strips(data: dict[str, Any], t: Texts) -> dict[str, str]:
    strips = {}
    for issue in data["issues"]:
        dots = [
            Dot(
                label=_short(p["actor_name"], 38),
                title=p["actor_name"],
                value=p["position"],
                low=p["position_range"][0],
                high=p["position_range"][1],
                weight=p["salience"] * p["capability"],
            )
            for p in issue["positions"]
        ]
        strips[issue["id"]] = position_strip(
            dots,
            (issue["scale"][0], issue["scale"][1]),
            [a["value"] for a in issue["anchors"]],
            issue["status_quo"]["value"],
            left=250.0,
            status_quo_title=t.gettext("status quo"),
            tip=t.catalogue.gettext("%(name)s: %(value)s (range %(low)s-%(high)s)"),
        )
    return strips


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@functools.cache
def _environment(lang: str) -> Any:
    """The template environment of one language (the catalogue installed for ``_()``)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("panmun.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    t = texts(lang)
    install = env.install_gettext_translations  # type: ignore[attr-defined]  # by jinja2.ext.i18n
    install(t.catalogue, newstyle=True)
    return env


def _helpers(t: Texts) -> dict[str, Any]:
    """Functions the report template calls to say things in its language."""
    from panmun.report.text import join_names, number
    from panmun.report.vocabulary import MODEL_NAMES

    def model_name(model: str, names: dict[str, str]) -> str:
        return t.gettext(MODEL_NAMES[model]) if model in MODEL_NAMES else names.get(model, model)

    def blocker_list(blockers: list[dict[str, Any]]) -> str:
        return join_names(
            [
                t.gettext(
                    "%(actor)s (lacking %(utility)s in utility)",
                    actor=b["actor_name"],
                    utility=number(b["utility"], 3),
                )
                for b in blockers
            ],
            t,
        )

    return {"model_name": model_name, "blocker_list": blocker_list}


def render_html(data: dict[str, Any], lang: str | None = None, pdf: bool = False) -> str:
    """Render report data as one self-contained HTML page (no external resources).

    ``lang`` is the language of the fixed texts (default: the language the data was built
    in). With ``pdf`` the page is laid out for print, as :func:`panmun.report.pdf.report_pdf`
    renders it: static SVG charts instead of plotly, a page break before each section,
    contents with page numbers and sources as numbered endnotes.
    """
    from markupsafe import Markup

    from panmun.report.static_charts import report_scenes
    from panmun.report.svg import scene_svg

    lang = lang or data.get("lang", DEFAULT)
    t = texts(lang)
    template = _environment(lang).get_template("report.html.j2")
    if pdf:
        figures: dict[str, str] = {}
        font = FONTS[lang]["sans"]
        static = {k: scene_svg(v, font=font) for k, v in report_scenes(data, t).items()}
        script = ""
    else:
        figures, static, script = figure_scripts(data), {}, plotly_js()
    return str(
        template.render(
            r=data,
            lang=lang,
            pdf=pdf,
            fonts={k: Markup(v) for k, v in FONTS[lang].items()},
            strips=_strips(data, t),
            figures=figures,
            static_figs=static,
            note_numbers={src["id"]: k for k, src in enumerate(data["sources"], start=1)},
            plotly_js=script,
            **_helpers(t),
        )
    )


def write_report(
    scenario: Scenario,
    out_dir: str | Path,
    settings: ReportSettings | None = None,
    progress: Progress | None = None,
    all_offers: bool = False,
    lang: str = DEFAULT,
    pdf: bool = False,
    sensitivity: bool = False,
) -> Path:
    """Write ``report.html`` and ``report.json`` (and ``report.pdf`` with ``pdf``) into
    ``out_dir``; return the HTML path.

    Every file is rendered in memory first and they are written together, so a failure
    leaves no half-written report behind.
    """
    from panmun.report.output import write_files_atomic

    data = build_report_data(scenario, settings, progress, all_offers, lang, sensitivity)
    files: dict[Path, str | bytes] = {}
    out = Path(out_dir)
    files[out / "report.json"] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    files[out / "report.html"] = render_html(data)
    if pdf:
        from panmun.report.pdf import report_pdf

        files[out / "report.pdf"] = report_pdf(data)
    write_files_atomic(files)
    return out / "report.html"

"""Provision compilations: every coded provision on a topic, agreement by agreement.

As the United Nations' *Language of Peace* offers for peace agreements, a compilation
gathers what earlier agreements said on one issue or root cause, in date order, with what
became of each provision and the sources, for someone drafting or assessing a new text.
:func:`compile_provisions` selects and groups the records of a
:class:`~panmun.knowledge.catalogue.Catalogue` (the shipped one, or every record a database
holds: :meth:`panmun.knowledge.api.KnowledgeBase.catalogue`); :func:`compilation_document`
puts it into words, and :func:`render` writes it as Markdown, Word or PDF. Nothing here reads
or writes files, and the same records and filters give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from panmun.errors import InputError
from panmun.knowledge.catalogue import Catalogue
from panmun.knowledge.records import (
    OUTCOME_LABELS,
    Agreement,
    Provision,
    issue_ids,
    root_cause_labels,
)
from panmun.scenario.base import first_day
from panmun.scenario.models import Source

OutputFormat = Literal["md", "docx", "pdf"]
#: The output formats by file suffix.
SUFFIXES: dict[str, OutputFormat] = {".md": "md", ".docx": "docx", ".pdf": "pdf"}


@dataclass(frozen=True)
class CompiledAgreement:
    """An agreement and those of its provisions that are on the topic, in the text's order."""

    agreement: Agreement
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Compilation:
    """The provisions on a topic, grouped by agreement in date order (see
    :func:`compile_provisions`); ``sources`` are every record the catalogue holds."""

    issue: str | None
    root_cause: str | None
    start: dt.date | None
    end: dt.date | None
    agreements: tuple[CompiledAgreement, ...]
    catalogue: Catalogue

    @property
    def provisions(self) -> int:
        """How many provisions the compilation holds."""
        return sum(len(a.provisions) for a in self.agreements)

    def outcomes(self) -> dict[str, int]:
        """How many provisions had each outcome, in the order of the outcome labels."""
        counts: Counter[str] = Counter(
            str(p.outcome) for a in self.agreements for p in a.provisions
        )
        return {k: counts[k] for k in OUTCOME_LABELS if counts[k]}


def filter_problems(
    issue: str | None, root_cause: str | None, start: dt.date | None, end: dt.date | None
) -> list[str]:
    """What is wrong with the filters of a compilation, one line each naming the option."""
    problems = []
    issues = issue_ids()
    if issue is not None and issue not in issues:
        problems.append(f"--issue: {issue!r} is not one of {', '.join(issues)}")
    causes = root_cause_labels()
    if root_cause is not None and root_cause not in causes:
        problems.append(f"--root-cause: {root_cause!r} is not one of {', '.join(causes)}")
    if start is not None and end is not None and start > end:
        problems.append(f"--from: {start.isoformat()} is after --to {end.isoformat()}")
    return problems


def compile_provisions(
    catalogue: Catalogue,
    *,
    issue: str | None = None,
    root_cause: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Compilation:
    """Select the provisions coded to ``issue`` and ``root_cause`` (each optional) of the
    agreements signed from ``start`` to ``end`` (inclusive, each optional).

    Agreements come in date order (then by id), their provisions in the order of the text;
    an agreement with no provision on the topic is left out.

    Raises
    ------
    InputError
        For an unknown issue or root cause, or a period that ends before it starts, naming
        the option and the value.
    """
    problems = filter_problems(issue, root_cause, start, end)
    if problems:
        raise InputError(problems)
    chosen = []
    agreements = [e for e in catalogue.entries if isinstance(e, Agreement)]
    for a in sorted(agreements, key=lambda e: (e.date, e.id)):
        if (start is not None and a.date < start) or (end is not None and a.date > end):
            continue
        provisions = tuple(
            p
            for p in a.provisions
            if (issue is None or issue in p.issues)
            and (root_cause is None or root_cause in p.root_causes)
        )
        if provisions:
            chosen.append(CompiledAgreement(a, provisions))
    return Compilation(issue, root_cause, start, end, tuple(chosen), catalogue)


# -- in words --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """A labelled line under a provision, citing sources by their numbers."""

    label: str
    text: str
    cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProvisionText:
    """One provision as the document shows it."""

    number: int
    summary: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class AgreementText:
    """One agreement as the document shows it: heading, particulars and provisions."""

    heading: str
    particulars: str
    cites: tuple[int, ...]
    provisions: tuple[ProvisionText, ...]


@dataclass(frozen=True)
class Document:
    """A compilation in words, the same for every output format.

    ``sources`` are the references, numbered in the order of first citation; ``date`` is
    the latest date the records mention (it dates a Word document).
    """

    title: str
    intro: tuple[str, ...]
    agreements: tuple[AgreementText, ...]
    sources: tuple[str, ...]
    date: dt.date


def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many) % {"n": n}


def _reference(s: Source | None, sid: str) -> str:
    if s is None:
        return sid
    text = f"{s.author} ({s.date}). {s.title}."
    if s.publisher:
        text += f" {s.publisher}."
    if s.url:
        text += f" {s.url}"
    return text


def compilation_document(comp: Compilation) -> Document:
    """Put a compilation into words: names of issues, root causes and outcomes, not ids."""
    from panmun.scenario.loader import library

    issue_names = {k: str(v.get("name", k)) for k, v in library()["issues"].items()}
    causes = root_cause_labels()
    sources = {s.id: s for s in comp.catalogue.sources}
    entries = {e.id: e for e in comp.catalogue.entries}
    order: list[str] = []

    def cite(ids: tuple[str, ...]) -> tuple[int, ...]:
        for sid in ids:
            if sid not in order:
                order.append(sid)
        return tuple(order.index(sid) + 1 for sid in ids)

    topic = [issue_names.get(comp.issue, comp.issue)] if comp.issue else []
    topic += [causes[comp.root_cause]] if comp.root_cause else []
    title = f"Provisions on {'; '.join(topic)}" if topic else "Coded provisions of peace agreements"
    intro = []
    if comp.start and comp.end:
        intro.append(f"Agreements signed from {comp.start} to {comp.end}.")
    elif comp.start:
        intro.append(f"Agreements signed from {comp.start}.")
    elif comp.end:
        intro.append(f"Agreements signed up to {comp.end}.")
    count = _count(comp.provisions, "%(n)s provision", "%(n)s provisions")
    of = _count(len(comp.agreements), "%(n)s agreement", "%(n)s agreements")
    intro.append(
        f"{count} of {of} from panmun's knowledge base, agreement by agreement in date order, "
        "each with what became of it and its sources."
    )
    outcomes = "; ".join(f"{n} {OUTCOME_LABELS[k]}" for k, n in comp.outcomes().items())
    if outcomes:
        intro.append(f"Outcomes: {outcomes}.")
    latest = max((a.agreement.date for a in comp.agreements), default=dt.date(2000, 1, 1))
    texts = []
    number = 0
    for a in comp.agreements:
        ag = a.agreement
        particulars = f"{ag.place.rstrip('.')}. " if ag.place else ""
        particulars += f"Parties: {', '.join(ag.parties)}."
        head_cites = cite(ag.sources)
        provisions = []
        for p in a.provisions:
            number += 1
            latest = max(latest, first_day(p.outcome_date))
            lines = [
                Line("Issues", "; ".join(issue_names.get(i, i) for i in p.issues)),
                Line("Root causes", "; ".join(causes.get(c, c) for c in p.root_causes)),
                Line(
                    "Outcome",
                    f"{OUTCOME_LABELS[p.outcome]} (by {p.outcome_date}). {p.outcome_note}",
                    cite(p.sources),
                ),
            ]
            brought = [entries[e] for e in p.outcome_entries if e in entries]
            if brought:
                lines.append(
                    Line("Brought about by", "; ".join(f"{e.title} ({e.date})" for e in brought))
                )
            provisions.append(ProvisionText(number, p.summary, tuple(lines)))
        texts.append(
            AgreementText(f"{ag.title} ({ag.date})", particulars, head_cites, tuple(provisions))
        )
    refs = tuple(_reference(sources.get(sid), sid) for sid in order)
    return Document(title, tuple(intro), tuple(texts), refs, latest)


# -- writers ---------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Text from the records, with Markdown's special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _marks(cites: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in cites)


def document_markdown(doc: Document) -> str:
    """The document as Markdown (CommonMark)."""
    out = [f"# {_md(doc.title)}", ""]
    out += [" ".join(_md(p) for p in doc.intro), ""]
    for a in doc.agreements:
        out += [f"## {_md(a.heading)}", "", f"{_md(a.particulars)} {_marks(a.cites)}".rstrip(), ""]
        for p in a.provisions:
            out.append(f"{p.number}. **{_md(p.summary)}**")
            for line in p.lines:
                cites = f" {_marks(line.cites)}" if line.cites else ""
                out.append(f"   - {_md(line.label)}: {_md(line.text)}{cites}")
            out.append("")
    out += ["## Sources", ""]
    out += [f"{k}. {_md(s)}" for k, s in enumerate(doc.sources, start=1)]
    return "\n".join(out) + "\n"


_CSS = """
@page { size: A4; margin: 16mm 16mm 16mm 16mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 7.5pt;
                         color: #666; } }
html { font-family: "DejaVu Sans", "Noto Sans CJK KR", Arial, sans-serif; font-size: 9pt;
       line-height: 1.35; color: #1b1b1b; }
h1 { font-size: 15pt; color: #12355b; margin: 0 0 4pt; }
h2 { font-size: 11pt; color: #12355b; margin: 12pt 0 2pt; break-after: avoid;
     border-bottom: 0.6pt solid #12355b; padding-bottom: 1pt; }
p { margin: 0 0 4pt; }
div.provision { margin: 0 0 5pt; break-inside: avoid; }
div.provision p { margin: 0; }
div.provision ul { margin: 1pt 0 0; padding-left: 14pt; }
.label { color: #555; }
a.cite { font-size: 75%; vertical-align: super; line-height: 0; text-decoration: none;
         color: #12355b; }
ol.sources { font-size: 8pt; }
ol.sources li { word-break: break-word; }
"""


def _cites_html(cites: tuple[int, ...]) -> str:
    return "".join(f'<a class="cite" href="#src-{n}">[{n}]</a>' for n in cites)


def document_html(doc: Document) -> str:
    """The document as self-contained HTML for print (styles inline, nothing fetched)."""
    e = html.escape
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        f'<meta name="generator" content="panmun">\n<title>{e(doc.title)}</title>',
        f"<style>{_CSS}</style>\n</head>\n<body>",
        f"<h1>{e(doc.title)}</h1>",
        f"<p>{' '.join(e(p) for p in doc.intro)}</p>",
    ]
    for a in doc.agreements:
        parts.append(f"<h2>{e(a.heading)}</h2>")
        parts.append(f"<p>{e(a.particulars)}{_cites_html(a.cites)}</p>")
        for p in a.provisions:
            lines = "".join(
                f'<li><span class="label">{e(x.label)}:</span> {e(x.text)}'
                f"{_cites_html(x.cites)}</li>"
                for x in p.lines
            )
            parts.append(
                f'<div class="provision"><p><strong>{p.number}. {e(p.summary)}</strong></p>'
                f"<ul>{lines}</ul></div>"
            )
    parts.append('<h2>Sources</h2>\n<ol class="sources">')
    parts += [f'<li id="src-{k}">{e(s)}</li>' for k, s in enumerate(doc.sources, start=1)]
    parts.append("</ol>\n</body>\n</html>\n")
    return "\n".join(parts)


def document_docx(doc: Document) -> bytes:
    """The document as Word, with the report's Word conventions: Word's own heading styles,
    A4, fixed dates and archive times, so the same records give the same bytes."""
    # The brief's helpers (private to that module, shared here rather than copied).
    from panmun.report.brief_docx import LANG_TAGS, _docx, _drop_thumbnail, _stable_zip, _style

    docx = _docx()
    document = docx.Document()
    _drop_thumbnail(document)
    _style(document, "en")
    props = document.core_properties
    when = dt.datetime.combine(doc.date, dt.time(), tzinfo=dt.UTC)
    props.title, props.author, props.language = doc.title, "panmun", LANG_TAGS["en"]
    props.created = props.modified = when
    props.last_modified_by, props.revision = "panmun", 1
    document.add_paragraph(doc.title, style="Title")
    document.add_paragraph(" ".join(doc.intro))
    for a in doc.agreements:
        document.add_paragraph(a.heading, style="Heading 1")
        document.add_paragraph(f"{a.particulars} {_marks(a.cites)}".rstrip())
        for p in a.provisions:
            para = document.add_paragraph()
            para.add_run(f"{p.number}. {p.summary}").bold = True
            for line in p.lines:
                item = document.add_paragraph(style="List Bullet")
                item.add_run(f"{line.label}: ").italic = True
                item.add_run(f"{line.text} {_marks(line.cites)}".rstrip())
    document.add_paragraph("Sources", style="Heading 1")
    for k, s in enumerate(doc.sources, start=1):
        document.add_paragraph(f"[{k}] {s}")
    raw = io.BytesIO()
    document.save(raw)
    return _stable_zip(raw.getvalue())


def render(comp: Compilation, fmt: OutputFormat) -> str | bytes:
    """The compilation as Markdown text, or Word or PDF bytes.

    Raises
    ------
    InputError
        When the compilation is empty (nothing to write), or the library that a format
        needs is missing.
    """
    if not comp.agreements:
        raise InputError([f"no coded provision matches {_filters(comp)}; nothing was written"])
    doc = compilation_document(comp)
    if fmt == "md":
        return document_markdown(doc)
    if fmt == "docx":
        return document_docx(doc)
    from panmun.report.pdf import render as render_pdf

    pdf, _pages = render_pdf(document_html(doc))
    return pdf


def _filters(comp: Compilation) -> str:
    parts = [
        f"{name} {value!r}" if isinstance(value, str) else f"{name} {value.isoformat()}"
        for name, value in (
            ("--issue", comp.issue),
            ("--root-cause", comp.root_cause),
            ("--from", comp.start),
            ("--to", comp.end),
        )
        if value is not None
    ]
    return ", ".join(parts) if parts else "the knowledge base (it holds no agreement provision)"

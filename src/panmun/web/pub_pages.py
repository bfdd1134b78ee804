"""The pages of publications: public ones under ``/pub`` (no sign-in, also for the signed in),
and the workspace's management page ``/publications``.

Public addresses, stable once published:

- ``/pub``: the listing, newest first, filtered by ``region``, ``issue`` and ``year``;
  withdrawn items stay in it, marked so.
- ``/pub/{slug}``: the publication, with Highwire Press ``citation_*`` and Dublin Core
  ``DC.*`` tags in its head, the brief shown in the page (a report is linked:
  ``/pub/{slug}/report.html``), its versions with each correction's note and date, and what
  changed in the latest correction.
- ``/pub/{slug}/v/{n}``: an earlier version, with what changed from the one before.
- ``/pub/{slug}/cite.bib`` (BibTeX) and ``/pub/{slug}/cite.json`` (CSL-JSON).
- ``/pub/feed.atom``: the Atom feed (RFC 4287); a correction or withdrawal updates its entry.

A withdrawn publication's page still answers 200: it says when and why the item was
withdrawn and keeps its citation records (whose note says so too); its content addresses
(``report.html``, ``v/{n}``) answer 410 Gone with the same notice.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from panmun import __version__
from panmun.errors import InputError
from panmun.web.app import Caller, Platform, caller, optional_caller, platform
from panmun.web.jobs import JobInfo
from panmun.web.pages import page
from panmun.web.pub_api import correct_publication, publish_job, report_job
from panmun.web.publications import Publication, defaults, rfc3339, split_lines
from panmun.web.scenarios import NotFound

router = APIRouter(include_in_schema=False)
CallerDep = Annotated[Caller, Depends(caller)]
MaybeCaller = Annotated[Caller | None, Depends(optional_caller)]
PlatformDep = Annotated[Platform, Depends(platform)]
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KIND_NAMES = {"report": "Report", "brief": "Policy brief"}


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def site(request: Request) -> str:
    """The address the platform is reached at (``https://host``), for absolute links."""
    return str(request.base_url).rstrip("/")


# -- citation records --------------------------------------------------------------------------
def _state_note(pub: Publication) -> str:
    if pub.withdrawn and pub.withdrawn_at is not None:
        return f"Withdrawn on {pub.withdrawn_at:%Y-%m-%d}: {pub.withdrawn_note}"
    if pub.corrections:
        last = pub.corrections[-1]
        return f"Version {last.number}, corrected on {last.created_at:%Y-%m-%d}: {last.note}"
    return ""


_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: str) -> str:
    """Text as a BibTeX value: TeX's special characters escaped, braces always balanced."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(text.split()))


def _bib_author(name: str) -> str:
    # A name that itself contains " and " (an organisation) is kept whole in braces.
    escaped = _tex(name)
    return f"{{{escaped}}}" if " and " in f" {name.lower()} " else escaped


def bibtex(pub: Publication, url: str) -> str:
    """The publication as one BibTeX ``@techreport`` entry (key: its slug)."""
    fields = [
        ("author", " and ".join(_bib_author(a) for a in pub.authors)),
        ("title", f"{{{_tex(pub.title)}}}"),  # double braces keep its capitals
        ("institution", _tex(pub.publisher)),
        ("type", _KIND_NAMES[pub.kind]),
        ("year", str(pub.published_at.year)),
        ("month", _MONTHS[pub.published_at.month - 1]),
        ("url", url),
        ("language", {"en": "english", "ko": "korean"}.get(pub.language, pub.language)),
    ]
    if pub.abstract and not pub.withdrawn:
        fields.append(("abstract", _tex(pub.abstract)))
    note = _state_note(pub)
    if note:
        fields.append(("note", _tex(note)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@techreport{{{pub.slug},\n{body}\n}}\n"


def _csl_name(name: str) -> dict[str, str]:
    if name.count(",") == 1:  # "Family, Given"
        family, given = (part.strip() for part in name.split(","))
        if family and given:
            return {"family": family, "given": given}
    return {"literal": name}


def csl_json(pub: Publication, url: str) -> list[dict[str, Any]]:
    """The publication as a CSL-JSON array with one ``report`` item."""
    at = pub.published_at
    item: dict[str, Any] = {
        "id": pub.slug,
        "type": "report",
        "genre": _KIND_NAMES[pub.kind],
        "title": pub.title,
        "author": [_csl_name(a) for a in pub.authors],
        "issued": {"date-parts": [[at.year, at.month, at.day]]},
        "publisher": pub.publisher,
        "URL": url,
        "language": pub.language,
        "version": str(pub.latest),
    }
    if pub.abstract and not pub.withdrawn:
        item["abstract"] = pub.abstract
    if pub.withdrawn:
        item["status"] = "withdrawn"
    note = _state_note(pub)
    if note:
        item["note"] = note
    return [item]


def atom_feed(pubs: list[Publication], base: str, title: str, author: str) -> str:
    """The Atom feed (RFC 4287) of the publications, newest first; ``author`` is the feed's
    (each entry also names its own authors)."""
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    updated = max((x.updated_at for x in pubs), default=None)
    sub(feed, "id", f"{base}/pub/feed.atom")
    sub(feed, "title", title)
    sub(feed, "updated", rfc3339(updated) if updated else "1970-01-01T00:00:00Z")
    sub(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/pub/feed.atom")
    sub(feed, "link", rel="alternate", type="text/html", href=f"{base}/pub")
    sub(sub(feed, "author"), "name", author)
    sub(feed, "generator", "panmun", version=__version__)
    for x in pubs:
        entry = sub(feed, "entry")
        url = f"{base}/pub/{x.slug}"
        sub(entry, "id", url)
        sub(entry, "title", f"Withdrawn: {x.title}" if x.withdrawn else x.title)
        sub(entry, "updated", rfc3339(x.updated_at))
        sub(entry, "published", rfc3339(x.published_at))
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        for name in x.authors:
            sub(sub(entry, "author"), "name", name)
        if x.region:
            sub(entry, "category", term=x.region, label=x.region)
        for issue in x.issues:
            sub(entry, "category", term=issue, label=issue)
        note = _state_note(x)
        summary = x.abstract if not x.withdrawn else ""
        sub(entry, "summary", " — ".join(t for t in (note, summary) if t) or x.title)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


# -- public pages ------------------------------------------------------------------------------
def _year(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) != 4:
        raise InputError([f"year: {raw[:20]!r} is not a year (four digits)"])
    return int(raw)


@router.get("/pub")
def listing(
    request: Request,
    who: MaybeCaller,
    p: PlatformDep,
    region: str | None = None,
    issue: str | None = None,
    year: str | None = None,
) -> HTMLResponse:
    chosen = {"region": (region or "")[:200], "issue": (issue or "")[:200], "year": year or ""}
    found = p.publications.listing(chosen["region"] or None, chosen["issue"] or None,
                                   _year(year))  # fmt: skip
    return page(request, "pub_list.html", who, found=found, chosen=chosen,
                facets=p.publications.facets())  # fmt: skip


@router.get("/pub/feed.atom")
def feed(request: Request, p: PlatformDep) -> Response:
    publisher = p.publications.organisation or "panmun"
    body = atom_feed(
        p.publications.listing(), site(request), f"{publisher}: publications", publisher
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _publication_page(
    request: Request, who: Caller | None, p: Platform, pub: Publication, *,
    number: int | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    """The page of a publication: the current version, or an earlier one (``number``) shown
    with the title, authors and abstract it had."""
    shown = pub.latest if number is None else number
    info = next((v for v in pub.versions if v.number == shown), None)
    if info is None:
        raise NotFound(f"publication {pub.slug!r} version {shown}")
    meta = {"title": pub.title, "authors": list(pub.authors), "abstract": pub.abstract}
    content = None
    lead = ""  # the brief's first paragraph: not repeated as the abstract
    diff: list[str] = []
    if not pub.withdrawn:
        if pub.kind == "brief" or shown != pub.latest:
            v = p.publications.version(pub.slug, shown)
            meta.update({k: v.data.get("meta", {}).get(k, meta[k]) for k in meta})
            if pub.kind == "brief":
                # Rendered by brief_html from the report's data, every value escaped there.
                content = Markup(v.html)
                scenario = v.data.get("report", {}).get("scenario") or {}
                lead = str(scenario.get("description", ""))
        diff = p.publications.diff(pub.slug, shown)
    abstract = str(meta["abstract"])
    url = f"{site(request)}/pub/{pub.slug}"
    return page(
        request, "pub_page.html", who, status=status, pub=pub, shown=info, meta=meta,
        content=content, show_abstract=bool(abstract) and abstract.split() != lead.split(),
        diff=diff, url=url, citation=_citation_line(pub, url),
        writable=p.publications.can_write(who.user if who else None, pub),
    )  # fmt: skip


def _citation_line(pub: Publication, url: str) -> str:
    authors = "; ".join(pub.authors)
    return f"{authors} ({pub.published_at.year}). {pub.title}. {pub.publisher}. {url}"


@router.get("/pub/{slug}")
def publication(slug: str, request: Request, who: MaybeCaller, p: PlatformDep) -> HTMLResponse:
    return _publication_page(request, who, p, p.publications.get(slug))


def _number(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        raise NotFound(f"version {raw[:20]!r}")
    return int(raw)


@router.get("/pub/{slug}/v/{n}")
def version(slug: str, n: str, request: Request, who: MaybeCaller, p: PlatformDep) -> Any:
    pub = p.publications.get(slug)
    number = _number(n)
    if pub.withdrawn:
        return _publication_page(request, who, p, pub, status=410)
    if number == pub.latest:
        return _go(f"/pub/{pub.slug}")
    return _publication_page(request, who, p, pub, number=number)


def _report(request: Request, who: Caller | None, p: Platform, slug: str, n: int | None) -> Any:
    pub = p.publications.get(slug)
    if pub.kind != "report":
        raise NotFound(f"publication {slug!r}: a brief, shown at /pub/{pub.slug}")
    if pub.withdrawn:
        return _publication_page(request, who, p, pub, status=410)
    return HTMLResponse(p.publications.version(pub.slug, n).html)


@router.get("/pub/{slug}/report.html")
def report(slug: str, request: Request, who: MaybeCaller, p: PlatformDep) -> Any:
    return _report(request, who, p, slug, None)


@router.get("/pub/{slug}/v/{n}/report.html")
def version_report(slug: str, n: str, request: Request, who: MaybeCaller, p: PlatformDep) -> Any:
    return _report(request, who, p, slug, _number(n))


@router.get("/pub/{slug}/cite.bib")
def cite_bib(slug: str, request: Request, p: PlatformDep) -> Response:
    pub = p.publications.get(slug)
    return Response(
        bibtex(pub, f"{site(request)}/pub/{pub.slug}"),
        media_type="application/x-bibtex; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{pub.slug}.bib"'},
    )


@router.get("/pub/{slug}/cite.json")
def cite_json(slug: str, request: Request, p: PlatformDep) -> Response:
    pub = p.publications.get(slug)
    body = json.dumps(csl_json(pub, f"{site(request)}/pub/{pub.slug}"), ensure_ascii=False,
                      indent=2)  # fmt: skip
    return Response(body, media_type="application/vnd.citationstyles.csl+json")


# -- publishing and managing (signed in) -------------------------------------------------------
def publish_defaults(p: Platform, who: Caller, job: JobInfo) -> dict[str, Any] | None:
    """The publish form's defaults on a job's page (``None`` until the report is done)."""
    data = p.jobs.result(job.id) if job.kind == "report" else None
    if data is None:
        return None
    given = defaults(data, who.user.name)
    return {**given, "authors": "\n".join(given["authors"]), "issues": "\n".join(given["issues"])}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k in form if isinstance(v := form.get(k), str)}


@router.post("/publications")
async def publish(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await _form(request)
    job_id = form.get("job", "")[:40]
    try:
        pub = publish_job(
            p, who, job_id, kind=form.get("kind", "report"),
            title=form.get("title", "").strip() or None,
            authors=split_lines(form.get("authors", "")) or None,
            abstract=form.get("abstract") if form.get("abstract", "").strip() else None,
            region=form.get("region", "").strip() or None,
            issues=split_lines(form.get("issues", "")) or None,
            language=form.get("language", "en"), workspace=None,
        )  # fmt: skip
    except InputError as exc:
        job, _data, _own = _job_for_form(p, who, job_id)
        return page(request, "job.html", who, status=422, job=job, publish=form,
                    publish_problems=list(exc.problems))  # fmt: skip
    return _go(f"/pub/{pub.slug}")


def _job_for_form(p: Platform, who: Caller, job_id: str) -> tuple[JobInfo, Any, Any]:
    try:
        return report_job(p, who, job_id)
    except InputError:  # not done, or not a report: show the job's page with the problem
        job = p.jobs.get(job_id)
        if job is None:
            raise NotFound(f"job {job_id!r}") from None
        return job, None, None


@router.get("/publications")
def manage(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    return _manage(request, who, p)


def _manage(
    request: Request, who: Caller, p: Platform, problems: dict[str, list[str]] | None = None,
    values: dict[str, dict[str, str]] | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    pubs = p.publications.for_user(who.user)
    writable = {x.slug for x in pubs if p.publications.can_write(who.user, x)}
    return page(request, "pub_manage.html", who, status=status, pubs=pubs, writable=writable,
                problems=problems or {}, values=values or {})  # fmt: skip


@router.post("/publications/{slug}/correct")
async def correct(slug: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await _form(request)
    try:
        pub = correct_publication(
            p, who, slug, form.get("note", ""), job_id=form.get("job", "").strip() or None,
            title=form.get("title"), authors=_lines_or_none(form, "authors"),
            abstract=form.get("abstract"), region=form.get("region"),
            issues=_lines_or_none(form, "issues"),
        )  # fmt: skip
    except InputError as exc:
        return _manage(request, who, p, {slug: list(exc.problems)}, {slug: form}, 422)
    return _go(f"/pub/{pub.slug}")


def _lines_or_none(form: dict[str, str], name: str) -> list[str] | None:
    return split_lines(form[name]) if name in form else None


@router.post("/publications/{slug}/withdraw")
async def withdraw(slug: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await _form(request)
    try:
        pub = p.publications.withdraw(who.user, slug, form.get("note", ""))
    except InputError as exc:
        return _manage(request, who, p, {slug: list(exc.problems)}, {slug: form}, 422)
    return _go(f"/pub/{pub.slug}")

"""Publications: briefs and reports published from a workspace at stable public addresses.

An analyst publishes a finished report job as a *report* (the self-contained HTML report,
:func:`panmun.report.build.render_html`) or as a *brief* (:func:`brief_html`: the summary
points and the issue table). The publication gets a slug that never changes
(``2026-12-korean-peninsula-april-2018-summit-year``) and is read on public pages, with no
sign-in, at ``/pub/{slug}`` (:mod:`panmun.web.pub_pages`).

The public record stays honest: a correction adds a version (``web_publication_versions``)
with a note saying what changed and why, and the earlier versions stay readable; a withdrawal
keeps the address and its citation records, says when and why the item was withdrawn, and
hides the content. Each version keeps the HTML shown, the report data it was made from and
the citation metadata of that version::

    {"report": <report data>, "meta": {"title", "authors", "abstract", "region", "issues"},
     "job": <the job id>}

Withdrawal is the last change a publication can have, so its ``updated_at`` is the moment it
was withdrawn. Every write goes to the audit log.

The publisher named in citations is the organisation set in ``PANMUN_ORGANISATION`` (read
when the service starts), else the name of the publication's workspace.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html.parser
import os
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from panmun.errors import InputError
from panmun.web.accounts import User, now
from panmun.web.db import PublicationRow, PublicationVersionRow, WorkspaceRow
from panmun.web.i18n import LANGUAGES
from panmun.web.scenarios import Forbidden, NotFound, audit

KINDS = ("report", "brief")
#: What a publication's ``state`` column holds; ``corrected`` is shown for a published item
#: with more than one version.
STATES = ("published", "withdrawn")
ORGANISATION_VARIABLE = "PANMUN_ORGANISATION"
MAX_TITLE = 300
MAX_NAME = 200
MAX_AUTHORS = 30
MAX_ISSUES = 40
MAX_ABSTRACT = 5000
MAX_NOTE = 2000
#: The most lines of a diff between two versions that a page shows.
MAX_DIFF_LINES = 400
#: How many versions' text the service keeps for diffs.
TEXT_CACHE = 64
_SLUG_TEXT = 80
#: What a slug looks like: ``2026-12-`` and the title's words.
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")


def _aware(t: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class VersionInfo:
    """One version of a publication: its number, the correction note and when."""

    number: int
    note: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Publication:
    """What the pages, the feed and the citation records show of a publication."""

    id: int
    slug: str
    workspace_id: int
    workspace: str
    kind: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    region: str
    issues: tuple[str, ...]
    scenario: str
    language: str
    state: str
    published_at: dt.datetime
    updated_at: dt.datetime
    withdrawn_note: str | None
    publisher: str
    versions: tuple[VersionInfo, ...] = field(default_factory=tuple)

    @property
    def withdrawn(self) -> bool:
        """Whether the publication was withdrawn (its content is no longer shown)."""
        return self.state == "withdrawn"

    @property
    def withdrawn_at(self) -> dt.datetime | None:
        """When it was withdrawn (the last change a publication can have)."""
        return self.updated_at if self.withdrawn else None

    @property
    def latest(self) -> int:
        """The number of the current version."""
        return self.versions[-1].number if self.versions else 1

    @property
    def status(self) -> str:
        """``published``, ``corrected`` (more than one version) or ``withdrawn``."""
        if self.withdrawn:
            return "withdrawn"
        return "corrected" if len(self.versions) > 1 else "published"

    @property
    def corrections(self) -> tuple[VersionInfo, ...]:
        """The versions after the first, oldest first."""
        return self.versions[1:]

    def to_dict(self) -> dict[str, Any]:
        """The public record as JSON-ready data (no account or workspace ids)."""
        return {
            "slug": self.slug,
            "url": f"/pub/{self.slug}",
            "kind": self.kind,
            "title": self.title,
            "authors": list(self.authors),
            "abstract": self.abstract,
            "region": self.region,
            "issues": list(self.issues),
            "scenario": self.scenario,
            "language": self.language,
            "publisher": self.publisher,
            "status": self.status,
            "published_at": rfc3339(self.published_at),
            "updated_at": rfc3339(self.updated_at),
            "withdrawn_at": rfc3339(self.withdrawn_at) if self.withdrawn_at else None,
            "withdrawn_note": self.withdrawn_note,
            "version": self.latest,
            "versions": [
                {"number": v.number, "note": v.note, "created_at": rfc3339(v.created_at)}
                for v in self.versions
            ],
            "citation": {
                "bibtex": f"/pub/{self.slug}/cite.bib",
                "csl_json": f"/pub/{self.slug}/cite.json",
            },
        }


@dataclass(frozen=True)
class Version:
    """A version's content: the HTML shown and the data it was made from."""

    number: int
    note: str
    created_at: dt.datetime
    html: str
    data: dict[str, Any]


def rfc3339(t: dt.datetime) -> str:
    """A time as RFC 3339 in UTC, to the second (``2026-12-01T09:30:00Z``)."""
    return _aware(t).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- input checks ------------------------------------------------------------------------------
def _clean(text: Any, name: str, limit: int, *, lines: bool = False, required: bool = True) -> str:
    """``text`` checked and trimmed: one line (or several, with ``lines``), no control
    characters, at most ``limit`` characters."""
    if not isinstance(text, str):
        raise InputError([f"{name}: {text!r} is not text"])
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cs" or ch in "\ufffe\uffff" or (kind == "Cc" and ch not in "\n\r\t"):
            raise InputError([f"{name}: contains the control character U+{ord(ch):04X}"])
    if lines:
        value = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
        value = re.sub(r"\n{3,}", "\n\n", value)
    else:
        value = " ".join(text.split())
    if required and not value:
        raise InputError([f"{name}: required, and empty"])
    if len(value) > limit:
        raise InputError([f"{name}: {len(value)} characters, more than {limit}"])
    return value


def _names(values: Sequence[Any], name: str, limit: int, *, required: bool) -> tuple[str, ...]:
    if isinstance(values, str):
        raise InputError([f"{name}: give a list of names, not one text"])
    out: list[str] = []
    for i, value in enumerate(values):
        cleaned = _clean(value, f"{name}[{i}]", MAX_NAME, required=False)
        if cleaned and cleaned not in out:
            out.append(cleaned)
    if required and not out:
        raise InputError([f"{name}: name at least one"])
    if len(out) > limit:
        raise InputError([f"{name}: {len(out)} given, at most {limit}"])
    return tuple(out)


def split_lines(text: str) -> list[str]:
    """The non-empty lines of a form's text area (one author or issue a line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Meta:
    """The citation metadata of a publication (what a correction may change)."""

    title: str
    authors: tuple[str, ...]
    abstract: str
    region: str
    issues: tuple[str, ...]

    @classmethod
    def checked(
        cls,
        title: Any,
        authors: Sequence[Any],
        abstract: Any,
        region: Any,
        issues: Sequence[Any],
    ) -> Meta:
        """Validated metadata; every problem is reported at once."""
        problems: list[str] = []

        def check(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except InputError as exc:
                problems.extend(exc.problems)
                return None

        values = {
            "title": check(_clean, title, "title", MAX_TITLE),
            "authors": check(_names, authors, "authors", MAX_AUTHORS, required=True),
            "abstract": check(
                _clean, abstract, "abstract", MAX_ABSTRACT, lines=True, required=False
            ),
            "region": check(_clean, region, "region", MAX_NAME),
            "issues": check(_names, issues, "issues", MAX_ISSUES, required=False),
        }
        if problems:
            raise InputError(problems)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "abstract": self.abstract,
            "region": self.region,
            "issues": list(self.issues),
        }


def defaults(data: dict[str, Any], author: str) -> dict[str, Any]:
    """The publish form's defaults for a report's data: the scenario's title, description,
    region (its context's name) and issue names, with the signed-in analyst as author."""
    scenario = data.get("scenario") or {}
    return {
        "title": str(scenario.get("title") or ""),
        "authors": [author],
        "abstract": str(scenario.get("description") or ""),
        "region": str(scenario.get("context") or ""),
        "issues": [str(n) for n in (data.get("issue_names") or {}).values()],
        "kind": "report",
        "language": "en",
    }


def _check_report(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("scenario"), dict):
        raise InputError(["job: its result is not a report's data"])
    return data


# -- slugs -------------------------------------------------------------------------------------
def slug_text(title: str, fallback: str = "publication") -> str:
    """The readable part of a slug: ``"Korean Peninsula, May 2026"`` → ``korean-peninsula-may-2026``
    (letters without accents; a title with no Latin letters falls back to ``fallback``)."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > _SLUG_TEXT:
            break
        out = candidate
    if not re.search("[a-z]", out):
        out = "-".join(re.findall(r"[a-z0-9]+", fallback.lower()))[:_SLUG_TEXT] or "publication"
    return out


# -- the brief ---------------------------------------------------------------------------------
@functools.cache
def _brief_template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("panmun.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("pub_brief.html")


def brief_html(data: dict[str, Any]) -> str:
    """A compact brief from a report's data, as an HTML fragment (an ``<article>``).

    It holds the scenario's description, the report's summary points, and one table row
    per issue: the status quo, the feasible outcome with its 5-95 % band, and who must
    consent. The text is the report's own (English), so the brief reads like the report's
    summary. This is the one place a brief is rendered: a PDF or Word brief can replace it.
    """
    return str(_brief_template().render(r=_check_report(data)))


# -- text of a version, for the differences between versions -----------------------------------
_BLOCKS = frozenset(
    ("p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "figcaption",
     "blockquote", "section", "article", "header", "footer", "div", "br", "table", "ul", "ol")
)  # fmt: skip


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML page, one line per block (table cells joined by ``|``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._line).split())
        if text:
            self.lines.append(text)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("td", "th") and "".join(self._line).strip():
            self._line.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._line.append(data)


def text_lines(page: str) -> list[str]:
    """The visible text of an HTML page or fragment, one line per paragraph, item or row."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    parser._flush()
    return parser.lines


def _meta_lines(meta: dict[str, Any]) -> list[str]:
    return [
        f"Title: {meta.get('title', '')}",
        f"Authors: {'; '.join(meta.get('authors', []))}",
        f"Region: {meta.get('region', '')}",
        f"Issues: {'; '.join(meta.get('issues', []))}",
        *(f"Abstract: {line}" for line in str(meta.get("abstract", "")).splitlines()),
    ]


# -- the service -------------------------------------------------------------------------------
class Publications:
    """Publishing, correcting and withdrawing, and reading the public record.

    Parameters
    ----------
    sessions
        The SQLAlchemy session factory of the platform's database.
    organisation
        The publisher named in citations; default: ``PANMUN_ORGANISATION``, else each
        publication's workspace name.
    """

    def __init__(self, sessions: sessionmaker[Session], organisation: str | None = None) -> None:
        self._sessions = sessions
        self._texts: OrderedDict[tuple[int, int], tuple[str, ...]] = OrderedDict()
        chosen = organisation if organisation is not None else os.environ.get(ORGANISATION_VARIABLE)
        self.organisation = " ".join(chosen.split()) if chosen else None

    # -- access -------------------------------------------------------------------------------
    @staticmethod
    def can_write(user: User | None, pub: Publication) -> bool:
        """Analysts and admins of the publication's workspace (and any admin) may correct and
        withdraw it."""
        if user is None:
            return False
        return user.is_admin or (user.can_write and pub.workspace_id in user.workspaces)

    def _workspace(self, s: Session, user: User, slug: str | None) -> WorkspaceRow:
        if not user.can_write:
            raise Forbidden(f"{user.name} is a viewer: viewers cannot publish")
        if slug is None:
            if not user.workspaces:
                raise InputError(["workspace: this account belongs to no workspace"])
            ws = s.get(WorkspaceRow, user.workspaces[0])
        else:
            ws = s.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug[:64]))
        if ws is None or not (user.is_admin or ws.id in user.workspaces):
            raise Forbidden(f"{user.name} may not publish for workspace {slug!r}")
        return ws

    # -- reading ------------------------------------------------------------------------------
    def _info(self, s: Session, row: PublicationRow) -> Publication:
        ws = s.get(WorkspaceRow, row.workspace_id)
        versions = s.execute(
            select(
                PublicationVersionRow.number,
                PublicationVersionRow.note,
                PublicationVersionRow.created_at,
            )
            .where(PublicationVersionRow.publication_id == row.id)
            .order_by(PublicationVersionRow.number)
        ).all()
        return Publication(
            id=row.id,
            slug=row.slug,
            workspace_id=row.workspace_id,
            workspace=ws.slug if ws else "",
            kind=row.kind,
            title=row.title,
            authors=tuple(row.authors),
            abstract=row.abstract,
            region=row.region,
            issues=tuple(row.issues),
            scenario=row.scenario,
            language=row.language,
            state=row.state,
            published_at=_aware(row.published_at),
            updated_at=_aware(row.updated_at),
            withdrawn_note=row.withdrawn_note,
            publisher=self.organisation or (ws.name if ws else "panmun"),
            versions=tuple(VersionInfo(n, note, _aware(at)) for n, note, at in versions),
        )

    def _row(self, s: Session, slug: str) -> PublicationRow:
        if not SLUG.fullmatch(slug):
            raise NotFound(f"publication {slug[:120]!r}")
        row = s.scalar(select(PublicationRow).where(PublicationRow.slug == slug))
        if row is None:
            raise NotFound(f"publication {slug[:120]!r}")
        return row

    def get(self, slug: str) -> Publication:
        """One publication by its slug (``NotFound`` if there is none)."""
        with self._sessions() as s:
            return self._info(s, self._row(s, slug))

    def listing(
        self, region: str | None = None, issue: str | None = None, year: int | None = None
    ) -> list[Publication]:
        """Every publication, newest first, withdrawn ones included; optionally only those of
        a region, on an issue, or published in a year."""
        with self._sessions() as s:
            rows = s.scalars(
                select(PublicationRow).order_by(
                    PublicationRow.published_at.desc(), PublicationRow.id.desc()
                )
            )
            found = [self._info(s, r) for r in rows]
        return [
            p
            for p in found
            if (not region or p.region == region)
            and (not issue or issue in p.issues)
            and (year is None or p.published_at.year == year)
        ]

    def facets(self) -> dict[str, list[Any]]:
        """The regions, issues and years the listing can be filtered by."""
        with self._sessions() as s:
            rows = s.execute(
                select(PublicationRow.region, PublicationRow.issues, PublicationRow.published_at)
            ).all()
        return {
            "regions": sorted({r for r, _i, _t in rows if r}),
            "issues": sorted({i for _r, issues, _t in rows for i in issues}),
            "years": sorted({_aware(t).year for _r, _i, t in rows}, reverse=True),
        }

    def for_user(self, user: User) -> list[Publication]:
        """The publications of the account's workspaces (every one for an admin), newest
        first."""
        return [p for p in self.listing() if user.is_admin or p.workspace_id in user.workspaces]

    def version(self, slug: str, number: int | None = None) -> Version:
        """A version's content (default: the current one). Raises ``NotFound`` for an unknown
        version; callers check that the publication is not withdrawn."""
        with self._sessions() as s:
            row = self._row(s, slug)
            query = select(PublicationVersionRow).where(
                PublicationVersionRow.publication_id == row.id
            )
            if number is None:
                query = query.order_by(PublicationVersionRow.number.desc()).limit(1)
            else:
                query = query.where(PublicationVersionRow.number == number)
            v = s.scalar(query)
            if v is None:
                raise NotFound(f"publication {slug[:120]!r} version {number}")
            return Version(v.number, v.note, _aware(v.created_at), v.html, v.data)

    def diff(self, slug: str, number: int) -> list[str]:
        """What changed from version ``number - 1`` to ``number``: a unified diff of the
        metadata and the visible text (at most :data:`MAX_DIFF_LINES` lines)."""
        if number < 2:
            return []
        pub = self.get(slug)
        old, new = self._text(pub.id, slug, number - 1), self._text(pub.id, slug, number)
        lines = list(
            difflib.unified_diff(
                list(old), list(new), f"version {number - 1}", f"version {number}",
                n=1, lineterm="",
            )
        )  # fmt: skip
        if len(lines) > MAX_DIFF_LINES:
            cut = len(lines) - MAX_DIFF_LINES
            lines = [*lines[:MAX_DIFF_LINES], f"… ({cut} more lines)"]
        return lines

    def _text(self, publication_id: int, slug: str, number: int) -> tuple[str, ...]:
        # A version never changes, so its text is kept (the most recent few).
        key = (publication_id, number)
        if key not in self._texts:
            v = self.version(slug, number)
            self._texts[key] = (*_meta_lines(v.data.get("meta", {})), "", *text_lines(v.html))
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        self._texts.move_to_end(key)
        return self._texts[key]

    # -- writing ------------------------------------------------------------------------------
    def publish(
        self,
        user: User,
        data: dict[str, Any],
        *,
        kind: str,
        meta: Meta,
        language: str = "en",
        workspace: str | None = None,
        job: str = "",
    ) -> Publication:
        """Publish a report's data as a ``report`` or a ``brief`` (version 1)."""
        if kind not in KINDS:
            raise InputError([f"kind: {kind!r} is not one of {', '.join(KINDS)}"])
        if language not in LANGUAGES:
            raise InputError([f"language: {language!r} is not one of {', '.join(LANGUAGES)}"])
        report = _check_report(data)
        content = _render(kind, report)
        scenario = str(report["scenario"].get("id", ""))[:120]
        for attempt in range(5):
            try:
                with self._sessions.begin() as s:
                    ws = self._workspace(s, user, workspace)
                    at = now()
                    slug = self._free_slug(s, at, slug_text(meta.title, scenario), attempt)
                    row = PublicationRow(
                        slug=slug, workspace_id=ws.id, kind=kind, title=meta.title,
                        authors=list(meta.authors), abstract=meta.abstract, region=meta.region,
                        issues=list(meta.issues), scenario=scenario, language=language,
                        state="published", published_at=at, updated_at=at, withdrawn_note=None,
                        published_by=user.id,
                    )  # fmt: skip
                    s.add(row)
                    s.flush()
                    s.add(
                        PublicationVersionRow(
                            publication_id=row.id, number=1, html=content, note="",
                            data={"report": report, "meta": meta.to_dict(), "job": job},
                            created_at=at,
                        )
                    )  # fmt: skip
                    s.flush()
                    audit(s, user, "publication.publish", f"publication {slug}", None,
                          {"kind": kind, "workspace": ws.slug, "job": job, "language": language,
                           **meta.to_dict()})  # fmt: skip
                    return self._info(s, row)
            except IntegrityError:  # another process took the slug meanwhile
                continue
        raise InputError(["title: no free address for this title; change the title a little"])

    @staticmethod
    def _free_slug(s: Session, at: dt.datetime, text: str, attempt: int) -> str:
        base = f"{at:%Y-%m}-{text}"
        taken = set(
            s.scalars(select(PublicationRow.slug).where(PublicationRow.slug.like(f"{base}%")))
        )
        if base not in taken and attempt == 0:
            return base
        n = 2 + attempt
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def _writable_row(self, s: Session, user: User, slug: str) -> PublicationRow:
        row = self._row(s, slug)
        if not self.can_write(user, self._info(s, row)):
            raise Forbidden(f"{user.name} may not change publication {row.slug!r}")
        if row.state == "withdrawn":
            raise InputError([f"publication {row.slug!r}: withdrawn, so it cannot be changed"])
        return row

    def correct(
        self,
        user: User,
        slug: str,
        note: Any,
        *,
        meta: Meta | None = None,
        data: dict[str, Any] | None = None,
        job: str = "",
    ) -> Publication:
        """Add a corrected version: new metadata, or new content from another report's data,
        or both, with a note saying what changed and why."""
        text = _clean(note, "note", MAX_NOTE, lines=True)
        with self._sessions.begin() as s:
            row = self._writable_row(s, user, slug)
            last = s.scalar(
                select(PublicationVersionRow)
                .where(PublicationVersionRow.publication_id == row.id)
                .order_by(PublicationVersionRow.number.desc())
                .limit(1)
            )
            assert last is not None  # every publication has its first version
            old_meta = Meta.checked(row.title, row.authors, row.abstract, row.region, row.issues)
            new_meta = meta or old_meta
            if data is None and new_meta == old_meta:
                raise InputError(
                    ["correction: nothing changed; give a new report job or change the title, "
                     "authors, abstract, region or issues"]
                )  # fmt: skip
            report = _check_report(data) if data is not None else last.data.get("report", {})
            content = _render(row.kind, report) if data is not None else last.html
            number = last.number + 1
            at = now()
            s.add(
                PublicationVersionRow(
                    publication_id=row.id, number=number, html=content, note=text,
                    data={"report": report, "meta": new_meta.to_dict(),
                          "job": job if data is not None else last.data.get("job", "")},
                    created_at=at,
                )
            )  # fmt: skip
            before = {k: v for k, v in old_meta.to_dict().items() if new_meta.to_dict()[k] != v}
            after = {k: v for k, v in new_meta.to_dict().items() if old_meta.to_dict()[k] != v}
            row.title, row.authors = new_meta.title, list(new_meta.authors)
            row.abstract, row.region = new_meta.abstract, new_meta.region
            row.issues = list(new_meta.issues)
            row.updated_at = at
            s.flush()
            audit(s, user, "publication.correct", f"publication {row.slug} version {number}",
                  {**before, "version": last.number},
                  {**after, "version": number, "note": text,
                   **({"job": job} if data is not None else {})})  # fmt: skip
            return self._info(s, row)

    def withdraw(self, user: User, slug: str, note: Any) -> Publication:
        """Withdraw a publication: its address stays and says when and why; its content is no
        longer shown."""
        text = _clean(note, "note", MAX_NOTE, lines=True)
        with self._sessions.begin() as s:
            row = self._writable_row(s, user, slug)
            row.state = "withdrawn"
            row.withdrawn_note = text
            row.updated_at = now()
            s.flush()
            audit(s, user, "publication.withdraw", f"publication {row.slug}",
                  {"state": "published"}, {"state": "withdrawn", "note": text})  # fmt: skip
            return self._info(s, row)


def _render(kind: str, report: dict[str, Any]) -> str:
    if kind == "brief":
        return brief_html(report)
    from panmun.report.build import render_html

    return render_html(report)

"""The JSON API of publications, under ``/api/v1/publications``.

Reading is public, as the pages under ``/pub`` are: the listing (filtered by region, issue
and year) and one publication's record with its versions. Writing needs an analyst or an
admin of the publication's workspace: publish a finished report job, correct a publication
(a new version with a note saying what changed and why), withdraw it (with a note).
Every error is a 4xx answer whose ``detail`` lists the problems.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from panmun.errors import InputError
from panmun.web.api import resolve
from panmun.web.app import Caller, Platform, caller, platform
from panmun.web.jobs import JobInfo
from panmun.web.publications import (
    MAX_ABSTRACT,
    MAX_AUTHORS,
    MAX_ISSUES,
    MAX_NAME,
    MAX_NOTE,
    MAX_TITLE,
    Meta,
    Publication,
    defaults,
)
from panmun.web.scenarios import Forbidden, NotFound

router = APIRouter(prefix="/api/v1/publications", tags=["publications"])
CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]
SlugPath = Annotated[str, Path(max_length=120)]
Name = Annotated[str, Field(max_length=MAX_NAME)]
_JOB_ID = re.compile(r"[0-9a-zA-Z_-]{1,40}")


def report_job(p: Platform, who: Caller, job_id: str) -> tuple[JobInfo, dict[str, Any], str | None]:
    """A finished report job the caller may publish: the job, its report data, and the
    workspace of its stored scenario when the caller belongs to it (``None`` for a preset).

    Raises ``Forbidden`` for a viewer, ``NotFound`` for a job the caller cannot see, and
    ``InputError`` for a job that is not a finished report.
    """
    if not who.user.can_write:
        raise Forbidden(f"{who.user.name} is a viewer: viewers cannot publish")
    job = p.jobs.get(job_id) if _JOB_ID.fullmatch(job_id) else None
    if job is None:
        raise NotFound(f"job {job_id[:40]!r}")
    kind, _, rest = job.scenario.partition(":")
    r = resolve(p, who, "presets" if kind == "preset" else "scenarios", rest.split("@")[0])
    if job.kind != "report":
        raise InputError([f"job: {job.id} is a {job.kind} job; publish a report job"])
    data = p.jobs.result(job.id)
    if data is None:
        raise InputError([f"job: {job.id} is {job.state}; publish it once it is done"])
    workspace = None
    if r.stored is not None and p.scenarios.can_write(who.user, r.stored.id):
        workspace = r.stored.workspace
    return job, data, workspace


def publish_job(
    p: Platform,
    who: Caller,
    job_id: str,
    *,
    kind: str,
    title: str | None,
    authors: list[str] | None,
    abstract: str | None,
    region: str | None,
    issues: list[str] | None,
    language: str,
    workspace: str | None,
) -> Publication:
    """Publish a finished report job; missing or empty fields take the job's defaults
    (:func:`panmun.web.publications.defaults`)."""
    job, data, own = report_job(p, who, job_id)
    given = defaults(data, who.user.name)
    meta = Meta.checked(
        title or given["title"],
        authors or given["authors"],
        abstract if abstract is not None else given["abstract"],
        region or given["region"],
        issues if issues else given["issues"],
    )
    return p.publications.publish(
        who.user, data, kind=kind, meta=meta, language=language,
        workspace=workspace or own, job=job.id,
    )  # fmt: skip


def correct_publication(
    p: Platform,
    who: Caller,
    slug: str,
    note: str,
    *,
    job_id: str | None,
    title: str | None,
    authors: list[str] | None,
    abstract: str | None,
    region: str | None,
    issues: list[str] | None,
) -> Publication:
    """Correct a publication: the fields given replace the current ones (``None``: kept), and
    a job replaces the content with that finished report's."""
    pub = p.publications.get(slug)
    if not p.publications.can_write(who.user, pub):
        raise Forbidden(f"{who.user.name} may not change publication {pub.slug!r}")
    data = None
    if job_id:
        _job, data, _own = report_job(p, who, job_id)
    meta = Meta.checked(
        pub.title if title is None else title,
        list(pub.authors) if authors is None else authors,
        pub.abstract if abstract is None else abstract,
        pub.region if region is None else region,
        list(pub.issues) if issues is None else issues,
    )
    return p.publications.correct(who.user, pub.slug, note, meta=meta, data=data,
                                  job=job_id or "")  # fmt: skip


# -- reading (public) --------------------------------------------------------------------------
@router.get("")
def listing(
    p: PlatformDep,
    region: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    issue: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
) -> list[dict[str, Any]]:
    """Every publication, newest first (withdrawn ones too, marked so); no sign-in needed."""
    return [x.to_dict() for x in p.publications.listing(region, issue, year)]


@router.get("/{slug}")
def record(slug: SlugPath, p: PlatformDep) -> dict[str, Any]:
    """One publication's public record and its versions; no sign-in needed."""
    return p.publications.get(slug).to_dict()


# -- writing -----------------------------------------------------------------------------------
class NewPublication(BaseModel):
    """A finished report job to publish; fields left out take the job's defaults (the
    scenario's title, description, region and issues, the caller as author)."""

    model_config = ConfigDict(extra="forbid")
    job: str = Field(min_length=1, max_length=40)
    kind: Literal["report", "brief"] = "report"
    title: str | None = Field(None, max_length=MAX_TITLE)
    authors: list[Name] | None = Field(None, max_length=MAX_AUTHORS)
    abstract: str | None = Field(None, max_length=MAX_ABSTRACT)
    region: str | None = Field(None, max_length=MAX_NAME)
    issues: list[Name] | None = Field(None, max_length=MAX_ISSUES)
    language: Literal["en", "ko"] = "en"
    workspace: str | None = Field(None, max_length=64)


@router.post("", status_code=201)
def publish(body: NewPublication, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Publish a finished report job as a report or a brief (analysts and admins)."""
    return publish_job(
        p, who, body.job, kind=body.kind, title=body.title, authors=body.authors,
        abstract=body.abstract, region=body.region, issues=body.issues,
        language=body.language, workspace=body.workspace,
    ).to_dict()  # fmt: skip


class Correction(BaseModel):
    """A correction: what changed and why, and the new values (fields left out are kept);
    ``job`` replaces the content with another finished report job's."""

    model_config = ConfigDict(extra="forbid")
    note: str = Field(min_length=1, max_length=MAX_NOTE)
    job: str | None = Field(None, min_length=1, max_length=40)
    title: str | None = Field(None, max_length=MAX_TITLE)
    authors: list[Name] | None = Field(None, max_length=MAX_AUTHORS)
    abstract: str | None = Field(None, max_length=MAX_ABSTRACT)
    region: str | None = Field(None, max_length=MAX_NAME)
    issues: list[Name] | None = Field(None, max_length=MAX_ISSUES)


@router.post("/{slug}/corrections", status_code=201)
def correct(slug: SlugPath, body: Correction, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Correct a publication: a new version with its note (writers of its workspace)."""
    return correct_publication(
        p, who, slug, body.note, job_id=body.job, title=body.title, authors=body.authors,
        abstract=body.abstract, region=body.region, issues=body.issues,
    ).to_dict()  # fmt: skip


class Withdrawal(BaseModel):
    """Why a publication is withdrawn."""

    model_config = ConfigDict(extra="forbid")
    note: str = Field(min_length=1, max_length=MAX_NOTE)


@router.post("/{slug}/withdrawal")
def withdraw(slug: SlugPath, body: Withdrawal, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Withdraw a publication: its address then says when and why, and hides the content
    (writers of its workspace)."""
    return p.publications.withdraw(who.user, slug, body.note).to_dict()

"""The JSON API under ``/api/v1``: what the CLI does, reachable by scripts and pages.

Scenarios are addressed as ``/api/v1/presets/{id}`` (the shipped presets, read-only) or
``/api/v1/scenarios/{id}`` (scenarios stored in a workspace, by number). Every analysis
route works on both and accepts the CLI's settings (``draws``, ``seed``, ``rounds``,
``model``); a run too large to answer within a request belongs in a job
(``POST .../jobs``), whose progress ``GET /api/v1/jobs/{id}`` reports.

Bad input gets a 4xx answer whose ``detail`` is the list of problems, each naming the field
and the value, in the words the CLI uses.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from panmun.analysis import AnalysisSettings
from panmun.errors import InputError
from panmun.scenario.models import Scenario
from panmun.web.analyses import WHATIF_DRAWS, Change, apply_changes
from panmun.web.app import Caller, Platform, caller, platform
from panmun.web.scenarios import Forbidden, NotFound, StoredScenario

router = APIRouter(prefix="/api/v1")
KINDS = ("presets", "scenarios")
#: The most draws an analysis answered within a request may use; more go to a job.
MAX_INLINE_DRAWS = 2000
#: The largest number a stored id or version may have (the database's 32-bit integers).
MAX_ID = 2**31 - 1
EXPORT_FORMATS = ("yaml", "json", "csv", "xlsx")
F = TypeVar("F", bound=Callable[..., Any])


def both(method: str, suffix: str, **options: Any) -> Callable[[F], F]:
    """Register a route for presets and for stored scenarios: ``/presets/{key}...`` and
    ``/scenarios/{key}...``, the function receiving which as ``kind``."""

    def register(fn: F) -> F:
        sig = inspect.signature(fn)
        params = [v for n, v in sig.parameters.items() if n != "kind"]
        for kind in KINDS:

            def bound(*args: Any, _kind: str = kind, **kwargs: Any) -> Any:
                return fn(*args, kind=_kind, **kwargs)

            # FastAPI reads a route's parameters from __signature__, which mypy does not know.
            setattr(bound, "__signature__", sig.replace(parameters=params))  # noqa: B010  # see above
            bound.__doc__ = fn.__doc__
            bound.__name__ = f"{fn.__name__}_{kind}"
            router.add_api_route(
                f"/{kind}/{{key}}{suffix}",
                bound,
                methods=[method],
                name=bound.__name__,
                operation_id=bound.__name__,
                **options,
            )
        return fn

    return register


CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    return text


#: Free text kept in a text column: PostgreSQL refuses NUL characters,
#: so every backend does.
Text = Annotated[str, AfterValidator(_no_nul)]


@dataclass(frozen=True)
class Resolved:
    """A scenario an analysis route works on."""

    key: str  # names the version, for the analysis cache
    scenario: Scenario
    version: int
    stored: StoredScenario | None


def resolve(p: Platform, who: Caller, kind: str, key: str, version: int | None = None) -> Resolved:
    """Find a preset or a stored scenario the caller may read (``NotFound`` otherwise)."""
    if kind == "presets":
        from panmun.scenario.loader import load_shipped, shipped_ids

        if key not in shipped_ids():
            raise NotFound(f"preset {key!r}")
        return Resolved(f"preset:{key}", load_shipped(key), 1, None)
    if not (key.isascii() and key.isdigit()) or len(key) > 10 or int(key) > MAX_ID:
        raise NotFound(f"scenario {key!r}")
    info = p.scenarios.info(who.user, int(key))
    number = info.latest if version is None else version
    scenario = p.scenarios.load(who.user, info.id, number)
    return Resolved(f"stored:{info.id}@{number}", scenario, number, info)


def settings_from(
    draws: int | None, seed: int | None, rounds: int | None, model: str | None, limit: int
) -> AnalysisSettings:
    """Settings from query parameters (missing ones take the shared defaults)."""
    given: dict[str, Any] = {
        k: v for k, v in (("draws", draws), ("seed", seed), ("rounds", rounds), ("model", model))
        if v is not None
    }  # fmt: skip
    settings = AnalysisSettings(**given)
    if settings.draws > limit:
        raise InputError(
            [f"draws: {settings.draws} is more than {limit} for an answer within a request; "
             "start a job instead (POST .../jobs)"]
        )  # fmt: skip
    return settings


class SettingsQuery(BaseModel):
    """Analysis settings as query parameters."""

    # The upper bound is documented but checked by settings_from, whose message points to jobs.
    draws: int | None = Field(None, ge=1, json_schema_extra={"maximum": MAX_INLINE_DRAWS})
    seed: int | None = Field(None, ge=0, le=2**63 - 1)
    rounds: int | None = Field(None, ge=1, le=100)
    model: Literal["eum", "median", "mean"] | None = None


SettingsDep = Annotated[SettingsQuery, Query()]


def _meta(r: Resolved) -> dict[str, Any]:
    s = r.scenario
    meta: dict[str, Any] = {
        "kind": "scenario" if r.stored else "preset",
        "id": s.id,
        "title": s.title,
        "as_of": s.as_of.isoformat(),
        "version": r.version,
        "actors": len(s.actors),
        "issues": len(s.issues),
        "positions": len(s.positions),
    }
    if r.stored:
        meta.update(
            number=r.stored.id,
            workspace=r.stored.workspace,
            slug=r.stored.slug,
            visibility=r.stored.visibility,
            latest=r.stored.latest,
        )
    return meta


# -- who am I ----------------------------------------------------------------------------
@router.get("/me", tags=["accounts"])
def me(who: CallerDep) -> dict[str, Any]:
    """The signed-in account."""
    return {"name": who.user.name, "role": who.user.role, "workspaces": list(who.user.workspaces)}


class TokenRequest(BaseModel):
    """A new API token's label."""

    model_config = ConfigDict(extra="forbid")
    label: Text = Field(min_length=1, max_length=200)


@router.post("/tokens", tags=["accounts"], status_code=201)
def new_token(body: TokenRequest, who: CallerDep, p: PlatformDep) -> dict[str, str]:
    """Create an API token for the signed-in account (shown once)."""
    return {"token": p.accounts.new_token(who.user, body.label), "label": body.label}


# -- scenarios -----------------------------------------------------------------------------
@router.get("/presets", tags=["scenarios"])
def presets(who: CallerDep) -> list[dict[str, Any]]:
    """The shipped presets."""
    from panmun.scenario.loader import shipped_ids, summary_rows

    return [
        {"id": i, "as_of": d, "title": t, "actors": a, "issues": n, "positions": k}
        for i, d, t, a, n, k in summary_rows(shipped_ids())
    ]


@router.get("/scenarios", tags=["scenarios"])
def scenarios(who: CallerDep, p: PlatformDep) -> list[dict[str, Any]]:
    """The stored scenarios this account may read."""
    return [asdict(s) for s in p.scenarios.readable(who.user)]


class NewScenario(BaseModel):
    """A scenario to store: a copy of a preset, or scenario data (as ``panmun scenarios
    export --format json`` writes it)."""

    model_config = ConfigDict(extra="forbid")
    copy_of: str | None = Field(None, max_length=80)
    scenario: dict[str, Any] | None = None
    workspace: str | None = Field(None, max_length=64)
    slug: str | None = Field(None, max_length=80)
    visibility: Literal["private", "team"] = "private"


def _writer(who: Caller) -> None:
    if not who.user.can_write:
        raise Forbidden(f"{who.user.name} is a viewer: viewers cannot change anything")


@router.post("/scenarios", tags=["scenarios"], status_code=201)
def create(body: NewScenario, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Store a new scenario in one of the account's workspaces."""
    _writer(who)
    from panmun.scenario.loader import load_shipped, scenario_from_data, shipped_ids

    if (body.copy_of is None) == (body.scenario is None):
        raise InputError(["give either copy_of (a preset id) or scenario (its data), not both"])
    if body.copy_of is not None:
        if body.copy_of not in shipped_ids():
            raise InputError([f"copy_of: {body.copy_of!r} is not a shipped preset"])
        scenario = load_shipped(body.copy_of)
        message = f"copied from preset {body.copy_of}"
    else:
        scenario = scenario_from_data(body.scenario, "scenario")
        message = "created"
    info = p.scenarios.create(
        who.user, scenario, workspace=body.workspace, slug=body.slug,
        visibility=body.visibility, message=message,
    )  # fmt: skip
    return asdict(info)


@both("GET", "", tags=["scenarios"])
def read(
    kind: str,
    key: str,
    who: CallerDep,
    p: PlatformDep,
    version: int | None = Query(None, ge=1, le=MAX_ID),
) -> dict[str, Any]:
    """A scenario's data and its catalogue entry."""
    from panmun.scenario.loader import to_data

    r = resolve(p, who, kind, key, version)
    return {"meta": _meta(r), "scenario": to_data(r.scenario)}


class SavedVersion(BaseModel):
    """A new version of a stored scenario."""

    model_config = ConfigDict(extra="forbid")
    scenario: dict[str, Any]
    message: Text = Field("edited", max_length=500)


@router.put("/scenarios/{key}", tags=["scenarios"])
def save(key: str, body: SavedVersion, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Save a new version (validated as a scenario file is)."""
    from panmun.scenario.loader import scenario_from_data

    _writer(who)
    r = resolve(p, who, "scenarios", key)
    assert r.stored is not None
    scenario = scenario_from_data(body.scenario, "scenario")
    return asdict(p.scenarios.save(who.user, r.stored.id, scenario, body.message))


class ScenarioChange(BaseModel):
    """Catalogue settings of a stored scenario to change."""

    model_config = ConfigDict(extra="forbid")
    visibility: Literal["private", "team"]


@router.patch("/scenarios/{key}", tags=["scenarios"])
def update(key: str, body: ScenarioChange, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Make a stored scenario private (its workspace only) or readable by the whole team
    (writers of its workspace only)."""
    _writer(who)
    r = resolve(p, who, "scenarios", key)
    assert r.stored is not None
    return asdict(p.scenarios.set_visibility(who.user, r.stored.id, body.visibility))


@router.delete("/scenarios/{key}", tags=["scenarios"], status_code=204)
def remove(key: str, who: CallerDep, p: PlatformDep) -> Response:
    """Delete a stored scenario."""
    _writer(who)
    r = resolve(p, who, "scenarios", key)
    assert r.stored is not None
    p.scenarios.delete(who.user, r.stored.id)
    return Response(status_code=204)


@router.get("/scenarios/{key}/versions", tags=["scenarios"])
def versions(key: str, who: CallerDep, p: PlatformDep) -> list[dict[str, Any]]:
    """Every version of a stored scenario, newest first."""
    r = resolve(p, who, "scenarios", key)
    assert r.stored is not None
    return [asdict(v) for v in p.scenarios.versions(who.user, r.stored.id)]


@router.get("/scenarios/{key}/diff", tags=["scenarios"])
def diff(
    key: str,
    who: CallerDep,
    p: PlatformDep,
    a: int = Query(ge=1, le=MAX_ID),
    b: int = Query(ge=1, le=MAX_ID),
) -> dict[str, Any]:
    """The difference between two versions, as unified-diff lines of the YAML."""
    r = resolve(p, who, "scenarios", key)
    assert r.stored is not None
    return {"a": a, "b": b, "lines": p.scenarios.diff(who.user, r.stored.id, a, b)}


@both("GET", "/export", tags=["scenarios"])
def export(
    kind: str,
    key: str,
    who: CallerDep,
    p: PlatformDep,
    format: Literal["yaml", "json", "csv", "xlsx"] = "yaml",
    version: int | None = Query(None, ge=1, le=MAX_ID),
) -> Response:
    """The scenario as YAML or JSON (whole), or CSV or XLSX (one row per actor x issue)."""
    r = resolve(p, who, kind, key, version)
    return export_response(r.scenario, format)


def export_response(scenario: Scenario, fmt: str) -> Response:
    """A download of ``scenario`` in ``fmt``."""
    from panmun.scenario import tabular
    from panmun.scenario.loader import dumps

    name = f"{scenario.id}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "xlsx":
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(tabular.positions_xlsx(scenario), media_type=media, headers=headers)
    if fmt == "csv":
        return Response(tabular.positions_csv(scenario), media_type="text/csv", headers=headers)
    media = "application/json" if fmt == "json" else "application/yaml"
    return Response(dumps(scenario, "json" if fmt == "json" else "yaml"), media_type=media,
                    headers=headers)  # fmt: skip


# -- analyses ------------------------------------------------------------------------------
def _section(
    p: Platform, who: Caller, kind: str, key: str, q: SettingsQuery, name: str
) -> dict[str, Any]:
    r = resolve(p, who, kind, key)
    cfg = settings_from(q.draws, q.seed, q.rounds, q.model, MAX_INLINE_DRAWS)
    return {"meta": _meta(r), "settings": cfg.to_dict(),
            name: p.cache.section(r.key, r.scenario, cfg, name)}  # fmt: skip


@both("GET", "/forecast", tags=["analyses"])
def forecast(kind: str, key: str, q: SettingsDep, who: CallerDep, p: PlatformDep) -> Any:
    """Every issue's forecast: feasible outcome, who must consent, convergence (``panmun
    forecast``)."""
    return _section(p, who, kind, key, q, "forecast")


@both("GET", "/proposals", tags=["analyses"])
def proposals(kind: str, key: str, q: SettingsDep, who: CallerDep, p: PlatformDep) -> Any:
    """The known packages ranked by how close they come (``panmun proposals rank``)."""
    return _section(p, who, kind, key, q, "proposals")


@both("GET", "/roadmaps", tags=["analyses"])
def roadmaps(kind: str, key: str, q: SettingsDep, who: CallerDep, p: PlatformDep) -> Any:
    """Each roadmap's expected reach and who blocks it (``panmun proposals roadmap``)."""
    return _section(p, who, kind, key, q, "roadmaps")


@both("GET", "/trust", tags=["analyses"])
def trust(kind: str, key: str, q: SettingsDep, who: CallerDep, p: PlatformDep) -> Any:
    """Trust between the scenario's pairs and what each intervention does (``panmun trust``)."""
    return _section(p, who, kind, key, q, "trust")


class WhatIf(BaseModel):
    """Stated values to move, and the draws to use."""

    model_config = ConfigDict(extra="forbid")
    changes: list[Change] = Field(default_factory=list, max_length=200)
    draws: int = Field(WHATIF_DRAWS, ge=20, le=MAX_INLINE_DRAWS)
    seed: int = Field(0, ge=0, le=2**63 - 1)


@both("POST", "/whatif", tags=["analyses"])
def whatif(kind: str, key: str, body: WhatIf, who: CallerDep, p: PlatformDep) -> Any:
    """Forecasts, feasible outcomes and package acceptances with some values moved.

    Saves nothing. The answer also carries the unchanged scenario's numbers under the same
    settings (``baseline``), so that every difference comes from the changes.
    """
    r = resolve(p, who, kind, key)
    cfg = AnalysisSettings(draws=body.draws, seed=body.seed)
    baseline = p.cache.section(r.key, r.scenario, cfg, "whatif")
    if not body.changes:
        return {"meta": _meta(r), "changes": [], "baseline": baseline, "result": baseline}
    changed = apply_changes(r.scenario, body.changes)
    baseline, result = p.cache.whatif(r.key, r.scenario, changed, cfg)
    return {
        "meta": _meta(r),
        "changes": [c.model_dump() for c in body.changes],
        "baseline": baseline,
        "result": result,
    }


class JobRequest(BaseModel):
    """A long run to start in the background."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["report", "forecast"] = "report"
    draws: int | None = Field(None, ge=1, le=10**7)
    seed: int | None = Field(None, ge=0, le=2**63 - 1)
    rounds: int | None = Field(None, ge=1, le=100)
    model: Literal["eum", "median", "mean"] | None = None


@both("POST", "/jobs", tags=["jobs"], status_code=202)
def start_job(kind: str, key: str, body: JobRequest, who: CallerDep, p: PlatformDep) -> Any:
    """Start a report or a large Monte Carlo forecast in the background."""
    from panmun.analysis import ScenarioAnalysis

    _writer(who)
    r = resolve(p, who, kind, key)
    cfg = settings_from(body.draws, body.seed, body.rounds, body.model, 10**7)
    ScenarioAnalysis(r.scenario, cfg)  # checks the memory budget before queueing
    return p.jobs.submit(who.user, body.kind, r.key, r.version, r.scenario, cfg).to_dict()


def _job(p: Platform, who: Caller, job_id: str) -> Any:
    job = p.jobs.get(job_id[:40])
    if job is None:
        raise NotFound(f"job {job_id!r}")
    kind, _, rest = job.scenario.partition(":")
    resolve(p, who, "presets" if kind == "preset" else "scenarios", rest.split("@")[0])
    return job


@router.get("/jobs/{job_id}", tags=["jobs"])
def job_state(job_id: str, who: CallerDep, p: PlatformDep) -> Any:
    """A job's state and progress."""
    return _job(p, who, job_id).to_dict()


@router.get("/jobs/{job_id}/result", tags=["jobs"])
def job_result(job_id: str, who: CallerDep, p: PlatformDep) -> Any:
    """A finished job's result (a report's JSON data, or a forecast section)."""
    job = _job(p, who, job_id)
    result = p.jobs.result(job.id)
    if result is None:
        return JSONResponse({"detail": [f"job {job.id}: {job.state}, no result yet"]}, 409)
    return result


# -- knowledge base ------------------------------------------------------------------------
@router.get("/kb/timeline", tags=["knowledge base"])
def timeline(
    who: CallerDep,
    p: PlatformDep,
    start: str | None = Query(None, max_length=10),
    end: str | None = Query(None, max_length=10),
    issue: str | None = Query(None, max_length=40),
    kind: Literal["agreement", "talks", "event"] | None = None,
) -> list[dict[str, Any]]:
    """Agreements, talks and events in date order (``panmun kb timeline``)."""
    return [t.model_dump(mode="json") for t in p.kb.timeline(start=start, end=end, issue=issue,
                                                              kind=kind)]  # fmt: skip


@router.get("/kb/search", tags=["knowledge base"])
def kb_search(
    who: CallerDep,
    p: PlatformDep,
    q: str = Query(min_length=1, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> list[dict[str, Any]]:
    """Full-text search (``panmun kb search``)."""
    return [h.model_dump(mode="json") for h in p.kb.search(q, limit)]


@router.get("/kb/records/{item_id}", tags=["knowledge base"])
def kb_record(item_id: str, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """An entry, provision, erratum or source (``panmun kb show``)."""
    try:
        found = p.kb.show(item_id[:80])
    except InputError:
        raise NotFound(f"record {item_id[:80]!r}") from None
    return {"type": type(found).__name__.lower(), "record": found.model_dump(mode="json")}


@router.get("/kb/errata", tags=["knowledge base"])
def kb_errata(
    who: CallerDep, p: PlatformDep, include_confirmed: bool = False
) -> list[dict[str, Any]]:
    """The policy paper's checked claims (``panmun kb errata``)."""
    return [e.model_dump(mode="json") for e in p.kb.errata(include_confirmed)]


# -- administration ------------------------------------------------------------------------
def _admin(who: Caller) -> None:
    if not who.user.is_admin:
        raise Forbidden(f"{who.user.name} is not an admin")


@router.get("/users", tags=["administration"])
def users(who: CallerDep, p: PlatformDep) -> list[dict[str, Any]]:
    """Every account (admins only)."""
    _admin(who)
    return [asdict(u) for u in p.accounts.users()]


class NewUser(BaseModel):
    """An account to create."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    role: Literal["viewer", "analyst", "admin"] = "viewer"
    workspace: str | None = Field(None, max_length=64)


@router.post("/users", tags=["administration"], status_code=201)
def add_user(body: NewUser, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Create an account (admins only)."""
    from panmun.web.scenarios import audit

    _admin(who)
    user = p.accounts.add_user(body.name, body.password, body.role, body.workspace)
    with p.sessions.begin() as s:
        audit(s, who.user, "user.add", f"user {user.name}", None,
              {"role": user.role, "workspaces": list(user.workspaces)})  # fmt: skip
    return asdict(user)


@router.get("/audit", tags=["administration"])
def audit_log(
    who: CallerDep, p: PlatformDep, limit: int = Query(200, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """The newest writes: who, what, when, before and after (admins only)."""
    _admin(who)
    return p.scenarios.audit_log(limit)


def request_is_api(request: Request) -> bool:
    """Whether a request is for the JSON API."""
    return request.url.path.startswith(router.prefix)

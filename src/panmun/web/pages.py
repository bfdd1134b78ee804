"""The platform's pages: server-rendered with jinja2, a little plain JavaScript where a page
must react (the what-if sliders, a job's progress), every asset served by the app itself.

The pages call the same functions as the JSON API (:mod:`panmun.web.api`) and show the same
numbers; forms post back with the session's CSRF token, and a scenario form that does not
validate is shown again with the CLI's own message beside each field.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from panmun.analysis import AnalysisSettings
from panmun.errors import InputError
from panmun.web.api import export_response, resolve
from panmun.web.app import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Caller,
    Platform,
    caller,
    language,
    new_login_token,
    platform,
)
from panmun.web.i18n import LANGUAGES, translations
from panmun.web.scenarios import Forbidden

router = APIRouter(include_in_schema=False)
CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]
FIELDS = ("position", "salience", "capability")
_PROBLEM = re.compile(r"^[^:]*: (?P<path>[^ :]+): (?P<message>.*)$")


@functools.cache
def environment(lang: str) -> Environment:
    """The template environment of one interface language."""
    env = Environment(
        loader=PackageLoader("panmun.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install = env.install_gettext_translations  # type: ignore[attr-defined]  # by jinja2.ext.i18n
    install(translations(lang), newstyle=True)
    env.filters["num"] = _num
    env.filters["pct"] = lambda p: f"{100 * float(p):.0f} %"
    env.globals["languages"] = LANGUAGES
    return env


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    v = float(value)
    return f"{v:.{digits}f}" if abs(v) < 1e6 else f"{v:.3g}"


def page(
    request: Request, template: str, who: Caller | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render ``template`` for the request's language."""
    lang = language(request)
    html = (
        environment(lang)
        .get_template(template)
        .render(request=request, who=who, lang=lang, csrf=who.csrf if who else None, **context)
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


def render_error(request: Request, status: int, problems: list[str]) -> HTMLResponse:
    """The error page (problems listed as the API lists them), with the signed-in header."""
    who = None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = platform(request).accounts.session(cookie)
        if found:
            who = Caller(found[0], found[1], language(request))
    return page(request, "error.html", who, status=status, status_code=status, problems=problems)


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# -- signing in ----------------------------------------------------------------------------
def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    token = new_login_token()
    response = page(request, "login.html", None, login_token=token, next=_safe_next(next))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/login")
async def login(request: Request, p: PlatformDep) -> Response:
    from panmun.web.accounts import LoginRefused, TooManyAttempts

    _ = translations(language(request)).gettext
    form = await request.form()
    name = str(form.get("name", ""))[:64]
    password = str(form.get("password", ""))[:1024]
    target = _safe_next(str(form.get("next", "/")))
    sent = str(form.get("login_token", ""))
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not sent or sent != expected:
        return _login_again(request, 403, _("The form expired; please sign in again."), name)
    client = request.client.host if request.client else "unknown"
    try:
        user = p.accounts.authenticate(name, password, client)
    except TooManyAttempts as exc:
        msg = _("Too many failed sign-ins. Try again in %(seconds)d seconds.") % {
            "seconds": exc.retry_after
        }
        refused = _login_again(request, 429, msg, name)
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    except LoginRefused:
        return _login_again(request, 401, _("Wrong name or password."), name)
    cookie, _csrf = p.accounts.start_session(user, request.cookies.get(SESSION_COOKIE))
    response = _go(target)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


def _login_again(request: Request, status: int, message: str, name: str) -> HTMLResponse:
    token = new_login_token()
    response = page(
        request, "login.html", None, status=status, login_token=token, error=message,
        name=name, next="/",
    )  # fmt: skip
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/logout")
def logout(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        p.accounts.end_session(cookie)
    response = _go("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


# -- scenarios -----------------------------------------------------------------------------
@router.get("/")
def home(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    from panmun.scenario.loader import shipped_ids, summary_rows

    return page(
        request,
        "home.html",
        who,
        presets=summary_rows(shipped_ids()),
        stored=p.scenarios.readable(who.user),
    )


def _base(kind: str, key: str) -> str:
    return f"/s/{kind}/{quote(key)}"


def _context(p: Platform, who: Caller, kind: str, key: str) -> dict[str, Any]:
    if kind not in ("presets", "scenarios"):
        from panmun.web.scenarios import NotFound

        raise NotFound(f"{kind}/{key}")
    r = resolve(p, who, kind, key)
    writable = r.stored is not None and p.scenarios.can_write(who.user, r.stored.id)
    return {
        "kind": kind,
        "key": key,
        "base": _base(kind, key),
        "r": r,
        "s": r.scenario,
        "stored": r.stored,
        "writable": writable,
        "names": {a.id: a.name for a in r.scenario.actors},
    }


@router.get("/s/{kind}/{key}")
def view(kind: str, key: str, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    ctx = _context(p, who, kind, key)
    s = ctx["s"]
    grid = {(q.actor, q.issue): q for q in s.positions}
    veto = {v.issue: v.actors for v in s.veto_players}
    return page(request, "scenario.html", who, grid=grid, veto=veto,
                sources={x.id: x for x in s.sources}, **ctx)  # fmt: skip


@router.post("/s/presets/{key}/copy")
async def copy_preset(key: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.scenario.loader import load_shipped

    r = resolve(p, who, "presets", key)
    form = await request.form()
    slug = str(form.get("slug") or r.scenario.id)[:80]
    try:
        info = p.scenarios.create(
            who.user, load_shipped(key), slug=slug, message=f"copied from preset {key}"
        )
    except InputError as exc:
        return render_error(request, 422, list(exc.problems))
    return _go(f"/s/scenarios/{info.id}")


def _problems_by_field(problems: tuple[str, ...]) -> tuple[dict[str, list[str]], list[str]]:
    by_field: dict[str, list[str]] = {}
    other: list[str] = []
    for line in problems:
        m = _PROBLEM.match(line)
        if m:
            by_field.setdefault(m.group("path"), []).append(m.group("message"))
        else:
            other.append(line)
    return by_field, other


def _edited(data: dict[str, Any], form: Any, issue: str) -> dict[str, Any]:
    for field in ("title", "description", "as_of"):
        if field in form:
            data[field] = str(form[field])
    for pos in data["positions"]:
        if pos["issue"] != issue:
            continue
        path = f"positions[{pos['actor']}][{issue}]"
        for field in FIELDS:
            if f"{path}.{field}" in form:
                pos[field] = _number(form[f"{path}.{field}"])
            lo, hi = f"{path}.{field}_range.0", f"{path}.{field}_range.1"
            if lo in form and hi in form:
                pos[f"{field}_range"] = [_number(form[lo]), _number(form[hi])]
        if f"{path}.rationale" in form:
            pos["rationale"] = str(form[f"{path}.rationale"]).strip()
        if f"{path}.sources" in form:
            pos["sources"] = [x.strip() for x in str(form[f"{path}.sources"]).split(";")
                              if x.strip()]  # fmt: skip
        if f"{path}.estimate" in form:
            pos["estimate"] = "analyst"
        else:
            pos.pop("estimate", None)
    return data


def _number(text: Any) -> Any:
    raw = str(text).strip()
    try:
        return float(raw)
    except ValueError:
        return raw  # the model names it: "'abc' is not a number"


def _edit_context(s: Any, issue: str | None) -> dict[str, Any]:
    ids = [i.id for i in s.issues]
    chosen = issue if issue in ids else ids[0]
    return {"issue": s.issue(chosen), "rows": s.positions_on(chosen)}


@router.get("/s/scenarios/{key}/edit")
def edit_form(
    key: str, request: Request, who: CallerDep, p: PlatformDep, issue: str | None = None
) -> HTMLResponse:
    ctx = _context(p, who, "scenarios", key)
    if not ctx["writable"]:
        raise Forbidden(f"{who.user.name} may not edit this scenario")
    from panmun.scenario.loader import to_data

    return page(request, "edit.html", who, errors={}, other=[], values=to_data(ctx["s"]),
                **_edit_context(ctx["s"], issue), **ctx)  # fmt: skip


@router.post("/s/scenarios/{key}/edit")
async def edit(key: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.scenario.loader import scenario_from_data, to_data

    ctx = _context(p, who, "scenarios", key)
    if not ctx["writable"]:
        raise Forbidden(f"{who.user.name} may not edit this scenario")
    form = await request.form()
    edit_ctx = _edit_context(ctx["s"], str(form.get("issue", "")))
    data = _edited(to_data(ctx["s"]), form, edit_ctx["issue"].id)
    try:
        scenario = scenario_from_data(data, "edit")
    except InputError as exc:
        errors, other = _problems_by_field(exc.problems)
        return page(request, "edit.html", who, status=422, errors=errors, other=other,
                    values=data, **edit_ctx, **ctx)  # fmt: skip
    message = str(form.get("message") or "edited in the browser")[:500]
    info = p.scenarios.save(who.user, ctx["stored"].id, scenario, message)
    return _go(f"{ctx['base']}?saved={1 if info.latest > ctx['stored'].latest else 0}")


@router.get("/s/scenarios/{key}/history")
def history(
    key: str,
    request: Request,
    who: CallerDep,
    p: PlatformDep,
    a: int | None = None,
    b: int | None = None,
) -> HTMLResponse:
    ctx = _context(p, who, "scenarios", key)
    versions = p.scenarios.versions(who.user, ctx["stored"].id)
    lines: list[str] = []
    if a is not None and b is not None:
        lines = p.scenarios.diff(who.user, ctx["stored"].id, a, b)
    return page(request, "history.html", who, versions=versions, lines=lines, a=a, b=b, **ctx)


@router.get("/s/{kind}/{key}/export.{fmt}")
def export(kind: str, key: str, fmt: str, who: CallerDep, p: PlatformDep) -> Response:
    ctx = _context(p, who, kind, key)
    if fmt not in ("yaml", "json", "csv", "xlsx"):
        raise InputError([f"format: {fmt!r} is not one of yaml, json, csv, xlsx"])
    return export_response(ctx["s"], fmt)


@router.get("/import")
def import_form(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    stored = [s for s in p.scenarios.readable(who.user) if p.scenarios.can_write(who.user, s.id)]
    return page(request, "import.html", who, stored=stored, problems=[])


@router.post("/import")
async def import_file(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.scenario import tabular
    from panmun.scenario.loader import _parse, scenario_from_data

    form = await request.form()
    upload = form.get("file")
    target = str(form.get("target", ""))
    stored = [s for s in p.scenarios.readable(who.user) if p.scenarios.can_write(who.user, s.id)]
    if not who.user.can_write:
        raise Forbidden(f"{who.user.name} is a viewer: viewers cannot change anything")
    try:
        if upload is None or isinstance(upload, str):
            raise InputError(["file: choose a file to import"])
        name = (upload.filename or "upload")[:200]
        raw = await upload.read()
        suffix = name.rsplit(".", 1)[-1].lower()
        if suffix in ("csv", "xlsx"):
            if not (target.isascii() and target.isdigit()):
                raise InputError(["target: choose the stored scenario whose positions to replace"])
            current = p.scenarios.load(who.user, int(target))
            if suffix == "csv":
                rows = tabular.read_positions_csv(_text(raw, name), name)
            else:
                rows = tabular.read_positions_xlsx(raw, name)
            updated = tabular.merge_positions(current, rows, name)
            info = p.scenarios.save(who.user, int(target), updated, f"imported {name}")
        elif suffix in ("yaml", "yml", "json"):
            scenario = scenario_from_data(_parse(_text(raw, name), name), name)
            info = p.scenarios.create(who.user, scenario, message=f"imported {name}")
        else:
            raise InputError([f"file: {name!r} is not a .yaml, .yml, .json, .csv or .xlsx file"])
    except InputError as exc:
        return page(request, "import.html", who, status=422, stored=stored,
                    problems=list(exc.problems))  # fmt: skip
    return _go(f"/s/scenarios/{info.id}")


def _text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None


# -- analyses ------------------------------------------------------------------------------
def _settings(request: Request) -> AnalysisSettings:
    from panmun.web.api import MAX_INLINE_DRAWS, settings_from

    q = request.query_params

    def whole(name: str) -> int | None:
        raw = q.get(name)
        if raw is None or raw == "":
            return None
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
            raise InputError([f"{name}: {raw!r} is not a whole number"])
        return int(raw)

    model = q.get("model") or None
    return settings_from(whole("draws"), whole("seed"), whole("rounds"), model, MAX_INLINE_DRAWS)


@router.get("/s/{kind}/{key}/forecast")
def forecast(kind: str, key: str, request: Request, who: CallerDep, p: PlatformDep) -> Any:
    from panmun.report.figures import figure_scripts

    ctx = _context(p, who, kind, key)
    cfg = _settings(request)
    fc = p.cache.section(ctx["r"].key, ctx["s"], cfg, "forecast")
    scripts = figure_scripts({"forecasts": fc, "names": ctx["names"]})
    charts = {k: v for k, v in scripts.items() if k == "fig-forecast-bands"}
    return page(request, "forecast.html", who, fc=fc, cfg=cfg, charts=charts, **ctx)


@router.get("/s/{kind}/{key}/{part}")
def section_page(
    kind: str, key: str, part: str, request: Request, who: CallerDep, p: PlatformDep
) -> Any:
    ctx = _context(p, who, kind, key)
    if part == "whatif":
        from panmun.web.analyses import WHATIF_DRAWS

        issue = request.query_params.get("issue")
        return page(request, "whatif.html", who, draws=WHATIF_DRAWS,
                    **_edit_context(ctx["s"], issue), **ctx)  # fmt: skip
    if part not in ("proposals", "roadmaps", "trust", "sensitivity"):
        from panmun.web.scenarios import NotFound

        raise NotFound(f"page {part!r}")
    cfg = _settings(request)
    data = p.cache.section(ctx["r"].key, ctx["s"], cfg, part)
    jobs = p.jobs.for_scenario(ctx["r"].key)
    return page(request, f"{part}.html", who, data=data, cfg=cfg, jobs=jobs, **ctx)


@router.post("/s/{kind}/{key}/report")
def start_report(kind: str, key: str, request: Request, who: CallerDep, p: PlatformDep) -> Any:
    if not who.user.can_write:
        raise Forbidden(f"{who.user.name} is a viewer: viewers cannot run analyses")
    ctx = _context(p, who, kind, key)
    r = ctx["r"]
    job = p.jobs.submit(who.user, "report", r.key, r.version, r.scenario, AnalysisSettings())
    return _go(f"/jobs/{job.id}")


@router.get("/jobs/{job_id}")
def job_page(job_id: str, request: Request, who: CallerDep, p: PlatformDep) -> Any:
    from panmun.web.api import _job
    from panmun.web.pub_pages import publish_defaults

    job = _job(p, who, job_id)
    return page(request, "job.html", who, job=job, publish=publish_defaults(p, who, job))


@router.get("/jobs/{job_id}/report.{fmt}")
def job_report(job_id: str, fmt: str, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.report.build import render_html
    from panmun.web.api import _job

    job = _job(p, who, job_id)
    data = p.jobs.result(job.id)
    if data is None or job.kind != "report" or fmt not in ("html", "json"):
        raise InputError([f"job {job.id}: no report to show ({job.state})"])
    if fmt == "json":
        return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")
    return HTMLResponse(render_html(data))


# -- knowledge base ------------------------------------------------------------------------
@router.get("/kb")
def kb(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    from panmun.knowledge.records import ISSUE_IDS

    q = request.query_params
    text = (q.get("q") or "").strip()[:200]
    filters = {k: (q.get(k) or None) for k in ("start", "end", "issue", "kind")}
    hits = p.kb.search(text, 50) if text else []
    items = [] if text else p.kb.timeline(**{k: v for k, v in filters.items()})
    return page(request, "kb.html", who, items=items, hits=hits, text=text, filters=filters,
                issues=ISSUE_IDS)  # fmt: skip


@router.get("/kb/{item_id}")
def kb_record(item_id: str, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    try:
        found = p.kb.show(item_id[:80])
    except InputError as exc:
        return render_error(request, 404, list(exc.problems))
    record = found.model_dump(mode="json")
    sources = {}
    for sid in record.get("sources", []) + [
        s for prov in record.get("provisions", []) for s in prov.get("sources", [])
    ]:
        try:
            src = p.kb.show(sid)
            sources[sid] = src.model_dump(mode="json")
        except InputError:
            continue
    dialogues = p.network.dialogues(who.user, kb_record=item_id[:80])
    return page(request, "kb_record.html", who, record=record, kind=type(found).__name__,
                sources=sources, dialogues=dialogues)  # fmt: skip


# -- administration ------------------------------------------------------------------------
@router.get("/admin")
def admin(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    if not who.user.is_admin:
        raise Forbidden(f"{who.user.name} is not an admin")
    return _admin_page(request, who, p, [])


def _admin_page(
    request: Request, who: Caller, p: Platform, problems: list[str], status: int = 200
) -> HTMLResponse:
    return page(
        request, "admin.html", who, status=status, users=[asdict(u) for u in p.accounts.users()],
        workspaces=p.workspaces.all(), log=p.scenarios.audit_log(100), problems=problems,
    )  # fmt: skip


@router.post("/admin/users")
async def admin_add_user(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.web.scenarios import audit

    if not who.user.is_admin:
        raise Forbidden(f"{who.user.name} is not an admin")
    form = await request.form()
    try:
        user = p.accounts.add_user(
            str(form.get("name", "")), str(form.get("password", "")),
            str(form.get("role", "viewer")), str(form.get("workspace") or "") or None,
        )  # fmt: skip
    except InputError as exc:
        return _admin_page(request, who, p, list(exc.problems), 422)
    with p.sessions.begin() as s:
        audit(s, who.user, "user.add", f"user {user.name}", None, {"role": user.role})
    return _go("/admin")


@router.post("/admin/workspaces")
async def admin_workspaces(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.web.scenarios import audit

    if not who.user.is_admin:
        raise Forbidden(f"{who.user.name} is not an admin")
    form = await request.form()
    slug = str(form.get("slug", ""))[:64]
    member = str(form.get("member", ""))[:64]
    try:
        if form.get("action") == "create":
            p.workspaces.create(slug, str(form.get("name") or slug))
            action, after = "workspace.create", {"name": str(form.get("name") or slug)}
        else:
            p.workspaces.add_member(slug, member)
            action, after = "workspace.member.add", {"member": member}
    except InputError as exc:
        return _admin_page(request, who, p, list(exc.problems), 422)
    with p.sessions.begin() as s:
        audit(s, who.user, action, f"workspace {slug}", None, after)
    return _go("/admin")

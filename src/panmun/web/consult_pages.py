"""The pages of consultations: the facilitator's (signed in) and the participants' (by link).

Facilitators work under ``/s/scenarios/{id}/consultations`` and ``/consultations/{cid}``;
participants open ``/c/{token}`` once, which spends the token and gives their browser a
participant session of its own (cookie ``panmun_participant``, with its own CSRF token), then
answer at ``/c``. A participant session opens that one consultation and nothing else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from panmun.errors import InputError
from panmun.web.app import Caller, Platform, caller, language, platform
from panmun.web.consultations import Answer, CalibrationSpec, ItemSpec
from panmun.web.pages import page
from panmun.web.scenarios import Forbidden, NotFound

router = APIRouter(include_in_schema=False)
CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]
PARTICIPANT_COOKIE = "panmun_participant"
_ITEM = re.compile(
    r"^([a-z0-9][a-z0-9._-]*)/([a-z0-9][a-z0-9._-]*)/(position|salience|capability)$"
)


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def calibration_candidates(p: Platform, as_of: dt.date, limit: int = 12) -> list[CalibrationSpec]:
    """Questions with known answers from the knowledge base: the year of agreements signed
    before the scenario's date, each with the source of its date."""
    items = [t for t in p.kb.timeline(kind="agreement") if t.date <= as_of]
    chosen = items[:: max(1, len(items) // limit)][:limit]
    entries = {e.id: e for e in p.kb.entries([t.id for t in chosen])}
    out = []
    for t in chosen:
        entry = entries[t.id]
        source = next((s for s in p.kb.catalogue().sources if s.id == entry.date_source), None)
        cite = f"{source.title}, {source.author}, {source.date}" if source else entry.date_source
        out.append(
            CalibrationSpec(
                question=f"In which year was “{t.title}” concluded?",
                lo=1900.0,
                hi=float(as_of.year),
                truth=float(t.date.year),
                source=cite,
            )
        )
    return out


# -- facilitator -----------------------------------------------------------------------------
@router.get("/s/scenarios/{key}/consultations")
def consultations(key: str, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    from panmun.web.pages import _context

    ctx = _context(p, who, "scenarios", key)
    found = p.consultations.for_scenario(who.user, ctx["stored"].id)
    candidates = calibration_candidates(p, ctx["s"].as_of) if ctx["writable"] else []
    return page(
        request, "consultations.html", who, found=found, candidates=candidates, problems=[], **ctx
    )


def _float(form: Any, name: str, default: float) -> float:
    raw = str(form.get(name, "")).strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError([f"{name}: {raw!r} is not a number"]) from None


@router.post("/s/scenarios/{key}/consultations")
async def create(key: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.web.pages import _context

    ctx = _context(p, who, "scenarios", key)
    form = await request.form()
    try:
        items = []
        for value in form.getlist("item"):
            m = _ITEM.match(str(value))
            if not m:
                raise InputError([f"item: {str(value)[:80]!r} is not actor/issue/field"])
            items.append(ItemSpec(actor=m.group(1), issue=m.group(2), field=m.group(3)))
        candidates = calibration_candidates(p, ctx["s"].as_of)
        chosen = []
        for value in form.getlist("calibration"):
            k = str(value)
            if not (k.isascii() and k.isdigit()) or int(k) >= len(candidates):
                raise InputError([f"calibration: {k[:20]!r} is not one of the candidates"])
            chosen.append(candidates[int(k)])
        rounds_raw = str(form.get("rounds", "2"))
        if not (rounds_raw.isascii() and rounds_raw.isdigit()) or len(rounds_raw) > 3:
            raise InputError([f"rounds: {rounds_raw[:20]!r} is not a whole number"])
        deadline_raw = str(form.get("deadline", "")).strip()
        try:
            deadline = dt.date.fromisoformat(deadline_raw) if deadline_raw else None
        except ValueError:
            raise InputError(
                [f"deadline: {deadline_raw[:20]!r} is not a date (YYYY-MM-DD)"]
            ) from None
        info = p.consultations.create(
            who.user,
            ctx["stored"].id,
            title=str(form.get("title", "")),
            items=items,
            rounds=int(rounds_raw),
            deadline=deadline,
            language=str(form.get("language", "en")),
            blind="blind" in form,
            stop_iqr=_float(form, "stop_iqr", 0.1),
            stop_tolerance=_float(form, "stop_tolerance", 0.02),
            pooling=str(form.get("pooling", "equal")),
            calibration=chosen,
        )
    except InputError as exc:
        found = p.consultations.for_scenario(who.user, ctx["stored"].id)
        return page(
            request,
            "consultations.html",
            who,
            status=422,
            found=found,
            candidates=calibration_candidates(p, ctx["s"].as_of),
            problems=list(exc.problems),
            **ctx,
        )
    return _go(f"/consultations/{info.id}")


def _dashboard(p: Platform, who: Caller, cid: int) -> dict[str, Any]:
    from panmun.web.consult_results import summary

    info = p.consultations.info(who.user, cid)
    scenario = p.scenarios.load(who.user, info.scenario_id, info.base_version)
    return {
        "c": info,
        "s": scenario,
        "names": {a.id: a.name for a in scenario.actors},
        "issues": {i.id: i.name for i in scenario.issues},
        "participants": p.consultations.participants(who.user, cid),
        "directory": _directory(p, who, info),
        "summary": summary(p.consultations, info),
    }


def _directory(p: Platform, who: Caller, info: Any) -> list[Any]:
    """People in the network the facilitator may invite: those working on the consultation's
    issues first, then everyone else the facilitator may see."""
    issues = {i.issue for i in info.questions}
    everyone = p.network.people(who.user)
    return sorted(everyone, key=lambda person: (not issues & set(person.expertise), person.name))


@router.get("/consultations/{cid}")
def dashboard(cid: int, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    return page(request, "consultation.html", who, links=[], problems=[], **_dashboard(p, who, cid))


@router.post("/consultations/{cid}/{action}")
async def act(cid: int, action: str, request: Request, who: CallerDep, p: PlatformDep) -> Response:
    from panmun.web.consult_results import apply_result

    form = await request.form()
    links: list[tuple[str, str]] = []
    try:
        if action == "invite":
            labels = [x.strip() for x in str(form.get("labels", "")).splitlines() if x.strip()]
            for raw in form.getlist("people"):
                if not (str(raw).isascii() and str(raw).isdigit()):
                    raise InputError([f"people: {str(raw)[:20]!r} is not a person"])
                labels.append(p.network.person(who.user, int(str(raw))).name)
            base = str(request.base_url).rstrip("/")
            links = [
                (ps, f"{base}/c/{tok}") for ps, tok in p.consultations.invite(who.user, cid, labels)
            ]
        elif action == "advance":
            p.consultations.advance(who.user, cid)
        elif action == "close":
            p.consultations.close(who.user, cid)
        elif action == "apply":
            info = p.consultations.info(who.user, cid)
            if info.state != "closed":
                raise InputError([f"consultation {cid}: close it before applying its result"])
            current = p.scenarios.load(who.user, info.scenario_id)
            updated = apply_result(p.consultations, info, current)
            saved = p.scenarios.save(
                who.user, info.scenario_id, updated, f"values from consultation {cid}: {info.title}"
            )
            p.consultations.mark_applied(who.user, cid, saved.latest)
            return _go(f"/s/scenarios/{info.scenario_id}?saved=1")
        else:
            raise NotFound(f"action {action!r}")
    except InputError as exc:
        return page(
            request,
            "consultation.html",
            who,
            status=422,
            links=[],
            problems=list(exc.problems),
            **_dashboard(p, who, cid),
        )
    if links:
        return page(
            request, "consultation.html", who, links=links, problems=[], **_dashboard(p, who, cid)
        )
    return _go(f"/consultations/{cid}")


@router.get("/consultations/{cid}/export.{fmt}")
def export(cid: int, fmt: str, who: CallerDep, p: PlatformDep) -> Response:
    """Every answer under its pseudonym, for re-analysis (nothing identifying)."""
    from panmun.web.consult_results import export_rows

    info = p.consultations.info(who.user, cid)
    rows = export_rows(p.consultations, info)
    name = f"consultation-{cid}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "json":
        return Response(
            json.dumps(
                {"consultation": cid, "title": info.title, "answers": rows},
                ensure_ascii=False,
                indent=1,
            ),
            media_type="application/json",
            headers=headers,
        )
    if fmt != "csv":
        raise NotFound(f"export format {fmt!r}")
    out = io.StringIO()
    columns = [
        "pseudonym",
        "round",
        "question",
        "kind",
        "actor",
        "issue",
        "field",
        "best",
        "low",
        "high",
        "confidence",
        "reason",
        "sources",
    ]
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "sources": "; ".join(row["sources"])})
    return Response(out.getvalue(), media_type="text/csv", headers=headers)


# -- participants ----------------------------------------------------------------------------
@router.get("/c/{token}")
def redeem(token: str, request: Request, p: PlatformDep) -> Response:
    from panmun.web.app import LANG_COOKIE

    session, cid = p.consultations.redeem(token)
    response = _go("/c")
    if LANG_COOKIE not in request.cookies:
        lang = p.consultations.language_of(cid)
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    response.set_cookie(
        PARTICIPANT_COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=90 * 86400,
    )
    return response


def _participant(request: Request, p: Platform) -> tuple[Any, Any]:
    cookie = request.cookies.get(PARTICIPANT_COOKIE)
    if not cookie:
        raise NotFound("participant session (open the link you were sent)")
    return p.consultations.participant(cookie)


def _participant_page(
    request: Request,
    p: Platform,
    status: int = 200,
    problems: list[str] | None = None,
    notice: str | None = None,
    typed: dict[int, Answer] | None = None,
) -> HTMLResponse:
    from panmun.web.consult_results import participant_view

    row, info = _participant(request, p)
    view = participant_view(p.consultations, info, row.id)
    scenario = p.scenarios_unchecked(info.scenario_id, info.base_version)
    return page(
        request,
        "participate.html",
        None,
        status=status,
        c=info,
        me=row,
        view=view,
        s=scenario,
        problems=problems or [],
        notice=notice,
        typed=typed or {},
        names={a.id: a.name for a in scenario.actors},
        sources={x.id: x for x in scenario.sources},
    )


@router.get("/c")
def participate(request: Request, p: PlatformDep) -> HTMLResponse:
    return _participant_page(request, p)


@router.post("/c")
async def answer(request: Request, p: PlatformDep) -> Response:
    import hmac

    row, info = _participant(request, p)
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf_token", "")), row.csrf):
        raise Forbidden("csrf_token: missing or wrong; reload the page and retry")
    if form.get("action") == "withdraw":
        p.consultations.withdraw(row.id)
        return _participant_page(request, p, notice="withdrawn")
    answers = []
    problems = []
    for item in info.items:
        values: dict[str, float | None] = {}
        bad = False
        for part in ("best", "low", "high", "confidence"):
            raw = str(form.get(f"q{item.number}.{part}", "")).strip()
            if not raw:
                values[part] = None
                continue
            try:
                values[part] = float(raw)
            except ValueError:
                problems.append(f"question {item.number}.{part}: {raw[:40]!r} is not a number")
                bad = True
        if bad:
            continue
        given = [v for v in values.values() if v is not None]
        if not given:
            continue  # the question is left for later
        missing = [k for k, v in values.items() if v is None and k != "confidence"]
        if missing:
            problems.append(f"question {item.number}: give {', '.join(missing)} as well")
            continue
        sources = tuple(
            x.strip()[:200]
            for x in str(form.get(f"q{item.number}.sources", "")).split(";")
            if x.strip()
        )[:20]
        answers.append(
            Answer(
                item=item.number,
                best=values["best"] or 0.0,
                low=values["low"] or 0.0,
                high=values["high"] or 0.0,
                confidence=values["confidence"] if values["confidence"] is not None else 0.5,
                reason=str(form.get(f"q{item.number}.reason", "")),
                sources=sources,
            )
        )
    typed = {a.item: a for a in answers}
    if problems:
        return _participant_page(request, p, 422, problems, typed=typed)
    try:
        p.consultations.answer(row.id, answers)
    except InputError as exc:
        return _participant_page(request, p, 422, list(exc.problems), typed=typed)
    return _participant_page(request, p, notice="saved")


__all__ = ["PARTICIPANT_COOKIE", "calibration_candidates", "language", "router"]

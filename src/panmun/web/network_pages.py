"""The network's pages: people, institutions, dialogue events, the network view, a person's
own data, and import and export (all signed in; nothing here is public)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from panmun.errors import InputError
from panmun.web.app import Caller, Platform, caller, platform
from panmun.web.pages import page

router = APIRouter(include_in_schema=False)
CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]
MAX_IMPORT = 5 * 1024 * 1024


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _date(form: Any, name: str, required: bool = True) -> dt.date | None:
    raw = str(form.get(name, "")).strip()
    if not raw and not required:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError([f"{name}: {raw[:20]!r} is not a date (YYYY-MM-DD)"]) from None


def _list(form: Any, name: str) -> list[str]:
    values = [str(v) for v in form.getlist(name)]
    if len(values) == 1 and ";" in values[0]:
        values = values[0].split(";")
    return [v.strip() for v in values if v.strip()]


def _int(raw: Any, name: str) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise InputError([f"{name}: {text[:20]!r} is not a number"])
    return int(text)


def _issue_names(p: Platform) -> dict[str, str]:
    """Issue ids used in the directory, named as the shipped scenarios name them."""
    from panmun.scenario.loader import load_shipped, shipped_ids

    names: dict[str, str] = {}
    for sid in shipped_ids():
        for issue in load_shipped(sid).issues:
            names.setdefault(issue.id, issue.name)
    return names


def _network_page(
    request: Request,
    who: Caller,
    p: Platform,
    tab: str,
    status: int = 200,
    problems: list[str] | None = None,
    **extra: Any,
) -> HTMLResponse:
    q = request.query_params
    issue = q.get("issue") or None
    region = q.get("region") or None
    context = {
        "tab": tab,
        "issue": issue,
        "region": region,
        "issue_names": _issue_names(p),
        "people": p.network.people(who.user, issue, region),
        "institutions": p.network.institutions(who.user),
        "dialogues": p.network.dialogues(who.user, issue, region),
        "problems": problems or [],
        **extra,
    }
    return page(request, "network.html", who, status=status, **context)


@router.get("/network")
def network(request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    tab = request.query_params.get("tab", "people")
    extra: dict[str, Any] = {}
    if tab == "graph":
        extra["chart"] = _graph_script(
            p.network.graph(
                who.user,
                request.query_params.get("issue") or None,
                request.query_params.get("region") or None,
            )
        )
    return _network_page(
        request,
        who,
        p,
        tab if tab in ("people", "institutions", "dialogues", "graph", "data") else "people",
        **extra,
    )


def _graph_script(graph: dict[str, Any]) -> dict[str, Any]:
    """The network view as a plotly figure: nodes on a circle, people and institutions told
    apart by marker, ties as lines whose width is the number of events shared."""
    import math

    from panmun.report.charts import figure_script

    nodes = graph["nodes"]
    n = len(nodes)
    pos = {
        node["id"]: (math.cos(2 * math.pi * k / max(n, 1)), math.sin(2 * math.pi * k / max(n, 1)))
        for k, node in enumerate(nodes)
    }
    data: list[dict[str, Any]] = []
    for e in graph["edges"]:
        (x0, y0), (x1, y1) = pos[e["a"]], pos[e["b"]]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [x0, x1],
                "y": [y0, y1],
                "line": {
                    "width": 1 + 2 * e["events"],
                    "color": "#9aa9bd",
                    "dash": "dot" if e["affiliation"] else "solid",
                },
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    for kind, symbol in (("person", "circle"), ("institution", "square")):
        group = [node for node in nodes if node["kind"] == kind]
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": kind,
                "x": [pos[g["id"]][0] for g in group],
                "y": [pos[g["id"]][1] for g in group],
                "text": [g["name"] for g in group],
                "textposition": "top center",
                "marker": {"size": [10 + 3 * g["events"] for g in group], "symbol": symbol},
            }
        )
    fig = {
        "data": data,
        "layout": {
            "height": 520,
            "xaxis": {"visible": False, "range": [-1.6, 1.6]},
            "yaxis": {"visible": False},
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        },
    }
    return {
        "script": figure_script("network-graph", fig),
        "graph": graph,
        "names": {node["id"]: node["name"] for node in nodes},
    }


@router.post("/network/people")
async def add_person(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await request.form()
    try:
        consent_at = _date(form, "consent_at")
        assert consent_at is not None
        person = p.network.add_person(
            who.user,
            name=str(form.get("name", "")),
            consent=str(form.get("consent", "")),
            consent_at=consent_at,
            institution_id=_int(form.get("institution"), "institution"),
            expertise=_list(form, "expertise"),
            regions=_list(form, "regions"),
            languages=_list(form, "languages"),
        )
    except InputError as exc:
        return _network_page(request, who, p, "people", 422, list(exc.problems))
    return _go(f"/network/people/{person.id}")


@router.get("/network/people/{person_id}")
def person(person_id: int, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    found = p.network.person(who.user, person_id)
    events = [
        d
        for d in p.network.dialogues(who.user)
        if any(pid == person_id for pid, _n, _r in d.participants)
    ]
    return page(
        request,
        "network_person.html",
        who,
        person=found,
        events=events,
        issue_names=_issue_names(p),
        problems=[],
    )


@router.post("/network/people/{person_id}/{action}")
async def person_action(
    person_id: int, action: str, request: Request, who: CallerDep, p: PlatformDep
) -> Response:
    form = await request.form()
    try:
        if action == "visibility":
            p.network.set_person_visibility(who.user, person_id, str(form.get("visibility", "")))
        elif action == "link":
            p.network.link_account(who.user, person_id, str(form.get("account", "")))
        elif action == "erase":
            p.network.erase(who.user, person_id)
            return _go("/network?tab=people")
        else:
            raise InputError([f"action: {action[:20]!r} is not visibility, link or erase"])
    except InputError as exc:
        return page(
            request,
            "network_person.html",
            who,
            status=422,
            person=p.network.person(who.user, person_id),
            events=[],
            issue_names=_issue_names(p),
            problems=list(exc.problems),
        )
    return _go(f"/network/people/{person_id}")


@router.post("/network/institutions")
async def add_institution(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await request.form()
    try:
        p.network.add_institution(
            who.user,
            name=str(form.get("name", "")),
            kind=str(form.get("kind", "")),
            country=str(form.get("country", "")),
            regions=_list(form, "regions"),
            visibility=str(form.get("visibility", "workspace")),
        )
    except InputError as exc:
        return _network_page(request, who, p, "institutions", 422, list(exc.problems))
    return _go("/network?tab=institutions")


@router.post("/network/dialogues")
async def add_dialogue(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await request.form()
    try:
        date = _date(form, "date")
        assert date is not None
        known = frozenset(t.id for t in p.kb.timeline())
        organisers = [
            i for i in (_int(v, "organisers") for v in form.getlist("organisers")) if i is not None
        ]
        d = p.network.add_dialogue(
            who.user,
            title=str(form.get("title", "")),
            track=str(form.get("track", "")),
            date=date,
            end_date=_date(form, "end_date", required=False),
            place=str(form.get("place", "")),
            online="online" in form,
            chatham_house="chatham_house" in form,
            organisers=organisers,
            issues=_list(form, "issues"),
            regions=_list(form, "regions"),
            kb_records=_list(form, "kb_records"),
            summary=str(form.get("summary", "")),
            visibility=str(form.get("visibility", "workspace")),
            known_records=known,
        )
    except InputError as exc:
        return _network_page(request, who, p, "dialogues", 422, list(exc.problems))
    return _go(f"/network/dialogues/{d.id}")


@router.get("/network/dialogues/{dialogue_id}")
def dialogue(dialogue_id: int, request: Request, who: CallerDep, p: PlatformDep) -> HTMLResponse:
    return page(
        request,
        "network_dialogue.html",
        who,
        d=p.network.dialogue(who.user, dialogue_id),
        people=p.network.people(who.user),
        issue_names=_issue_names(p),
        problems=[],
    )


@router.post("/network/dialogues/{dialogue_id}/{action}")
async def dialogue_action(
    dialogue_id: int, action: str, request: Request, who: CallerDep, p: PlatformDep
) -> Response:
    form = await request.form()
    try:
        if action == "participants":
            person_id = _int(form.get("person"), "person")
            if person_id is None:
                raise InputError(["person: choose a person"])
            p.network.add_participant(
                who.user, dialogue_id, person_id, str(form.get("role", "participant"))
            )
        elif action == "statements":
            p.network.add_statement(
                who.user,
                dialogue_id,
                str(form.get("text", "")),
                _int(form.get("speaker"), "speaker"),
            )
        else:
            raise InputError([f"action: {action[:20]!r} is not participants or statements"])
    except InputError as exc:
        return page(
            request,
            "network_dialogue.html",
            who,
            status=422,
            d=p.network.dialogue(who.user, dialogue_id),
            people=p.network.people(who.user),
            issue_names=_issue_names(p),
            problems=list(exc.problems),
        )
    return _go(f"/network/dialogues/{dialogue_id}")


@router.get("/network/export.{fmt}")
def export(fmt: str, who: CallerDep, p: PlatformDep) -> Response:
    data = p.network.export(who.user)
    headers = {"Content-Disposition": f'attachment; filename="network.{fmt}"'}
    if fmt == "json":
        return Response(
            json.dumps(data, ensure_ascii=False, indent=1),
            media_type="application/json",
            headers=headers,
        )
    if fmt != "csv":
        raise InputError([f"format: {fmt[:10]!r} is not json or csv"])
    out = io.StringIO()
    columns = [
        "name",
        "institution",
        "expertise",
        "regions",
        "languages",
        "consent",
        "consent_at",
        "visibility",
        "workspace",
    ]
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for person in data["people"]:
        writer.writerow(
            {
                **person,
                **{k: "; ".join(person[k]) for k in ("expertise", "regions", "languages")},
                "institution": person["institution"] or "",
            }
        )
    return Response(out.getvalue(), media_type="text/csv", headers=headers)


@router.post("/network/import")
async def import_people(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    form = await request.form()
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str):
            raise InputError(["file: choose a CSV or JSON file of people"])
        name = (upload.filename or "people")[:200]
        raw = await upload.read(MAX_IMPORT + 1)
        if len(raw) > MAX_IMPORT:
            raise InputError([f"{name}: larger than {MAX_IMPORT // 2**20} MiB"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
        if name.lower().endswith(".json"):
            try:
                loaded = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError([f"{name}: not JSON ({exc.msg}, line {exc.lineno})"]) from None
            rows = loaded.get("people") if isinstance(loaded, dict) else loaded
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise InputError([f"{name}: expected a list of people (objects)"])
            rows = [{k: _cell(v) for k, v in r.items()} for r in rows]
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
        count = p.network.import_people(who.user, rows, name)
    except InputError as exc:
        return _network_page(request, who, p, "data", 422, list(exc.problems))
    return _network_page(request, who, p, "people", imported=count)


def _cell(value: Any) -> str:
    """A JSON value as the text a spreadsheet cell would hold."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@router.get("/me/data")
def my_data(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    data = p.network.my_data(who.user)
    if request.query_params.get("format") == "json":
        return Response(
            json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json"
        )
    return page(request, "my_data.html", who, data=data)


@router.post("/me/erase")
def erase_me(request: Request, who: CallerDep, p: PlatformDep) -> Response:
    p.network.erase(who.user)
    return _go("/me/data")

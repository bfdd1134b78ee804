"""The platform's guards: who may write, CSRF, login rate limits, sessions, workspaces,
cookies and request limits.

The write endpoints are read off the application itself (every POST, PUT, PATCH and DELETE
route, API and pages), so an endpoint added later is checked too: the sweep fails until
:data:`BODIES` knows how to call it. Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.scenario.loader import dumps, load_shipped
from panmun.web.app import MAX_BODY, SESSION_COOKIE, UNSAFE
from tests.web.conftest import PASSWORD, csrf_of, login_token

TokenFn = Callable[[str], dict[str, Any]]
LoginFn = Callable[..., str]
PRESET = "korea-2018-04"
API = "/api/v1"
#: Unsafe routes that take credentials of their own, not an account's: signing in (its
#: double-submit token) and a consultation participant's answers (the participant cookie,
#: with its CSRF token; see test_participant_route_takes_no_account).
ANONYMOUS = {("POST", "/login"), ("POST", "/c")}


# -- the write endpoints, from the application's routes -------------------------------------
def _walk(routes: Any) -> Iterator[Any]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # an included router (FastAPI >= 0.16x)
        if inner is not None:
            yield from _walk(inner.routes)
        elif getattr(route, "routes", None) is not None and not hasattr(route, "methods"):
            yield from _walk(route.routes)
        else:
            yield route


def write_endpoints(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) of an unsafe route the application serves."""
    found = set()
    for route in _walk(app.routes):
        for method in getattr(route, "methods", None) or ():
            if method in UNSAFE:
                found.add((method, str(route.path)))
    return found


def openapi_writes(app: FastAPI) -> set[tuple[str, str]]:
    doc = app.openapi()
    return {
        (method.upper(), path)
        for path, ops in doc["paths"].items()
        for method in ops
        if method.upper() in UNSAFE
    }


@dataclass
class World:
    """What the requests refer to: a stored scenario of the secretariat (amina's, private), a
    consultation on it, and a person and a dialogue event of the network directory."""

    key: int
    data: dict[str, Any]
    cid: int
    person: int  # in the network directory, listed by amina
    dialogue: int
    job: str = ""  # a finished report job of amina's, to publish
    pub: str = ""  # a publication of the secretariat (for the API's writes)
    page_pub: str = ""  # another one (for the management page's forms)


def _edited(w: World) -> dict[str, Any]:
    data = {**w.data, "positions": [dict(p) for p in w.data["positions"]]}
    for p in data["positions"]:
        if (p["actor"], p["issue"]) == ("dprk", "exchanges"):
            p["salience"] = 0.75
    return data


Body = Callable[[World], dict[str, Any]]
#: (method, route path) -> the request's parts, given the world; with the status a writer gets.
BODIES: dict[tuple[str, str], tuple[Body, int]] = {
    ("POST", f"{API}/tokens"): (lambda w: {"json": {"label": "script"}}, 201),
    ("POST", f"{API}/scenarios"): (lambda w: {"json": {"copy_of": PRESET, "slug": "new"}}, 201),
    ("PUT", f"{API}/scenarios/{{key}}"): (lambda w: {"json": {"scenario": _edited(w)}}, 200),
    ("PATCH", f"{API}/scenarios/{{key}}"): (lambda w: {"json": {"visibility": "team"}}, 200),
    ("DELETE", f"{API}/scenarios/{{key}}"): (lambda w: {}, 204),
    ("POST", f"{API}/presets/{{key}}/whatif"): (lambda w: {"json": {"draws": 20}}, 200),
    ("POST", f"{API}/scenarios/{{key}}/whatif"): (lambda w: {"json": {"draws": 20}}, 200),
    ("POST", f"{API}/presets/{{key}}/jobs"): (
        lambda w: {"json": {"kind": "forecast", "draws": 20}},
        202,
    ),
    ("POST", f"{API}/scenarios/{{key}}/jobs"): (
        lambda w: {"json": {"kind": "forecast", "draws": 20}},
        202,
    ),
    ("POST", f"{API}/users"): (
        lambda w: {"json": {"name": "zed", "password": "long enough pw", "role": "viewer"}},
        201,
    ),
    ("POST", "/logout"): (lambda w: {"data": {}}, 303),
    ("POST", "/s/presets/{key}/copy"): (lambda w: {"data": {"slug": "copied"}}, 303),
    ("POST", "/s/scenarios/{key}/edit"): (
        lambda w: {
            "data": {
                "issue": "exchanges",
                "positions[dprk][exchanges].position": "65",
                "message": "from the form",
            }
        },
        303,
    ),
    ("POST", "/s/{kind}/{key}/report"): (lambda w: {"data": {}}, 303),
    ("POST", "/import"): (
        lambda w: {
            "data": {},
            "files": {
                "file": (
                    "mine.yaml",
                    dumps(load_shipped(PRESET)).replace(f"id: {PRESET}", "id: mine"),
                )
            },
        },
        303,
    ),
    ("POST", "/admin/users"): (
        lambda w: {"data": {"name": "zoe", "password": "long enough pw", "role": "viewer"}},
        303,
    ),
    ("POST", "/admin/workspaces"): (
        lambda w: {"data": {"action": "create", "slug": "newteam", "name": "New team"}},
        303,
    ),
    ("POST", f"{API}/workspaces"): (
        lambda w: {"json": {"slug": "apiteam", "name": "API team"}},
        201,
    ),
    ("POST", f"{API}/workspaces/{{slug}}/members"): (lambda w: {"json": {"name": "victor"}}, 204),
    ("DELETE", f"{API}/workspaces/{{slug}}/members/{{name}}"): (lambda w: {}, 204),
    ("POST", "/s/scenarios/{key}/consultations"): (
        lambda w: {"data": {"title": "Salience", "item": "dprk/exchanges/salience", "rounds": "2"}},
        303,
    ),
    # Inviting shows the new links on the consultation's page.
    ("POST", "/consultations/{cid}/{action}"): (lambda w: {"data": {"labels": "A\nB"}}, 200),
    ("POST", "/network/people"): (
        lambda w: {"data": {"name": "Kim", "consent": "email", "consent_at": "2025-01-02"}},
        303,
    ),
    ("POST", "/network/people/{person_id}/{action}"): (lambda w: {"data": {}}, 303),  # erase
    ("POST", "/network/institutions"): (
        lambda w: {"data": {"name": "Institute", "kind": "think_tank", "country": "KR"}},
        303,
    ),
    ("POST", "/network/dialogues"): (
        lambda w: {"data": {"title": "Talks", "track": "track2", "date": "2025-01-02"}},
        303,
    ),
    ("POST", "/network/dialogues/{dialogue_id}/{action}"): (
        lambda w: {"data": {"text": "Both sides spoke of trust."}},  # a statement
        303,
    ),
    # The directory's page, with the count of people imported.
    ("POST", "/network/import"): (
        lambda w: {
            "data": {},
            "files": {"file": ("people.csv", "name,consent,consent_at\nLee,email,2025-01-02\n")},
        },
        200,
    ),
    ("POST", "/me/erase"): (lambda w: {"data": {}}, 303),
    ("POST", f"{API}/publications"): (lambda w: {"json": {"job": w.job, "kind": "brief"}}, 201),
    ("POST", f"{API}/publications/{{slug}}/corrections"): (
        lambda w: {"json": {"note": "Clearer title", "title": "A clearer brief"}},
        201,
    ),
    ("POST", f"{API}/publications/{{slug}}/withdrawal"): (
        lambda w: {"json": {"note": "Wrong scenario"}},
        200,
    ),
    ("POST", "/publications"): (lambda w: {"data": {"job": w.job, "kind": "brief"}}, 303),
    ("POST", "/publications/{slug}/correct"): (
        lambda w: {"data": {"note": "Clearer title", "title": "A clearer brief"}},
        303,
    ),
    ("POST", "/publications/{slug}/withdraw"): (
        lambda w: {"data": {"note": "Wrong scenario"}},
        303,
    ),
}
#: Unsafe requests a viewer may make: they change nothing shared.
VIEWER_MAY = {
    ("POST", f"{API}/presets/{{key}}/whatif"),  # a what-if saves nothing: it is a read
    ("POST", f"{API}/scenarios/{{key}}/whatif"),
    ("POST", f"{API}/tokens"),  # an API token for the viewer's own scripts (reads only)
    ("POST", "/logout"),  # ending one's own session
    ("POST", "/me/erase"),  # erasing one's own entries in the network directory
}
#: The order of the sweep with a writer: what ends the session or the scenario goes last.
LAST = [("DELETE", f"{API}/scenarios/{{key}}"), ("POST", "/logout")]


def url_of(path: str, w: World) -> str:
    kind = "scenarios" if path.startswith((f"{API}/scenarios/", "/s/scenarios/")) else "presets"
    key = str(w.key) if kind == "scenarios" else PRESET
    if path.startswith(f"{API}/publications/"):
        path = path.replace("{slug}", w.pub)
    elif path.startswith("/publications/"):
        path = path.replace("{slug}", w.page_pub)
    # A workspace's members: otto of "otherteam" (whom a writer's sweep may take out).
    path = path.replace("{slug}", "otherteam").replace("{name}", "otto")
    path = path.replace("{cid}", str(w.cid)).replace("{person_id}", str(w.person))
    path = path.replace("{dialogue_id}", str(w.dialogue))
    if path.startswith("/consultations/"):
        path = path.replace("{action}", "invite")
    elif path.startswith("/network/people/"):
        path = path.replace("{action}", "erase")
    else:
        path = path.replace("{action}", "statements")
    return path.replace("{kind}", "presets").replace("{key}", key)


def send(
    c: TestClient,
    endpoint: tuple[str, str],
    w: World,
    csrf: str | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """Make the request; ``csrf`` goes in the header (API) or the form field (pages)."""
    method, path = endpoint
    parts = BODIES[endpoint][0](w)
    hdrs = {**(headers or {})}
    if csrf is not None:
        if "data" in parts:
            parts["data"] = {**parts["data"], "csrf_token": csrf}
        else:
            hdrs["X-CSRF-Token"] = csrf
    return c.request(method, url_of(path, w), headers=hdrs, follow_redirects=False, **parts)


def ordered(endpoints: set[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(endpoints - set(LAST)) + [e for e in LAST if e in endpoints]


@pytest.fixture
def writes(app: FastAPI) -> set[tuple[str, str]]:
    found = write_endpoints(app)
    assert openapi_writes(app) <= found
    unknown = found - set(BODIES) - ANONYMOUS
    assert not unknown, f"add a plausible request for each new write endpoint to BODIES: {unknown}"
    return found - ANONYMOUS


@pytest.fixture
def world(app: FastAPI) -> World:
    """A private scenario of the secretariat, stored by amina; jobs are queued, never run."""
    p = app.state.platform
    amina = p.accounts.by_name("amina")
    info = p.scenarios.create(amina, load_shipped(PRESET), slug="secret")
    p.jobs._run = lambda *args: None  # the sweeps check who may start a job, not the job
    from panmun.scenario.loader import to_data
    from panmun.web.consultations import ItemSpec

    consultation = p.consultations.create(
        amina, info.id, title="Exchanges", items=[ItemSpec("dprk", "exchanges", "position")]
    )
    day = dt.date(2025, 1, 2)
    person = p.network.add_person(amina, name="Park", consent="email", consent_at=day)
    dialogue = p.network.add_dialogue(amina, title="Workshop", track="workshop", date=day)
    for name in ("victor", "alice"):  # their own profiles, which /me/erase erases
        own = p.network.add_person(amina, name=name.title(), consent="email", consent_at=day)
        p.network.link_account(amina, own.id, name)
    from panmun.web.db import JobRow
    from panmun.web.publications import Meta

    report = {"scenario": {"id": PRESET, "title": "A brief", "description": "",
                           "context": "Korean Peninsula"}, "issue_names": {}}  # fmt: skip
    job = "0123456789abcdef"
    with p.sessions.begin() as s:
        s.add(JobRow(id=job, kind="report", user_id=amina.id, scenario=f"preset:{PRESET}",
                     version=1, settings={}, state="done", stage="", done=7, total=7,
                     error=None, result=report, created_at=dt.datetime.now(dt.UTC)))  # fmt: skip
    meta = Meta.checked("A brief", ["amina"], "", "Korean Peninsula", [])
    pub, page_pub = (p.publications.publish(amina, report, kind="brief", meta=meta).slug
                     for _ in range(2))  # fmt: skip
    return World(info.id, to_data(load_shipped(PRESET)), consultation.id, person.id, dialogue.id,
                 job, pub, page_pub)  # fmt: skip


def audit_size(app: FastAPI) -> int:
    return len(app.state.platform.scenarios.audit_log(1000))


# -- (a) anonymous users and viewers cannot write -------------------------------------------
def test_the_sweep_sees_every_write(writes: set[tuple[str, str]], app: FastAPI) -> None:
    expected = {
        ("PATCH", f"{API}/scenarios/{{key}}"),
        ("POST", "/import"),
        ("POST", "/admin/users"),
        ("POST", "/logout"),
        ("POST", "/s/{kind}/{key}/report"),
        ("POST", "/s/presets/{key}/copy"),
        ("POST", "/s/scenarios/{key}/edit"),
    }
    assert expected <= writes
    assert openapi_writes(app) <= writes and len(openapi_writes(app)) >= 10


def test_anonymous_cannot_write(
    app: FastAPI, client: TestClient, writes: set[tuple[str, str]], world: World
) -> None:
    before = audit_size(app)
    for endpoint in ordered(writes):
        r = send(client, endpoint, world)
        if endpoint[1].startswith(API):
            assert r.status_code == 401, (endpoint, r.status_code, r.text)
            assert r.json()["detail"] == ["sign in, or send an API token (Authorization: Bearer)"]
        else:  # a page form sends the browser to the login page
            assert r.status_code == 303, (endpoint, r.status_code, r.text)
            assert r.headers["location"].startswith("/login?next="), endpoint
    assert audit_size(app) == before


def test_viewers_cannot_write(
    app: FastAPI,
    client: TestClient,
    login: LoginFn,
    writes: set[tuple[str, str]],
    world: World,
) -> None:
    csrf = login("victor")  # a member of the scenario's workspace: he may read it
    assert client.get(f"{API}/scenarios/{world.key}").status_code == 200
    before = audit_size(app)
    for endpoint in ordered(writes - VIEWER_MAY):
        r = send(client, endpoint, world, csrf)
        assert r.status_code == 403, (endpoint, r.status_code, r.text)
    assert audit_size(app) == before
    assert (
        len(
            app.state.platform.scenarios.versions(
                app.state.platform.accounts.by_name("amina"), world.key
            )
        )
        == 1
    )


def test_what_viewers_may_post(
    app: FastAPI, client: TestClient, login: LoginFn, writes: set[tuple[str, str]], world: World
) -> None:
    """The exceptions, one by one: a what-if is a read and saves nothing."""
    csrf = login("victor")
    before = audit_size(app)
    for endpoint in ordered(VIEWER_MAY & writes):
        r = send(client, endpoint, world, csrf)
        assert r.status_code == BODIES[endpoint][1], (endpoint, r.status_code, r.text)
        if endpoint[1].endswith("/whatif"):
            assert r.json()["result"] == r.json()["baseline"]
    log = app.state.platform.scenarios.audit_log(1000)
    # Only what is the viewer's own is recorded; the what-ifs left nothing behind.
    assert sorted(e["action"] for e in log[: len(log) - before]) == [
        "person.erase",
        "token.create",
    ]


def test_analysts_are_not_admins(client: TestClient, login: LoginFn, world: World) -> None:
    csrf = login("amina")
    for endpoint in [("POST", f"{API}/users"), ("POST", "/admin/users")]:
        assert send(client, endpoint, world, csrf).status_code == 403, endpoint


# -- (b) CSRF --------------------------------------------------------------------------------
def test_session_writes_need_the_csrf_token(
    app: FastAPI,
    client: TestClient,
    login: LoginFn,
    writes: set[tuple[str, str]],
    world: World,
) -> None:
    csrf = login("alice")  # an admin: her role never is the reason for a refusal
    before = audit_size(app)
    for endpoint in ordered(writes):
        for sent in (None, "", "x" * len(csrf), csrf[:-1]):
            r = send(client, endpoint, world, sent)
            assert r.status_code == 403, (endpoint, sent, r.status_code, r.text)
            assert "csrf_token: missing or wrong" in r.text, endpoint
    assert audit_size(app) == before
    for endpoint in ordered(writes):
        r = send(client, endpoint, world, csrf)
        assert r.status_code == BODIES[endpoint][1], (endpoint, r.status_code, r.text)
        if r.status_code == 303 and endpoint != ("POST", "/logout"):
            assert not r.headers["location"].startswith("/login"), endpoint
    assert audit_size(app) > before


def test_csrf_token_of_another_session_is_refused(app: FastAPI, login: LoginFn) -> None:
    mine = login("amina")
    with TestClient(app, base_url="http://127.0.0.1") as other:
        assert _try(other, "amina", PASSWORD).status_code == 303
        theirs = csrf_of(other)
        assert theirs != mine
        url, body = f"{API}/scenarios", {"copy_of": PRESET}
        assert other.post(url, json=body, headers={"X-CSRF-Token": mine}).status_code == 403
        assert other.post(url, json=body, headers={"X-CSRF-Token": theirs}).status_code == 201


def test_participant_route_takes_no_account(
    client: TestClient, login: LoginFn, token: TokenFn
) -> None:
    """``POST /c`` answers for the participant whose cookie it carries, and nobody else."""
    form = {"csrf_token": "x", "q1.best": "5", "q1.low": "1", "q1.high": "9"}
    assert client.post("/c", data=form).status_code == 404
    assert client.post("/c", data=form, headers=token("alice")).status_code == 404
    form["csrf_token"] = login("alice")
    assert client.post("/c", data=form).status_code == 404


def test_bearer_tokens_need_no_csrf(client: TestClient, token: TokenFn) -> None:
    r = client.post(f"{API}/scenarios", json={"copy_of": PRESET}, headers=token("amina"))
    assert r.status_code == 201, r.text


def test_login_form_has_its_own_token(client: TestClient) -> None:
    login_token(client)
    for sent in ({}, {"login_token": "forged"}):
        r = client.post(
            "/login", data={"name": "amina", "password": PASSWORD, **sent}, follow_redirects=False
        )
        assert r.status_code == 403
        assert SESSION_COOKIE not in client.cookies


# -- (c) login rate limits -------------------------------------------------------------------
def _try(c: TestClient, name: str, password: str) -> Any:
    return c.post(
        "/login",
        data={"name": name, "password": password, "login_token": login_token(c)},
        follow_redirects=False,
    )


def test_five_wrong_passwords_lock_the_name(client: TestClient) -> None:
    for _ in range(5):
        assert _try(client, "amina", "wrong password").status_code == 401
    r = _try(client, "amina", PASSWORD)
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 301
    assert re.search(r"\d+ seconds", r.text)
    assert SESSION_COOKIE not in client.cookies
    # The lock is on the name: another account from the same client still signs in.
    assert _try(client, "victor", PASSWORD).status_code == 303


def test_twenty_failures_lock_the_client(client: TestClient) -> None:
    for k in range(20):
        assert _try(client, f"nobody{k}", "wrong password").status_code == 401
    r = _try(client, "amina", PASSWORD)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


# -- (d) sessions ----------------------------------------------------------------------------
def _me(app: FastAPI, cookie: str) -> int:
    with TestClient(app, base_url="http://127.0.0.1") as c:
        c.cookies.set(SESSION_COOKIE, cookie)
        return c.get(f"{API}/me").status_code


def test_session_id_changes_at_login_and_dies_at_logout(
    app: FastAPI, client: TestClient, login: LoginFn
) -> None:
    client.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker", domain="127.0.0.1")
    login("amina")
    first = client.cookies[SESSION_COOKIE]
    assert first != "chosen-by-an-attacker" and len(first) >= 40
    assert _me(app, first) == 200
    csrf = login("amina")
    second = client.cookies[SESSION_COOKIE]
    assert second != first
    assert _me(app, first) == 401  # signing in again ends the previous session
    assert _me(app, second) == 200
    r = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert _me(app, second) == 401
    assert client.get(f"{API}/me").status_code == 401


# -- (e) workspaces ------------------------------------------------------------------------
def test_other_workspace_reads_only_team_scenarios_and_never_writes(
    app: FastAPI, client: TestClient, token: TokenFn, login: LoginFn, world: World
) -> None:
    amina, otto = token("amina"), token("otto")
    key = world.key
    reads = [
        f"{API}/scenarios/{key}",
        f"{API}/scenarios/{key}/versions",
        f"{API}/scenarios/{key}/export?format=json",
        f"{API}/scenarios/{key}/diff?a=1&b=1",
    ]
    for url in reads:
        assert client.get(url, headers=otto).status_code == 404, url
    assert key not in {s["id"] for s in client.get(f"{API}/scenarios", headers=otto).json()}
    whatif = client.post(f"{API}/scenarios/{key}/whatif", json={"draws": 20}, headers=otto)
    assert whatif.status_code == 404
    assert (
        client.patch(
            f"{API}/scenarios/{key}", json={"visibility": "team"}, headers=otto
        ).status_code
        == 404
    )
    csrf = login("otto")
    page = client.get(f"/s/scenarios/{key}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert client.get(f"/s/scenarios/{key}/forecast?draws=20").status_code == 404

    # A viewer of the workspace may not share it; its analyst may.
    assert (
        client.patch(
            f"{API}/scenarios/{key}", json={"visibility": "team"}, headers=token("victor")
        ).status_code
        == 403
    )
    r = client.patch(f"{API}/scenarios/{key}", json={"visibility": "team"}, headers=amina)
    assert r.status_code == 200 and r.json()["visibility"] == "team"

    for url in reads:
        assert client.get(url, headers=otto).status_code == 200, url
    assert key in {s["id"] for s in client.get(f"{API}/scenarios", headers=otto).json()}
    assert client.get(f"/s/scenarios/{key}", headers={"Accept": "text/html"}).status_code == 200

    # Reading is not writing.
    w = world
    for endpoint in [
        ("PUT", f"{API}/scenarios/{{key}}"),
        ("DELETE", f"{API}/scenarios/{{key}}"),
        ("PATCH", f"{API}/scenarios/{{key}}"),
    ]:
        r = send(client, endpoint, w, headers=otto)
        assert r.status_code == 403, (endpoint, r.text)
    r = send(client, ("POST", "/s/scenarios/{key}/edit"), w, csrf)
    assert r.status_code == 403
    assert client.get(f"/s/scenarios/{key}/edit").status_code == 403
    assert (
        app.state.platform.scenarios.info(app.state.platform.accounts.by_name("amina"), key).latest
        == 1
    )

    r = client.patch(f"{API}/scenarios/{key}", json={"visibility": "private"}, headers=amina)
    assert r.status_code == 200
    assert client.get(f"{API}/scenarios/{key}", headers=otto).status_code == 404


def test_visibility_change_is_validated(client: TestClient, token: TokenFn, world: World) -> None:
    amina = token("amina")
    for body in ({"visibility": "public"}, {}, {"visibility": "team", "slug": "x"}):
        r = client.patch(f"{API}/scenarios/{world.key}", json=body, headers=amina)
        assert r.status_code == 422, (body, r.text)
    assert (
        client.patch(
            f"{API}/scenarios/99999", json={"visibility": "team"}, headers=amina
        ).status_code
        == 404
    )
    r = client.patch(
        f"{API}/scenarios/{world.key}", json={"visibility": "team"}, headers=token("alice")
    )
    assert r.status_code == 200  # admins may change any scenario


def test_jobs_of_a_private_scenario_stay_private(
    client: TestClient, token: TokenFn, world: World
) -> None:
    r = client.post(
        f"{API}/scenarios/{world.key}/jobs",
        json={"kind": "forecast", "draws": 20},
        headers=token("amina"),
    )
    assert r.status_code == 202
    job = r.json()["id"]
    assert client.get(f"{API}/jobs/{job}", headers=token("victor")).status_code == 200
    assert client.get(f"{API}/jobs/{job}", headers=token("otto")).status_code == 404
    assert client.get(f"{API}/jobs/{job}/result", headers=token("otto")).status_code == 404


# -- (f) cookies -----------------------------------------------------------------------------
def _cookie(response: Any, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return str(found[0]).lower()


def test_cookies_are_httponly_and_samesite(app: FastAPI) -> None:
    for base, secure in (("http://127.0.0.1", False), ("https://127.0.0.1", True)):
        with TestClient(app, base_url=base) as c:
            form = c.get("/login")
            login_cookie = _cookie(form, "panmun_login")
            assert "httponly" in login_cookie and "samesite=strict" in login_cookie
            r = _try(c, "amina", PASSWORD)
            assert r.status_code == 303
            session = _cookie(r, SESSION_COOKIE)
            assert "httponly" in session and "samesite=lax" in session and "path=/" in session
            assert ("secure" in session.split("; ")) is secure
            lang = _cookie(c.get("/?lang=en"), "panmun_lang")
            assert "samesite=lax" in lang


def test_security_headers(client: TestClient) -> None:
    r = client.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


# -- (g) limits and tokens -------------------------------------------------------------------
def test_body_over_8_mib_is_refused(client: TestClient, token: TokenFn) -> None:
    big = b"{" + b" " * MAX_BODY + b"}"
    for headers in ({}, token("amina")):
        r = client.post(
            f"{API}/scenarios", content=big, headers={**headers, "Content-Type": "application/json"}
        )
        assert r.status_code == 413, r.text
        assert r.json()["detail"] == ["request body: over 8 MiB"]

    def chunks() -> Iterator[bytes]:
        yield b"{"
        for _ in range(9):
            yield b" " * 2**20
        yield b"}"

    r = client.post(
        f"{API}/scenarios",
        content=chunks(),
        headers={**token("amina"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413, r.text
    r = client.post("/import", content=b"x" * 10, headers={"Content-Length": b"\xb2"})
    assert r.status_code == 413


def test_unknown_api_token_is_refused(client: TestClient) -> None:
    for value in ("Bearer pmn_not-a-token", "Bearer ", "bearer pmn_x"):
        r = client.get(f"{API}/me", headers={"Authorization": value})
        assert r.status_code == 401, value
        r = client.post(
            f"{API}/scenarios", json={"copy_of": PRESET}, headers={"Authorization": value}
        )
        assert r.status_code == 401, value


def test_odd_values_get_4xx_on_every_backend(
    client: TestClient, token: TokenFn, login: LoginFn, world: World
) -> None:
    """What SQLite stores and PostgreSQL refuses (NUL characters, numbers past 32 bits) is
    refused with a 4xx on both, never a server error."""
    h, admin = token("amina"), token("alice")
    key = world.key
    data = {**world.data, "title": "T\x00"}
    requests: list[tuple[str, str, Any, dict[str, Any]]] = [
        ("GET", f"{API}/scenarios/2147483648", None, h),
        ("GET", f"{API}/scenarios/99999999999999999999", None, h),
        ("GET", f"{API}/scenarios/{key}?version=2147483648", None, h),
        ("GET", f"{API}/scenarios/{key}/diff?a=1&b=2147483648", None, h),
        ("GET", f"{API}/kb/records/a%00b", None, h),
        ("GET", f"{API}/kb/search?q=a%00b", None, h),
        ("GET", f"{API}/jobs/a%00b", None, h),
        ("POST", f"{API}/tokens", {"label": "a\x00b"}, h),
        ("PUT", f"{API}/scenarios/{key}", {"scenario": data, "message": "m\x00"}, h),
        ("POST", f"{API}/scenarios", {"copy_of": PRESET, "workspace": "w\x00"}, h),
        ("POST", f"{API}/workspaces/secretariat/members", {"name": "a\x00"}, admin),
        ("DELETE", f"{API}/workspaces/a%00/members/otto", None, admin),
    ]
    for method, url, body, headers in requests:
        r = client.request(method, url, json=body, headers=headers)
        assert 400 <= r.status_code < 500, (method, url, r.status_code, r.text)
        assert r.json()["detail"], (method, url)
    # SQLite keeps a NUL in a workspace's title; PostgreSQL cannot: never a server error.
    r = client.post(f"{API}/workspaces", json={"slug": "okslug", "name": "x\x00"}, headers=admin)
    assert r.status_code in (201, 422), r.text
    r = client.post(
        "/login",
        data={"name": "amina\x00", "password": PASSWORD, "login_token": login_token(client)},
    )
    assert 400 <= r.status_code < 500
    assert client.get("/kb/a%00b").status_code == 422

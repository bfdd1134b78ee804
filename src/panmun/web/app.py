"""The platform's FastAPI application: storage, sign-in, CSRF, errors, templates, assets.

:func:`create_app` builds the application over one database URL. The JSON API
(:mod:`panmun.web.api`) and the pages (:mod:`panmun.web.pages`) are two faces over the same
objects held in :class:`Platform`; neither computes a number itself (see
:mod:`panmun.web.analyses`).

Sign-in: a browser holds a session cookie (HttpOnly, SameSite=Lax, ``Secure`` when served
over HTTPS); every unsafe request made with that cookie must carry the session's CSRF token
(form field ``csrf_token`` or header ``X-CSRF-Token``). A script sends
``Authorization: Bearer <token>`` instead, which needs no CSRF token because the browser
never adds it by itself. The login form is protected by a double-submit token of its own.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panmun import __version__
from panmun.errors import InputError
from panmun.scenario.models import Scenario
from panmun.web.accounts import Accounts, User, Workspaces
from panmun.web.analyses import AnalysisCache
from panmun.web.consultations import Consultations
from panmun.web.i18n import LANGUAGES, choose
from panmun.web.jobs import Jobs
from panmun.web.network import Network
from panmun.web.scenarios import Forbidden, NotFound, Scenarios

SESSION_COOKIE = "panmun_session"
LOGIN_COOKIE = "panmun_login"
LANG_COOKIE = "panmun_lang"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The largest request body accepted (an uploaded scenario or spreadsheet).
MAX_BODY = 8 * 1024 * 1024


class Unauthenticated(Exception):
    """No valid session or token."""


class CsrfRefused(Exception):
    """An unsafe request made with a session cookie lacked the session's CSRF token."""


class _BodyLimit:
    """Refuse a body that grows past :data:`MAX_BODY` while it is read, as one sent without
    a ``Content-Length`` (chunked) does; a declared length is checked before (``_limits``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    # An HTTPException, so that FastAPI's body parsing lets it through.
                    raise StarletteHTTPException(413, f"request body: over {MAX_BODY // 2**20} MiB")
            return message

        await self.app(scope, limited, send)


class Platform:
    """Everything a request needs: the database and the services over it.

    Parameters
    ----------
    url
        The SQLAlchemy URL of the database (default: the knowledge base's default).
    hasher
        The password hasher (tests pass a cheap argon2 one).
    """

    def __init__(self, url: str | None = None, hasher: Any | None = None) -> None:
        from panmun.knowledge.api import KnowledgeBase

        kb = KnowledgeBase.open(url)
        self.kb = kb
        self.engine = kb.engine
        from panmun.knowledge.db import session_factory

        self.sessions = session_factory(self.engine)
        self.accounts = Accounts(self.sessions, hasher)
        self.scenarios = Scenarios(self.sessions)
        self.workspaces = Workspaces(self.sessions)
        self.consultations = Consultations(self.sessions, self.scenarios)
        self.network = Network(self.sessions)
        self.jobs = Jobs(self.sessions)
        self.cache = AnalysisCache()
        from panmun.web.publications import Publications

        self.publications = Publications(self.sessions)

    def scenarios_unchecked(self, scenario_id: int, version: int) -> Scenario:
        """A stored scenario version without an account's access check, for a consultation's
        participants (whose invitation is their access to that one scenario's questions)."""
        return self.scenarios.load_version(scenario_id, version)

    def close(self) -> None:
        """Wait for running jobs and release the database."""
        self.jobs.shutdown()
        self.engine.dispose()


@dataclass
class Caller:
    """Who is asking, and how."""

    user: User
    csrf: str | None  # None for a bearer token
    lang: str


def platform(request: Request) -> Platform:
    """The request's :class:`Platform`."""
    p: Platform = request.app.state.platform
    return p


def language(request: Request) -> str:
    """The interface language of the request."""
    return choose(
        request.cookies.get(LANG_COOKIE),
        request.query_params.get("lang"),
        request.headers.get("accept-language"),
    )


async def _form_token(request: Request) -> str | None:
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


async def caller(request: Request) -> Caller:
    """Authenticate the request; check the CSRF token of an unsafe cookie request.

    Raises
    ------
    Unauthenticated
        Without a valid bearer token or session cookie.
    CsrfRefused
        For an unsafe request with a session cookie and no matching token.
    """
    p = platform(request)
    lang = language(request)
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = p.accounts.token_user(auth[7:].strip())
        if user is None:
            raise Unauthenticated()
        return Caller(user, None, lang)
    cookie = request.cookies.get(SESSION_COOKIE)
    found = p.accounts.session(cookie) if cookie else None
    if found is None:
        raise Unauthenticated()
    user, csrf = found
    if request.method in UNSAFE:
        sent = request.headers.get("x-csrf-token") or await _form_token(request)
        if not sent or not hmac.compare_digest(sent, csrf):
            raise CsrfRefused()
    return Caller(user, csrf, lang)


async def optional_caller(request: Request) -> Caller | None:
    """The caller, or ``None`` when nobody is signed in (for the login page)."""
    try:
        return await caller(request)
    except (Unauthenticated, CsrfRefused):
        return None


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(url: str | None = None, *, hasher: Any | None = None) -> FastAPI:
    """Build the application over the database at ``url``.

    The database is created and migrated on first use and the knowledge base seeded, as
    ``panmun kb`` does.
    """
    from panmun.web import admin, api, consult_pages, network_pages, pages, pub_api, pub_pages

    p = Platform(url, hasher)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        p.jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="panmun",
        version=__version__,
        description=(
            "The panmun platform: scenarios, forecasts, packages, roadmaps, trust, the "
            "knowledge base and reports. Authenticate with a session cookie (plus the "
            "X-CSRF-Token header on writes) or an API token: Authorization: Bearer <token>."
        ),
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.platform = p
    app.add_middleware(_BodyLimit)

    @app.middleware("http")
    async def _limits(request: Request, call_next: Any) -> Response:
        if "\x00" in request.url.path or "%00" in request.url.query:
            return _error(request, 422, ["request: the address contains a NUL character (%00)"])
        length = request.headers.get("content-length")
        if length is not None and (
            not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY
        ):
            return _error(request, 413, [f"request body: over {MAX_BODY // 2**20} MiB"])
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> Response:
        if _is_api(request):
            return _error(request, 401, ["sign in, or send an API token (Authorization: Bearer)"])
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return _error(request, 403, ["csrf_token: missing or wrong; reload the page and retry"])

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, [f"{exc}: not found"])

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, [str(exc)])

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return _error(request, 422, list(exc.problems))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, [str(exc.detail)])

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, [_plain(e) for e in exc.errors()])

    from sqlalchemy.exc import DataError

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        # PostgreSQL refuses what SQLite stores: a NUL character, a number out of range.
        return _error(request, 422, ["request: a value the database cannot store (a NUL "
                                     "character, or a number or text out of range)"])  # fmt: skip

    @app.get("/healthz", include_in_schema=True, tags=["service"])
    def healthz() -> dict[str, str]:
        """Liveness: the server answers and its database is reachable."""
        from sqlalchemy import text

        with p.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": __version__}

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return _static(name)

    app.include_router(admin.router)
    app.include_router(api.router)
    app.include_router(consult_pages.router)
    app.include_router(network_pages.router)
    app.include_router(pub_api.router)
    app.include_router(pub_pages.router)
    app.include_router(pages.router)

    return app


def _plain(err: Any) -> str:
    loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path")]
    where = ".".join(loc) or "request"
    value = err.get("input")
    shown = repr(value) if isinstance(value, str | int | float) and len(repr(value)) < 80 else None
    msg = str(err.get("msg", "invalid")).lower()
    return f"{where}: {msg}" + (f" (value {shown})" if shown else "")


def _error(request: Request, status: int, problems: list[str]) -> Response:
    if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": problems}, status_code=status)
    from panmun.web.pages import render_error

    return render_error(request, status, problems)


_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


def _static(name: str) -> Response:
    headers = {"Cache-Control": "public, max-age=3600"}
    if name == "plotly.min.js":
        from panmun.report.charts import plotly_js

        return Response(plotly_js(), media_type="text/javascript", headers=headers)
    folder = resources.files("panmun.web").joinpath("static")
    item = folder.joinpath(name)
    suffix = Path(name).suffix
    if "/" in name or suffix not in _TYPES or not item.is_file():
        return JSONResponse({"detail": [f"static file {name!r}: not found"]}, status_code=404)
    return Response(item.read_bytes(), media_type=_TYPES[suffix], headers=headers)


def new_login_token() -> str:
    """A fresh double-submit token for the login form."""
    return secrets.token_urlsafe(24)


__all__ = [
    "LANGUAGES",
    "Caller",
    "Platform",
    "caller",
    "create_app",
    "language",
    "optional_caller",
    "platform",
]

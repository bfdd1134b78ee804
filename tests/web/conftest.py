"""Fixtures of the platform tests: an application over a fresh database on each backend
(SQLite and a throwaway PostgreSQL server, as the knowledge-base tests use), with four
accounts, and a way to sign in through the login form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.web.app import create_app
from tests.knowledge.conftest import (  # noqa: F401  (fixtures shared with the kb tests)
    _isolated_data_dir,
    backend,
    pg_seeded_url,
    pg_template,
    postgres_server,
    seeded_url,
    sqlite_seeded_url,
    sqlite_template,
)

PASSWORD = "correct horse battery"
#: name -> (role, workspace)
ACCOUNTS = {
    "alice": ("admin", "secretariat"),
    "amina": ("analyst", "secretariat"),
    "victor": ("viewer", "secretariat"),
    "otto": ("analyst", "otherteam"),
}


def cheap_hasher() -> PasswordHasher:
    """Argon2id with the smallest cost: the tests check behaviour, not hashing strength."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def app(seeded_url: str) -> Iterator[FastAPI]:  # noqa: F811  (the fixture imported above)
    """The platform over a fresh database with the shipped records and four accounts."""
    application = create_app(seeded_url, hasher=cheap_hasher())
    accounts = application.state.platform.accounts
    for name, (role, workspace) in ACCOUNTS.items():
        accounts.add_user(name, PASSWORD, role, workspace)
    yield application
    application.state.platform.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser-like client (cookies kept) of ``app``."""
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def login_token(c: TestClient) -> str:
    """Open the login form and return its double-submit token."""
    page = c.get("/login")
    found = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def csrf_of(c: TestClient) -> str:
    """The CSRF token of the signed-in session, as the pages carry it."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").text)
    assert found
    return found.group(1)


@pytest.fixture
def login(client: TestClient) -> Callable[..., str]:
    """Sign ``client`` in as an account through the form; return the session's CSRF token."""

    def _login(name: str, password: str = PASSWORD) -> str:
        r = client.post(
            "/login",
            data={"name": name, "password": password, "login_token": login_token(client)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return csrf_of(client)

    return _login


@pytest.fixture
def token(app: FastAPI) -> Callable[[str], dict[str, Any]]:
    """Authorization headers with a fresh API token of an account."""

    def _token(name: str) -> dict[str, Any]:
        accounts = app.state.platform.accounts
        user = accounts.by_name(name)
        assert user is not None
        return {"Authorization": f"Bearer {accounts.new_token(user, 'test')}"}

    return _token

"""The platform answers: health, sign-in, a page, the API with a token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient


def test_health_needs_no_account(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_signed_in_home_lists_the_presets(client: TestClient, login: Callable[..., str]) -> None:
    login("amina")
    r = client.get("/")
    assert r.status_code == 200
    assert "Korean Peninsula, May 2026" in r.text


def test_api_token_reads_presets(
    client: TestClient, token: Callable[[str], dict[str, Any]]
) -> None:
    r = client.get("/api/v1/presets", headers=token("victor"))
    assert r.status_code == 200
    assert "korea-2026-05" in {p["id"] for p in r.json()}

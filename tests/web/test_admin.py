"""Administration: workspaces and their members, through the API and the admin page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient


def test_admin_creates_a_workspace_and_adds_a_member(
    client: TestClient, token: Callable[[str], dict[str, Any]]
) -> None:
    admin = token("alice")
    r = client.post("/api/v1/workspaces", json={"slug": "mekong", "name": "Mekong desk"},
                    headers=admin)  # fmt: skip
    assert r.status_code == 201
    assert client.post("/api/v1/workspaces/mekong/members", json={"name": "otto"},
                       headers=admin).status_code == 204  # fmt: skip
    found = {w["slug"]: w for w in client.get("/api/v1/workspaces", headers=admin).json()}
    assert found["mekong"]["members"] == ["otto"]
    assert len(client.get("/api/v1/me", headers=token("otto")).json()["workspaces"]) == 2
    r = client.delete("/api/v1/workspaces/mekong/members/otto", headers=admin)
    assert r.status_code == 204
    r = client.delete("/api/v1/workspaces/mekong/members/otto", headers=admin)
    assert r.status_code == 422
    assert "'otto' is not a member of 'mekong'" in r.json()["detail"][0]
    log = [e["action"] for e in client.get("/api/v1/audit", headers=admin).json()]
    log = [a for a in log if a != "token.create"]  # the token() fixture's own writes
    assert log[:3] == ["workspace.member.remove", "workspace.member.add", "workspace.create"]


def test_membership_opens_private_scenarios(
    client: TestClient, token: Callable[[str], dict[str, Any]]
) -> None:
    amina, otto, admin = token("amina"), token("otto"), token("alice")
    made = client.post("/api/v1/scenarios", json={"copy_of": "korea-2018-04"}, headers=amina)
    number = made.json()["id"]
    assert client.get(f"/api/v1/scenarios/{number}", headers=otto).status_code == 404
    client.post("/api/v1/workspaces/secretariat/members", json={"name": "otto"}, headers=admin)
    assert client.get(f"/api/v1/scenarios/{number}", headers=token("otto")).status_code == 200


def test_workspace_errors_and_non_admins(
    client: TestClient, token: Callable[[str], dict[str, Any]]
) -> None:
    admin = token("alice")
    client.post("/api/v1/workspaces", json={"slug": "dup", "name": "x"}, headers=admin)
    r = client.post("/api/v1/workspaces", json={"slug": "dup", "name": "x"}, headers=admin)
    assert r.status_code == 422
    assert r.json()["detail"] == ["slug: a workspace 'dup' already exists"]
    r = client.post("/api/v1/workspaces", json={"slug": "Bad!", "name": "x"}, headers=admin)
    assert "slug: 'Bad!' is not a valid name" in r.json()["detail"][0]
    r = client.post("/api/v1/workspaces", json={"slug": "ok", "name": "  "}, headers=admin)
    assert r.json()["detail"] == ["name: empty"]
    r = client.post("/api/v1/workspaces/none/members", json={"name": "otto"}, headers=admin)
    assert r.json()["detail"] == ["workspace: no workspace 'none'"]
    r = client.post("/api/v1/workspaces/dup/members", json={"name": "ghost"}, headers=admin)
    assert r.json()["detail"] == ["name: no account named 'ghost'"]
    assert client.get("/api/v1/workspaces", headers=token("amina")).status_code == 403


def test_admin_page_manages_workspaces(client: TestClient, login: Callable[..., str]) -> None:
    csrf = login("alice")
    r = client.post("/admin/workspaces", data={"csrf_token": csrf, "action": "create",
                                               "slug": "mekong", "name": "Mekong desk"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    r = client.post("/admin/workspaces", data={"csrf_token": csrf, "action": "member",
                                               "slug": "mekong", "member": "victor"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get("/admin").text
    assert "Mekong desk" in page
    form = {"csrf_token": csrf, "action": "member", "slug": "nowhere", "member": "victor"}
    bad = client.post("/admin/workspaces", data=form)
    assert bad.status_code == 422
    assert "no workspace" in bad.text

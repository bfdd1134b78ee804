"""Administration routes of the JSON API: workspaces and their members (admins only).

Accounts are listed and added under ``/api/v1/users`` (:mod:`panmun.web.api`); every change
here goes to the audit log like any other write.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from panmun.web.app import Caller, Platform, caller, platform
from panmun.web.scenarios import Forbidden, audit

router = APIRouter(prefix="/api/v1/workspaces", tags=["administration"])
CallerDep = Annotated[Caller, Depends(caller)]
PlatformDep = Annotated[Platform, Depends(platform)]


def _admin(who: Caller) -> None:
    if not who.user.is_admin:
        raise Forbidden(f"{who.user.name} is not an admin")


@router.get("")
def workspaces(who: CallerDep, p: PlatformDep) -> list[dict[str, Any]]:
    """Every workspace and its members (admins only)."""
    _admin(who)
    return [asdict(w) for w in p.workspaces.all()]


class NewWorkspace(BaseModel):
    """A workspace to create."""

    model_config = ConfigDict(extra="forbid")
    slug: str = Field(max_length=64)
    name: str = Field(max_length=200)


@router.post("", status_code=201)
def create(body: NewWorkspace, who: CallerDep, p: PlatformDep) -> dict[str, Any]:
    """Create a workspace (admins only)."""
    _admin(who)
    ws = p.workspaces.create(body.slug, body.name)
    with p.sessions.begin() as s:
        audit(s, who.user, "workspace.create", f"workspace {ws.slug}", None, {"name": ws.name})
    return asdict(ws)


class Member(BaseModel):
    """An account to add to a workspace."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=64)


@router.post("/{slug}/members", status_code=204)
def add_member(slug: str, body: Member, who: CallerDep, p: PlatformDep) -> Response:
    """Add an account to a workspace (admins only)."""
    _admin(who)
    p.workspaces.add_member(slug[:64], body.name)
    with p.sessions.begin() as s:
        audit(s, who.user, "workspace.member.add", f"workspace {slug[:64]}", None,
              {"member": body.name})  # fmt: skip
    return Response(status_code=204)


@router.delete("/{slug}/members/{name}", status_code=204)
def remove_member(slug: str, name: str, who: CallerDep, p: PlatformDep) -> Response:
    """Take an account out of a workspace (admins only)."""
    _admin(who)
    p.workspaces.remove_member(slug[:64], name[:64])
    with p.sessions.begin() as s:
        audit(s, who.user, "workspace.member.remove", f"workspace {slug[:64]}",
              {"member": name[:64]}, None)  # fmt: skip
    return Response(status_code=204)

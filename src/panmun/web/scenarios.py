"""Scenarios kept in workspaces, their versions, access rules and the audit log.

A stored scenario is a sequence of versions; each version is the whole validated scenario
as JSON data (:func:`panmun.scenario.loader.to_data`), so any version can be read back,
exported or compared with another. Every write also goes to the audit log with who made
it, when, and the state before and after.

Access: a scenario is *private* (members of its workspace, and admins, may read it) or
*team* (every signed-in account may read it). Analysts and admins who belong to the
workspace may write to it; admins may write anywhere; viewers never write.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from panmun.errors import InputError
from panmun.scenario.loader import dumps, scenario_from_data, to_data
from panmun.scenario.models import Scenario
from panmun.web.accounts import User, now
from panmun.web.db import VISIBILITIES, AuditRow, ScenarioRow, UserRow, VersionRow, WorkspaceRow

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class NotFound(Exception):
    """No such object, or not one this account may see (the two are not told apart)."""


class Forbidden(Exception):
    """The account may see the object but not do this to it."""


@dataclass(frozen=True)
class StoredScenario:
    """A stored scenario's catalogue entry."""

    id: int
    workspace: str
    slug: str
    title: str
    as_of: str
    visibility: str
    latest: int
    created_by: str


@dataclass(frozen=True)
class VersionInfo:
    """One version of a stored scenario."""

    number: int
    message: str
    author: str
    created_at: str


@functools.lru_cache(maxsize=256)
def _parse(content: str, name: str) -> Scenario:
    import json

    return scenario_from_data(json.loads(content), name)


def parse_version(content: dict[str, Any], name: str) -> Scenario:
    """A stored version as a validated scenario (cached on its content)."""
    import json

    return _parse(json.dumps(content, sort_keys=True), name)


def audit(
    s: Session, user: User | None, action: str, target: str, before: Any = None, after: Any = None
) -> None:
    """Record one write in the audit log (inside the caller's transaction)."""
    s.add(
        AuditRow(
            at=now(),
            user_id=user.id if user else None,
            user_name=user.name if user else "(command line)",
            action=action,
            target=target,
            before=before,
            after=after,
        )
    )


class Scenarios:
    """Stored scenarios, their versions and the audit log over one database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- access --------------------------------------------------------------------------
    @staticmethod
    def _readable(user: User, row: ScenarioRow) -> bool:
        return row.visibility == "team" or user.is_admin or row.workspace_id in user.workspaces

    @staticmethod
    def _writable(user: User, row: ScenarioRow) -> bool:
        return user.is_admin or (user.can_write and row.workspace_id in user.workspaces)

    def _row(self, s: Session, user: User, scenario_id: int) -> ScenarioRow:
        row = s.get(ScenarioRow, scenario_id)
        if row is None or not self._readable(user, row):
            raise NotFound(f"scenario {scenario_id}")
        return row

    def _info(self, s: Session, row: ScenarioRow) -> StoredScenario:
        version = s.get(VersionRow, (row.id, row.latest))
        assert version is not None  # every scenario has its latest version
        ws = s.get(WorkspaceRow, row.workspace_id)
        author = s.get(UserRow, row.created_by)
        return StoredScenario(
            id=row.id,
            workspace=ws.slug if ws else "",
            slug=row.slug,
            title=str(version.content.get("title", row.slug)),
            as_of=str(version.content.get("as_of", "")),
            visibility=row.visibility,
            latest=row.latest,
            created_by=author.name if author else "",
        )

    # -- reading -------------------------------------------------------------------------
    def readable(self, user: User) -> list[StoredScenario]:
        """The scenarios ``user`` may read, by workspace and slug."""
        with self._sessions() as s:
            rows = s.scalars(
                select(ScenarioRow).order_by(ScenarioRow.workspace_id, ScenarioRow.slug)
            )
            return [self._info(s, r) for r in rows if self._readable(user, r)]

    def info(self, user: User, scenario_id: int) -> StoredScenario:
        """One scenario's catalogue entry (``NotFound`` when it is not readable)."""
        with self._sessions() as s:
            return self._info(s, self._row(s, user, scenario_id))

    def can_write(self, user: User, scenario_id: int) -> bool:
        """Whether ``user`` may save versions of this scenario."""
        with self._sessions() as s:
            return self._writable(user, self._row(s, user, scenario_id))

    def load(self, user: User, scenario_id: int, version: int | None = None) -> Scenario:
        """A version (default: the latest) as a validated scenario."""
        with self._sessions() as s:
            row = self._row(s, user, scenario_id)
            number = row.latest if version is None else version
            v = s.get(VersionRow, (row.id, number))
            if v is None:
                raise NotFound(f"scenario {scenario_id} version {number}")
            return parse_version(v.content, f"scenario {scenario_id} version {number}")

    def load_version(self, scenario_id: int, number: int) -> Scenario:
        """A version as a scenario, with no access check (callers check access)."""
        with self._sessions() as s:
            v = s.get(VersionRow, (scenario_id, number))
            if v is None:
                raise NotFound(f"scenario {scenario_id} version {number}")
            return parse_version(v.content, f"scenario {scenario_id} version {number}")

    def versions(self, user: User, scenario_id: int) -> list[VersionInfo]:
        """Every version, newest first."""
        with self._sessions() as s:
            row = self._row(s, user, scenario_id)
            out = []
            for v in s.scalars(
                select(VersionRow)
                .where(VersionRow.scenario_id == row.id)
                .order_by(VersionRow.number.desc())
            ):
                author = s.get(UserRow, v.author_id)
                out.append(
                    VersionInfo(
                        number=v.number,
                        message=v.message,
                        author=author.name if author else "",
                        created_at=v.created_at.strftime("%Y-%m-%d %H:%M"),
                    )
                )
            return out

    def diff(self, user: User, scenario_id: int, a: int, b: int) -> list[str]:
        """The lines that differ between versions ``a`` and ``b`` (a unified diff of YAML)."""
        old = dumps(self.load(user, scenario_id, a)).splitlines()
        new = dumps(self.load(user, scenario_id, b)).splitlines()
        return list(
            difflib.unified_diff(old, new, f"version {a}", f"version {b}", n=2, lineterm="")
        )

    # -- writing -------------------------------------------------------------------------
    def _workspace(self, s: Session, user: User, slug: str | None) -> WorkspaceRow:
        if slug is None:
            if not user.workspaces:
                raise InputError(["workspace: this account belongs to no workspace"])
            ws = s.get(WorkspaceRow, user.workspaces[0])
            assert ws is not None
            return ws
        ws = s.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug))
        if ws is None or not (user.is_admin or ws.id in user.workspaces):
            raise InputError([f"workspace: {slug!r} is not a workspace of this account"])
        return ws

    def create(
        self,
        user: User,
        scenario: Scenario,
        *,
        workspace: str | None = None,
        slug: str | None = None,
        visibility: str = "private",
        message: str = "created",
    ) -> StoredScenario:
        """Store a new scenario (its first version) in one of the user's workspaces."""
        if not user.can_write:
            raise Forbidden("viewers cannot create scenarios")
        if visibility not in VISIBILITIES:
            raise InputError(
                [f"visibility: {visibility!r} is not one of {', '.join(VISIBILITIES)}"]
            )
        chosen = slug or scenario.id
        if not SLUG.match(chosen):
            raise InputError([f"slug: {chosen!r} is not a valid id (lower-case letters, digits,"
                              " '.', '_', '-')"])  # fmt: skip
        with self._sessions.begin() as s:
            ws = self._workspace(s, user, workspace)
            taken = s.scalar(
                select(ScenarioRow.id).where(
                    ScenarioRow.workspace_id == ws.id, ScenarioRow.slug == chosen
                )
            )
            if taken is not None:
                raise InputError([f"slug: workspace {ws.slug!r} already has a scenario {chosen!r}"])
            row = ScenarioRow(
                workspace_id=ws.id,
                slug=chosen,
                visibility=visibility,
                latest=1,
                created_by=user.id,
                created_at=now(),
            )
            s.add(row)
            s.flush()
            content = to_data(scenario)
            s.add(
                VersionRow(
                    scenario_id=row.id,
                    number=1,
                    content=content,
                    message=message[:500],
                    author_id=user.id,
                    created_at=now(),
                )
            )
            s.flush()
            audit(s, user, "scenario.create", f"scenario {row.id} ({ws.slug}/{chosen})",
                  None, {"version": 1, "visibility": visibility})  # fmt: skip
            return self._info(s, row)

    def save(
        self, user: User, scenario_id: int, scenario: Scenario, message: str = "edited"
    ) -> StoredScenario:
        """Save ``scenario`` as the next version (nothing is saved when it is unchanged)."""
        with self._sessions.begin() as s:
            row = self._row(s, user, scenario_id)
            if not self._writable(user, row):
                raise Forbidden(f"{user.name} may not edit scenario {scenario_id}")
            current = s.get(VersionRow, (row.id, row.latest))
            content = to_data(scenario)
            if current is not None and current.content == content:
                return self._info(s, row)
            number = row.latest + 1
            s.add(
                VersionRow(
                    scenario_id=row.id,
                    number=number,
                    content=content,
                    message=message[:500] or "edited",
                    author_id=user.id,
                    created_at=now(),
                )
            )
            before = current.content if current else None
            row.latest = number
            s.flush()
            audit(s, user, "scenario.save", f"scenario {row.id} version {number}",
                  _changed(before, content), _changed(content, before))  # fmt: skip
            return self._info(s, row)

    def set_visibility(self, user: User, scenario_id: int, visibility: str) -> StoredScenario:
        """Make a scenario private or readable by the whole team."""
        if visibility not in VISIBILITIES:
            raise InputError(
                [f"visibility: {visibility!r} is not one of {', '.join(VISIBILITIES)}"]
            )
        with self._sessions.begin() as s:
            row = self._row(s, user, scenario_id)
            if not self._writable(user, row):
                raise Forbidden(f"{user.name} may not change scenario {scenario_id}")
            before = row.visibility
            row.visibility = visibility
            audit(s, user, "scenario.visibility", f"scenario {row.id}",
                  {"visibility": before}, {"visibility": visibility})  # fmt: skip
            return self._info(s, row)

    def delete(self, user: User, scenario_id: int) -> None:
        """Delete a scenario and its versions (the audit log keeps the last content)."""
        with self._sessions.begin() as s:
            row = self._row(s, user, scenario_id)
            if not self._writable(user, row):
                raise Forbidden(f"{user.name} may not delete scenario {scenario_id}")
            last = s.get(VersionRow, (row.id, row.latest))
            audit(s, user, "scenario.delete", f"scenario {row.id}",
                  last.content if last else None, None)  # fmt: skip
            s.execute(sa_delete(VersionRow).where(VersionRow.scenario_id == row.id))
            s.delete(row)

    def audit_log(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest audit entries (for admins)."""
        with self._sessions() as s:
            rows = s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))
            return [
                {
                    "at": r.at.strftime("%Y-%m-%d %H:%M:%S"),
                    "user": r.user_name,
                    "action": r.action,
                    "target": r.target,
                    "before": r.before,
                    "after": r.after,
                }
                for r in rows
            ]


def _changed(a: Any, b: Any) -> Any:
    """The parts of ``a`` that differ from ``b`` (whole lists of records compared by key)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return a
    out: dict[str, Any] = {}
    for key, value in a.items():
        other = b.get(key)
        if value == other:
            continue
        if isinstance(value, list) and isinstance(other, list):
            others = {_key(x): x for x in other}
            out[key] = [x for x in value if others.get(_key(x)) != x]
        else:
            out[key] = value
    return out


def _key(record: Any) -> str:
    if isinstance(record, dict):
        return "/".join(str(record.get(k, "")) for k in ("id", "actor", "issue", "a", "b"))
    return repr(record)

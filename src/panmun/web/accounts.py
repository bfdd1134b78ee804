"""Accounts, sessions, API tokens and login rate limits of the platform.

Passwords are hashed with argon2id (``argon2-cffi``, RFC 9106 parameters by default). A
session cookie and an API token are random 256-bit values; the database keeps only their
SHA-256 digests, so a copy of the database opens no session. Logins are rate-limited by
account name and by client address over a sliding window, counted in the database so that
several server processes share the count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from panmun.errors import InputError
from panmun.web.db import (
    ROLES,
    AuditRow,
    LoginAttemptRow,
    MemberRow,
    SessionRow,
    TokenRow,
    UserRow,
    WorkspaceRow,
)

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
SESSION_HOURS = 12
#: Failed logins allowed per window, by account name and by client address.
NAME_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW = dt.timedelta(minutes=5)


def now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


def digest(secret: str) -> str:
    """The SHA-256 digest (hex) under which a secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(t: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    id: int
    name: str
    role: str
    workspaces: tuple[int, ...]

    @property
    def can_write(self) -> bool:
        """Analysts and admins create and edit scenarios and run analyses."""
        return self.role in ("analyst", "admin")

    @property
    def is_admin(self) -> bool:
        """Admins manage users and workspaces and may read every workspace."""
        return self.role == "admin"


class LoginRefused(Exception):
    """A wrong name or password (the message does not say which)."""


class TooManyAttempts(Exception):
    """Too many failed logins; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def check_name(name: str, field: str = "name") -> str:
    """Return ``name`` if it is a valid account or workspace name, else raise ``InputError``."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise InputError(
            [
                f"{field}: {name!r} is not a valid name: use 1-64 lower-case letters, digits,"
                " '.', '_' or '-', starting with a letter or a digit"
            ]
        )
    return name


def check_password(password: str) -> str:
    """Return ``password`` if it is long enough (and not absurdly long)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError(
            [f"password: needs {MIN_PASSWORD} to {MAX_PASSWORD} characters, {len(password)} given"]
        )
    return password


class Accounts:
    """User, session and token operations over one database.

    Parameters
    ----------
    sessions
        The SQLAlchemy session factory of the platform's database.
    hasher
        An ``argon2.PasswordHasher``; tests pass a cheap one, the server the library default.
    """

    def __init__(self, sessions: sessionmaker[Session], hasher: Any | None = None) -> None:
        from argon2 import PasswordHasher

        self._sessions = sessions
        self._hasher = hasher or PasswordHasher()

    # -- users ---------------------------------------------------------------------------
    def add_user(self, name: str, password: str, role: str, workspace: str | None = None) -> User:
        """Create an account; it joins ``workspace`` (created when new, default: its name)."""
        check_name(name)
        check_password(password)
        if role not in ROLES:
            raise InputError([f"--role: {role!r} is not one of {', '.join(ROLES)}"])
        slug = check_name(workspace or name, "--workspace")
        with self._sessions.begin() as s:
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise InputError([f"name: an account named {name!r} already exists"])
            row = UserRow(
                name=name, password_hash=self._hasher.hash(password), role=role, created_at=now()
            )
            s.add(row)
            ws = s.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug))
            if ws is None:
                ws = WorkspaceRow(slug=slug, name=slug)
                s.add(ws)
            s.flush()
            s.add(MemberRow(user_id=row.id, workspace_id=ws.id))
            s.flush()
            return self._user(s, row)

    def set_password(self, name: str, password: str) -> None:
        """Replace an account's password and end its sessions."""
        check_password(password)
        with self._sessions.begin() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise InputError([f"name: no account named {name!r}"])
            row.password_hash = self._hasher.hash(password)
            s.execute(delete(SessionRow).where(SessionRow.user_id == row.id))

    def users(self) -> list[User]:
        """Every account, by name."""
        with self._sessions() as s:
            return [self._user(s, r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    def by_name(self, name: str) -> User | None:
        """The account called ``name``, if any."""
        with self._sessions() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            return self._user(s, row) if row else None

    @staticmethod
    def _user(s: Session, row: UserRow) -> User:
        ws = s.scalars(
            select(MemberRow.workspace_id)
            .where(MemberRow.user_id == row.id)
            .order_by(MemberRow.workspace_id)
        )
        return User(id=row.id, name=row.name, role=row.role, workspaces=tuple(ws))

    # -- logging in ----------------------------------------------------------------------
    def authenticate(self, name: str, password: str, client: str) -> User:
        """Return the account if the password is right; count a failure otherwise.

        Raises
        ------
        TooManyAttempts
            Before checking anything, when the name or the client failed too often lately.
        LoginRefused
            When the name is unknown or the password wrong.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        name = name[:64]
        client = client[:64]
        t = now()
        with self._sessions.begin() as s:
            since = t - WINDOW
            s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < since))
            by_name = s.scalar(
                select(func.count()).where(
                    LoginAttemptRow.name == name, LoginAttemptRow.at >= since
                )
            )
            by_client = s.scalar(
                select(func.count()).where(
                    LoginAttemptRow.client == client, LoginAttemptRow.at >= since
                )
            )
            if (by_name or 0) >= NAME_LIMIT or (by_client or 0) >= CLIENT_LIMIT:
                oldest = s.scalar(
                    select(func.min(LoginAttemptRow.at)).where(
                        (LoginAttemptRow.name == name) | (LoginAttemptRow.client == client),
                        LoginAttemptRow.at >= since,
                    )
                )
                wait = (_aware(oldest) + WINDOW - t).total_seconds() if oldest else 60.0
                raise TooManyAttempts(max(1, int(wait) + 1))
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            ok = False
            if row is not None:
                try:
                    ok = bool(self._hasher.verify(row.password_hash, password))
                except (VerificationError, InvalidHashError):
                    ok = False
            else:
                # Spend the same time on an unknown name as on a wrong password.
                self._hasher.hash(password)
            if not ok or row is None:
                # Recorded (committed with this transaction) before the refusal is raised.
                s.add(LoginAttemptRow(name=name, client=client, at=t))
                user = None
            else:
                if self._hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self._hasher.hash(password)
                s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.name == name))
                user = self._user(s, row)
        if user is None:
            raise LoginRefused("wrong name or password")
        return user

    # -- sessions ------------------------------------------------------------------------
    def start_session(self, user: User, previous: str | None = None) -> tuple[str, str]:
        """Open a new session (ending ``previous``); return the cookie value and CSRF token."""
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        with self._sessions.begin() as s:
            if previous:
                s.execute(delete(SessionRow).where(SessionRow.digest == digest(previous)))
            s.execute(delete(SessionRow).where(SessionRow.expires_at < now()))
            s.add(
                SessionRow(
                    digest=digest(cookie),
                    user_id=user.id,
                    csrf=csrf,
                    expires_at=now() + dt.timedelta(hours=SESSION_HOURS),
                )
            )
        return cookie, csrf

    def session(self, cookie: str) -> tuple[User, str] | None:
        """The account and CSRF token of a live session, or ``None``."""
        with self._sessions() as s:
            row = s.get(SessionRow, digest(cookie))
            if row is None or _aware(row.expires_at) < now():
                return None
            user = s.get(UserRow, row.user_id)
            return (self._user(s, user), row.csrf) if user else None

    def end_session(self, cookie: str) -> None:
        """Log out: forget the session."""
        with self._sessions.begin() as s:
            s.execute(delete(SessionRow).where(SessionRow.digest == digest(cookie)))

    # -- API tokens ----------------------------------------------------------------------
    def new_token(self, user: User, label: str) -> str:
        """Create an API token for ``user``; the value is shown once and stored as a digest."""
        token = "pmn_" + secrets.token_urlsafe(32)
        with self._sessions.begin() as s:
            s.add(TokenRow(digest=digest(token), user_id=user.id, label=label, created_at=now()))
            s.add(
                AuditRow(
                    at=now(), user_id=user.id, user_name=user.name, action="token.create",
                    target=f"user {user.name}", before=None, after={"label": label},
                )
            )  # fmt: skip
        return token

    def token_user(self, token: str) -> User | None:
        """The account an API token belongs to, or ``None``."""
        with self._sessions() as s:
            row = s.get(TokenRow, digest(token))
            if row is None:
                return None
            user = s.get(UserRow, row.user_id)
            return self._user(s, user) if user else None


@dataclass(frozen=True)
class Workspace:
    """A workspace and the names of its members."""

    slug: str
    name: str
    members: tuple[str, ...]


class Workspaces:
    """Workspaces and their members (managed by admins)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def all(self) -> list[Workspace]:
        """Every workspace with its members, by slug."""
        with self._sessions() as s:
            out = []
            for ws in s.scalars(select(WorkspaceRow).order_by(WorkspaceRow.slug)):
                names = s.scalars(
                    select(UserRow.name)
                    .join(MemberRow, MemberRow.user_id == UserRow.id)
                    .where(MemberRow.workspace_id == ws.id)
                    .order_by(UserRow.name)
                )
                out.append(Workspace(slug=ws.slug, name=ws.name, members=tuple(names)))
            return out

    def create(self, slug: str, name: str) -> Workspace:
        """Create an empty workspace."""
        check_name(slug, "slug")
        if not name.strip():
            raise InputError(["name: empty"])
        if any(ord(c) < 32 for c in name):
            raise InputError([f"name: {name[:40]!r} contains a control character"])
        with self._sessions.begin() as s:
            if s.scalar(select(WorkspaceRow.id).where(WorkspaceRow.slug == slug)) is not None:
                raise InputError([f"slug: a workspace {slug!r} already exists"])
            s.add(WorkspaceRow(slug=slug, name=name.strip()[:200]))
        return Workspace(slug=slug, name=name.strip()[:200], members=())

    def _pair(self, s: Session, slug: str, user: str) -> tuple[WorkspaceRow, UserRow]:
        ws = s.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug))
        if ws is None:
            raise InputError([f"workspace: no workspace {slug!r}"])
        row = s.scalar(select(UserRow).where(UserRow.name == user))
        if row is None:
            raise InputError([f"name: no account named {user!r}"])
        return ws, row

    def add_member(self, slug: str, user: str) -> None:
        """Let ``user`` read the workspace's private scenarios (and write them, if an analyst)."""
        with self._sessions.begin() as s:
            ws, row = self._pair(s, slug, user)
            if s.get(MemberRow, (row.id, ws.id)) is None:
                s.add(MemberRow(user_id=row.id, workspace_id=ws.id))

    def remove_member(self, slug: str, user: str) -> None:
        """Take ``user`` out of the workspace."""
        with self._sessions.begin() as s:
            ws, row = self._pair(s, slug, user)
            member = s.get(MemberRow, (row.id, ws.id))
            if member is None:
                raise InputError([f"name: {user!r} is not a member of {slug!r}"])
            s.delete(member)

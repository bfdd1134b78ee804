"""The platform's tables, in the same database and migration chain as the knowledge base.

``panmun serve`` keeps accounts, workspaces, scenarios with their versions, sessions, API
tokens, background jobs and the audit log next to the knowledge base, so one SQLite file (or
one PostgreSQL database) holds a team's whole work. The tables share
:data:`panmun.knowledge.db.Base` and are created by revision 0004 of the shipped migrations.

Secrets are never stored in the clear: passwords as argon2 hashes, session ids and API tokens
as SHA-256 digests of the random value the client holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from panmun.knowledge.db import Base

ROLES = ("viewer", "analyst", "admin")
VISIBILITIES = ("private", "team")
JOB_STATES = ("queued", "running", "done", "failed")
CONSULTATION_STATES = ("draft", "open", "closed", "applied")


class UserRow(Base):
    """An account: a name, an argon2 password hash and a role."""

    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class WorkspaceRow(Base):
    """A team's folder of scenarios; its members may read its private scenarios."""

    __tablename__ = "web_workspaces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)


class MemberRow(Base):
    """Membership of a user in a workspace."""

    __tablename__ = "web_members"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("web_users.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("web_workspaces.id", ondelete="CASCADE"), primary_key=True
    )


class ScenarioRow(Base):
    """A scenario kept in a workspace; its content lives in its versions."""

    __tablename__ = "web_scenarios"
    __table_args__ = (UniqueConstraint("workspace_id", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("web_workspaces.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    visibility: Mapped[str] = mapped_column(String(12))
    latest: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int] = mapped_column(ForeignKey("web_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class VersionRow(Base):
    """One saved version of a scenario: the whole validated scenario as JSON data."""

    __tablename__ = "web_versions"
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("web_scenarios.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A browser session: the digest of its cookie value and its CSRF token."""

    __tablename__ = "web_sessions"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class TokenRow(Base):
    """An API token for scripts: the digest of the token and a label."""

    __tablename__ = "web_tokens"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttemptRow(Base):
    """A failed login, kept for rate limiting (by account name and by client address)."""

    __tablename__ = "web_login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class JobRow(Base):
    """A background job (a report, a large Monte Carlo) and how far it has got."""

    __tablename__ = "web_jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"))
    scenario: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int] = mapped_column(Integer)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12))
    stage: Mapped[str] = mapped_column(Text)
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """One write: who did what to which object, when, with the state before and after."""

    __tablename__ = "web_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("web_users.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)


class ConsultationRow(Base):
    """A Delphi consultation on a stored scenario (revision 0005)."""

    __tablename__ = "web_consultations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("web_scenarios.id", ondelete="CASCADE"), index=True
    )
    base_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    blind: Mapped[bool] = mapped_column(Boolean)
    rounds: Mapped[int] = mapped_column(Integer)
    current_round: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    stop_iqr: Mapped[float] = mapped_column(Float)
    stop_tolerance: Mapped[float] = mapped_column(Float)
    pooling: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[int] = mapped_column(ForeignKey("web_users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    applied_version: Mapped[int | None] = mapped_column(Integer)


class ConsultItemRow(Base):
    """A question of a consultation: a scenario value to elicit, or a calibration question
    whose answer is known (``truth``), for Cooke's performance weights."""

    __tablename__ = "web_consult_items"
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("web_consultations.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str | None] = mapped_column(String(80))
    issue: Mapped[str | None] = mapped_column(String(80))
    field: Mapped[str | None] = mapped_column(String(12))
    question: Mapped[str] = mapped_column(Text)
    lo: Mapped[float] = mapped_column(Float)
    hi: Mapped[float] = mapped_column(Float)
    truth: Mapped[float | None] = mapped_column(Float)
    truth_source: Mapped[str | None] = mapped_column(Text)


class ParticipantRow(Base):
    """An invited participant, known to everyone by a pseudonym only.

    ``label`` is the facilitator's private note of whom the link was sent to; it appears on the
    facilitator's page only, never to other participants nor in any export.
    """

    __tablename__ = "web_participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("web_consultations.id", ondelete="CASCADE"), index=True
    )
    pseudonym: Mapped[str] = mapped_column(String(40))
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    session_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AnswerRow(Base):
    """One participant's answer to one question in one round."""

    __tablename__ = "web_answers"
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("web_participants.id", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[int] = mapped_column(Integer, primary_key=True)
    best: Mapped[float] = mapped_column(Float)
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[str]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class InstitutionRow(Base):
    """A think tank, university, ministry, international organisation or civil-society group
    in a workspace's directory (revision 0006)."""

    __tablename__ = "web_institutions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("web_workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(Text)
    regions: Mapped[list[str]] = mapped_column(JSON)
    visibility: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PersonRow(Base):
    """A person in a workspace's directory, entered with their consent; private to the
    workspace unless the person (or the entry's owner for them) makes the profile visible."""

    __tablename__ = "web_people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("web_workspaces.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("web_users.id", ondelete="SET NULL"), unique=True
    )
    name: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("web_institutions.id", ondelete="SET NULL")
    )
    expertise: Mapped[list[str]] = mapped_column(JSON)
    regions: Mapped[list[str]] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON)
    consent: Mapped[str] = mapped_column(Text)
    consent_at: Mapped[dt.date] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DialogueRow(Base):
    """A dialogue event: a Track 1, 1.5 or 2 meeting, a workshop or a training."""

    __tablename__ = "web_dialogues"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("web_workspaces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    track: Mapped[str] = mapped_column(String(12))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(Text)
    online: Mapped[bool] = mapped_column(Boolean)
    chatham_house: Mapped[bool] = mapped_column(Boolean)
    organisers: Mapped[list[int]] = mapped_column(JSON)
    issues: Mapped[list[str]] = mapped_column(JSON)
    regions: Mapped[list[str]] = mapped_column(JSON)
    kb_records: Mapped[list[str]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(Text)
    outputs: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    visibility: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AttendanceRow(Base):
    """A person's consented participation in a dialogue event."""

    __tablename__ = "web_attendance"
    dialogue_id: Mapped[int] = mapped_column(
        ForeignKey("web_dialogues.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("web_people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))


class StatementRow(Base):
    """A statement recorded at a dialogue event; without a speaker under the Chatham House
    rule."""

    __tablename__ = "web_statements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        ForeignKey("web_dialogues.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("web_people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)


class PublicationRow(Base):
    """A published brief or report at a stable public address (``/pub/{slug}``)."""

    __tablename__ = "web_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("web_workspaces.id"))
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON)
    abstract: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(Text)
    issues: Mapped[list[str]] = mapped_column(JSON)
    scenario: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_note: Mapped[str | None] = mapped_column(Text)
    published_by: Mapped[int] = mapped_column(ForeignKey("web_users.id"))


class PublicationVersionRow(Base):
    """One version of a publication's content; a correction adds a version with its note."""

    __tablename__ = "web_publication_versions"
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("web_publications.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    html: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

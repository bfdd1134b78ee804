"""Revision 0004: the platform's tables (run through ``versions/v0004_platform.py``).

Accounts, workspaces and their members, scenarios and their versions, sessions, API tokens,
failed logins, background jobs and the audit log of ``panmun serve``
(:mod:`panmun.web.db`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TABLES = (
    "web_audit",
    "web_jobs",
    "web_login_attempts",
    "web_tokens",
    "web_sessions",
    "web_versions",
    "web_scenarios",
    "web_members",
    "web_workspaces",
    "web_users",
)


def _time(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _ref(
    name: str,
    target: str,
    ondelete: str | None = "CASCADE",
    primary_key: bool = False,
    nullable: bool = False,
) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey(target, ondelete=ondelete),
        primary_key=primary_key,
        nullable=nullable,
    )


def upgrade() -> None:
    """Create the platform's tables."""
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        _time("created_at"),
    )
    op.create_table(
        "web_workspaces",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.create_table(
        "web_members",
        _ref("user_id", "web_users.id", primary_key=True),
        _ref("workspace_id", "web_workspaces.id", primary_key=True),
    )
    op.create_table(
        "web_scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("workspace_id", "web_workspaces.id"),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        _ref("created_by", "web_users.id", ondelete=None),
        _time("created_at"),
        sa.UniqueConstraint("workspace_id", "slug"),
    )
    op.create_index("ix_web_scenarios_workspace_id", "web_scenarios", ["workspace_id"])
    op.create_table(
        "web_versions",
        _ref("scenario_id", "web_scenarios.id", primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _ref("author_id", "web_users.id", ondelete=None),
        _time("created_at"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("digest", sa.String(64), primary_key=True),
        _ref("user_id", "web_users.id"),
        sa.Column("csrf", sa.String(64), nullable=False),
        _time("expires_at"),
    )
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])
    op.create_table(
        "web_tokens",
        sa.Column("digest", sa.String(64), primary_key=True),
        _ref("user_id", "web_users.id"),
        sa.Column("label", sa.Text(), nullable=False),
        _time("created_at"),
    )
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        _time("at"),
    )
    for column in ("name", "client", "at"):
        op.create_index(f"ix_web_login_attempts_{column}", "web_login_attempts", [column])
    op.create_table(
        "web_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        _ref("user_id", "web_users.id"),
        sa.Column("scenario", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        _time("created_at"),
    )
    op.create_index("ix_web_jobs_scenario", "web_jobs", ["scenario"])
    op.create_table(
        "web_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        _time("at"),
        _ref("user_id", "web_users.id", ondelete="SET NULL", nullable=True),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_web_audit_at", "web_audit", ["at"])


def downgrade() -> None:
    """Drop the platform's tables (their indexes go with them)."""
    for table in TABLES:
        op.drop_table(table)

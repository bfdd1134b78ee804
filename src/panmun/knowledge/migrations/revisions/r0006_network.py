"""Revision 0006: the secretariat's network and publications (run through
``versions/v0006_network.py``): institutions, people (with consent), dialogue events, their
participants and statements, and publications with their versions (:mod:`panmun.web.db`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TABLES = (
    "web_publication_versions",
    "web_publications",
    "web_statements",
    "web_attendance",
    "web_dialogues",
    "web_people",
    "web_institutions",
)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _ref(
    name: str,
    target: str,
    ondelete: str | None = "CASCADE",
    primary_key: bool = False,
    nullable: bool = False,
    unique: bool = False,
) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey(target, ondelete=ondelete),
        primary_key=primary_key,
        nullable=nullable,
        unique=unique,
    )


def _json(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(), nullable=False)


def _text(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def upgrade() -> None:
    """Create the network and publication tables."""
    op.create_table(
        "web_institutions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("workspace_id", "web_workspaces.id"),
        _text("name"),
        sa.Column("kind", sa.String(20), nullable=False),
        _text("country"),
        _json("regions"),
        sa.Column("visibility", sa.String(12), nullable=False),
        _time("created_at"),
    )
    op.create_index("ix_web_institutions_workspace_id", "web_institutions", ["workspace_id"])
    op.create_table(
        "web_people",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("workspace_id", "web_workspaces.id"),
        _ref("owner_id", "web_users.id", ondelete=None),
        _ref("account_id", "web_users.id", ondelete="SET NULL", nullable=True, unique=True),
        _text("name"),
        _ref("institution_id", "web_institutions.id", ondelete="SET NULL", nullable=True),
        _json("expertise"),
        _json("regions"),
        _json("languages"),
        _text("consent"),
        sa.Column("consent_at", sa.Date(), nullable=False),
        sa.Column("visibility", sa.String(12), nullable=False),
        _time("created_at"),
    )
    op.create_index("ix_web_people_workspace_id", "web_people", ["workspace_id"])
    op.create_table(
        "web_dialogues",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("workspace_id", "web_workspaces.id"),
        _text("title"),
        sa.Column("track", sa.String(12), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        _text("place"),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("chatham_house", sa.Boolean(), nullable=False),
        _json("organisers"),
        _json("issues"),
        _json("regions"),
        _json("kb_records"),
        _text("summary"),
        _json("outputs"),
        sa.Column("visibility", sa.String(12), nullable=False),
        _time("created_at"),
    )
    op.create_index("ix_web_dialogues_workspace_id", "web_dialogues", ["workspace_id"])
    op.create_index("ix_web_dialogues_date", "web_dialogues", ["date"])
    op.create_table(
        "web_attendance",
        _ref("dialogue_id", "web_dialogues.id", primary_key=True),
        _ref("person_id", "web_people.id", primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
    )
    op.create_table(
        "web_statements",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("dialogue_id", "web_dialogues.id"),
        _ref("speaker_id", "web_people.id", ondelete="SET NULL", nullable=True),
        _text("text"),
    )
    op.create_index("ix_web_statements_dialogue_id", "web_statements", ["dialogue_id"])
    op.create_table(
        "web_publications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(120), nullable=False, unique=True),
        _ref("workspace_id", "web_workspaces.id", ondelete=None),
        sa.Column("kind", sa.String(12), nullable=False),
        _text("title"),
        _json("authors"),
        _text("abstract"),
        _text("region"),
        _json("issues"),
        _text("scenario"),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        _time("published_at"),
        _time("updated_at"),
        _text("withdrawn_note", nullable=True),
        _ref("published_by", "web_users.id", ondelete=None),
    )
    op.create_index("ix_web_publications_published_at", "web_publications", ["published_at"])
    op.create_table(
        "web_publication_versions",
        _ref("publication_id", "web_publications.id", primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        _text("html"),
        _json("data"),
        _text("note"),
        _time("created_at"),
    )


def downgrade() -> None:
    """Drop the network and publication tables."""
    for table in TABLES:
        op.drop_table(table)

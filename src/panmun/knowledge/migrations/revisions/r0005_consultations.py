"""Revision 0005: Delphi consultations on the platform (run through
``versions/v0005_consultations.py``): consultations, their questions, pseudonymous
participants and their answers per round (:mod:`panmun.web.db`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TABLES = ("web_answers", "web_participants", "web_consult_items", "web_consultations")


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _owner(name: str, target: str, primary_key: bool = False) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey(target, ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def upgrade() -> None:
    """Create the consultation tables."""
    op.create_table(
        "web_consultations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _owner("scenario_id", "web_scenarios.id"),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("current_round", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("stop_iqr", sa.Float(), nullable=False),
        sa.Column("stop_tolerance", sa.Float(), nullable=False),
        sa.Column("pooling", sa.String(12), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("web_users.id"), nullable=False),
        _time("created_at"),
        _time("closed_at", nullable=True),
        sa.Column("applied_version", sa.Integer(), nullable=True),
    )
    op.create_index("ix_web_consultations_scenario_id", "web_consultations", ["scenario_id"])
    op.create_table(
        "web_consult_items",
        _owner("consultation_id", "web_consultations.id", primary_key=True),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(80), nullable=True),
        sa.Column("issue", sa.String(80), nullable=True),
        sa.Column("field", sa.String(12), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lo", sa.Float(), nullable=False),
        sa.Column("hi", sa.Float(), nullable=False),
        sa.Column("truth", sa.Float(), nullable=True),
        sa.Column("truth_source", sa.Text(), nullable=True),
    )
    op.create_table(
        "web_participants",
        sa.Column("id", sa.Integer(), primary_key=True),
        _owner("consultation_id", "web_consultations.id"),
        sa.Column("pseudonym", sa.String(40), nullable=False),
        sa.Column("token_digest", sa.String(64), nullable=True, unique=True),
        sa.Column("session_digest", sa.String(64), nullable=True, unique=True),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        _time("created_at"),
    )
    op.create_index("ix_web_participants_consultation_id", "web_participants", ["consultation_id"])
    op.create_table(
        "web_answers",
        _owner("participant_id", "web_participants.id", primary_key=True),
        sa.Column("round", sa.Integer(), primary_key=True),
        sa.Column("item", sa.Integer(), primary_key=True),
        sa.Column("best", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        _time("at"),
    )


def downgrade() -> None:
    """Drop the consultation tables."""
    for table in TABLES:
        op.drop_table(table)

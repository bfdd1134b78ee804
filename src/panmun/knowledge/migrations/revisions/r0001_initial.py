"""Revision 0001, the initial knowledge-base schema: sources, entries, provisions, errata and
the full-text search index (run through ``versions/v0001_initial.py``)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.String(80)


def _tags(name: str, owner: str, parent: str) -> None:
    op.create_table(
        name,
        sa.Column(owner, ID, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag", sa.String(12), primary_key=True),
        sa.Column("value", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index(op.f(f"ix_{name}_value"), name, ["value"])


def _citations(name: str, owner: str, parent: str) -> None:
    op.create_table(
        name,
        sa.Column(owner, ID, sa.ForeignKey(f"{parent}.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source_id", ID, sa.ForeignKey("kb_sources.id"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )


def upgrade() -> None:
    """Create every table and the dialect's full-text index."""
    op.create_table(
        "kb_sources",
        sa.Column("id", ID, primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_table(
        "kb_entries",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("event_type", sa.String(32), nullable=True),
        sa.Column("in_force", sa.Date(), nullable=True),
        sa.Column("pax_id", sa.String(40), nullable=True),
        sa.Column("rounds", sa.Integer(), nullable=True),
        sa.Column("date_source", ID, nullable=False),
        sa.Column("failure_note", sa.Text(), nullable=True),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("signatories", sa.JSON(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=False),
    )
    op.create_index(op.f("ix_kb_entries_kind"), "kb_entries", ["kind"])
    op.create_index(op.f("ix_kb_entries_date"), "kb_entries", ["date"])
    _tags("kb_entry_tags", "entry_id", "kb_entries")
    _citations("kb_entry_sources", "entry_id", "kb_entries")
    op.create_table(
        "kb_provisions",
        sa.Column("id", ID, primary_key=True),
        sa.Column(
            "entry_id", ID, sa.ForeignKey("kb_entries.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("outcome_date", sa.String(10), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("outcome_entries", sa.JSON(), nullable=False),
    )
    op.create_index(op.f("ix_kb_provisions_entry_id"), "kb_provisions", ["entry_id"])
    op.create_index(op.f("ix_kb_provisions_outcome"), "kb_provisions", ["outcome"])
    _tags("kb_provision_tags", "provision_id", "kb_provisions")
    _citations("kb_provision_sources", "provision_id", "kb_provisions")
    op.create_table(
        "kb_errata",
        sa.Column("id", ID, primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(12), nullable=False),
        sa.Column("correction", sa.Text(), nullable=False),
        sa.Column("corrected_date", sa.Date(), nullable=True),
        sa.Column("entries", sa.JSON(), nullable=False),
    )
    op.create_index(op.f("ix_kb_errata_position"), "kb_errata", ["position"])
    _citations("kb_erratum_sources", "erratum_id", "kb_errata")
    op.create_table(
        "kb_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    _create_search_index()


def _create_search_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE kb_search USING fts5("
            "doc_id UNINDEXED, doc_kind UNINDEXED, entry_id UNINDEXED, title, body, "
            "tokenize='porter unicode61')"
        )
        return
    op.create_table(
        "kb_search",
        sa.Column("doc_id", ID, primary_key=True),
        sa.Column("doc_kind", sa.String(12), nullable=False),
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    if dialect == "postgresql":
        op.execute(
            "CREATE INDEX kb_search_fts ON kb_search USING gin "
            "(to_tsvector('english', title || ' ' || body))"
        )


def downgrade() -> None:
    """Drop every knowledge-base table."""
    op.drop_table("kb_search")
    for name in (
        "kb_meta",
        "kb_erratum_sources",
        "kb_errata",
        "kb_provision_sources",
        "kb_provision_tags",
        "kb_provisions",
        "kb_entry_sources",
        "kb_entry_tags",
        "kb_entries",
        "kb_sources",
    ):
        op.drop_table(name)

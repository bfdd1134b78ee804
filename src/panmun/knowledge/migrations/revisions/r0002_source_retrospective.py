"""Revision 0002: sources record whether they are retrospective (run through
``versions/v0002_source_retrospective.py``).

A retrospective source was published after a scenario's date but documents what was said or
done by then (``panmun.scenario.base.Source.retrospective``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def upgrade() -> None:
    """Add the ``retrospective`` flag (false for every existing source)."""
    op.add_column(
        "kb_sources",
        sa.Column("retrospective", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    """Drop the flag."""
    op.drop_column("kb_sources", "retrospective")  # SQLite 3.35+ and PostgreSQL drop columns

"""Revision 0003: an agreement's PA-X id is a whole number (run through
``versions/v0003_pax_id_integer.py``).

``kb_entries.pax_id`` holds the agreement's ``AgtId`` in the PA-X Peace Agreements Database
(:attr:`panmun.knowledge.records.Agreement.pax_id`), which PA-X numbers with whole numbers; a
PA-X import matches its rows to stored records by it. Revision 0001 made it text. The column is
replaced by a nullable integer column: a new column takes the whole-number values, the old one
is dropped and the new one renamed (SQLite 3.35+ and PostgreSQL support each step, and no table
is rebuilt, so no row of a table that refers to ``kb_entries`` is touched). A stored value that
is not a whole number of at most nine digits cannot be a PA-X id and is left out.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

_DIGITS = {
    "sqlite": "pax_id <> '' AND pax_id NOT GLOB '*[^0-9]*' AND length(pax_id) <= 9",
    "postgresql": "pax_id ~ '^[0-9]{1,9}$'",
}


def _replace(column_type: sa.types.TypeEngine[Any], value: str, where: str) -> None:
    op.add_column("kb_entries", sa.Column("pax_id_new", column_type, nullable=True))
    op.execute(f"UPDATE kb_entries SET pax_id_new = {value} WHERE {where}")
    op.drop_column("kb_entries", "pax_id")
    op.execute("ALTER TABLE kb_entries RENAME COLUMN pax_id_new TO pax_id")


def upgrade() -> None:
    """Make ``pax_id`` an integer column, keeping the values that are whole numbers."""
    dialect = op.get_context().dialect.name
    where = _DIGITS.get(dialect, "pax_id IS NOT NULL")
    _replace(sa.Integer(), "CAST(pax_id AS INTEGER)", where)


def downgrade() -> None:
    """Make ``pax_id`` text again (the form of revision 0001)."""
    _replace(sa.String(40), "CAST(pax_id AS VARCHAR(40))", "pax_id IS NOT NULL")

"""Initial knowledge-base schema: sources, entries, provisions, errata and the search index.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from panmun.knowledge.migrations.revisions.r0001_initial import downgrade, upgrade

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

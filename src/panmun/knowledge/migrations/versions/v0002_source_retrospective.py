"""Sources record whether they are retrospective.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from panmun.knowledge.migrations.revisions.r0002_source_retrospective import downgrade, upgrade

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

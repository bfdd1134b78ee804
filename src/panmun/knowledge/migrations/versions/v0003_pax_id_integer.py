"""An agreement's PA-X id is a whole number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from panmun.knowledge.migrations.revisions.r0003_pax_id_integer import downgrade, upgrade

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

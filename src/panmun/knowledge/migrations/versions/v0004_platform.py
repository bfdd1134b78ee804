"""The platform's tables: accounts, workspaces, scenario versions, sessions, jobs, audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from panmun.knowledge.migrations.revisions.r0004_platform import downgrade, upgrade

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

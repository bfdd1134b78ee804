"""The network and publications: institutions, people, dialogues, publications.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from panmun.knowledge.migrations.revisions.r0006_network import downgrade, upgrade

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

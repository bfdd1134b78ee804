"""Delphi consultations: consultations, questions, pseudonymous participants, answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from panmun.knowledge.migrations.revisions.r0005_consultations import downgrade, upgrade

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

__all__ = ["downgrade", "upgrade"]

"""Alembic environment: see :mod:`panmun.knowledge.migrations.environment`."""

from panmun.knowledge.migrations.environment import run

run()

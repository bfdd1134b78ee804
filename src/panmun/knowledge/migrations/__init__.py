"""Alembic migrations of the knowledge-base schema, run by :func:`panmun.knowledge.db.migrate`."""

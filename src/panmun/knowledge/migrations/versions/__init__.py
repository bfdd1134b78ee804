"""Alembic revision scripts of the knowledge base (one per schema change)."""

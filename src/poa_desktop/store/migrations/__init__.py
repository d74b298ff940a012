"""Alembic migration scripts (one chain from the first schema)."""

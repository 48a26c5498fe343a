"""Alembic migrations of the registry, run programmatically by `registry.db.open_registry`."""

"""Storage: SQLAlchemy Core on SQLite (default) or PostgreSQL, schema managed by Alembic."""

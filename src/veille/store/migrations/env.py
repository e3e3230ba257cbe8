"""Alembic environment: veille runs migrations itself, on the connection it opened."""

from __future__ import annotations

from alembic import context

from veille.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

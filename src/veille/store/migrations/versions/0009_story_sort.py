"""A story sorts by its newest article (published, else fetched), kept in `stories.sort_at`: sorted
by `last_at`, which stays NULL for a story of undated articles (no time window applies to it),
such a story came first on PostgreSQL (NULLS FIRST when descending) and last on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("sort_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE stories SET sort_at = "
        "(SELECT max(articles.sort_at) FROM articles WHERE articles.story_id = stories.id)"
    )
    op.create_index("ix_stories_sort", "stories", ["sort_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_stories_sort", "stories")
    op.drop_column("stories", "sort_at")

"""Reading: read and starred marks, a sort key for keyset paging, full-text search (its tables
here; 0012 gave them the form they have now and fills them).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("sort_at", sa.DateTime))
        batch.add_column(sa.Column("read_at", sa.DateTime))
        batch.add_column(sa.Column("starred_at", sa.DateTime))
        if bind.dialect.name != "sqlite":
            batch.add_column(sa.Column("search_text", sa.Text))
    op.execute("UPDATE articles SET sort_at = COALESCE(published_at, fetched_at)")
    op.create_index("ix_articles_sort", "articles", ["sort_at", "id"])
    op.create_index("ix_articles_starred", "articles", ["starred_at"])
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_articles_search ON articles USING GIN (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE article_search")
    else:
        op.execute("DROP INDEX ix_articles_search")
    op.drop_index("ix_articles_starred", "articles")
    op.drop_index("ix_articles_sort", "articles")
    with op.batch_alter_table("articles") as batch:
        for column in ("starred_at", "read_at", "sort_at"):
            batch.drop_column(column)
        if bind.dialect.name != "sqlite":
            batch.drop_column("search_text")

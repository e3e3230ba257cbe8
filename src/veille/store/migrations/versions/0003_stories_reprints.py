"""Stories, reprints (MinHash signatures and their LSH bands), headlines and translations.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("story_id", sa.Integer))
        batch.add_column(sa.Column("reprint_of", sa.Integer))
        batch.add_column(sa.Column("minhash", sa.LargeBinary))
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_reprint_of", "articles", ["reprint_of"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.String(24), primary_key=True),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_at", sa.DateTime),
        sa.Column("last_at", sa.DateTime),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("keys", sa.Text, nullable=False),
        sa.Column("merged_into", sa.Integer),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_stories_last_at", "stories", ["last_at"])
    op.create_table(
        "key_frequencies",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.create_table(
        "story_headlines",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lang", sa.String(8), primary_key=True),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("headline", sa.Text, nullable=False),
    )
    op.create_table(
        "translations",
        sa.Column("engine", sa.String(32), primary_key=True),
        sa.Column("target", sa.String(8), primary_key=True),
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(8)),
        sa.Column("translation", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("translations", "story_headlines", "key_frequencies", "stories", "article_bands"):
        op.drop_table(table)
    op.drop_index("ix_articles_reprint_of", "articles")
    op.drop_index("ix_articles_story_id", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("minhash")
        batch.drop_column("reprint_of")
        batch.drop_column("story_id")

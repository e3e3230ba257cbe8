"""How many of a story's articles its stored keys count (`stories.keys_articles`): keys are
written in batches now, not at every placement, so a story whose stored keys count fewer
articles than it holds (a pass killed between two batches) has its keys worked out again from its
articles. The keys of closed stories, which no article will join again, are emptied: they were
most of the database's size (20 KB of the 24 KB of an article).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stories", sa.Column("keys_articles", sa.Integer(), nullable=True))
    op.execute("UPDATE stories SET keys_articles = article_count")


def downgrade() -> None:
    op.drop_column("stories", "keys_articles")

"""The copies of an article (reprint_of IS NOT NULL), indexed apart: the timeline's index leads with
reprint_of, but nearly every article's is NULL, so once the database's statistics say so, SQLite
scanned the whole table to find a page's reprints (57 ms a page at 100,000 articles).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COPIES = sa.text("reprint_of IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_articles_copies", "articles", ["reprint_of"], sqlite_where=COPIES, postgresql_where=COPIES
    )


def downgrade() -> None:
    op.drop_index("ix_articles_copies", "articles")

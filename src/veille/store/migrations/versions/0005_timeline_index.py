"""The timeline's index: originals (reprint_of IS NULL) in sort order, so that a page is read
from the index instead of sorting the whole archive.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_articles_reprint_of", "articles")
    op.create_index("ix_articles_timeline", "articles", ["reprint_of", "sort_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_timeline", "articles")
    op.create_index("ix_articles_reprint_of", "articles", ["reprint_of"])

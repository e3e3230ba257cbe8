"""Sources that are not feeds (`sources.kind`: feed, news sitemap, sitemap, home page), and the
entries that could not be stored, each retried on its own backoff (`failed_entries`), so that a
failing article no longer turns conditional GET off for its whole source.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="feed"))
    op.create_table(
        "failed_entries",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column("gave_up", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_failed_entries_source", "failed_entries", ["source_id", "next_try_at"])


def downgrade() -> None:
    op.drop_table("failed_entries")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("kind")

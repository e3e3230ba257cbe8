"""The publication an article credits as its original (a reprint's source).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("original_publication", sa.String(255)))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("original_publication")

"""The languages each story key was seen in (a capitalised German noun is not a name).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_languages",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("lang", sa.String(8), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("key_languages")

"""Watches (saved searches that alert, write press reviews and apply rules), what they matched,
the alerts and messages they owe, what their rules did, tags, and hidden articles.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _watch() -> sa.Column[int]:
    return sa.Column(
        "watch_id", sa.Integer(), sa.ForeignKey("watches.id", ondelete="CASCADE"), nullable=False
    )


def _article() -> sa.Column[int]:
    return sa.Column(
        "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("notify", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(8), nullable=False),
        sa.Column("rules", sa.String(512), nullable=False),
        sa.Column("alert_again", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("checked_through", sa.Integer(), nullable=False),
        sa.Column("last_message_at", sa.DateTime()),
        sa.Column("last_digest_at", sa.DateTime()),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "watch_matches",
        _watch(),
        _article(),
        sa.Column("story_id", sa.Integer()),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("watch_id", "article_id"),
    )
    op.create_index("ix_watch_matches_story", "watch_matches", ["watch_id", "story_id"])
    op.create_index("ix_watch_matches_time", "watch_matches", ["watch_id", "matched_at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _watch(),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("story_articles", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_alerts_watch_story", "alerts", ["watch_id", "story_id"])
    op.create_index("ix_alerts_unsent", "alerts", ["watch_id", "sent"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        _watch(),
        sa.Column("notify", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_format", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("last_error", sa.Text()),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_deliveries_due", "deliveries", ["sent_at", "next_try_at"])
    op.create_table(
        "rule_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _watch(),
        _article(),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_rule_actions_watch", "rule_actions", ["watch_id"])
    op.create_table(
        "article_tags",
        _article(),
        sa.Column("tag", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "tag"),
    )
    op.create_index("ix_article_tags_tag", "article_tags", ["tag"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("hidden_at", sa.DateTime()))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("hidden_at")
    for table in ("article_tags", "rule_actions", "deliveries", "alerts", "watch_matches", "watches"):
        op.drop_table(table)

"""Search by word forms: the index holds each word's stem in its article's language, pairs of
Chinese or Japanese characters (`store.analysis`); on PostgreSQL a stored tsvector column
replaces the folded text and its expression index. Every article is indexed again (measured in
docs/benchmarks.md: seconds per 100,000 articles). And the spellings of names met in stories.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from veille.store.search import create_index, create_lookup, reindex

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE article_search")
    else:
        op.execute("DROP INDEX ix_articles_search")
        op.drop_column("articles", "search_text")
    create_index(bind)
    reindex(bind)
    create_lookup(bind)
    op.create_table(
        "name_variants",
        sa.Column("spelling", sa.String(64), primary_key=True),
        sa.Column("variant", sa.String(64), primary_key=True),
        sa.Column("lang", sa.String(8), primary_key=True),
        sa.Column("shown", sa.String(64), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    """Back to 0011's index, empty: 0011's code searches nothing until articles arrive."""
    bind = op.get_bind()
    op.drop_table("name_variants")
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE article_search")
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.execute("DROP INDEX ix_articles_search")
        op.drop_column("articles", "search_vector")
        op.add_column("articles", sa.Column("search_text", sa.Text))
        op.execute(
            "CREATE INDEX ix_articles_search ON articles USING GIN (to_tsvector('simple', search_text))"
        )

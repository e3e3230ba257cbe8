"""SQLite's search index without its own copy of what it indexes (FTS5 `content=''`): it kept
every article's terms a second time, a third of the database (7.5 KB of an article's 23). The
index is copied into a contentless table, which takes its place. PostgreSQL's is unchanged.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from __future__ import annotations

from alembic import op

from veille.store.search import CREATE_SQLITE_INDEX

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    made = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'article_search'").scalar()
    if made is not None and "content=''" in made:
        return  # a database made since: contentless from the start
    op.execute(CREATE_SQLITE_INDEX.format(name="article_search_contentless"))
    op.execute("INSERT INTO article_search_contentless (rowid, body) SELECT rowid, body FROM article_search")
    op.execute("DROP TABLE article_search")
    op.execute("ALTER TABLE article_search_contentless RENAME TO article_search")


def downgrade() -> None:
    """Back to an index with its copy, rebuilt from the articles."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from veille.store.search import reindex

    op.execute("DROP TABLE article_search")
    op.execute("CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize='ascii')")
    reindex(bind)

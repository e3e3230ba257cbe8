"""The tables. Times are naive UTC; an article's own time-zone offset is kept beside it."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("name", String(512), nullable=False),
    Column("site_url", String(2048)),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("last_fetched_at", DateTime),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False, default=0),
    Column("next_fetch_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    sqlite_autoincrement=True,
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("site", String(255), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("title", Text, nullable=False),
    Column("author", String(512)),
    Column("published_at", DateTime),
    Column("published_offset", Integer),
    Column("lang", String(8)),
    Column("reading_minutes", Integer, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("description", Text),
    Column("image", String(2048)),
    Column("from_feed", Boolean, nullable=False, default=False),
    Column("original_publication", String(255)),
    Column("story_id", Integer),
    Column("reprint_of", Integer),
    Column("minhash", LargeBinary),
    Column("sort_at", DateTime),
    Column("read_at", DateTime),
    Column("starred_at", DateTime),
    Column("fetched_at", DateTime, nullable=False),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_lang", "lang"),
    Index("ix_articles_story_id", "story_id"),
    Index("ix_articles_timeline", "reprint_of", "sort_at", "id"),
    Index(
        "ix_articles_copies",
        "reprint_of",
        sqlite_where=text("reprint_of IS NOT NULL"),
        postgresql_where=text("reprint_of IS NOT NULL"),
    ),
    Index("ix_articles_sort", "sort_at", "id"),
    Index("ix_articles_starred", "starred_at"),
    sqlite_autoincrement=True,
)

article_urls = Table(
    "article_urls",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_article_urls_article_id", "article_id"),
)

article_sources = Table(
    "article_sources",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_sources_source_id", "source_id"),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", String(24), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("first_at", DateTime),
    Column("last_at", DateTime),
    Column("article_count", Integer, nullable=False),
    Column("keys", Text, nullable=False),
    Column("merged_into", Integer),
    Column("embedding", LargeBinary),
    Column("sort_at", DateTime),
    Index("ix_stories_last_at", "last_at"),
    Index("ix_stories_sort", "sort_at", "id"),
    sqlite_autoincrement=True,
)

key_frequencies = Table(
    "key_frequencies",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("articles", Integer, nullable=False),
)

key_languages = Table(
    "key_languages",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("lang", String(8), primary_key=True),
)

story_headlines = Table(
    "story_headlines",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("lang", String(8), primary_key=True),
    Column("article_count", Integer, nullable=False),
    Column("headline", Text, nullable=False),
)

translations = Table(
    "translations",
    metadata,
    Column("engine", String(32), primary_key=True),
    Column("target", String(8), primary_key=True),
    Column("digest", String(64), primary_key=True),
    Column("source", String(8)),
    Column("translation", Text, nullable=False),
)

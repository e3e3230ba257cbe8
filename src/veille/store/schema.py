"""The tables. Times are naive UTC; an article's own time-zone offset is kept beside it.

Every text column is cleaned and bounded as it is written (`Bounded`, `CleanText`), the same on
both engines: PostgreSQL refuses a NUL byte or a value over a column's length where SQLite
takes anything, so a hostile feed would otherwise crash one engine and not the other."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    text,
)

from veille.cleaning import bounded, clean_text


class Bounded(TypeDecorator[str]):
    """A VARCHAR whose values are cleaned of what XML forbids and cut to its length."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        length = getattr(self.impl_instance, "length", None)
        return bounded(str(value), length) if length else clean_text(str(value))


class CleanText(TypeDecorator[str]):
    """A TEXT whose values are cleaned of what XML forbids."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(str(value))


MAX_NUMBER = 2_147_483_647
"""Numbers (of articles, stories, sources) are 32-bit integers in the database: a larger one
names nothing, and is looked up as such rather than sent to an engine that would overflow."""


def is_number(value: int) -> bool:
    return 1 <= value <= MAX_NUMBER


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Bounded(2048), nullable=False, unique=True),
    Column("name", Bounded(512), nullable=False),
    Column("site_url", Bounded(2048)),
    Column("etag", Bounded(512)),
    Column("last_modified", Bounded(128)),
    Column("last_fetched_at", DateTime),
    Column("last_error", CleanText),
    Column("error_count", Integer, nullable=False, default=0),
    Column("next_fetch_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("kind", Bounded(16), nullable=False, server_default="feed"),
    sqlite_autoincrement=True,
)

failed_entries = Table(
    "failed_entries",
    metadata,
    Column("url", Bounded(2048), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("entry", CleanText, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_try_at", DateTime, nullable=False),
    Column("last_error", CleanText),
    Column("gave_up", Boolean, nullable=False),
    Index("ix_failed_entries_source", "source_id", "next_try_at"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Bounded(2048), nullable=False, unique=True),
    Column("site", Bounded(255), nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("title", CleanText, nullable=False),
    Column("author", Bounded(512)),
    Column("published_at", DateTime),
    Column("published_offset", Integer),
    Column("lang", Bounded(8)),
    Column("reading_minutes", Integer, nullable=False),
    Column("word_count", Integer, nullable=False),
    Column("text", CleanText, nullable=False),
    Column("description", CleanText),
    Column("image", Bounded(2048)),
    Column("from_feed", Boolean, nullable=False, default=False),
    Column("original_publication", Bounded(255)),
    Column("story_id", Integer),
    Column("reprint_of", Integer),
    Column("minhash", LargeBinary),
    Column("sort_at", DateTime),
    Column("read_at", DateTime),
    Column("starred_at", DateTime),
    Column("hidden_at", DateTime),
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
    Column("url", Bounded(2048), primary_key=True),
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
    Column("band", Bounded(24), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("first_at", DateTime),
    Column("last_at", DateTime),
    Column("article_count", Integer, nullable=False),
    Column("keys", CleanText, nullable=False),
    Column("keys_articles", Integer),
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
    Column("key", Bounded(64), primary_key=True),
    Column("articles", Integer, nullable=False),
)

key_languages = Table(
    "key_languages",
    metadata,
    Column("key", Bounded(64), primary_key=True),
    Column("lang", Bounded(8), primary_key=True),
)

story_headlines = Table(
    "story_headlines",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("lang", Bounded(8), primary_key=True),
    Column("article_count", Integer, nullable=False),
    Column("headline", CleanText, nullable=False),
)

translations = Table(
    "translations",
    metadata,
    Column("engine", Bounded(32), primary_key=True),
    Column("target", Bounded(8), primary_key=True),
    Column("digest", Bounded(64), primary_key=True),
    Column("source", Bounded(8)),
    Column("translation", CleanText, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Bounded(128), nullable=False, unique=True),
    Column("digest", Bounded(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    sqlite_autoincrement=True,
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("digest", Bounded(64), primary_key=True),
    Column("password_mark", Bounded(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Index("ix_web_sessions_expires_at", "expires_at"),
)

name_variants = Table(
    "name_variants",
    metadata,
    Column("spelling", Bounded(64), primary_key=True),
    Column("variant", Bounded(64), primary_key=True),
    Column("lang", Bounded(8), primary_key=True),
    Column("shown", Bounded(64), nullable=False),
    Column("seen", Integer, nullable=False),
)
"""Two spellings of one name (Poutine, Путин), met in the articles of one story; `lang` is the
language of the article that wrote the variant (a variant is searched in that language only:
Spanish writes Seúl, which French reads as seul), `shown` how it was written, `seen` how many
times the two were met."""

watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Bounded(128), nullable=False, unique=True),
    Column("query", CleanText, nullable=False),
    Column("notify", CleanText, nullable=False, default=""),
    Column("digest", Bounded(8), nullable=False, default=""),
    Column("rules", Bounded(512), nullable=False, default=""),
    Column("alert_again", Bounded(16), nullable=False, default="language"),
    Column("created_at", DateTime, nullable=False),
    Column("checked_through", Integer, nullable=False, default=0),
    Column("last_message_at", DateTime),
    Column("last_digest_at", DateTime),
    sqlite_autoincrement=True,
)
"""A saved search and what to do when articles match it: `notify`, Apprise addresses one a line;
`digest`, "" or daily or weekly; `rules`, actions separated by spaces (read, star, hide,
tag:NAME); `alert_again`, when a story already told is told again (never, language: when it
reaches a new language, double: when it doubles); `checked_through`, the last article matched."""

watch_matches = Table(
    "watch_matches",
    metadata,
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer),
    Column("matched_at", DateTime, nullable=False),
    Index("ix_watch_matches_story", "watch_id", "story_id"),
    Index("ix_watch_matches_time", "watch_id", "matched_at"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", Integer, nullable=False),
    Column("article_id", Integer, nullable=False),
    Column("kind", Bounded(16), nullable=False),
    Column("story_articles", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("sent", Boolean, nullable=False, default=False),
    Index("ix_alerts_watch_story", "watch_id", "story_id"),
    Index("ix_alerts_unsent", "watch_id", "sent"),
    sqlite_autoincrement=True,
)
"""What a watch has to tell of a story (`kind`: new, language, grown), and whether a message
has taken it yet; `story_articles`, the story's matched articles when it was told."""

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("notify", CleanText, nullable=False),
    Column("title", CleanText, nullable=False),
    Column("body", CleanText, nullable=False),
    Column("body_format", Bounded(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
    Column("last_error", CleanText),
    Index("ix_deliveries_due", "sent_at", "next_try_at"),
    sqlite_autoincrement=True,
)
"""A message to one notifier, kept until it is sent (retried with a backoff): a receiver that is
down loses nothing, and a killed veille sends it on its next pass."""

rule_actions = Table(
    "rule_actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("action", Bounded(80), nullable=False),
    Column("done_at", DateTime, nullable=False),
    Index("ix_rule_actions_watch", "watch_id"),
    sqlite_autoincrement=True,
)
"""What a watch's rules did to an article (only what changed it: a star the reader had put
already is not the rule's), so that `watch undo` takes back exactly that."""

article_tags = Table(
    "article_tags",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", Bounded(64), primary_key=True),
    Index("ix_article_tags_tag", "tag"),
)

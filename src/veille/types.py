"""The public data types, shared by every stage of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of an article's text, stored one per block, blank lines between."""
    return [p for p in text.split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class Source:
    """A followed source: a feed, a sitemap, or a page that lists articles."""

    id: int
    url: str
    name: str
    site_url: str | None
    last_fetched_at: datetime | None
    last_error: str | None
    error_count: int
    next_fetch_at: datetime | None
    etag: str | None = None
    last_modified: str | None = None
    article_count: int = 0
    kind: str = "feed"
    """How veille reads it: "feed", "news sitemap", "sitemap" or "home page" (a listing)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, as the feed tells it."""

    url: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    summary: str | None = None
    content_html: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, site and entries, and whether it was only partly readable."""

    title: str | None
    site_url: str | None
    entries: list[FeedEntry]
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Extracted:
    """What extraction finds on an article page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image: str | None = None
    original: str | None = None
    """The publication the article credits as its original ("Reprinted with permission from …")."""

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.text)


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to be stored: extracted, enriched, not yet numbered."""

    url: str
    site: str
    title: str
    author: str | None
    published: datetime | None
    lang: str | None
    reading_minutes: int
    word_count: int
    text: str
    description: str | None
    image: str | None
    from_feed: bool
    original: str | None = None
    aliases: tuple[str, ...] = ()
    terms: tuple[str, ...] | None = None
    """What the search index holds of it (store.analysis.tokens), when worked out where it was
    extracted; None: worked out as it is stored."""


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article: everything the card shows and more."""

    id: int
    url: str
    site: str
    source: str | None
    title: str
    headline: str
    author: str | None
    published: datetime | None
    lang: str | None
    reading_minutes: int
    word_count: int
    text: str
    description: str | None
    image: str | None
    from_feed: bool
    fetched_at: datetime
    original: str | None = None
    story: int | None = None
    reprint_of: int | None = None
    also_on: tuple[str, ...] = ()
    read: bool = False
    starred: bool = False
    hidden: bool = False
    """Hidden by a watch's rule: out of the timeline, searches and feeds (`veille watch undo`)."""
    tags: tuple[str, ...] = ()
    """Given by watches' rules (tag:NAME)."""
    sort_at: datetime | None = None
    """When it sorts in the timeline: published, or fetched when the date is unknown or ahead."""

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs_of(self.text)


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story as shown: its headline in the reader's language and its articles."""

    id: int
    headline: str
    first: datetime | None
    last: datetime | None
    articles: tuple[Article, ...]

    @property
    def languages(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for article in self.articles:
            counts[article.lang or "?"] = counts.get(article.lang or "?", 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def by_language(self, first: str | None = None) -> dict[str, list[Article]]:
        """Its articles grouped by language: `first` (the reader's) first, then the most told."""
        order = sorted(self.languages, key=lambda lang: lang != first)
        return {lang: [a for a in self.articles if (a.lang or "?") == lang] for lang in order}

    @property
    def sites(self) -> list[str]:
        return list(dict.fromkeys(s for a in self.articles for s in (a.site, *a.also_on)))


@dataclass(frozen=True, slots=True)
class Watch:
    """A saved search, and what veille does when articles match it (docs/watches.md)."""

    id: int
    name: str
    query: str
    notify: tuple[str, ...] = ()
    """Apprise addresses (mailto://…, ntfy://…, json://…) told of new stories."""
    digest: str = ""
    """"daily" or "weekly": a press review sent by the notifiers; "" for none."""
    rules: tuple[str, ...] = ()
    """Done to each matching article as it arrives: read, star, hide, tag:NAME."""
    alert_again: str = "language"
    """When a story already told is told again: never, language (it reaches a new language),
    double (its matched articles double)."""
    created_at: datetime | None = None
    checked_through: int = 0
    last_message_at: datetime | None = None
    last_digest_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WatchedStory:
    """A story as a watch tells it: in an alert, on the watch's page, in a press review."""

    story: StoryView
    kind: str = "new"
    """Why it is told: new, language (a new language), grown (doubled); "" in a review."""
    matched: int = 0
    """How many of its articles the watch matched."""
    lead: str = ""
    """The first paragraph of its leading article, in the reader's language when one is."""
    lead_article: int | None = None

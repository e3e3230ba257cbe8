"""The watch desk: watches kept, matched after each pass, told by their notifiers, and their
press reviews written (`Veille.watches`; docs/watches.md). The matching, the alerts and the
messages are `watch/`'s; this puts them together with the stories and headlines of `core`."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row

from veille.config import Settings
from veille.enrich.translation.engines import TranslationError
from veille.messages import Voice, _
from veille.show.review import Review, Section, render, review_title
from veille.store import watches as watch_store
from veille.store.query import parse
from veille.store.times import utcnow
from veille.types import StoryView, Watch, WatchedStory
from veille.watch.matching import Percolator
from veille.watch.notify import Sent, check_address, deliver_due
from veille.watch.stage import Matched, Message, match_arrivals, queue_messages

StoryReader = Callable[[int], StoryView]
Translate = Callable[[str, str | None], str]
"""A paragraph of a language into the reader's; raises when it cannot."""
RECOMPILE_SECONDS = 600.0
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass(slots=True)
class Watched:
    """What the watch stage did after a pass."""

    matched: Matched
    queued: int
    sent: Sent


class WatchDesk:
    def __init__(
        self, settings: Settings, engine: Engine, story: StoryReader, translate: Translate | None = None
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.story = story
        self.translate = translate
        self._compiled: tuple[tuple[tuple[int, str], ...], float, Percolator] | None = None

    @property
    def base_url(self) -> str:
        """Where readers reach veille, for the links of messages."""
        base = self.settings.web_base_url or f"http://{self.settings.web_host}:{self.settings.web_port}"
        return base.rstrip("/")

    # Keeping watches

    def checked(self, watch: Watch) -> Watch:
        """`watch` if its search reads and its notifiers are addresses Apprise knows; else the
        error that says why (QuerySyntaxError, NotifierError, BadWatch; its rules and settings
        are checked as they are stored)."""
        if parse(watch.query) is None:
            raise watch_store.BadWatch(_("a watch needs a search"))
        for address in watch.notify:
            check_address(address)
        return watch

    def add(self, watch: Watch) -> Watch:
        return watch_store.add_watch(self.engine, self.checked(watch))

    def edit(self, key: str, **changes: Any) -> Watch:
        watch = watch_store.get_watch(self.engine, key)
        changed = replace(watch, **{name: value for name, value in changes.items() if value is not None})
        return watch_store.update_watch(self.engine, self.checked(changed))

    def get(self, key: str) -> Watch:
        return watch_store.get_watch(self.engine, key)

    def all(self) -> list[Watch]:
        return watch_store.all_watches(self.engine)

    def remove(self, key: str) -> Watch:
        return watch_store.remove_watch(self.engine, key)

    def undo(self, key: str) -> int:
        """Takes back what the watch's rules did; how many actions."""
        return watch_store.undo_rules(self.engine, self.get(key).id)

    def pending(self, watch: Watch) -> int:
        """Messages of the watch not sent yet."""
        return watch_store.pending_deliveries(self.engine, watch.id)

    # What they matched

    def stories(
        self, watch: Watch, since: datetime | None = None, until: datetime | None = None, limit: int = 50
    ) -> list[WatchedStory]:
        """The stories the watch matched (in `since`…`until`), the most covered first."""
        counts = watch_store.matched_stories(self.engine, watch.id, since, until)
        return [self._watched(number, matched=count) for number, count in list(counts.items())[:limit]]

    def lately(self, watch: Watch, since: datetime, limit: int) -> tuple[list[WatchedStory], int, int]:
        """The watch's `limit` most covered stories since `since`, how many it matched since then,
        and in all."""
        recent = watch_store.matched_stories(self.engine, watch.id, since, None)
        told = [self._watched(number, matched=count) for number, count in list(recent.items())[:limit]]
        return told, len(recent), len(watch_store.matched_stories(self.engine, watch.id, None, None))

    def _watched(self, number: int, kind: str = "", matched: int = 0) -> WatchedStory:
        story = self.story(number)
        lead, lead_article = self._lead(story)
        return WatchedStory(story, kind, matched, lead, lead_article)

    def _lead(self, story: StoryView) -> tuple[str, int | None]:
        """The first paragraph of the story's first article in the reader's language, else of its
        first article, translated when an engine can."""
        if not story.articles:
            return "", None
        reader = self.settings.lang
        article = next((a for a in story.articles if a.lang == reader), story.articles[0])
        paragraphs = article.paragraphs
        lead = paragraphs[0] if paragraphs else ""
        if lead and article.lang != reader and self.translate is not None:
            with contextlib.suppress(TranslationError):  # an engine down: the lead as it is written
                lead = self.translate(lead, article.lang)
        return lead, article.id

    # After each pass

    def after_pass(
        self, on_error: Callable[[str], None] | None = None, now: datetime | None = None
    ) -> Watched:
        """Matches the new articles, queues the alerts and press reviews due, sends what is due."""
        matched = match_arrivals(self.engine, matcher=self._percolator)
        interval = timedelta(minutes=self.settings.alert_interval_minutes)
        queued = queue_messages(self.engine, interval, self._tell, now)
        queued += self._queue_reviews(now or utcnow())
        sent = deliver_due(self.engine, self.settings.notify_seconds, on_error)
        return Watched(matched, queued, sent)

    def _tell(self, watch: Watch, alerts: list[Row[Any]]) -> Message:
        voice = Voice(self.settings.lang)
        told: dict[int, WatchedStory] = {}
        for alert in alerts:  # one entry a story, however many times it was told since
            told[alert.story_id] = self._watched(alert.story_id, alert.kind, alert.story_articles)
        title = voice.n_("{watch}: {count} story", "{watch}: {count} stories", len(told), watch=watch.name)
        review = Review(title, "", (Section(watch.name, watch.query, tuple(told.values())),), self.base_url,
                        self.settings.lang)  # fmt: skip
        return title, render(review, "html").decode(), render(review, "text").decode()

    def _queue_reviews(self, now: datetime) -> int:
        """The daily (and on Mondays the weekly) press reviews due after `digest_hour`."""
        queued = 0
        if now.hour < self.settings.digest_hour:
            return 0
        for watch in self.all():
            period = PERIODS.get(watch.digest)
            if period is None or not watch.notify:
                continue
            if watch.digest == "weekly" and now.weekday() != 0:
                continue
            if watch.last_digest_at is not None and watch.last_digest_at.date() >= now.date():
                continue
            since = watch.last_digest_at or now - period
            review = self._review([watch], since, now)
            html, text = (render(review, form).decode() for form in ("html", "text"))
            with self.engine.begin() as connection:
                watch_store.queue_message(connection, watch, review.title, html, text)
                watch_store.set_digested(connection, watch.id, now)
            queued += 1
        return queued

    def _percolator(self, connection: Connection, watches: list[Watch]) -> Percolator:
        """The watches compiled, kept from pass to pass while their searches stay the same (and
        for ten minutes at most: the spellings of names learnt since are searched too)."""
        key = tuple((watch.id, watch.query) for watch in watches)
        kept = self._compiled
        if kept is None or kept[0] != key or time.monotonic() - kept[1] > RECOMPILE_SECONDS:
            kept = self._compiled = (key, time.monotonic(), Percolator(connection, watches))
        return kept[2]

    # Press reviews

    def review(
        self, watches: list[Watch], since: datetime, until: datetime, form: str, limit: int = 30
    ) -> bytes:
        """The press review of `watches` over the period, as `form` (text, md, html, pdf)."""
        return render(self._review(watches, since, until, limit), form)

    def _review(self, watches: list[Watch], since: datetime, until: datetime, limit: int = 30) -> Review:
        """The review's stories, gathered once for however many forms it is written in."""
        voice = Voice(self.settings.lang)
        title, period = review_title(voice, [w.name for w in watches], since, until)
        sections = tuple(
            Section(w.name, w.query, tuple(self.stories(w, since, until, limit))) for w in watches
        )
        return Review(title, period, sections, self.base_url, self.settings.lang)

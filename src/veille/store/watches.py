"""Watches and what they keep: their matches, the alerts and messages they owe, what their
rules did (docs/watches.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from veille.messages import _
from veille.store.schema import (
    alerts,
    article_tags,
    articles,
    deliveries,
    is_number,
    rule_actions,
    watch_matches,
    watches,
)
from veille.store.times import utcnow
from veille.store.upsert import dialect_insert
from veille.types import Watch

AGAIN = ("never", "language", "double")
DIGESTS = ("", "daily", "weekly")
MAX_BACKOFF = timedelta(hours=6)


class WatchExists(ValueError):
    """A watch of that name exists already."""


class UnknownWatch(LookupError):
    """No watch has that name or number."""


class BadWatch(ValueError):
    """A watch that cannot be kept as given: no name, no search, an unknown rule or setting."""


def check_rules(rules: Iterable[str]) -> tuple[str, ...]:
    """The rules, checked: read, star, hide, tag:NAME."""
    checked = []
    for rule in rules:
        name = rule.strip()
        if name not in ("read", "star", "hide") and not (name.startswith("tag:") and 0 < len(name) - 4 <= 64):
            raise BadWatch(_("unknown rule {rule!r} (read, star, hide, tag:NAME)").format(rule=rule))
        checked.append(name)
    return tuple(dict.fromkeys(checked))


def _watch(row: Row[Any]) -> Watch:
    return Watch(
        id=row.id, name=row.name, query=row.query,
        notify=tuple(line for line in row.notify.splitlines() if line.strip()),
        digest=row.digest, rules=tuple(row.rules.split()), alert_again=row.alert_again,
        created_at=row.created_at, checked_through=row.checked_through,
        last_message_at=row.last_message_at, last_digest_at=row.last_digest_at,
    )  # fmt: skip


def _values(watch: Watch) -> dict[str, object]:
    if watch.digest not in DIGESTS:
        raise BadWatch(_("digest: daily or weekly, not {value!r}").format(value=watch.digest))
    if watch.alert_again not in AGAIN:
        raise BadWatch(_("alert again: never, language or double, not {value!r}").format(
            value=watch.alert_again))  # fmt: skip
    return {
        "name": " ".join(watch.name.split()), "query": watch.query, "notify": "\n".join(watch.notify),
        "digest": watch.digest, "rules": " ".join(check_rules(watch.rules)), "alert_again": watch.alert_again,
    }  # fmt: skip


def add_watch(engine: Engine, watch: Watch) -> Watch:
    """Stores a new watch; it is matched against the articles that arrive from now on."""
    values = _values(watch)
    if not values["name"]:
        raise BadWatch(_("a watch needs a name"))
    with engine.begin() as connection:
        latest = connection.execute(select(func.coalesce(func.max(articles.c.id), 0))).scalar_one()
        try:
            number = connection.execute(
                insert(watches).values(**values, created_at=utcnow(), checked_through=latest)
            ).inserted_primary_key[0]  # type: ignore[index]
        except IntegrityError:
            raise WatchExists(_("a watch named {name!r} exists already").format(name=watch.name)) from None
    return get_watch(engine, str(number))


def update_watch(engine: Engine, watch: Watch) -> Watch:
    values = _values(watch)
    try:
        with engine.begin() as connection:
            connection.execute(update(watches).where(watches.c.id == watch.id).values(**values))
    except IntegrityError:
        raise WatchExists(_("a watch named {name!r} exists already").format(name=watch.name)) from None
    return get_watch(engine, str(watch.id))


def all_watches(engine: Engine | Connection) -> list[Watch]:
    query = select(watches).order_by(watches.c.name)
    if isinstance(engine, Connection):
        return [_watch(row) for row in engine.execute(query)]
    with engine.connect() as connection:
        return [_watch(row) for row in connection.execute(query)]


def get_watch(engine: Engine, key: str) -> Watch:
    """The watch numbered or named `key`."""
    condition = watches.c.name == " ".join(key.split())
    if key.isdigit() and is_number(int(key)):
        condition = condition | (watches.c.id == int(key))
    with engine.connect() as connection:
        row = connection.execute(select(watches).where(condition).order_by(watches.c.id)).first()
    if row is None:
        raise UnknownWatch(_("no watch {key!r}").format(key=key))
    return _watch(row)


def remove_watch(engine: Engine, key: str) -> Watch:
    watch = get_watch(engine, key)
    with engine.begin() as connection:
        for table in (rule_actions, deliveries, alerts, watch_matches):
            connection.execute(delete(table).where(table.c.watch_id == watch.id))
        connection.execute(delete(watches).where(watches.c.id == watch.id))
    return watch


# What a watch matched


def record_match(connection: Connection, watch_id: int, article_id: int, story_id: int | None) -> bool:
    """Records that `watch_id` matched the article; False when it had already."""
    return _inserted(
        connection,
        watch_matches,
        {"watch_id": watch_id, "article_id": article_id, "story_id": story_id, "matched_at": utcnow()},
    )


def _inserted(connection: Connection, table: Table, row: dict[str, object]) -> bool:
    """Inserts `row` unless its key is there already; whether it did."""
    return bool(connection.execute(dialect_insert(connection, table).on_conflict_do_nothing(), row).rowcount)


def matched_languages(connection: Connection, watch_id: int, story_id: int, before: int) -> set[str]:
    """The languages of the story's articles the watch matched before article `before`."""
    query = (
        select(articles.c.lang)
        .join(watch_matches, watch_matches.c.article_id == articles.c.id)
        .where(watch_matches.c.watch_id == watch_id, watch_matches.c.story_id == story_id)
        .where(articles.c.id < before, articles.c.reprint_of.is_(None))
        .distinct()
    )
    return {lang or "" for lang in connection.execute(query).scalars()}


def matched_count(connection: Connection, watch_id: int, story_id: int) -> int:
    query = (
        select(func.count())
        .select_from(watch_matches.join(articles, articles.c.id == watch_matches.c.article_id))
        .where(watch_matches.c.watch_id == watch_id, watch_matches.c.story_id == story_id)
        .where(articles.c.reprint_of.is_(None))
    )
    return int(connection.execute(query).scalar_one())


def last_alert(connection: Connection, watch_id: int, story_id: int) -> Row[Any] | None:
    query = (
        select(alerts)
        .where(alerts.c.watch_id == watch_id, alerts.c.story_id == story_id)
        .order_by(alerts.c.id.desc())
    )
    return connection.execute(query).first()


def add_alert(
    connection: Connection, watch_id: int, story_id: int, article_id: int, kind: str, story_articles: int
) -> None:
    connection.execute(
        insert(alerts).values(
            watch_id=watch_id, story_id=story_id, article_id=article_id, kind=kind,
            story_articles=story_articles, created_at=utcnow(), sent=False,
        )
    )  # fmt: skip


def unsent_alerts(connection: Connection, watch_id: int) -> list[Row[Any]]:
    query = (
        select(alerts).where(alerts.c.watch_id == watch_id, alerts.c.sent.is_(False)).order_by(alerts.c.id)
    )
    return list(connection.execute(query))


def mark_told(connection: Connection, watch_id: int, alert_ids: list[int], moment: datetime) -> None:
    connection.execute(update(alerts).where(alerts.c.id.in_(alert_ids)).values(sent=True))
    connection.execute(update(watches).where(watches.c.id == watch_id).values(last_message_at=moment))


def set_progress(connection: Connection, through: int) -> None:
    """Every watch has been matched against the articles up to number `through`."""
    connection.execute(
        update(watches).where(watches.c.checked_through < through).values(checked_through=through)
    )


def set_digested(connection: Connection, watch_id: int, moment: datetime) -> None:
    connection.execute(update(watches).where(watches.c.id == watch_id).values(last_digest_at=moment))


def matched_stories(
    engine: Engine, watch_id: int, since: datetime | None, until: datetime | None
) -> dict[int, int]:
    """The stories the watch matched articles of (between `since` and `until`, matched times),
    each with how many originals it matched, the most first."""
    count = func.count()
    query = (
        select(watch_matches.c.story_id, count)
        .select_from(watch_matches.join(articles, articles.c.id == watch_matches.c.article_id))
        .where(watch_matches.c.watch_id == watch_id, watch_matches.c.story_id.is_not(None))
        .where(articles.c.reprint_of.is_(None))
        .group_by(watch_matches.c.story_id)
        .order_by(count.desc(), watch_matches.c.story_id.desc())
    )
    if since is not None:
        query = query.where(watch_matches.c.matched_at >= since)
    if until is not None:
        query = query.where(watch_matches.c.matched_at < until)
    with engine.connect() as connection:
        return {row[0]: row[1] for row in connection.execute(query)}


# Messages to notifiers


def queue_message(connection: Connection, watch: Watch, title: str, html: str, text: str) -> None:
    """One message per notifier of `watch`, kept until it is sent: the HTML for e-mail, the text
    for the others (a chat, a phone, a webhook)."""
    now = utcnow()
    for address in watch.notify:
        mail = address.lower().startswith(("mailto:", "mailtos:"))
        connection.execute(
            insert(deliveries).values(
                watch_id=watch.id, notify=address, title=title, body=html if mail else text,
                body_format="html" if mail else "text", created_at=now, attempts=0, next_try_at=now,
            )
        )  # fmt: skip


def due_deliveries(engine: Engine, now: datetime) -> list[Row[Any]]:
    query = (
        select(deliveries)
        .where(deliveries.c.sent_at.is_(None), deliveries.c.next_try_at <= now)
        .order_by(deliveries.c.next_try_at, deliveries.c.id)
    )
    with engine.connect() as connection:
        return list(connection.execute(query))


def delivered(engine: Engine, delivery_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(sent_at=utcnow()))


def not_delivered(engine: Engine, delivery: Row[Any], error: str) -> None:
    """The message is tried again later: after 1, 2, 4… minutes, at most `MAX_BACKOFF`."""
    attempts = delivery.attempts + 1
    wait = min(MAX_BACKOFF, timedelta(minutes=2 ** min(attempts - 1, 12)))
    with engine.begin() as connection:
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery.id)
            .values(attempts=attempts, next_try_at=utcnow() + wait, last_error=error)
        )


def pending_deliveries(engine: Engine, watch_id: int) -> int:
    query = select(func.count()).where(deliveries.c.watch_id == watch_id, deliveries.c.sent_at.is_(None))
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


# Rules

RULE_COLUMNS = {"read": "read_at", "star": "starred_at", "hide": "hidden_at"}


def apply_rules(connection: Connection, watch: Watch, article_id: int) -> None:
    """Does the watch's rules to the article, recording what changed it."""
    now = utcnow()
    for rule in watch.rules:
        if rule in RULE_COLUMNS:
            column = articles.c[RULE_COLUMNS[rule]]
            changed = connection.execute(
                update(articles).where(articles.c.id == article_id, column.is_(None)).values({column: now})
            ).rowcount
        else:
            changed = _inserted(connection, article_tags, {"article_id": article_id, "tag": rule[4:]})
        if changed:
            connection.execute(
                insert(rule_actions).values(
                    watch_id=watch.id, article_id=article_id, action=rule, done_at=now
                )
            )


def undo_rules(engine: Engine, watch_id: int) -> int:
    """Takes back what the watch's rules did; returns how many actions."""
    with engine.begin() as connection:
        done = list(connection.execute(select(rule_actions).where(rule_actions.c.watch_id == watch_id)))
        for action in done:
            if action.action in RULE_COLUMNS:
                column = articles.c[RULE_COLUMNS[action.action]]
                connection.execute(
                    update(articles).where(articles.c.id == action.article_id).values({column: None})
                )
            else:
                connection.execute(
                    delete(article_tags).where(
                        article_tags.c.article_id == action.article_id,
                        article_tags.c.tag == action.action[4:],
                    )
                )
        connection.execute(delete(rule_actions).where(rule_actions.c.watch_id == watch_id))
    return len(done)

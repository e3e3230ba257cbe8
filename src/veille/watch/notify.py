"""Sends the messages the watches queued (`store.watches.deliveries`), each to its notifier,
through Apprise: e-mail (mailto://, mailtos://), ntfy, Matrix, Slack, Telegram, Gotify,
webhooks (json://, form://) and about a hundred more, each configured by an address. A message
that fails is tried again later with a backoff (1, 2, 4… minutes, at most six hours); a pass
spends at most `notify_seconds` sending, so a slow receiver never holds it up for long, and a
message not sent waits in the database, whatever becomes of the process."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row

from veille.messages import _
from veille.store import watches as watch_store
from veille.store.times import utcnow


class NotifierError(ValueError):
    """An address Apprise cannot use."""


@dataclass(slots=True)
class Sent:
    sent: int = 0
    failed: int = 0
    waiting: int = 0
    """Due, but left for the next pass (the time allowed was spent)."""


def _apprise(address: str, timeout: float) -> Any:
    import apprise  # imported here: a hundred plugins cost the CLI's start-up

    notifier = apprise.Apprise()
    if not notifier.add(address):
        raise NotifierError(_("not a notifier address Apprise knows: {address}").format(address=address))
    for service in notifier:
        service.socket_connect_timeout = timeout
        service.socket_read_timeout = timeout
    return notifier


def check_address(address: str) -> str:
    """`address` if Apprise can send to it; else NotifierError."""
    _apprise(address, 1.0)
    return address


def send(address: str, title: str, body: str, body_format: str, timeout: float = 10.0) -> None:
    """Sends one message; NotifierError when it could not be."""
    import apprise

    notifier = _apprise(address, timeout)
    formats = {"text": apprise.NotifyFormat.TEXT, "markdown": apprise.NotifyFormat.MARKDOWN,
               "html": apprise.NotifyFormat.HTML}  # fmt: skip
    if not notifier.notify(title=title, body=body, body_format=formats.get(body_format)):
        raise NotifierError(_("the notifier did not take the message: {address}").format(
            address=_shown(address)))  # fmt: skip


def _shown(address: str) -> str:
    """The address without what may be a secret (a password, a token): its scheme and host."""
    scheme, _sep, rest = address.partition("://")
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].split("?", 1)[0]
    return f"{scheme}://{host}"


def deliver_due(engine: Engine, seconds: float, on_error: Any = None) -> Sent:
    """Sends the messages due, for at most `seconds`."""
    done = Sent()
    deadline = time.monotonic() + seconds
    due: list[Row[Any]] = watch_store.due_deliveries(engine, utcnow())
    for delivery in due:
        left = deadline - time.monotonic()
        if left <= 0:
            done.waiting += 1
            continue
        try:
            send(
                delivery.notify, delivery.title, delivery.body, delivery.body_format, timeout=min(10.0, left)
            )
        except NotifierError as error:
            watch_store.not_delivered(engine, delivery, str(error))
            done.failed += 1
            if on_error is not None:
                on_error(str(error))
        else:
            watch_store.delivered(engine, delivery.id)
            done.sent += 1
    return done

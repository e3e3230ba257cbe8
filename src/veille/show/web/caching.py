"""Conditional answers: every successful GET is sent with an ETag (a digest of its body) and
`Cache-Control: private, no-cache`, so a browser, a feed reader or an API client that asks again
with `If-None-Match` gets `304 Not Modified` and no body when nothing changed. The page is still
made (veille's pages hold each reader's marks, so nothing is cached on the server), but not sent:
a feed polled every few minutes costs a few hundred bytes instead of its whole body. Bodies past
MAX_DIGESTED are sent as they come, without an ETag."""

from __future__ import annotations

import hashlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_DIGESTED = 4 * 1024 * 1024
CACHE_CONTROL = "private, no-cache"


class Conditional:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        asked = Headers(scope=scope).get("if-none-match", "")
        start: Message | None = None
        held: list[bytes] = []
        size = 0
        passing = False

        async def answer(message: Message) -> None:
            nonlocal start, size, passing
            if passing or message["type"] not in ("http.response.start", "http.response.body"):
                await send(message)
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200 or "etag" in Headers(raw=message["headers"]):
                    passing = True
                    await send(message)
                else:
                    start = message
                return
            body = message.get("body", b"")
            held.append(body)
            size += len(body)
            if message.get("more_body", False):
                if size > MAX_DIGESTED:
                    passing = True
                    assert start is not None
                    await send(start)
                    await send({"type": "http.response.body", "body": b"".join(held), "more_body": True})
                return
            assert start is not None
            whole = b"".join(held)
            tag = f'W/"{hashlib.blake2b(whole, digest_size=12).hexdigest()}"'
            headers = MutableHeaders(raw=start["headers"])
            headers["ETag"] = tag
            headers.setdefault("Cache-Control", CACHE_CONTROL)
            if tag in (candidate.strip() for candidate in asked.split(",")):
                for name in ("content-length", "content-type", "content-encoding"):
                    del headers[name]
                await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
                await send({"type": "http.response.body", "body": b""})
                return
            await send(start)
            await send({"type": "http.response.body", "body": whole})

        await self.app(scope, receive, answer)

"""The one HTTP client of veille: limits on concurrency per host and overall, a minimum delay
between requests to a host, timeouts, a response size cap enforced while streaming, retries
with backoff on 429/5xx honouring Retry-After, conditional GETs and robots.txt."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from veille.config import Settings
from veille.fetch.charset import decode
from veille.fetch.robots import parse_robots
from veille.messages import _

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that did not give a usable response; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return str(value).strip()
        return None

    @property
    def text(self) -> str:
        return decode(self.content, self.charset)


def _retry_after(value: str | None, fallback: float) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return fallback
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return fallback
    return max(0.0, when.timestamp() - time.time())


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and those it was raised from, outermost first."""
    seen: BaseException | None = error
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


def _describe(error: Exception, url: str) -> str:
    host = urlsplit(url).netloc
    match error:
        case httpx.TooManyRedirects():
            return _("{url}: too many redirects (a redirect loop?)").format(url=url)
        case httpx.ConnectTimeout():
            return _("{host}: no answer to the connection (timed out)").format(host=host)
        case httpx.ConnectError() if any(isinstance(cause, socket.gaierror) for cause in _causes(error)):
            return _("{host}: no such host (the name does not resolve: mistyped, gone, or no DNS)").format(
                host=host
            )
        case httpx.ConnectError():
            return _("{host}: cannot reach the host ({reason})").format(
                host=host, reason=error or _("connection failed")
            )
        case httpx.TimeoutException() | TimeoutError():
            return _("{url}: the server took too long to answer").format(url=url)
        case httpx.UnsupportedProtocol() | httpx.InvalidURL():
            return _("{url}: not an http(s) address").format(url=url)
        case httpx.DecodingError():
            return _("{url}: the response could not be decompressed").format(url=url)
        case _:
            return f"{url}: {type(error).__name__}: {error}"


class _HostGate:
    """Per-host concurrency limit and minimum delay between the starts of two requests."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.semaphore = asyncio.Semaphore(concurrency)
        self.delay = delay
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_start > now:
                await asyncio.sleep(self.next_start - now)
            self.next_start = max(now, self.next_start) + self.delay


class Fetcher:
    """Use as `async with Fetcher(settings) as fetcher: await fetcher.get(url)`."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            transport=transport,
            trust_env=True,
        )
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, _HostGate] = defaultdict(
            lambda: _HostGate(settings.per_host_concurrency, settings.per_host_delay)
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_lock: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = False,
        accept: str = "*/*",
    ) -> Response:
        """GETs `url`, following redirects; raises FetchError with a one-line reason."""
        if check_robots and self.settings.respect_robots and not await self._robots_allow(url):
            raise FetchError(_("{url}: robots.txt disallows fetching it").format(url=url))
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            response = await self._attempt(url, headers)
            if response.status not in RETRY_STATUSES or attempt >= self.settings.retries:
                break
            backoff = min(self.settings.max_backoff, 2.0**attempt)
            wait = min(
                self.settings.max_backoff,
                _retry_after(response.headers.get("retry-after"), backoff),
            )
            attempt += 1
            await asyncio.sleep(wait)
        if response.status >= 400:
            raise FetchError(f"{url}: HTTP {response.status}")
        return response

    async def _attempt(self, url: str, headers: dict[str, str]) -> Response:
        gate = self._hosts[urlsplit(url).netloc.lower()]
        async with self._slots, gate.semaphore:
            await gate.wait_turn()
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    return await self._stream(url, headers)
            except FetchError:
                raise
            except (httpx.HTTPError, TimeoutError, OSError) as error:
                raise FetchError(_describe(error, url)) from None

    async def _stream(self, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_bytes
        async with self._client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    _("{url}: response too large ({size} bytes, limit {limit})").format(
                        url=url, size=int(declared), limit=limit
                    )
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        _("{url}: response larger than the {limit}-byte limit").format(url=url, limit=limit)
                    )
                chunks.append(chunk)
            return Response(str(response.url), response.status_code, response.headers, b"".join(chunks))

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        async with self._robots_lock[origin]:
            if origin not in self._robots:
                try:
                    response = await self._attempt(urljoin(origin, "/robots.txt"), {"Accept": "text/plain"})
                    text = response.text if response.status < 400 else None
                except FetchError:
                    text = None
                self._robots[origin] = parse_robots(text)
        return self._robots[origin].can_fetch(self.settings.user_agent, url)

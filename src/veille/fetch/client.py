"""The one HTTP client of veille: limits on concurrency per host and overall, a minimum delay
between requests to a host, timeouts, a response size cap enforced on the decompressed bytes
while streaming, short retries with backoff on 429/5xx, conditional GETs and robots.txt.

A host that times out, or asks to wait longer than a short retry, is left for a later pass:
its remaining requests in this one fail at once (HostDeferred) instead of each waiting."""

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
from urllib.request import getproxies
from urllib.robotparser import RobotFileParser

import httpx

from veille.addresses import web_address
from veille.config import Settings
from veille.fetch.charset import decode
from veille.fetch.decoding import ACCEPT_ENCODING, BoundedDecoder, DecodingFailed, TooLarge
from veille.fetch.guard import RefusedAddress, guarded_transport
from veille.fetch.robots import parse_robots
from veille.messages import _

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SHORT_WAIT = 2.0
"""The longest wait before a retry within a pass; a host asking for more is left for later."""


class FetchError(Exception):
    """A request that did not give a usable response; the message is one line for the user."""


class HostDeferred(FetchError):
    """The host timed out or asked to wait earlier in this pass: left for a later one."""


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
        case httpx.ConnectError() if any(
            isinstance(cause, ConnectionRefusedError) for cause in _causes(error)
        ):
            return _("{host}: cannot reach the host ({reason})").format(
                host=host, reason=_("connection refused")
            )
        case httpx.ConnectError():
            return _("{host}: cannot reach the host ({reason})").format(
                host=host, reason=_("connection failed")
            )
        case httpx.TimeoutException() | TimeoutError():
            return _("{url}: the server took too long to answer").format(url=url)
        case httpx.UnsupportedProtocol() | httpx.InvalidURL():
            return _("{url}: not an http(s) address").format(url=url)
        case httpx.DecodingError() | DecodingFailed():
            return _("{url}: the response could not be decompressed").format(url=url)
        case httpx.RemoteProtocolError() | httpx.LocalProtocolError():
            return _("{url}: the server's answer breaks the HTTP protocol").format(url=url)
        case httpx.ReadError() | httpx.WriteError() | httpx.CloseError() | ConnectionError():
            return _("{url}: the connection was cut during the exchange").format(url=url)
        case _:
            return f"{url}: {type(error).__name__}" + (f": {error}" if str(error) else "")


def _behind_a_proxy() -> bool:
    return any(getproxies().get(scheme) for scheme in ("http", "https", "all"))


def _unusable(url: str) -> str:
    return _("{url}: not a usable http(s) address").format(url=url)


class UnusableAddress(Exception):
    """A redirect (or the address itself) that is no usable http(s) address."""


async def _refuse_unusable(request: httpx.Request) -> None:
    """Every request, the redirects' included, goes only to an address veille would store."""
    if web_address(str(request.url)) is None:
        raise UnusableAddress(str(request.url))


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
        self._client = self._new_client(transport)
        self._guarded = (
            self._client
            if settings.allow_private_addresses or (transport is None and _behind_a_proxy())
            else self._new_client(transport or guarded_transport())
        )
        """Through a proxy (HTTP_PROXY…) the proxy connects, and its own policy applies."""
        self.deferred: dict[str, int] = {}
        """Hosts left for a later pass, and how many requests to each were put off."""
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, _HostGate] = defaultdict(
            lambda: _HostGate(settings.per_host_concurrency, settings.per_host_delay)
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_lock: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def _new_client(self, transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(self.settings.total_timeout, connect=self.settings.connect_timeout),
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            transport=transport,
            trust_env=True,
            event_hooks={"request": [_refuse_unusable]},
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()
        await self._guarded.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = False,
        accept: str = "*/*",
        guarded: bool = False,
    ) -> Response:
        """GETs `url`, following redirects; raises FetchError with a one-line reason.

        `guarded`: the address and every redirect must lead to a public address (an article's
        link, unlike a source the user chose)."""
        if web_address(url) is None:
            raise FetchError(_unusable(url))
        host = urlsplit(url).netloc.lower()
        client = self._guarded if guarded else self._client
        if check_robots and self.settings.respect_robots and not await self._robots_allow(client, url):
            raise FetchError(_("{url}: robots.txt disallows fetching it").format(url=url))
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            response = await self._attempt(client, url, headers)
            if response.status not in RETRY_STATUSES or attempt >= self.settings.retries:
                break
            backoff = min(self.settings.max_backoff, 2.0**attempt)
            asked = _retry_after(response.headers.get("retry-after"), backoff)
            if asked > SHORT_WAIT:
                self.deferred.setdefault(host, 0)
                raise FetchError(
                    _(
                        "{url}: HTTP {status}, the server asks to wait {seconds:.0f} s: left for a later pass"
                    ).format(url=url, status=response.status, seconds=asked)
                )
            attempt += 1
            await asyncio.sleep(min(self.settings.max_backoff, asked))
        if response.status >= 400:
            raise FetchError(f"{url}: HTTP {response.status}")
        return response

    async def _attempt(self, client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc.lower()
        gate = self._hosts[host]
        async with self._slots, gate.semaphore:
            if host in self.deferred:
                self.deferred[host] += 1
                raise HostDeferred(_("{url}: left for a later pass").format(url=url))
            await gate.wait_turn()
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    return await self._stream(client, url, headers)
            except FetchError:
                raise
            except RefusedAddress as refused:
                raise FetchError(
                    _("{url}: refused, {host} is a private or local address ({address})").format(
                        url=url, host=refused.host, address=refused.address
                    )
                ) from None
            except UnusableAddress as unusable:
                raise FetchError(_unusable(str(unusable))) from None
            except (httpx.TimeoutException, TimeoutError) as error:
                self.deferred.setdefault(host, 0)
                raise FetchError(_describe(error, url)) from None
            except (httpx.HTTPError, httpx.InvalidURL, DecodingFailed, OSError, ValueError) as error:
                raise FetchError(_describe(error, url)) from None

    async def _stream(self, client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_bytes
        async with client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    _("{url}: response too large ({size} bytes, limit {limit})").format(
                        url=url, size=int(declared), limit=limit
                    )
                )
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit)
            received = 0
            try:
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received > limit:
                        raise TooLarge(received)
                    decoder.feed(chunk)
                content = decoder.finish()
            except TooLarge:
                raise FetchError(
                    _("{url}: response larger than the {limit}-byte limit").format(url=url, limit=limit)
                ) from None
            return Response(str(response.url), response.status_code, response.headers, content)

    async def _robots_allow(self, client: httpx.AsyncClient, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        async with self._robots_lock[origin]:
            if origin not in self._robots:
                try:
                    response = await self._attempt(
                        client, urljoin(origin, "/robots.txt"), {"Accept": "text/plain"}
                    )
                    text = response.text if response.status < 400 else None
                except FetchError:
                    text = None
                self._robots[origin] = parse_robots(text)
        return self._robots[origin].can_fetch(self.settings.user_agent, url)

"""The HTTP client against servers on 127.0.0.1: validators, limits, retries, robots, proxies."""

import asyncio
import socket
import time
from pathlib import Path

import brotli
import httpx
import pytest

from localweb import LocalWeb, Route
from veille.config import Settings, load_settings
from veille.fetch.client import Fetcher, FetchError, Response


@pytest.fixture
def client_settings(tmp_path: Path) -> Settings:
    return load_settings(
        tmp_path, db="sqlite://", per_host_delay=0, connect_timeout=1, total_timeout=2, retries=2,
        max_backoff=0.2, max_bytes=100_000, max_redirects=3,
    )  # fmt: skip


def get(settings: Settings, url: str, **options: object) -> Response:
    async def go() -> Response:
        async with Fetcher(settings) as fetcher:
            return await fetcher.get(url, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_conditional_get_with_etag_costs_nothing(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/feed", "<rss/>", etag='"v1"', last_modified="Mon, 20 Oct 2025 10:00:00 GMT")
    first = get(client_settings, url)
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    second = get(client_settings, url, etag='"v1"', last_modified=first.headers["last-modified"])
    assert second.not_modified and second.content == b""


def test_user_agent_identifies_veille(web: LocalWeb, client_settings: Settings) -> None:
    get(client_settings, web.route("/ua", "ok"))
    assert web.request_headers["/ua"]["user-agent"].startswith("veille/")
    assert "br" in web.request_headers["/ua"]["accept-encoding"]


def test_gzip_and_brotli_are_decoded(web: LocalWeb, client_settings: Settings) -> None:
    assert get(client_settings, web.route("/gz", "<p>zipped</p>", gzip=True)).text == "<p>zipped</p>"
    body = brotli.compress("<p>brötli</p>".encode())
    web.routes["/br"] = Route(body=body, headers={"Content-Encoding": "br"})
    assert get(client_settings, web.url("/br")).text == "<p>brötli</p>"


def test_declared_oversize_response_is_refused(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/big", b"x" * 200_000)
    with pytest.raises(FetchError, match="too large"):
        get(client_settings, url)


def test_never_ending_response_is_cut_at_the_size_limit(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/endless", endless=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="limit"):
        get(client_settings, url)
    assert time.monotonic() - started < 5


def test_server_that_hangs_times_out(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/slow", "late", delay=4)
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        get(client_settings, url)
    assert time.monotonic() - started < 3.5


def test_redirect_loop_is_reported(web: LocalWeb, client_settings: Settings) -> None:
    web.route("/a", status=302, headers={"Location": "/b"})
    web.route("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect"):
        get(client_settings, web.url("/a"))


def test_redirects_are_followed_to_the_final_url(web: LocalWeb, client_settings: Settings) -> None:
    web.route("/old", status=301, headers={"Location": "/new"})
    web.route("/new", "here")
    response = get(client_settings, web.url("/old"))
    assert response.url == web.url("/new") and response.text == "here"


def test_429_is_retried_after_the_server_asks(web: LocalWeb, client_settings: Settings) -> None:
    calls = {"n": 0}

    def limited(_: object) -> Route:
        calls["n"] += 1
        if calls["n"] == 1:
            return Route(status=429, headers={"Retry-After": "0"}, body=b"slow down")
        return Route(body=b"fine")

    web.routes["/limited"] = Route(handler=limited)
    assert get(client_settings, web.url("/limited")).text == "fine"
    assert calls["n"] == 2


def test_5xx_gives_up_after_the_retries(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/down", "oops", status=503)
    with pytest.raises(FetchError, match="HTTP 503"):
        get(client_settings, url)
    assert web.hits["/down"] == 3


def test_404_is_not_retried(web: LocalWeb, client_settings: Settings) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        get(client_settings, web.url("/missing"))
    assert web.hits["/missing"] == 1


class NameNotFound(httpx.AsyncBaseTransport):
    """What httpx raises when a host name does not resolve: a lookup cannot be made here (it would
    leave the machine), so the transport raises it, with the cause httpx gives it."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        raise httpx.ConnectError(str(lookup), request=request) from lookup


def test_a_host_name_that_does_not_resolve_says_so(client_settings: Settings) -> None:
    async def attempt() -> Response:
        async with Fetcher(client_settings, transport=NameNotFound()) as fetcher:
            return await fetcher.get("https://gone.example/feed")

    with pytest.raises(FetchError, match=r"^gone\.example: no such host \(the name does not resolve"):
        asyncio.run(attempt())


def test_unreachable_host_says_so(client_settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot reach"):
        get(client_settings, f"http://127.0.0.1:{port}/feed")


def test_robots_txt_is_honoured_for_articles(web: LocalWeb, client_settings: Settings) -> None:
    web.route("/robots.txt", "User-agent: veille\nDisallow: /private/\n", content_type="text/plain")
    web.route("/private/a", "secret")
    web.route("/public/a", "open")
    with pytest.raises(FetchError, match=r"robots\.txt"):
        get(client_settings, web.url("/private/a"), check_robots=True)
    assert web.hits["/private/a"] == 0
    assert get(client_settings, web.url("/public/a"), check_robots=True).text == "open"
    lenient = client_settings.replace(respect_robots=False)
    assert get(lenient, web.url("/private/a"), check_robots=True).text == "secret"


def test_per_host_delay_spaces_requests(web: LocalWeb, client_settings: Settings) -> None:
    url = web.route("/x", "x")
    polite = client_settings.replace(per_host_delay=0.3)

    async def three() -> float:
        async with Fetcher(polite) as fetcher:
            started = time.monotonic()
            await asyncio.gather(*(fetcher.get(url) for _ in range(3)))
            return time.monotonic() - started

    assert asyncio.run(three()) >= 0.6


def test_http_proxy_variable_is_honoured(
    web: LocalWeb, client_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    web.route("/via-proxy", "proxied")
    monkeypatch.setenv("HTTP_PROXY", web.base)
    monkeypatch.setenv("NO_PROXY", "")
    response = get(client_settings, "http://news.invalid/via-proxy")
    assert response.text == "proxied"
    assert web.proxied == ["http://news.invalid/via-proxy"]

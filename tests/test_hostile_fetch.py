"""The hostile web against the fetcher and the pass: bad addresses, faulty servers, bombs,
private addresses, slow hosts and mislabelled charsets fail their entry alone, in one line,
and bound what they cost."""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pytest

from hostile_cases import BAD_ADDRESSES, bombs, faulty_servers, serve_faulty
from localweb import LocalWeb, Route
from pages import STORIES, article_page
from test_end_to_end import fetch
from veille.addresses import is_public_ip, web_address
from veille.config import Settings, load_settings
from veille.core import ArticleFilter, Veille
from veille.fetch import guard
from veille.fetch.charset import decode
from veille.fetch.client import Fetcher, FetchError, Response


@pytest.fixture
def client_settings(tmp_path: Path) -> Settings:
    return load_settings(
        tmp_path, db="sqlite://", per_host_delay=0, connect_timeout=1, total_timeout=1, retries=1,
        max_backoff=0.2, max_redirects=3,
    )  # fmt: skip


@pytest.fixture
def other_host() -> Iterator[LocalWeb]:
    """A second site, on another loopback address."""
    with LocalWeb("127.0.0.2") as local:
        yield local


def get(settings: Settings, url: str, **options: object) -> Response:
    async def go() -> Response:
        async with Fetcher(settings) as fetcher:
            return await fetcher.get(url, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


def json_feed_of(links: list[str], **fields: object) -> str:
    items = [{"id": str(n), "url": link, "title": f"Entry {n}", **fields} for n, link in enumerate(links)]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Hostile", "items": items})


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_bad_address_is_no_web_address(address: str) -> None:
    assert web_address(address) is None
    resolved = web_address(address, "http://example.org/")  # a relative link may still resolve
    assert resolved is None or (
        resolved.startswith("http://example.org/") and web_address(resolved) == resolved
    )


def test_a_good_address_is_kept_as_it_is() -> None:
    for url in ("http://example.org/a?p=1", "https://xn--bcher-kva.example/ü", "https://[::1]:8080/x"):
        assert web_address(url) == url
    assert web_address("/article/1", "https://example.org/news/") == "https://example.org/article/1"


def test_bad_entry_links_fail_alone_and_the_good_article_is_stored(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    """One malformed address used to end the whole pass, every pass: now the feed's other
    entries are stored, and what is not an http(s) address is never fetched nor stored."""
    good = web.route("/news/bridge", article_page(STORIES["en"], "Daily Example"))
    web.routes["/news/to-javascript"] = Route(status=302, headers={"Location": "javascript:alert(1)"})
    web.routes["/news/to-bad-port"] = Route(status=302, headers={"Location": "http://127.0.0.1:99999/x"})
    links = [*BAD_ADDRESSES, web.url("/news/to-javascript"), web.url("/news/to-bad-port"), good]
    web.route("/feed.json", json_feed_of(links), content_type="application/feed+json")
    veille.add_source(web.url("/feed.json"))
    summary, recorder = fetch(veille, pool)
    assert (summary.fetched, summary.failed, summary.articles_new) == (1, 0, 1), recorder.problems
    assert [a.url for a in veille.articles(ArticleFilter())] == [good]
    assert all("\n" not in problem for problem in recorder.problems)
    assert any("to-javascript" in problem for problem in recorder.problems)
    unusable = sum(web_address(link, web.url("/feed.json")) is None for link in links)
    assert f"{unusable} éléments sans lien ignorés" in " ".join(recorder.problems), recorder.problems


def test_each_faulty_server_gives_one_clear_error_or_a_bounded_page(
    other_host: LocalWeb, client_settings: Settings
) -> None:
    urls = serve_faulty(other_host, hang=3)
    outcomes = {}
    for name, url in urls.items():
        try:
            response = get(client_settings, url)
            assert len(response.content) <= client_settings.max_bytes, name
            outcomes[name] = "page"
        except FetchError as error:
            message = str(error)
            assert message and "\n" not in message and not message.rstrip().endswith(":"), (name, message)
            outcomes[name] = message
    assert len(outcomes) == len(faulty_servers(3))
    assert "larger than" in outcomes["bomb br"]
    assert "larger than" in outcomes["bomb gzip-gzip"]
    assert "later pass" in outcomes["HTTP 429 asking to wait two minutes"]


def test_the_pass_goes_on_through_every_faulty_server(
    web: LocalWeb, other_host: LocalWeb, veille: Veille, pool: Executor
) -> None:
    urls = serve_faulty(other_host, hang=3)
    waiting = (
        "hangs before answering",
        "HTTP 429 asking to wait two minutes",
        "HTTP 503 with a Retry-After date",
    )
    links = [url for name, url in urls.items() if name not in waiting]
    good = web.route("/news/bridge", article_page(STORIES["en"], "Daily Example"))
    web.route("/feed.json", json_feed_of([*links, good]), content_type="application/feed+json")
    veille.add_source(web.url("/feed.json"))
    summary, recorder = fetch(veille, pool)
    assert (summary.fetched, summary.failed) == (1, 0), recorder.problems
    assert good in [a.url for a in veille.articles(ArticleFilter())]
    assert all(problem.strip() and "\n" not in problem for problem in recorder.problems)


@pytest.mark.parametrize("path", sorted(bombs()))
def test_a_compression_bomb_is_refused_as_it_inflates(
    web: LocalWeb, client_settings: Settings, path: str
) -> None:
    """The size limit bounds the decompressed bytes as they are produced: a reply that
    inflates to 400 MB costs a few megabytes."""
    web.routes[path] = bombs()[path]
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="larger than"):
            get(client_settings, web.url(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, peak


def test_a_private_address_is_refused_for_an_article_and_its_redirects(
    web: LocalWeb, other_host: LocalWeb, client_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No public address can be served here, so 127.0.0.1 plays the public Internet and
    127.0.0.2 the private network: the guard is asked about the addresses as they resolve."""
    monkeypatch.setattr(guard, "is_public_ip", lambda address: address == "127.0.0.1")
    secret = other_host.route("/admin", "<p>internal secrets</p>")
    web.routes["/to-private"] = Route(status=302, headers={"Location": secret})
    public = web.route("/public", "<p>public</p>")
    assert get(client_settings, public, guarded=True).text == "<p>public</p>"
    for url in (secret, web.url("/to-private")):
        with pytest.raises(FetchError, match="private or local address"):
            get(client_settings, url, guarded=True)
    assert other_host.hits["/admin"] == 0
    assert get(client_settings, secret).text == "<p>internal secrets</p>"  # a source the user chose
    assert is_public_ip("93.184.216.34") and not is_public_ip("::ffff:10.0.0.1")
    assert not any(is_public_ip(a) for a in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "224.0.0.1", "::1"))


def test_a_public_source_linking_to_private_addresses_gets_nothing_from_them(
    web: LocalWeb, veille: Veille, pool: Executor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source on a public address: its entries that lead to loopback are refused (the
    source here is loopback too, taken as public); a source that is itself on a private
    network may link to it, and so may any with allow_private_addresses."""

    async def public(url: str) -> bool:
        return False

    monkeypatch.setattr("veille.update.on_private_network", public)
    page = web.route("/news/bridge", article_page(STORIES["en"], "Daily Example"))
    web.route("/feed.json", json_feed_of([page]), content_type="application/feed+json")
    veille.add_source(web.url("/feed.json"))
    summary, recorder = fetch(veille, pool)
    assert summary.articles_new == 0 and web.hits["/news/bridge"] == 0
    assert any("adresse privée ou locale" in problem for problem in recorder.problems), recorder.problems
    with Veille(veille.settings.replace(allow_private_addresses=True)) as allowed:
        with allowed.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
        summary, _ = fetch(allowed, pool)
    assert summary.articles_new == 1


def test_a_host_that_times_out_is_left_for_a_later_pass(
    web: LocalWeb, other_host: LocalWeb, settings: Settings, pool: Executor
) -> None:
    """Each slow entry used to cost the whole timeout: after the first, the host's others wait
    for the next pass, and are stored by it."""
    slow = [other_host.route(f"/slow/{n}", article_page(STORIES["en"], "Slow"), delay=3) for n in range(8)]
    web.route("/feed.json", json_feed_of(slow), content_type="application/feed+json")
    quick = settings.replace(total_timeout=1, per_host_concurrency=1, retries=0)
    with Veille(quick) as veille:
        veille.add_source(web.url("/feed.json"))
        summary, recorder = fetch(veille, pool)
        source = veille.sources()[0]
    assert summary.articles_new == 0
    assert sum(other_host.hits[f"/slow/{n}"] for n in range(8)) == 1
    assert any("7 entrées laissées pour le prochain passage" in problem for problem in recorder.problems)
    assert source.etag is None and source.last_modified is None  # read again next pass


def test_a_long_retry_after_defers_the_host_instead_of_waiting(
    other_host: LocalWeb, client_settings: Settings
) -> None:
    other_host.routes["/busy"] = Route(status=429, headers={"Retry-After": "120"})
    other_host.route("/other", "<p>x</p>")

    async def go() -> tuple[str, str]:
        async with Fetcher(client_settings) as fetcher:
            with pytest.raises(FetchError) as first:
                await fetcher.get(other_host.url("/busy"))
            with pytest.raises(FetchError) as second:
                await fetcher.get(other_host.url("/other"))
            return str(first.value), str(second.value)

    first, second = asyncio.run(go())
    assert "120 s" in first and "later pass" in second
    assert other_host.hits["/busy"] == 1 and other_host.hits["/other"] == 0


def test_windows_1252_declared_utf8_is_read_as_windows_1252() -> None:
    for text in ("Été brûlant à Sète, où l'on s'arrête déjà.", "Größere Übungen für Mädchen: Straße."):
        page = f"<html><head><meta charset='utf-8'></head><body><p>{text}</p></body></html>"
        assert text in decode(page.encode("cp1252"), "utf-8")
    for text, charset in (
        ("Zażółć gęślą jaźń, wśród miast Łódź.", "cp1250"),
        ("Москва — столица России.", "cp1251"),
    ):
        assert text in decode(f"<p>{text}</p>".encode(charset), "utf-8")

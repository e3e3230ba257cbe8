"""Sites that publish no feed, followed by their address alone: news sitemaps, plain sitemaps
(indexes, gzip, 50,000 addresses, broken ones), home pages that list the day's articles, and
the entries that could not be stored, retried on their own."""

from __future__ import annotations

import gzip
from concurrent.futures import Executor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from localweb import LocalWeb, Route
from pages import STORIES, article_page
from test_end_to_end import fetch
from veille.cli import app
from veille.core import ArticleFilter, Veille
from veille.extract.listing import article_links
from veille.reading import NoSourceFound
from veille.sources.sitemaps import NotASitemap, parse_sitemap

NOW = datetime.now(UTC)
SITE_PAGES = ("/about", "/contact", "/privacy-policy", "/terms", "/mentions-legales", "/impressum")


def news_sitemap(items: list[tuple[str, str, datetime]]) -> str:
    urls = "".join(
        f"<url><loc>{url}</loc><news:news><news:publication><news:name>Daily Example</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{when.isoformat()}"
        f"</news:publication_date><news:title>{title}</news:title></news:news></url>"
        for url, title, when in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )


def plain_sitemap(items: list[tuple[str, datetime | None]]) -> str:
    urls = "".join(
        f"<url><loc>{url}</loc>{f'<lastmod>{when.isoformat()}</lastmod>' if when else ''}</url>"
        for url, when in items
    )
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def sitemap_index(children: list[tuple[str, datetime]]) -> str:
    listed = "".join(
        f"<sitemap><loc>{url}</loc><lastmod>{when.isoformat()}</lastmod></sitemap>" for url, when in children
    )
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{listed}</sitemapindex>'


def site_pages(web: LocalWeb) -> None:
    """The pages every site has, which are never articles."""
    for path in SITE_PAGES:
        web.route(
            path, f"<html><body><h1>{path}</h1><p>{'Some words about the site. ' * 20}</p></body></html>"
        )


def home_page(web: LocalWeb, articles: list[tuple[str, str]]) -> str:
    navigation = "".join(f'<li><a href="{path}">{path.strip("/").title()}</a></li>' for path in SITE_PAGES)
    sections = "".join(f'<a href="/{name}">{name.title()}</a> ' for name in ("politique", "sport", "culture"))
    teasers = "".join(
        f'<article><h2><a href="{path}">{title}</a></h2><p>A teaser.</p></article>'
        for path, title in articles
    )
    return (
        f"<html><head><title>Daily Example</title></head><body><header><nav><ul>{navigation}</ul>{sections}</nav>"
        f'</header><main>{teasers}</main><footer><a href="/about">About us</a> <a href="/tag/europe">Europe</a>'
        f'<a href="/author/jane-doe">Jane Doe</a><a href="/page/2">Next page</a></footer></body></html>'
    )


def serve_articles(web: LocalWeb, count: int, prefix: str = "/2025/10/20") -> list[tuple[str, str]]:
    """`count` article pages; their paths and titles."""
    stories = list(STORIES.values())
    articles = []
    for n in range(count):
        story = stories[n % len(stories)]
        path = f"{prefix}/{story.slug}-{n}"
        web.route(path, article_page(story, "Daily Example"))
        articles.append((path, f"{story.title} ({n})"))
    return articles


def test_a_news_sitemap_gives_its_fields() -> None:
    sitemap = parse_sitemap(
        news_sitemap([("https://a.example/x", "Le titre", NOW)]).encode(), "https://a.example/"
    )
    (entry,) = sitemap.entries
    assert (entry.url, entry.title, entry.lang, entry.publication) == (
        "https://a.example/x",
        "Le titre",
        "en",
        "Daily Example",
    )
    assert entry.published is not None and sitemap.is_news


def test_a_broken_sitemap_is_said_so_and_a_truncated_one_keeps_what_it_has() -> None:
    with pytest.raises(NotASitemap):
        parse_sitemap(b"<html><body>not a sitemap</body></html>", "https://a.example/")
    with pytest.raises(NotASitemap):
        parse_sitemap(b"\x00\x01garbage", "https://a.example/")
    cut = plain_sitemap([(f"https://a.example/{n}", NOW) for n in range(3)])[:-40]
    assert len(parse_sitemap(cut.encode(), "https://a.example/").entries) >= 2


def test_a_sitemap_of_50000_addresses_is_read() -> None:
    big = plain_sitemap([(f"https://a.example/2025/10/20/article-number-{n}", NOW) for n in range(50_000)])
    assert len(parse_sitemap(big.encode(), "https://a.example/").entries) == 50_000


def test_a_site_with_a_news_sitemap_is_followed_by_it(web: LocalWeb, veille: Veille, pool: Executor) -> None:
    articles = serve_articles(web, 4)
    site_pages(web)
    web.route("/", "<html><body><p>Welcome</p></body></html>")
    web.route("/robots.txt", f"User-agent: *\nSitemap: {web.url('/news.xml')}\n", content_type="text/plain")
    web.route(
        "/news.xml", news_sitemap([(web.url(p), t, NOW - timedelta(hours=n)) for n, (p, t) in enumerate(articles)]),
        content_type="application/xml", etag='"n1"',
    )  # fmt: skip
    source = veille.add_source(web.url("/"))
    assert (source.kind, source.url) == ("news sitemap", web.url("/news.xml"))
    summary, recorder = fetch(veille, pool)
    assert summary.articles_new == 4, recorder.problems
    assert all(web.hits[path] == 1 for path, _ in articles)
    assert not any(web.hits[path] for path in SITE_PAGES)
    with veille.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
    summary, _ = fetch(veille, pool)
    assert summary.not_modified == 1 and all(web.hits[path] == 1 for path, _ in articles)


def test_a_plain_sitemap_gives_only_recent_addresses_on_its_first_pass(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    """Never a site's whole archive: on the first pass, the last two days alone."""
    fresh = serve_articles(web, 2, "/2025/10/20")
    old = serve_articles(web, 3, "/2019/01/01")
    dated = [(web.url(p), NOW - timedelta(hours=5)) for p, _ in fresh] + [
        (web.url(p), NOW - timedelta(days=400)) for p, _ in old
    ]
    web.route("/", "<html><body><p>Welcome</p></body></html>")
    web.routes["/sitemap.xml.gz"] = Route(
        body=gzip.compress(plain_sitemap([*dated, (web.url("/undated-page-of-the-site"), None)]).encode()),
        content_type="application/x-gzip",
    )
    web.route(
        "/sitemap_index.xml",
        sitemap_index([(web.url("/sitemap.xml.gz"), NOW)]),
        content_type="application/xml",
    )
    source = veille.add_source(web.url("/"))
    assert source.kind == "sitemap" and source.url == web.url("/sitemap_index.xml")
    summary, recorder = fetch(veille, pool)
    assert summary.articles_new == 2, recorder.problems
    assert not any(web.hits[path] for path, _ in old)
    assert web.hits["/undated-page-of-the-site"] == 0


def test_a_home_page_lists_the_articles_and_never_the_site_pages(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    articles = serve_articles(web, 5)
    site_pages(web)
    web.route("/", home_page(web, articles), etag='"h1"')
    source = veille.add_source(web.url("/"))
    assert source.kind == "home page"
    summary, recorder = fetch(veille, pool)
    assert summary.articles_new == 5, recorder.problems
    stored = {a.url for a in veille.articles(ArticleFilter())}
    assert stored == {web.url(path) for path, _ in articles}
    assert not any(web.hits[path] for path in (*SITE_PAGES, "/politique", "/tag/europe", "/page/2"))
    with veille.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
    summary, _ = fetch(veille, pool)
    assert summary.not_modified == 1


def test_a_page_of_pure_navigation_is_no_source(web: LocalWeb, veille: Veille) -> None:
    web.route("/", home_page(web, []))
    with pytest.raises(NoSourceFound):
        veille.add_source(web.url("/"))


def test_a_site_with_a_feed_is_still_followed_by_its_feed(web: LocalWeb, veille: Veille) -> None:
    web.route("/feed", '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title></channel></rss>',
              content_type="application/rss+xml")  # fmt: skip
    web.route("/news.xml", news_sitemap([]), content_type="application/xml")
    web.route("/", "<html><body><p>Welcome</p></body></html>")
    assert veille.add_source(web.url("/")).kind == "feed"


@pytest.mark.parametrize(
    ("href", "text", "article"),
    [
        ("/2025/10/20/putin-and-trump-to-meet-in-budapest", "Putin and Trump to meet in Budapest", True),
        ("/politique/article/2025/10/20/le-budget-adopte_6123456_823448.html", "Le budget adopté", True),
        ("/world/europe-12345678", "Europe's leaders meet in Brussels today", True),
        ("/spip.php?article123", "Le conseil municipal vote le budget", True),
        ("/?Le-Paris-Saint-Germain-remporte-sa-premiere-Ligue", "Le PSG remporte la Ligue", True),
        ("/?p=4567", "Un article WordPress au titre assez long", True),
        ("/news/北京地铁新线开通-2025", "北京地铁新线今天正式开通运营", True),
        ("/about", "About us", False),
        ("/mentions-legales", "Mentions légales", False),
        ("/tag/europe", "Europe", False),
        ("/author/jane-doe", "Jane Doe", False),
        ("/politique", "Politique", False),
        ("/page/2", "Next", False),
        ("/", "Home", False),
        ("https://elsewhere.example/2025/10/20/a-long-slug-of-words", "Somebody else's article here", False),
        ("/media/photo.jpg", "A photo of the summit", False),
    ],
)
def test_which_links_are_articles(href: str, text: str, article: bool) -> None:
    page = f'<html><body><main><h2><a href="{href}">{text}</a></h2></main></body></html>'
    found = article_links(page, "https://news.example/", 50)
    assert bool(found) is article, (href, found)


def test_an_entry_that_fails_is_retried_on_its_own_and_given_up_once(
    web: LocalWeb, veille: Veille, pool: Executor
) -> None:
    """It used to turn conditional GET off for its whole feed, every pass."""
    good, bad = serve_articles(web, 1)[0][0], "/2025/10/20/gone-for-good-article"
    items = [(web.url(good), "Good", NOW), (web.url(bad), "Gone", NOW)]
    web.route("/news.xml", news_sitemap(items), content_type="application/xml", etag='"s1"')
    tries = veille.settings.replace(max_article_attempts=3)
    with Veille(tries) as again:
        again.add_source(web.url("/news.xml"))
        problems = []
        for _ in range(5):
            _, recorder = fetch(again, pool)
            problems += recorder.problems
            with again.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE sources SET next_fetch_at = NULL")
                connection.exec_driver_sql("UPDATE failed_entries SET next_try_at = '2000-01-01'")
        source = again.sources()[0]
    assert web.hits["/news.xml"] == 6  # added, then five passes: 304 after the first
    assert web.hits[bad] == 3 and web.hits[good] == 1
    assert sum("3" in p and bad in p and ("abandonné" in p) for p in problems) == 1, problems
    assert source.etag == '"s1"'


def test_fetch_all_and_fetch_some_sources_now(web: LocalWeb, tmp_path: Path) -> None:
    for name in ("one", "two"):
        web.route(f"/{name}.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title></channel></rss>',
                  content_type="application/rss+xml", etag=f'"{name}"')  # fmt: skip
    runner = CliRunner()
    env = {"VEILLE_PER_HOST_DELAY": "0", "VEILLE_WORKERS": "1"}
    home = ["--home", str(tmp_path)]
    result = runner.invoke(app, [*home, "source", "add", web.url("/one.xml"), web.url("/two.xml")], env=env)
    assert result.exit_code == 0 and result.stdout.count(": flux") == 2, result.output
    assert runner.invoke(app, [*home, "fetch"], env=env).exit_code == 0
    nothing = runner.invoke(app, [*home, "fetch"], env=env)
    assert "aucune source à relever" in nothing.stderr and "fetch --all" in nothing.stderr
    before = web.hits["/one.xml"]
    assert runner.invoke(app, [*home, "fetch", "--all"], env=env).exit_code == 0
    assert web.hits["/one.xml"] == before + 1
    assert runner.invoke(app, [*home, "fetch", "two"], env=env).exit_code == 0
    assert web.hits["/one.xml"] == before + 1 and web.hits["/two.xml"] == before + 2


def test_import_takes_a_list_of_addresses_and_sites_of_an_opml(web: LocalWeb, veille: Veille) -> None:
    web.route("/feed", '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title></channel></rss>',
              content_type="application/rss+xml")  # fmt: skip
    web.route("/", "<html><body><p>Welcome</p></body></html>")
    listed = f"# my sites\n{web.url('/')}\n\nnot an address\n".encode()
    result = veille.import_opml(listed)
    assert [s.url for s in result.added] == [web.url("/feed")]
    opml = f'<opml version="2.0"><body><outline text="Site" htmlUrl="{web.url("/")}"/></body></opml>'
    assert veille.import_opml(opml.encode()).skipped == [web.url("/")]

"""Following sites that publish no feed: a local web built from ../shared/data/stories-dev/ (197
real articles of 175 sites), each site on a loopback address of its own with its articles at
their real paths and queries, given in turn a news sitemap, a plain sitemap or only a home page
that lists them, plus the pages every site has (about, contact, privacy, terms, legal notice),
which are never articles. Every site is added by its home address alone; then two passes: the
first finds and stores, the second (`fetch --all`) should cost one conditional request a site.

Printed: articles found out of those published, site pages wrongly stored, requests of the
second pass answered 304, article pages read twice, seconds per pass.

    python benchmarks/reach.py [--data ../shared/data/stories-dev] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from courlan.filters import is_navigation_page, is_not_crawlable
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from localweb import LocalWeb
from scratch import scratch_database
from veille.addresses import web_address
from veille.config import load_settings
from veille.core import ArticleFilter, Veille
from veille.extract.listing import article_links
from veille.fetch.client import FetchError
from veille.reading import NoSourceFound
from veille.store.identity import canonical_url
from veille.types import Source

KINDS = ("news sitemap", "sitemap", "home page")
SITE_PAGES = {
    "/about": "About us", "/contact": "Contact", "/privacy-policy": "Privacy policy",
    "/terms-of-service": "Terms of service", "/mentions-legales": "Mentions légales",
}  # fmt: skip
NOW = datetime.now(UTC)


class Quiet:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def start(self, sources: int) -> None: ...

    def source_done(self, source: Source, outcome: str | None) -> None: ...

    def article_new(self, number: int, title: str) -> None: ...

    def problem(self, message: str) -> None:
        self.problems.append(message)


def target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def navigation() -> str:
    links = "".join(f'<li><a href="{path}">{html.escape(name)}</a></li>' for path, name in SITE_PAGES.items())
    return f'<header><nav><ul><li><a href="/">Home</a></li>{links}</ul></nav></header>'


def footer() -> str:
    links = " ".join(f'<a href="{path}">{html.escape(name)}</a>' for path, name in SITE_PAGES.items())
    return f"<footer>{links} <a href='/tag/world'>World</a> <a href='/page/2'>Older</a></footer>"


def article_page(row: dict[str, str], site: str) -> str:
    paragraphs = [p for p in row["text"].split("\n") if p.strip()] or [row["text"]]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{row["lang"]}"><head><meta charset="utf-8">'
        f"<title>{html.escape(row['title'])} | {site}</title></head><body>{navigation()}<main><article>"
        f"<h1>{html.escape(row['title'])}</h1>{body}</article>"
        f"</main>{footer()}</body></html>"
    )


def site_page(name: str) -> str:
    text = f"{name}. " + "This page says who we are, how to reach us and how we treat your data. " * 12
    return f"<html><body>{navigation()}<main><h1>{name}</h1><p>{text}</p></main>{footer()}</body></html>"


def sitemap_of(urls: list[tuple[str, str, str]], news: bool) -> str:
    items = []
    for n, (url, title, lang) in enumerate(urls):
        when = (NOW - timedelta(hours=n + 1)).isoformat()
        if news:
            items.append(
                f"<url><loc>{html.escape(url)}</loc><news:news><news:publication><news:name>Site</news:name>"
                f"<news:language>{lang}</news:language></news:publication><news:publication_date>{when}"
                f"</news:publication_date><news:title>{html.escape(title)}</news:title></news:news></url>"
            )
        else:
            items.append(f"<url><loc>{html.escape(url)}</loc><lastmod>{when}</lastmod></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{"".join(items)}</urlset>'
    )


def home_of(links: list[tuple[str, str]]) -> str:
    teasers = "".join(
        f'<article><h2><a href="{html.escape(path)}">{html.escape(title)}</a></h2></article>'
        for path, title in links
    )
    sections = "".join(f'<a href="/{name}">{name.title()}</a> ' for name in ("world", "sport", "culture"))
    return f"<html><body>{navigation()}<nav>{sections}</nav><main>{teasers}</main>{footer()}</body></html>"


def build(stack: ExitStack, rows: list[dict[str, str]]) -> tuple[list[tuple[LocalWeb, str]], dict[str, str]]:
    """Every site served; (its server, kind) each, and each article's served address by its own."""
    by_host: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_host.setdefault(urlsplit(row["url"]).netloc, []).append(row)
    sites: list[tuple[LocalWeb, str]] = []
    served: dict[str, str] = {}
    for index, (host, members) in enumerate(sorted(by_host.items())):
        web = stack.enter_context(LocalWeb(f"127.0.{1 + index // 250}.{2 + index % 250}"))
        kind = KINDS[index % len(KINDS)]
        listed = []
        for row in members:
            path = target(canonical_url(row["url"]))  # as a server sees it: percent-encoded
            web.route(path, article_page(row, host))
            served[web.url(path)] = row["url"]
            listed.append((web.url(path), row["title"], row["lang"]))
        for path, name in SITE_PAGES.items():
            web.route(path, site_page(name))
        if kind == "home page":
            web.route("/", home_of([(target(u), t) for u, t, _ in listed]), etag='"home"')
        else:
            web.route("/", f"<html><body>{navigation()}<main><p>Welcome to {host}.</p></main></body></html>")
            name = "/news-sitemap.xml" if kind == "news sitemap" else "/sitemap.xml"
            web.route(
                name, sitemap_of(listed, kind == "news sitemap"), content_type="application/xml", etag='"map"'
            )
            web.route("/robots.txt", f"User-agent: *\nSitemap: {web.url(name)}\n", content_type="text/plain")
        sites.append((web, kind))
    return sites, served


def listing_table(sites: list[tuple[LocalWeb, str]], published: set[str]) -> Table:
    """On the home pages: veille's choice of article links against courlan's filters alone
    (same site, not a navigation page, crawlable)."""
    chosen: dict[str, set[str]] = {"veille (extract/listing.py)": set(), "courlan's filters alone": set()}
    truth: set[str] = set()
    for web, kind in sites:
        if kind != "home page":
            continue
        page = web.routes["/"].body.decode()
        links = {canonical_url(url) for url in extract_links(page, web.url("/"))}
        truth |= links & published
        chosen["veille (extract/listing.py)"] |= {
            canonical_url(e.url) for e in article_links(page, web.url("/"), 500)
        }
        chosen["courlan's filters alone"] |= {
            url
            for url in links
            if not is_navigation_page(url) and not is_not_crawlable(url) and target(url) != "/"
        }
    table = Table(title="Which links of the home pages are articles")
    for column in ("chooser", "links kept", "precision", "recall"):
        table.add_column(column, justify="left" if column == "chooser" else "right")
    for name, kept in chosen.items():
        right = len(kept & truth)
        table.add_row(
            name, str(len(kept)), f"{right / max(1, len(kept)):.3f}", f"{right / max(1, len(truth)):.3f}"
        )
    return table


def extract_links(page: str, base: str) -> list[str]:
    document = lxml.html.fromstring(page)
    return [url for link in document.iter("a") if (url := web_address(link.get("href"), base))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories-dev"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--db", help="a PostgreSQL URL (a scratch schema is used); default SQLite")
    args = parser.parse_args()
    rows = [
        json.loads(line) for line in (args.data / "articles.jsonl").read_text().splitlines() if line.strip()
    ]
    with ExitStack() as stack, tempfile.TemporaryDirectory() as home, scratch_database(args.db) as url:
        sites, served = build(stack, rows)
        settings = load_settings(Path(home), db=url, per_host_delay=0, workers=0, interval_minutes=60)
        with Veille(settings) as veille:
            for web, _kind in sites:
                try:
                    veille.add_source(web.url("/"))
                except (FetchError, NoSourceFound) as error:
                    print(f"not followed: {error}")
            added = Counter(source.kind for source in veille.sources())
            with veille.extraction_pool() as pool:
                started = time.monotonic()
                first = asyncio.run(veille.fetch(Quiet(), pool))
                first_seconds = time.monotonic() - started
                before = {(web.base, path): count for web, _ in sites for path, count in web.hits.items()}
                started = time.monotonic()
                second = asyncio.run(veille.fetch(Quiet(), pool, veille.find_sources([])))
                second_seconds = time.monotonic() - started
            stored = {article.url for article in veille.articles(ArticleFilter(originals_only=False))}
    published = {canonical_url(url) for url in served}
    found = len(published & stored)
    site_pages = sum(1 for url in stored if target(url) in SITE_PAGES or target(url) == "/")
    second_requests = conditional = 0
    twice = 0
    for web, kind in sites:
        document = (
            "/"
            if kind == "home page"
            else ("/news-sitemap.xml" if kind == "news sitemap" else "/sitemap.xml")
        )
        second_requests += web.hits[document] - before.get((web.base, document), 0)
        conditional += int(
            web.request_headers.get(document, {}).get("if-none-match") == web.routes[document].etag
        )
        twice += sum(
            1 for path, count in web.hits.items() if canonical_url(web.url(path)) in published and count > 1
        )
    table = Table(title=f"Sites without feeds: {len(rows)} articles of {len(sites)} sites (stories-dev)")
    for column in ("measure", "value", "target"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    table.add_row("sources added, by kind", ", ".join(f"{n} {kind}" for kind, n in sorted(added.items())), "")
    table.add_row(
        "articles found / published", f"{found} / {len(published)} ({found / len(published):.1%})", "≥ 99 %"
    )
    table.add_row("site pages stored", str(site_pages), "0")
    table.add_row("second pass: listing requests answered 304", f"{conditional} / {second_requests}", "all")
    table.add_row("article pages read twice", str(twice), "0")
    table.add_row("first pass (s)", f"{first_seconds:.1f} ({first.articles_new} new)", "")
    table.add_row("second pass (s)", f"{second_seconds:.1f} ({second.articles_new} new)", "")
    Console().print(table)
    Console().print(listing_table(sites, published))
    for url in sorted(published - stored):
        print(f"not found: {url}")


if __name__ == "__main__":
    main()

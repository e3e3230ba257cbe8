"""Metadata a reader can trust: a title without the site's suffix, a clean author, a dated
publication with its time zone when the page gives it, the canonical address.

Sources in order of trust: schema.org JSON-LD, then meta tags, then the page's own markup
(`<time>`, bylines) outside sidebars and comments, then htmldate's search as a last resort."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from htmldate import find_date
from lxml.html import HtmlElement

from veille.extract.jsonld import read_jsonld

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_BYLINE_PREFIX = re.compile(
    r"^\s*(by|par|von|por|di|de|от|автор|written by|écrit par)\s*:?\s+", re.IGNORECASE
)


def squash(text: str) -> str:
    """Letters and digits only, lower case: to compare titles, names and credits loosely."""
    return re.sub(r"[\W_]+", "", text).lower()


def site_domain(url: str) -> str:
    """The host of `url` without `www.`: the card's name for a site."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def clean_title(title: str | None, site_names: list[str]) -> str | None:
    """The title without a leading or trailing ` | Site` naming the site."""
    if not title:
        return None
    title = " ".join(title.split())
    names = {squash(n) for n in site_names if n and squash(n)}
    for name in list(names):
        names.add(name.split("com")[0] if name.endswith("com") else name)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    separators = _TITLE_SEPARATORS.findall(title)
    last, first = squash(parts[-1]), squash(parts[0])
    if last in names or any(last and (last in n or n in last) for n in names):
        return "".join(p + s for p, s in zip(parts[:-2], separators[:-1], strict=False)) + parts[-2]
    if first in names:
        return title[len(parts[0]) + len(separators[0]) :]
    return title


def clean_author(author: str | None) -> str | None:
    """A byline reduced to the name(s): no 'By', no e-mail, no trailing role or date."""
    if not author:
        return None
    author = " ".join(author.split())
    author = _BYLINE_PREFIX.sub("", author)
    author = re.sub(r"\S+@\S+", "", author).strip(" ,;|-")
    if not author or author.lower().startswith("http") or len(author) > 120:
        return None
    return author


_ZONES = {
    name: hours * 3600
    for name, hours in {
        "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    }.items()
}  # fmt: skip


def parse_date(value: str | None) -> datetime | None:
    """A date from a page: ISO 8601 or a common textual form; no tz means as written (naive)."""
    if not value:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
            parsed = dateparser.parse(value.strip(), tzinfos=_ZONES)
    except (ValueError, OverflowError):
        return None
    if parsed is None or not 1990 <= parsed.year <= datetime.now(UTC).year + 1:
        return None
    return parsed


def meta_tags(document: HtmlElement) -> dict[str, str]:
    """The page's `<meta>` values by lower-cased name, property or itemprop (first one wins)."""
    found: dict[str, str] = {}
    for node in document.iter("meta"):
        content = str(node.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            if key := node.get(attribute):
                found.setdefault(str(key).strip().lower(), content)
    return found


def meta_content(metas: dict[str, str], *names: str) -> str | None:
    """The first of `names` the page's meta tags give."""
    for name in names:
        if value := metas.get(name.lower()):
            return value
    return None


def canonical_link(document: HtmlElement, metas: dict[str, str], base_url: str) -> str | None:
    for node in document.iterfind(".//link[@rel='canonical']"):
        if href := str(node.get("href") or "").strip():
            absolute = urljoin(base_url, href)
            if absolute.startswith(("http://", "https://")):
                return absolute
    if og_url := meta_content(metas, "og:url"):
        absolute = urljoin(base_url, og_url)
        if absolute.startswith(("http://", "https://")):
            return absolute
    return None


_OUTSIDE_ARTICLE = (
    "ancestor::aside or ancestor::footer or ancestor::nav or ancestor::*[contains(@class, 'comment') "
    "or contains(@id, 'comment') or contains(@class, 'related') or contains(@class, 'sidebar') "
    "or contains(@class, 'recirc') or contains(@class, 'most-')]"
)
_TIME_XPATH = (
    f".//time[@datetime][(@itemprop='datePublished' or @pubdate or ancestor::article "
    f"or ancestor::header or ancestor::main) and not({_OUTSIDE_ARTICLE})]"
)
_BYLINE_XPATH = (
    ".//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author')]"
    f"[not({_OUTSIDE_ARTICLE})]"
)
_DATE_METAS = (
    "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
    "publish-date", "parsely-pub-date", "sailthru.date", "dc.date", "dc.date.issued", "DC.date.issued",
    "dcterms.created", "date", "datepublished",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    author: str | None
    published: datetime | None
    site_name: str | None
    canonical_url: str
    description: str | None
    image: str | None


def _page_date(document: HtmlElement) -> datetime | None:
    for node in document.xpath(_TIME_XPATH):
        if found := parse_date(node.get("datetime")):
            return found
    return None


def _searched_date(document: HtmlElement) -> datetime | None:
    """htmldate's search of the whole page: slower, and only when nothing declares the date."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = find_date(document, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    return parse_date(found) if found else None


def _byline(document: HtmlElement) -> str | None:
    for node in document.xpath(_BYLINE_XPATH):
        name = node.get("content") or " ".join(node.text_content().split())
        if name and len(name) <= 80 and (author := clean_author(name)):
            return author
    return None


def _first_text(document: HtmlElement, tag: str) -> str | None:
    node = document.find(f".//{tag}")
    text = " ".join(node.text_content().split()) if node is not None else ""
    return text or None


def _headline(title: str | None, heading: str | None, site_names: list[str]) -> str | None:
    """The title without the site's name: the page's `<h1>` when the title is it plus a suffix
    or prefix, else the title with a suffix naming the site removed."""
    if title and heading and heading != title and squash(heading) and len(heading) >= 10:
        parts = [squash(p) for p in _TITLE_SEPARATORS.split(title)]
        squashed = squash(title)
        if (
            squash(heading) in parts
            or squashed.startswith(squash(heading))
            or squashed.endswith(squash(heading))
        ):
            return heading
    return clean_title(title or heading, site_names)


def read_metadata(document: HtmlElement, url: str) -> PageMetadata:
    """Everything but the text, from the parsed page fetched at `url`."""
    jsonld = read_jsonld(document)
    metas = meta_tags(document)
    site_name = (jsonld.publisher if jsonld else None) or meta_content(
        metas, "og:site_name", "application-name", "publisher"
    )
    canonical = canonical_link(document, metas, url) or url
    title = (
        meta_content(metas, "og:title", "twitter:title")
        or (jsonld.headline if jsonld else None)
        or _first_text(document, "title")
    )
    declared_author = ", ".join(jsonld.authors) if jsonld and jsonld.authors else None
    meta_author = meta_content(metas, "author", "article:author", "byl", "parsely-author", "dc.creator")
    author = clean_author(declared_author) or clean_author(meta_author) or _byline(document)
    published = (
        parse_date(jsonld.date_published if jsonld else None)
        or parse_date(meta_content(metas, *_DATE_METAS))
        or _page_date(document)
        or _searched_date(document)
    )
    return PageMetadata(
        title=_headline(title, _first_text(document, "h1"), [site_name or "", site_domain(canonical)]),
        author=author,
        published=published,
        site_name=site_name,
        canonical_url=canonical,
        description=(jsonld.description if jsonld else None)
        or meta_content(metas, "og:description", "description", "twitter:description"),
        image=(jsonld.image if jsonld else None) or meta_content(metas, "og:image", "twitter:image"),
    )

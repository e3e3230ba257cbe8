"""Metadata a reader can trust: a title without the site's suffix, a clean author, a dated
publication with its time zone when the page gives it, the canonical address."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from dateutil import parser as dateparser
from lxml.html import HtmlElement

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_BYLINE_PREFIX = re.compile(r"^\s*(by|par|von|por|di|de|от)\s+", re.IGNORECASE)


def _squash(text: str) -> str:
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
    names = {_squash(n) for n in site_names if n and _squash(n)}
    for name in list(names):
        names.add(name.split("com")[0] if name.endswith("com") else name)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    separators = _TITLE_SEPARATORS.findall(title)
    last, first = _squash(parts[-1]), _squash(parts[0])
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


def meta_content(document: HtmlElement, *names: str) -> str | None:
    """The first non-empty `<meta property|name=…>` among `names`."""
    for name in names:
        for node in document.iterfind(f".//meta[@property='{name}']"):
            if content := str(node.get("content") or "").strip():
                return content
        for node in document.iterfind(f".//meta[@name='{name}']"):
            if content := str(node.get("content") or "").strip():
                return content
    return None


def canonical_link(document: HtmlElement, base_url: str) -> str | None:
    for node in document.iterfind(".//link[@rel='canonical']"):
        if href := str(node.get("href") or "").strip():
            absolute = urljoin(base_url, href)
            if absolute.startswith(("http://", "https://")):
                return absolute
    if og_url := meta_content(document, "og:url"):
        absolute = urljoin(base_url, og_url)
        if absolute.startswith(("http://", "https://")):
            return absolute
    return None

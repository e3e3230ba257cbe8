"""OPML 2.0 import and export of the followed sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from veille.addresses import web_address
from veille.cleaning import clean_optional, clean_text
from veille.messages import _
from veille.types import Source

MAX_OPML_BYTES = 10_000_000
"""A reader's subscriptions fit in far less; past this an upload is refused unread."""


class NotOpml(ValueError):
    """The file is not an OPML document with feeds in it."""


@dataclass(frozen=True, slots=True)
class Outline:
    url: str
    name: str | None
    is_feed: bool = True
    """False for an outline that names a site alone (htmlUrl): what to follow there is found."""


def read_opml(content: bytes) -> list[Outline]:
    """Every outline with a usable xmlUrl, at any depth (categories are folders of outlines)."""
    if len(content) > MAX_OPML_BYTES:
        raise NotOpml(_("not an OPML file: larger than {limit} bytes").format(limit=MAX_OPML_BYTES))
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise NotOpml(_("not an OPML file: not XML (line {line})").format(line=error.lineno)) from None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        raise NotOpml(_("not an OPML file: the root element is <{tag}>, not <opml>").format(tag=root.tag))
    outlines = []
    for node in root.iter("outline"):
        name = clean_optional(node.get("title") or node.get("text"))
        if url := web_address(node.get("xmlUrl")):
            outlines.append(Outline(url=url, name=name))
        elif url := web_address(node.get("htmlUrl")):
            outlines.append(Outline(url=url, name=name, is_feed=False))
    if not outlines:
        raise NotOpml(_("OPML file without any feed (no outline with an xmlUrl)"))
    return outlines


def read_subscriptions(content: bytes) -> list[Outline]:
    """An OPML file, or a plain list of addresses, one a line (# starts a comment)."""
    if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_opml(content)
    if len(content) > MAX_OPML_BYTES:
        raise NotOpml(_("not an OPML file: larger than {limit} bytes").format(limit=MAX_OPML_BYTES))
    lines = content.decode("utf-8", "replace").splitlines()
    outlines = [Outline(url=url, name=None, is_feed=False) for line in lines
                if (url := web_address(line.split("#", 1)[0].strip()))]  # fmt: skip
    if not outlines:
        raise NotOpml(_("neither an OPML file nor a list of addresses"))
    return outlines


def write_opml(sources: Iterable[Source], title: str = "veille sources") -> str:
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = etree.SubElement(root, "body")
    for source in sources:
        attributes = {
            "type": "rss",
            "text": clean_text(source.name),
            "title": clean_text(source.name),
            "xmlUrl": clean_text(source.url),
        }
        if source.site_url:
            attributes["htmlUrl"] = clean_text(source.site_url)
        etree.SubElement(body, "outline", attributes)
    return str(
        etree.tostring(
            root,
            encoding="unicode",
            pretty_print=True,
            doctype='<?xml version="1.0" encoding="UTF-8"?>',
        )
    )

"""OPML 2.0 import and export of the followed sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from veille.messages import _
from veille.types import Source


class NotOpml(ValueError):
    """The file is not an OPML document with feeds in it."""


@dataclass(frozen=True, slots=True)
class Outline:
    url: str
    name: str | None


def read_opml(content: bytes) -> list[Outline]:
    """Every outline with an xmlUrl, at any depth (categories are folders of outlines)."""
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise NotOpml(_("not an OPML file: {error}").format(error=error)) from None
    if root.tag.lower() != "opml":
        raise NotOpml(_("not an OPML file: the root element is <{tag}>, not <opml>").format(tag=root.tag))
    outlines = [
        Outline(url=node.get("xmlUrl").strip(), name=node.get("title") or node.get("text"))
        for node in root.iter("outline")
        if node.get("xmlUrl")
    ]
    if not outlines:
        raise NotOpml(_("OPML file without any feed (no outline with an xmlUrl)"))
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
            "text": source.name,
            "title": source.name,
            "xmlUrl": source.url,
        }
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        etree.SubElement(body, "outline", attributes)
    return str(
        etree.tostring(
            root,
            encoding="unicode",
            pretty_print=True,
            doctype='<?xml version="1.0" encoding="UTF-8"?>',
        )
    )

"""The original publication of a reprinted article, from the credit line sites print with it
("Reprinted with permission from Moon of Alabama.", "Cet article a été initialement publié
sur …", "Quelle: …"), in English, French, German, Spanish and Italian."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NAME = r"(?P<name>(?:https?://|www\.)[^\s,;)]+|(?:[\w-]+\.)+[a-z]{2,}\b(?:/[^\s,;)]*)?|[^\n]{2,120}?)"
_END = r"\s*(?:[.,;:!)\]]|\s[-–—]\s|$)"
_CREDITS = [
    re.compile(pattern + _NAME + _END, re.IGNORECASE)
    for pattern in (
        r"\b(?:reprinted|republished|reproduced|reposted)\s+(?:here\s+)?(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+)?(?:from|of|by)\s+",
        r"\b(?:this\s+(?:article|story|piece|post|essay)\s+)?(?:was\s+)?(?:originally|first)\s+(?:published|appeared|posted|ran)\s+(?:on|in|by|at|with)\s+",
        r"\b(?:this\s+(?:article|story|piece|post)\s+)?(?:first\s+)?appeared\s+(?:originally\s+|first\s+)?(?:on|in|at)\s+",
        r"^\s*(?:source|via|fuente|fonte|quelle)\s*:\s*",
        r"^\s*source\s*:\s*",
        r"\b(?:cet\s+article\s+a\s+été\s+|article\s+)?(?:initialement|originellement|d'abord|originalement)\s+(?:publié|paru)\s+(?:sur|dans|par|chez)\s+",
        r"\b(?:publié|paru)\s+(?:initialement|originellement|d'abord|à\s+l'origine)\s+(?:sur|dans|par|chez)\s+",
        r"\breproduit\s+avec\s+(?:l'aimable\s+)?(?:autorisation|permission)\s+(?:de\s+la|de\s+l'|du|des|de)\s*",
        r"\b(?:dieser\s+(?:artikel|beitrag|text)\s+)?(?:erschien|ist)\s+(?:zuerst|ursprünglich|erstmals)\s+(?:erschienen\s+)?(?:bei|in|auf|im)\s+",
        r"\bzuerst\s+(?:erschienen|veröffentlicht)\s+(?:bei|in|auf|im)\s+",
        r"\bmit\s+freundlicher\s+genehmigung\s+(?:von|des|der|vom)\s+",
        r"\b(?:este\s+artículo\s+)?(?:fue\s+)?(?:publicado|se\s+publicó)\s+(?:originalmente|inicialmente|por\s+primera\s+vez)\s+(?:en|por)\s+",
        r"\breproducido\s+con\s+(?:el\s+)?permiso\s+de\s+",
        r"\b(?:questo\s+articolo\s+)?(?:è\s+stato\s+)?(?:pubblicato|apparso)\s+(?:originariamente|originalmente|per\s+la\s+prima\s+volta|inizialmente)\s+(?:su|da|in|sul|sulla)\s+",
        r"\b(?:ripubblicato|riprodotto)\s+con\s+(?:il\s+)?permesso\s+(?:di|del|della)\s+",
    )
]


_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)


def _clean_name(raw: str) -> str | None:
    name = raw.strip().strip("\"'“”«»‘’ ")
    if name.lower().startswith(("http://", "https://", "www.")) or _DOMAIN.fullmatch(name.split("/")[0]):
        host = urlsplit(name.rstrip(".") if "://" in name else f"http://{name}").hostname or ""
        return host.removeprefix("www.") or None
    if not name or len(name.split()) > 8 or not any(c.isalpha() for c in name):
        return None
    if name[0].islower() and "." not in name:
        return None  # a sentence going on, not a name
    return name


def original_publication(paragraphs: list[str]) -> str | None:
    """The publication a credit line names, looked for in the last and first blocks."""
    candidates = [*reversed(paragraphs[-3:]), *paragraphs[:2]]
    for block in candidates:
        if len(block) > 300:
            continue
        for pattern in _CREDITS:
            if (match := pattern.search(block)) and (name := _clean_name(match.group("name"))):
                return name
    return None

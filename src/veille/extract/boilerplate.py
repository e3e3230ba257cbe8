"""Removing what trafilatura keeps but a reader does not want in the body: the headline, the
standfirst, the byline and the date repeated at the top; promotions, share and newsletter
prompts, "read more" links, tags and credits, in the languages veille's readers follow.

Only short blocks are judged, and the phrases are those that sites everywhere use (not any one
site's), so that an article's own sentences are never taken for chrome."""

from __future__ import annotations

import re

from veille.extract.metadata import squash

SHORT = 200
"""Blocks longer than this are article text, whatever they start with."""

_PROMPT = re.compile(
    r"""^\W*(
    read\ (more|also|next|the\ full)|see\ also|also\ on\b|also\ read|
    related(\ (articles?|stories|content))?\s*:|
    more\ (on|from|about)\ (this|the)|more\ stories|don'?t\ miss|recommended|most\ (read|popular)|
    watch\ (the\ )?(video|live)|listen\ to|advertisement|sponsored|subscribe|sign\ up|get\ (the|our)\ .{0,40}
    (newsletter|inbox|updates)|follow\ (us|@)|share\ (this|on|with)|like\ this\ (story|article)|
    tell\ us\ what|loading\ comments|comments?\s*\(?\d*\)?$|click\ here|have\ a\ tip|newsletter|
    image\ (source|credit)|photo(\ credit)?\s*:|credit\s*:|copyright|all\ rights\ reserved|tags?\s*:?$|
    lire\ (aussi|la\ suite|plus)|à\ lire\ (aussi|également)|voir\ aussi|abonnez-vous|inscrivez-vous|
    publicité|partager|suivez-nous|
    mehr\ zum\ thema|lesen\ sie\ (auch|mehr)|auch\ interessant|anzeige|teilen|abonnieren|
    lee\ también|leer\ más|te\ puede\ interesar|suscríbete|compartir|publicidad|
    leia\ (também|mais)|veja\ também|assine|compartilhe|
    leggi\ anche|potrebbe\ interessarti|iscriviti|condividi|pubblicità|
    читайте\ также|подписывайтесь|реклама
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
_SECTION_TAG = re.compile(
    r"\[(warning|insight|news|video|pics|poll|latest|live|exclusive)\]\s*$", re.IGNORECASE
)
_CONTACT = re.compile(r"\S+@\S+\.\w+.*|.*\b(reached|contact(ed)?)\b.*\S+@\S+", re.IGNORECASE)
_BYLINE = re.compile(
    r"^\W*(by|par|von|por|di|de|от|published|updated|posted|publié|mis à jour|publicado|"
    r"actualizado|aktualisiert|veröffentlicht|pubblicato|aggiornato)\b",
    re.IGNORECASE,
)
_DATE_FIRST = re.compile(r"^\W*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NUMBER = re.compile(r"\d+")
_TAGS = re.compile(
    r"^\W*(tags?|mots-clés|schlagwörter|etiquetas|palavras-chave|argomenti)\W*$", re.IGNORECASE
)


def is_chrome(block: str) -> bool:
    """A short block that is a prompt, a promotion, a credit or a share bar."""
    if len(block) > SHORT:
        return False
    return bool(_PROMPT.match(block) or _SECTION_TAG.search(block) or _CONTACT.fullmatch(block))


def _is_heading_matter(block: str, title: str | None, standfirst: str | None, author: str | None) -> bool:
    """The top of a page above the text: headline, standfirst, byline, date line. A standfirst
    is told from a first paragraph that the description merely repeats by its missing full stop."""
    if len(block) > SHORT:
        return False
    squashed = squash(block)
    if title and squashed == squash(title):
        return True
    if standfirst and squashed == squash(standfirst) and not block.rstrip().endswith((".", "!", "?", "…")):
        return True
    if author and squash(author) and squash(author) in squashed and len(block) < 120:
        return True
    if _BYLINE.match(block) and len(block) < 120:
        return True
    if len(block) < 100 and _DATE_FIRST.match(block):
        return True
    numbers = _NUMBER.findall(block)
    return len(block.split()) <= 10 and bool(_YEAR.search(block)) and len(numbers) >= 2


def strip_boilerplate(
    paragraphs: list[str], title: str | None, description: str | None, author: str | None
) -> list[str]:
    """The article's own blocks: heading matter off the top, chrome off anywhere it stands
    alone, and a trailing run of short chrome (tags, credits) off the end."""
    start = 0
    while start < min(len(paragraphs) - 1, 4) and _is_heading_matter(
        paragraphs[start], title, description, author
    ):
        start += 1
    end = len(paragraphs)
    for index in range(max(start, end - 4), end):
        if _TAGS.match(paragraphs[index]):
            end = index
            break
    kept = [p for p in paragraphs[start:end] if not is_chrome(p)]
    return kept or paragraphs

"""The card: an article as veille's readers know it (see docs/card.md for the reference)."""

from __future__ import annotations

from veille.show.dates import long_date, short_date
from veille.show.languages import language_flag
from veille.types import Article

NARROW_NBSP = "\u202f"


def header_line(article: Article, reader_lang: str) -> str:
    """`20/10/2025 lewrockwell.com  5min 🇬🇧 #293898` (a narrow no-break space before 5min)."""
    moment = article.published or article.fetched_at
    return (
        f"{short_date(moment, reader_lang)} {article.site} {NARROW_NBSP}{article.reading_minutes}min "
        f"{language_flag(article.lang)} #{article.id}"
    )


def byline(article: Article) -> str | None:
    """The author, the original publication, or both when they differ ("Jane Doe · Le Monde")."""
    author, original = article.author, article.original
    if author and original and original.lower() not in author.lower():
        return f"{author} · {original}"
    return original or author


def render_card(article: Article, reader_lang: str) -> str:
    """Header, headline, title, author, own date, paragraphs, site: one blank line between each."""
    blocks = [header_line(article, reader_lang), article.headline, article.title]
    if credit := byline(article):
        blocks.append(credit)
    if article.published:
        blocks.append(long_date(article.published, article.lang))
    blocks.extend(article.paragraphs)
    blocks.append(article.site)
    return "\n\n".join(blocks) + "\n"

"""What a watch says: an alert (its new stories) and the press review of a period (a watch's or
several's stories, most covered first), as plain text, Markdown, an HTML e-mail (inline styles,
one column that a phone reads without scrolling sideways) or a PDF (WeasyPrint, from that HTML).
Each story: its headline in the reader's language, how many articles, in which languages, on
which sites, its leading article's first paragraph, and a link to veille's page of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from veille.messages import Voice
from veille.show.dates import short_date
from veille.show.languages import language_flag, language_name
from veille.types import WatchedStory

TEMPLATES = Path(__file__).parent / "templates"


class RendererMissing(RuntimeError):
    """The PDF renderer cannot run here (WeasyPrint, or the Pango library it needs)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One watch's stories in a review (or an alert)."""

    name: str
    query: str
    stories: tuple[WatchedStory, ...]


@dataclass(frozen=True, slots=True)
class Review:
    title: str
    period: str
    sections: tuple[Section, ...]
    base_url: str
    lang: str


def review_title(voice: Voice, names: list[str], since: datetime, until: datetime) -> tuple[str, str]:
    """The title of a review of watches `names`, and its period as said to the reader."""
    period = voice._("from {since} to {until}").format(
        since=short_date(since, voice.lang), until=short_date(until, voice.lang)
    )
    return voice._("Press review: {watches}").format(watches=", ".join(names)), period


def _languages(story: WatchedStory, lang: str) -> str:
    return ", ".join(f"{language_flag(code)} {language_name(code, lang)}" for code in story.story.languages)


def _counts(voice: Voice, story: WatchedStory) -> str:
    articles = voice.n_("{count} article", "{count} articles", len(story.story.articles))
    sites = voice.n_("{count} site", "{count} sites", len(story.story.sites))
    return f"{articles} · {sites}"


def _why(voice: Voice, story: WatchedStory) -> str:
    return {"language": voice._("now in a new language"), "grown": voice._("twice as many articles"),
            "new": ""}.get(story.kind, "")  # fmt: skip


def _environment(voice: Voice) -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    environment.globals.update(
        _=voice._, n_=voice.n_, languages=lambda s: _languages(s, voice.lang),
        counts=lambda s: _counts(voice, s), why=lambda s: _why(voice, s),
    )  # fmt: skip
    return environment


def render(review: Review, form: str) -> bytes:
    """The review as `form` (text, md, html or pdf)."""
    voice = Voice(review.lang)
    if form == "pdf":
        return _pdf(render(review, "html").decode())
    if form == "html":
        return _environment(voice).get_template("review.html").render(r=review).encode()
    lines = [f"# {review.title}" if form == "md" else review.title, review.period, ""]
    for section in review.sections:
        lines += [f"## {section.name}" if form == "md" else section.name.upper(), ""]
        if not section.stories:
            lines += [voice._("Nothing new."), ""]
        for story in section.stories:
            link = f"{review.base_url}/stories/{story.story.id}"
            why = _why(voice, story)
            headline = f"### [{story.story.headline}]({link})" if form == "md" else story.story.headline
            lines += [
                headline,
                f"{_counts(voice, story)} · {_languages(story, voice.lang)}" + (f" · {why}" if why else ""),
            ]
            lines += [", ".join(story.story.sites)]
            if story.lead:
                lines += ["", f"> {story.lead}" if form == "md" else story.lead]
            if form == "text":
                lines += [link]
            lines += [""]
    return "\n".join(lines).rstrip("\n").encode() + b"\n"


def _pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise RendererMissing(
            Voice("en")._("PDF needs WeasyPrint and the Pango library: {reason}").format(reason=error)
        ) from None
    return bytes(HTML(string=html).write_pdf())

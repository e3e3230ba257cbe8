"""Article pages and feeds written for the tests, in the styles real news sites use."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime


@dataclass(frozen=True)
class Story:
    slug: str
    lang: str
    title: str
    author: str
    published: datetime
    paragraphs: tuple[str, ...]


STORIES: dict[str, Story] = {
    "en": Story(
        "harbour-bridge",
        "en",
        "City council approves new harbour bridge after decade of debate",
        "Margaret Ellison",
        datetime(2025, 10, 20, 9, 30, tzinfo=UTC),
        (
            "The city council voted on Monday evening to approve the construction of a new bridge across "
            "the harbour, ending more than ten years of public argument about the cost, the route and the "
            "effect on the fishing fleet that still works from the old quays.",
            "The project, estimated at four hundred million pounds, will connect the northern docks with the "
            "railway station in the south. Supporters say it will cut the morning journey of thousands of "
            "commuters by half an hour and bring new life to neighbourhoods that have been in decline since "
            "the shipyards closed.",
            "Opponents, led by a coalition of fishermen and residents of the old town, argued that the bridge "
            "would block the view of the lighthouse and that its pillars would disturb the tides. Several of "
            "them spoke at the meeting, which lasted until almost midnight.",
            "The mayor said the design had been changed three times to answer those concerns, and that the "
            "final version would leave a wider channel for boats than the one originally proposed. Work is "
            "expected to begin next spring and to take four years.",
        ),
    ),
    "fr": Story(
        "pont-du-port",
        "fr",
        "Le conseil municipal approuve le nouveau pont du port après dix ans de débats",
        "Claire Dubois",
        datetime(2025, 10, 21, 7, 15, tzinfo=UTC),
        (
            "Le conseil municipal a voté lundi soir la construction d'un nouveau pont au-dessus du port, "
            "mettant fin à plus de dix années de discussions publiques sur son coût, son tracé et ses "
            "conséquences pour les pêcheurs qui travaillent encore depuis les anciens quais.",
            "Le projet, estimé à quatre cents millions d'euros, reliera les docks du nord à la gare située au "
            "sud de la ville. Ses partisans affirment qu'il réduira de moitié le trajet matinal de milliers de "
            "personnes et redonnera vie à des quartiers en déclin depuis la fermeture des chantiers navals.",
            "Les opposants, réunis autour des pêcheurs et des habitants de la vieille ville, estiment que "
            "l'ouvrage masquera la vue sur le phare et que ses piliers perturberont les marées. Plusieurs "
            "d'entre eux ont pris la parole lors de la séance, qui s'est prolongée jusqu'à minuit.",
            "Le maire a rappelé que le dessin avait été modifié trois fois pour répondre à ces inquiétudes, "
            "et que la version finale laisserait aux bateaux un chenal plus large que prévu. Les travaux "
            "devraient commencer au printemps prochain et durer quatre ans.",
        ),
    ),
    "de": Story(
        "hafenbruecke",
        "de",
        "Stadtrat genehmigt neue Hafenbrücke nach zehn Jahren Streit",
        "Jonas Becker",
        datetime(2025, 10, 21, 11, 0, tzinfo=UTC),
        (
            "Der Stadtrat hat am Montagabend den Bau einer neuen Brücke über den Hafen beschlossen und damit "
            "einen mehr als zehnjährigen öffentlichen Streit über Kosten, Verlauf und die Folgen für die "
            "Fischer beendet, die noch immer von den alten Kais aus arbeiten.",
            "Das Projekt soll rund vierhundert Millionen Euro kosten und die nördlichen Docks mit dem Bahnhof "
            "im Süden verbinden. Befürworter sagen, es werde den morgendlichen Weg Tausender Pendler um eine "
            "halbe Stunde verkürzen und Vierteln neues Leben geben, die seit der Schließung der Werften "
            "verfallen.",
            "Die Gegner, angeführt von Fischern und Bewohnern der Altstadt, befürchten, dass die Brücke den "
            "Blick auf den Leuchtturm versperrt und ihre Pfeiler die Gezeiten stören. Mehrere von ihnen "
            "sprachen in der Sitzung, die bis kurz vor Mitternacht dauerte.",
            "Der Bürgermeister sagte, der Entwurf sei dreimal geändert worden, um diesen Bedenken zu "
            "begegnen. Die Bauarbeiten sollen im kommenden Frühjahr beginnen und vier Jahre dauern.",
        ),
    ),
    "es": Story(
        "puente-del-puerto",
        "es",
        "El ayuntamiento aprueba el nuevo puente del puerto tras una década de debate",
        "Lucía Romero",
        datetime(2025, 10, 21, 13, 45, tzinfo=UTC),
        (
            "El pleno del ayuntamiento aprobó el lunes por la noche la construcción de un nuevo puente sobre "
            "el puerto, poniendo fin a más de diez años de discusión pública sobre su coste, su trazado y sus "
            "efectos sobre los pescadores que todavía trabajan desde los antiguos muelles.",
            "El proyecto, valorado en cuatrocientos millones de euros, unirá los muelles del norte con la "
            "estación de tren del sur. Sus defensores aseguran que reducirá a la mitad el trayecto matinal "
            "de miles de personas y dará nueva vida a barrios en declive desde el cierre de los astilleros.",
            "Los opositores, encabezados por pescadores y vecinos del casco antiguo, sostienen que el puente "
            "tapará la vista del faro y que sus pilares alterarán las mareas. Varios de ellos intervinieron "
            "en la sesión, que se prolongó hasta casi la medianoche.",
            "El alcalde explicó que el diseño se modificó tres veces para responder a esas preocupaciones. "
            "Las obras deberían comenzar la próxima primavera y durar cuatro años.",
        ),
    ),
    "ru": Story(
        "most-v-portu",
        "ru",
        "Городской совет одобрил строительство нового моста через порт",
        "Анна Петрова",
        datetime(2025, 10, 22, 6, 0, tzinfo=UTC),
        (
            "Городской совет в понедельник вечером одобрил строительство нового моста через порт, положив "
            "конец более чем десятилетнему спору о его стоимости, маршруте и последствиях для рыбаков, "
            "которые до сих пор работают со старых причалов.",
            "Проект стоимостью около четырёхсот миллионов евро соединит северные доки с железнодорожным "
            "вокзалом на юге города. Сторонники говорят, что он вдвое сократит утреннюю дорогу тысяч "
            "жителей и вернёт жизнь районам, пришедшим в упадок после закрытия верфей.",
            "Противники проекта, рыбаки и жители старого города, считают, что мост закроет вид на маяк, "
            "а его опоры нарушат приливы. Многие из них выступили на заседании, которое продолжалось почти "
            "до полуночи.",
            "Мэр сообщил, что проект трижды меняли, чтобы учесть эти опасения. Работы должны начаться "
            "следующей весной и продлятся четыре года.",
        ),
    ),
}


CHROME_TOP = """
<header class="site-header"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
<a href="/culture">Culture</a> <a href="/opinion">Opinion</a></header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
"""
CHROME_BOTTOM = """
<aside class="most-read"><h3>Most read</h3><ul><li><a href="/a">Ten things to do this weekend</a></li>
<li><a href="/b">The best pizza in town, ranked</a></li><li><a href="/c">Weather: a sunny week ahead</a></li>
</ul></aside>
<footer>© 2025 The Daily Example. All rights reserved. <a href="/privacy">Privacy</a>
<a href="/terms">Terms</a></footer>
"""


def article_page(
    story: Story,
    site_name: str,
    *,
    canonical: str | None = None,
    jsonld: bool = True,
    extra_paragraphs: tuple[str, ...] = (),
    charset: str | None = "utf-8",
) -> str:
    """A page as a news site serves it: navigation, cookie banner, the article, a sidebar."""
    esc = html.escape
    meta = [f'<meta charset="{charset}">' if charset else ""]
    meta.append(f'<meta property="og:title" content="{esc(story.title)} | {esc(site_name)}">')
    meta.append(f'<meta property="og:site_name" content="{esc(site_name)}">')
    meta.append(f'<meta property="article:published_time" content="{story.published.isoformat()}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{esc(canonical)}">')
    if jsonld:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "author": [{"@type": "Person", "name": story.author}],
            "datePublished": story.published.isoformat(),
            "publisher": {"@type": "Organization", "name": site_name},
        }
        meta.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    body = "\n".join(f"<p>{esc(p)}</p>" for p in (*story.paragraphs, *extra_paragraphs))
    return f"""<!DOCTYPE html>
<html lang="{story.lang}"><head>{"".join(meta)}<title>{esc(story.title)} | {esc(site_name)}</title></head>
<body>{CHROME_TOP}
<main><article><h1>{esc(story.title)}</h1>
<p class="byline">By {esc(story.author)}</p>
{body}
</article></main>{CHROME_BOTTOM}</body></html>"""


def rss(title: str, site: str, items: list[tuple[str, Story]]) -> str:
    entries = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{html.escape(url)}</link>"
        f"<guid>{html.escape(url)}</guid><pubDate>{format_datetime(s.published)}</pubDate>"
        f"<description>{html.escape(s.paragraphs[0])}</description></item>"
        for url, s in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(title)}'
        f"</title><link>{html.escape(site)}</link><description>news</description>{entries}</channel></rss>"
    )


def atom(title: str, site: str, items: list[tuple[str, Story]]) -> str:
    entries = "".join(
        f'<entry><title>{html.escape(s.title)}</title><link href="{html.escape(url)}"/>'
        f"<id>{html.escape(url)}</id><updated>{s.published.isoformat()}</updated>"
        f"<author><name>{html.escape(s.author)}</name></author>"
        f"<summary>{html.escape(s.paragraphs[0])}</summary></entry>"
        for url, s in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{html.escape(title)}</title><link href="{html.escape(site)}"/><id>{html.escape(site)}</id>'
        f"<updated>{datetime.now(UTC).isoformat()}</updated>{entries}</feed>"
    )


def json_feed(title: str, site: str, items: list[tuple[str, Story]]) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "home_page_url": site,
            "items": [
                {
                    "id": url,
                    "url": url,
                    "title": s.title,
                    "date_published": s.published.isoformat(),
                    "authors": [{"name": s.author}],
                    "content_html": "".join(f"<p>{html.escape(p)}</p>" for p in s.paragraphs),
                }
                for url, s in items
            ],
        }
    )


@dataclass(frozen=True)
class Styled:
    """A page in one of the styles real sites use, with the metadata a reader should see."""

    html: str
    title: str
    author: str | None
    date: str | None
    original: str | None


CREDITS = {
    "en": ("Reprinted with permission from {name}.", "This article was originally published by {name}."),
    "fr": ("Cet article a été initialement publié sur {name}.", "Source : {name}"),
    "de": ("Dieser Artikel erschien zuerst bei {name}.", "Quelle: {name}"),
    "es": ("Publicado originalmente en {name}.", "Fuente: {name}"),
    "ru": ("Source: {name}", "Source: {name}"),
}
_BY = {"en": "By", "fr": "Par", "de": "Von", "es": "Por", "ru": "Автор:"}
PUBLICATIONS = ("Moon of Alabama", "The Conversation", "Consortium News", "Le Grand Continent", "Telepolis")


def styled_page(story: Story, style: str, site: str = "The Daily Example", variant: int = 0) -> Styled:
    """One of the styles: `jsonld`, `meta`, `byline`, `sidebar-dates`, `text-date`, `div-soup`,
    `org-author`, `reprint`."""
    esc = html.escape
    head: list[str] = ['<meta charset="utf-8">', f"<title>{esc(story.title)} | {esc(site)}</title>"]
    top = ""
    date: str | None = story.published.isoformat()
    author: str | None = story.author
    original: str | None = None
    extra: tuple[str, ...] = ()
    sidebar = (
        '<aside class="most-read"><h3>Most read</h3><ul>'
        '<li><a href="/x">Storm hits the coast</a> <time datetime="2019-03-02T10:00:00Z">2 March 2019</time></li>'
        '<li><a href="/y">Budget vote delayed</a> <time datetime="2018-07-14T08:00:00Z">14 July 2018</time></li>'
        "</ul></aside>"
    )
    comments = (
        '<section class="comments"><h3>Comments</h3><div class="comment"><span class="author">troll42</span>'
        '<time datetime="2026-01-01T00:00:00Z">1 Jan 2026</time><p>First!</p></div></section>'
    )
    if style == "jsonld":
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": site},
                {
                    "@type": "NewsArticle",
                    "headline": story.title,
                    "author": [{"@type": "Person", "name": story.author}],
                    "datePublished": story.published.isoformat(),
                    "publisher": {"@type": "Organization", "name": site},
                },
            ],
        }
        head.append(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    elif style == "meta":
        head += [
            f'<meta property="og:title" content="{esc(story.title)} - {esc(site)}">',
            f'<meta name="author" content="{esc(story.author)}">',
            f'<meta property="article:published_time" content="{story.published.isoformat()}">',
            f'<meta property="og:site_name" content="{esc(site)}">',
        ]
    elif style in ("byline", "sidebar-dates"):
        top = (
            f'<p class="byline">By <a rel="author" href="/authors/x">{esc(story.author)}</a></p>'
            f'<time datetime="{story.published.isoformat()}">{story.published:%d %B %Y}</time>'
        )
    elif style == "text-date":
        top = f"<p class='dateline'>Published {story.published:%d %B %Y}</p>"
        date = story.published.date().isoformat()
        author = None
    elif style == "div-soup":
        head[1] = f"<title>{esc(site)}: {esc(story.title)}</title>"
        top = (
            f'<div class="post-meta"><span class="author-name">{_BY[story.lang]} {esc(story.author)}</span> | '
            f'<span class="date">{story.published:%d/%m/%Y}</span></div>'
        )
        date = story.published.date().isoformat()
    elif style == "org-author":
        zone = timezone(timedelta(hours=2))
        date = story.published.astimezone(zone).isoformat()
        data = {
            "@context": "https://schema.org",
            "@type": "ReportageNewsArticle",
            "headline": story.title,
            "author": {"@type": "Organization", "name": "Moon of Alabama"},
            "datePublished": date,
        }
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
        head.append('<meta property="article:author" content="https://www.facebook.com/someone">')
        author = "Moon of Alabama"
    elif style == "reprint":
        name = PUBLICATIONS[variant % len(PUBLICATIONS)]
        credit = CREDITS[story.lang][variant % 2].format(name=name)
        extra = (credit,)
        original = name
        head.append(f'<meta name="author" content="{esc(name)}">')
        head.append(f'<meta property="article:published_time" content="{story.published.isoformat()}">')
        author = name
    body = "\n".join(f"<p>{esc(p)}</p>" for p in (*story.paragraphs, *extra))
    before = sidebar if style == "sidebar-dates" else ""
    after = comments if style == "sidebar-dates" else ""
    page = f"""<!DOCTYPE html><html lang="{story.lang}"><head>{"".join(head)}</head><body>{CHROME_TOP}
{before}<main><article><h1>{esc(story.title)}</h1>{top}{body}</article></main>{after}{CHROME_BOTTOM}</body></html>"""
    return Styled(page, story.title, author, date, original)

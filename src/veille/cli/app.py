"""The `veille` command line: every command is a thin layer over `veille.core.Veille`."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from veille import __version__
from veille.cli.extracting import extract_file, extract_html
from veille.cli.help import speak_help
from veille.cli.progress import BarReporter, LineReporter, error_line, is_terminal, summary_line
from veille.config import Settings, SettingsError, load_settings, preferred_lang
from veille.core import ArticleFilter, UnknownStory, Veille
from veille.enrich.translation.engines import TranslationError, install_argos_pair
from veille.extract.page import NotAnArticle
from veille.fetch.client import Fetcher, FetchError
from veille.messages import N_, _, about, n_, os_reason, speak
from veille.reading import HTML_ACCEPT, NoSourceFound
from veille.show.card import header_line, render_card
from veille.show.dates import short_date
from veille.show.export import export_cards, export_jsonl
from veille.show.languages import language_flag, language_name
from veille.show.web.security import is_loopback
from veille.sources.feeds import NotAFeed
from veille.sources.opml import MAX_OPML_BYTES, NotOpml
from veille.store.articles import UnknownArticle
from veille.store.credentials import TokenExists, UnknownToken
from veille.store.database import DatabaseError, database_problem
from veille.store.query import QuerySyntaxError
from veille.store.sources import SourceExists, UnknownSource
from veille.store.times import day_span, utcnow
from veille.store.watches import BadWatch, UnknownWatch, WatchExists
from veille.types import Source, StoryView
from veille.watch.notify import NotifierError

if TYPE_CHECKING:
    import uvicorn

app = typer.Typer(
    name="veille",
    help=N_("A self-hosted press monitor: follow news sites in any language, read every article in full."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
source_app = typer.Typer(
    help=N_("Follow, list, import, export and remove sources (feeds, sitemaps, sites)."), no_args_is_help=True
)
app.add_typer(source_app, name="source")
token_app = typer.Typer(
    help=N_("API tokens for scripts and apps: created, listed, revoked."), no_args_is_help=True
)
app.add_typer(token_app, name="token")
translate_app = typer.Typer(help=N_("Offline translation models (Argos Translate)."), no_args_is_help=True)
app.add_typer(translate_app, name="translate")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

USER_ERRORS = (
    SettingsError,
    DatabaseError,
    FetchError,
    NotAFeed,
    NoSourceFound,
    NotOpml,
    SourceExists,
    UnknownSource,
    UnknownArticle,
    NotAnArticle,
    UnknownStory,
    TranslationError,
    TokenExists,
    UnknownToken,
    QuerySyntaxError,
    WatchExists,
    UnknownWatch,
    BadWatch,
    NotifierError,
)


class State:
    settings: Settings | None = None


state = State()


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(error_line(message), markup=False)
    return typer.Exit(code)


def settings(**overrides: object) -> Settings:
    assert state.settings is not None
    return state.settings.replace(**overrides)


@contextmanager
def opened(**overrides: object) -> Iterator[Veille]:
    """The veille home, with user errors turned into one clear line and exit code 1."""
    try:
        with Veille(settings(**overrides)) as veille:
            yield veille
    except USER_ERRORS as error:
        raise fail(str(error)) from None
    except SQLAlchemyError as error:
        raise fail(database_problem(error, settings().db)) from None
    except OSError as error:
        raise fail(about(error.filename or settings().home, os_reason(error))) from None


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    context: typer.Context,
    home: Annotated[
        Path | None, typer.Option(help=N_("Data and settings folder [env: VEILLE_HOME]."))
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(help=N_("Database URL: sqlite:///file or postgresql://… [env: VEILLE_DB].")),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help=N_("Print veille's version."), callback=version_callback, is_eager=True
        ),
    ] = False,
) -> None:
    speak(preferred_lang(home))
    try:
        state.settings = load_settings(home, db=db)
    except SettingsError as error:
        raise fail(str(error)) from None
    speak(state.settings.lang)
    speak_help(context.command)


# Fetching


def _one_pass(veille: Veille, pool: Executor, chosen: list[Source] | None = None) -> None:
    if is_terminal():
        with BarReporter(err) as bar:
            summary = asyncio.run(veille.fetch(bar, pool, chosen))
    else:
        summary = asyncio.run(veille.fetch(LineReporter(err), pool, chosen))
    err.print(summary_line(summary), markup=False)
    if summary.sources == 0 and (due := veille.next_due()) is not None:
        minutes = max(0.0, (due - utcnow()).total_seconds() / 60)
        err.print(
            _(
                "no source is due: the next falls due at {time} UTC, in {minutes:.0f} min "
                "(fetch --all fetches every one now)"
            ).format(time=due.strftime("%H:%M"), minutes=minutes),
            markup=False,
        )
    _report_problems(veille)


def _offer_starter(veille: Veille) -> None:
    """With no source yet, offers the starter list (on a terminal) or adds it (elsewhere)."""
    if veille.sources(counted=False):
        return
    question = _("No source yet. Follow the starter list of about 30 news feeds in 9 languages?")
    if sys.stdin.isatty() and not typer.confirm(question, default=True):
        err.print(_("Add sources with `veille source add URL`."), markup=False)
        return
    result = veille.add_starter_sources()
    err.print(
        n_(
            "Following {count} starter source (edit them with `veille source`).",
            "Following {count} starter sources (edit them with `veille source`).",
            len(result.added),
        ),
        markup=False,
    )


def _as_ctrl_c(signum: int, frame: FrameType | None) -> None:
    signal.raise_signal(signal.SIGINT)


def _stop_on_sigterm() -> None:
    """SIGTERM (systemd, docker stop, kill) stops like Ctrl-C: it is raised again as SIGINT, so
    that whatever handles Ctrl-C at that moment handles it (during a pass, asyncio cancels the
    pass's task; between passes, KeyboardInterrupt): the article being written is finished or
    rolled back, the workers are shut down, and the next pass takes up the rest. Raising
    KeyboardInterrupt from the handler itself would raise it inside whichever task was running.

    A process started in the background by a script inherits SIGINT ignored; Ctrl-C's handler is
    put back, or SIGTERM, raised again as an ignored SIGINT, would stop nothing."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _as_ctrl_c)


@app.command(help=N_("Fetch every due source once: new articles are fetched in full, extracted and stored."))
def fetch(
    sources: Annotated[
        list[str] | None, typer.Argument(help=N_("Sources to fetch now (number, name or URL)."))
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help=N_("Fetch every source now, not only the due ones."))
    ] = False,
) -> None:
    _stop_on_sigterm()
    with opened() as veille, veille.extraction_pool() as pool:
        chosen = veille.find_sources(sources or []) if (sources or every) else None
        try:
            _one_pass(veille, pool, chosen)
        except KeyboardInterrupt:
            raise fail(_("stopped"), 130) from None


def web_server(settings: Settings, veille: Veille | None = None) -> uvicorn.Server:
    """The web reader on the configured address, in this process; a password is needed beyond
    this machine."""
    # Imported here: FastAPI and uvicorn take 0.25 s to import, and only the serving commands need them.
    import uvicorn

    from veille.show.web.app import create_app

    web = create_app(settings, veille)
    if not is_loopback(settings.web_host) and not web.state.guard.enabled:
        raise fail(
            _(
                "listening on {host} needs a password: set web_password or web_token "
                "(VEILLE_WEB_PASSWORD, VEILLE_WEB_TOKEN), or listen on 127.0.0.1"
            ).format(host=settings.web_host or "0.0.0.0")
        )
    return uvicorn.Server(uvicorn.Config(web, **_server_options(settings)))


def _server_options(settings: Settings) -> dict[str, Any]:
    proxies = [address.strip() for address in settings.web_trusted_proxies.split(",") if address.strip()]
    return {
        "host": settings.web_host,
        "port": settings.web_port,
        "log_level": "warning",
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
    }


def serve_process(settings: Settings) -> None:
    """One of the processes of `veille serve --workers N` (see `show.web.processes`)."""
    from veille.show.web.processes import listening_socket

    server = web_server(settings)
    server.run(sockets=[listening_socket(settings.web_host, settings.web_port)])


def _address(server: uvicorn.Server) -> str:
    return f"http://{server.config.host}:{server.config.port}/"


Host = Annotated[str | None, typer.Option(help=N_("Address to listen on [setting web_host, 127.0.0.1]."))]
Port = Annotated[int | None, typer.Option(help=N_("Port [setting web_port, 8000]."))]


@app.command(help=N_("Serve the web reader, the JSON API and the feeds (without fetching)."))
def serve(
    host: Host = None,
    port: Port = None,
    workers: Annotated[
        int | None,
        typer.Option(help=N_("Server processes, for many readers at once [setting web_workers, 1].")),
    ] = None,
) -> None:
    try:
        chosen = settings(web_host=host, web_port=port, web_workers=workers)
        # Several processes: made here once all the same, so that the database is migrated and the
        # address checked before any of them starts.
        server = web_server(chosen)
    except USER_ERRORS as error:
        raise fail(str(error)) from None
    err.print(_("veille on {url}").format(url=_address(server)), markup=False)
    if chosen.web_workers > 1:
        from veille.show.web.processes import run_processes

        run_processes(chosen, chosen.web_workers, serve_process)
    else:
        server.run()


@app.command(
    help=N_(
        "The main job: serve the web reader, fetch all due sources, "
        "then again every few minutes, until Ctrl-C or SIGTERM."
    )
)
def run(
    interval: Annotated[
        float | None, typer.Option(help=N_("Minutes between passes [setting interval_minutes]."))
    ] = None,
    host: Host = None,
    port: Port = None,
) -> None:
    _stop_on_sigterm()
    with opened(interval_minutes=interval, web_host=host, web_port=port) as veille:
        _offer_starter(veille)
        server = web_server(veille.settings, veille)
        threading.Thread(target=server.run, daemon=True).start()
        err.print(_("web reader on {url}").format(url=_address(server)), markup=False)
        with veille.extraction_pool() as pool:
            try:
                while True:
                    _one_pass(veille, pool)
                    pause = veille.settings.interval_minutes * 60
                    err.print(
                        _("next pass in {minutes:g} min (Ctrl-C stops)").format(minutes=pause / 60),
                        markup=False,
                    )
                    time.sleep(pause)
            except KeyboardInterrupt:
                server.should_exit = True
                err.print(_("stopped"), markup=False)


# Sources


@source_app.command("add", help=N_("Follow a feed or a site."))
def source_add(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help=N_("Feeds, sitemaps or sites (veille finds their feed, sitemap or home page).")),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help=N_("The source's name (default: the feed's title)."))
    ] = None,
    starter: Annotated[
        bool, typer.Option("--starter", help=N_("Add the starter list shipped with veille."))
    ] = False,
) -> None:
    if not urls and not starter:
        raise fail(_("give a URL, or --starter"))
    failures = 0
    with opened() as veille:
        if starter:
            result = veille.add_starter_sources()
            out.print(_added(len(result.added), len(result.skipped)), markup=False)
        for url in urls or []:
            try:
                source = veille.add_source(url, name)
            except (FetchError, NotAFeed, NoSourceFound, SourceExists) as error:
                failures += 1
                err.print(error_line(error), markup=False)
                continue
            out.print(
                _("added #{number} {name} <{url}>: {kind}").format(
                    number=source.id, name=source.name, url=source.url, kind=_(source.kind)
                ),
                markup=False,
            )
    if failures:
        raise typer.Exit(1)


def _added(added: int, skipped: int) -> str:
    return n_(
        "added {count} source, {skipped} already followed",
        "added {count} sources, {skipped} already followed",
        added,
        skipped=skipped,
    )


@source_app.command("import", help=N_("Follow every source of an OPML file, or of a list of addresses."))
def source_import(
    file: Annotated[Path, typer.Argument(help=N_("An OPML file, or a text file of addresses, one a line."))],
) -> None:
    try:
        with file.open("rb") as opml:
            content = opml.read(MAX_OPML_BYTES + 1)
    except OSError as error:
        raise fail(about(file, os_reason(error))) from None
    with opened() as veille:
        result = veille.import_opml(content)
    for problem in result.failed:
        err.print(_("warning: {message}").format(message=problem), markup=False)
    out.print(_added(len(result.added), len(result.skipped)), markup=False)


@source_app.command("export", help=N_("Print the followed sources as OPML 2.0."))
def source_export() -> None:
    with opened() as veille:
        typer.echo(veille.export_opml(), nl=False)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else _("never")


@source_app.command("list", help=N_("The followed sources: name, URL, articles, last fetch, last error."))
def source_list() -> None:
    with opened() as veille:
        sources = veille.sources()
    if not sources:
        err.print(_("no source yet: `veille source add URL` or `veille source add --starter`"), markup=False)
        return
    table = Table(
        "#", _("name"), _("url"), _("kind"), _("articles"), _("last fetch (UTC)"), _("last error"), box=None
    )
    for source in sources:
        table.add_row(
            str(source.id), source.name, source.url, _(source.kind), str(source.article_count),
            _when(source.last_fetched_at), source.last_error or "",
        )  # fmt: skip
    out.print(table, markup=False)


@source_app.command("remove", help=N_("Stop following a source (its articles stay)."))
def source_remove(key: Annotated[str, typer.Argument(help=N_("The source's number or URL."))]) -> None:
    with opened() as veille:
        source = veille.remove_source(key)
    out.print(_("removed #{number} {name}").format(number=source.id, name=source.name), markup=False)


# API tokens


@token_app.command("add", help=N_("Create a token; it is shown once, and only its digest is kept."))
def token_add(
    name: Annotated[str, typer.Argument(help=N_("A name to tell it by (an app, a script)."))],
) -> None:
    with opened() as veille:
        token, secret = veille.new_token(name)
    err.print(_("token #{number} {name}: keep it now, it will not be shown again").format(
        number=token.id, name=token.name), markup=False)  # fmt: skip
    typer.echo(secret)


@token_app.command("list", help=N_("The tokens: number, name, created, last used."))
def token_list() -> None:
    with opened() as veille:
        tokens = veille.tokens()
    table = Table("#", _("name"), _("created (UTC)"), _("last used (UTC)"), box=None)
    for token in tokens:
        table.add_row(str(token.id), token.name, _when(token.created_at), _when(token.last_used_at))
    out.print(table, markup=False)


@token_app.command("revoke", help=N_("Revoke a token: it stops working at once."))
def token_revoke(key: Annotated[str, typer.Argument(help=N_("The token's number or name."))]) -> None:
    with opened() as veille:
        token = veille.revoke_token(key)
    out.print(_("revoked #{number} {name}").format(number=token.id, name=token.name), markup=False)


# Articles


class ExtractFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


async def _fetch_page(url: str) -> tuple[str, str]:
    async with Fetcher(settings()) as fetcher:
        response = await fetcher.get(url, accept=HTML_ACCEPT)
    return response.text, response.url


def _print_extracted(record: dict[str, object], form: ExtractFormat) -> None:
    if form is ExtractFormat.text:
        fields = ("title", "author", "published", "site", "lang", "reading_minutes", "url")
        header = "\n".join(f"{key}: {record[key]}" for key in fields if record.get(key) is not None)
        typer.echo(f"{header}\n\n{record['text']}\n")
    elif form is ExtractFormat.json:
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        typer.echo(json.dumps(record, ensure_ascii=False))


@app.command(help=N_("Extract the article of pages alone, without storing anything."))
def extract(
    pages: Annotated[
        list[str], typer.Argument(help=N_("Saved pages (.html, .html.gz) or http(s) addresses."))
    ],
    url: Annotated[str | None, typer.Option(help=N_("The address a saved page came from."))] = None,
    form: Annotated[
        ExtractFormat, typer.Option("--format", help=N_("text, json, or jsonl (one object per page)."))
    ] = ExtractFormat.text,
    workers: Annotated[
        int | None, typer.Option(help=N_("Processes for many files (default: one per core)."))
    ] = None,
) -> None:
    failures = 0
    files = [p for p in pages if not p.startswith(("http://", "https://"))]
    for page in pages:
        if page in files:
            continue
        try:
            html, final_url = asyncio.run(_fetch_page(page))
            _print_extracted({"file": page, **extract_html(html, final_url)}, form)
        except (FetchError, NotAnArticle) as error:
            failures += 1
            err.print(error_line(error), markup=False)
    chosen = settings(workers=workers)
    if len(files) > 1 and chosen.worker_count > 1:
        from veille.update import extraction_pool

        with extraction_pool(chosen) as pool:
            records = list(pool.map(extract_file, files, [url] * len(files), chunksize=4))
    else:
        records = [extract_file(path, url) for path in files]
    for record in records:
        if "error" in record:
            failures += 1
            err.print(error_line(about(record["file"], record["error"])), markup=False)
        else:
            _print_extracted(record, form)
    if failures:
        raise typer.Exit(1)


@app.command(help=N_("Print an article as a card, and mark it read (as opening it in the web reader does)."))
def show(
    number: Annotated[int, typer.Argument(help=N_("The article's number (#N)."))],
    lang: Annotated[
        str | None, typer.Option(help=N_("The reader's language [setting lang, default fr]."))
    ] = None,
    translate: Annotated[
        bool, typer.Option("--translate", help=N_("Translate the text too (setting translate_engine)."))
    ] = False,
) -> None:
    with opened(lang=lang) as veille:
        article = veille.article(number)
        if translate:
            article = veille.translated(article)
        typer.echo(render_card(article, veille.settings.lang), nl=False)
        if veille.read_only:
            veille.problems.append(
                _("the database is read-only: #{number} stays unread").format(number=number)
            )
        else:
            veille.mark(number, read=True)
        _report_problems(veille)


@app.command("mark", help=N_("Mark an article read or unread, starred or not: the marks of the web reader."))
def mark_article(
    number: Annotated[int, typer.Argument(help=N_("The article's number (#N)."))],
    read: Annotated[bool | None, typer.Option("--read/--unread", help=N_("Read, or not read yet."))] = None,
    starred: Annotated[bool | None, typer.Option("--star/--unstar", help=N_("Starred, or not."))] = None,
) -> None:
    if read is None and starred is None:
        raise fail(_("say how: --read, --unread, --star or --unstar"))
    with opened() as veille:
        veille.mark(number, read=read, starred=starred)


def _report_problems(veille: Veille) -> None:
    """Each problem once, then forgotten: the main job's next pass reports only its own."""
    for problem in dict.fromkeys(veille.problems):
        err.print(_("warning: {message}").format(message=problem), markup=False)
    veille.problems.clear()


def _day(option: str, value: str | None) -> date | None:
    """The day `value` names, or one clear line."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(
            _("{option}: {value!r} is not a date (YYYY-MM-DD)").format(option=option, value=value)
        ) from None


class SearchOrder(StrEnum):
    newest = "newest"
    relevance = "relevance"


def _wanted(
    article_lang: str | None,
    source: str | None,
    since: str | None,
    until: str | None,
    search: str | None,
    limit: int | None,
    *,
    unread: bool = False,
    starred: bool = False,
    originals_only: bool = True,
    sort: SearchOrder = SearchOrder.newest,
) -> ArticleFilter:
    """The articles the CLI's filter options ask for."""
    start, end = day_span(_day("--since", since), _day("--until", until))
    return ArticleFilter(
        lang=article_lang,
        source=source,
        since=start,
        until=end,
        query=search,
        limit=limit,
        unread=unread,
        starred=starred,
        originals_only=originals_only,
        relevance=sort is SearchOrder.relevance,
    )


def _say_spellings(veille: Veille, search: str | None) -> None:
    """On stderr, the other spellings of names a search looked for too ("aussi : Putin, Путин")."""
    if search and (also := veille.searched_also(search)):
        typer.echo(_("also: {spellings}").format(spellings=", ".join(also)), err=True)


FilterLang = Annotated[
    str | None, typer.Option("--article-lang", help=N_("Only articles in this language (ISO 639-1)."))
]
FilterSource = Annotated[
    str | None, typer.Option("--source", help=N_("Only articles of this source (number, name or URL)."))
]
FilterSince = Annotated[
    str | None,
    typer.Option("--since", help=N_("Only articles published since this date (YYYY-MM-DD).")),
]
FilterUntil = Annotated[
    str | None,
    typer.Option("--until", help=N_("Only articles published until this date, included (YYYY-MM-DD).")),
]
FilterSearch = Annotated[
    str | None,
    typer.Option(
        "--search",
        help=N_(
            'Only articles this search finds: words in any of their forms, "phrases", OR, -word, '
            "lang:, site:, title:… (docs/search.md)."
        ),
    ),
]


SortOption = Annotated[
    SearchOrder,
    typer.Option("--sort", help=N_("newest first, or a search's best matches first (relevance).")),
]
FilterLimit = Annotated[int | None, typer.Option("--limit", min=1, help=N_("At most this many articles."))]
ReaderLang = Annotated[
    str | None, typer.Option("--lang", help=N_("The reader's language [setting lang, default fr]."))
]


@app.command(
    "list",
    help=N_("Articles (or stories), newest first: header line, headline, own title; a reprint shows once."),
)
def list_articles(
    lang: ReaderLang = None,
    article_lang: FilterLang = None,
    source: FilterSource = None,
    since: FilterSince = None,
    until: FilterUntil = None,
    search: FilterSearch = None,
    unread: Annotated[bool, typer.Option("--unread", help=N_("Only articles not read yet."))] = False,
    starred: Annotated[bool, typer.Option("--starred", help=N_("Only starred articles."))] = False,
    limit: FilterLimit = 50,
    by_story: Annotated[
        bool,
        typer.Option(
            "--stories", help=N_("One line per story instead of one per article (the stories of those kept).")
        ),
    ] = False,
    sort: SortOption = SearchOrder.newest,
) -> None:
    wanted = _wanted(
        article_lang, source, since, until, search, limit, unread=unread, starred=starred, sort=sort
    )
    if by_story:
        filtered = any((article_lang, source, since, until, search, unread, starred))
        _print_stories(lang, limit or 50, wanted if filtered else None)
        return
    with opened(lang=lang) as veille:
        also_on = _("Also on")
        _say_spellings(veille, search)
        for article in veille.articles(wanted):
            own = f"\n  {article.title}" if article.title != article.headline else ""
            also = f"\n  {also_on} {', '.join(article.also_on)}" if article.also_on else ""
            typer.echo(f"{header_line(article, veille.settings.lang)}\n  {article.headline}{own}{also}")
        _report_problems(veille)


def _story_line(story: StoryView, reader_lang: str) -> str:
    flags = " ".join(f"{language_flag(lang)}{count}" for lang, count in story.languages.items())
    when = short_date(story.last, reader_lang) if story.last else ""
    count = n_("{count} article", "{count} articles", len(story.articles))
    return f"#{story.id} {when} {count} {flags}\n  {story.headline}"


@app.command("stories", help=N_("Stories, latest first: number, date, articles, languages and headline."))
def list_stories(
    lang: ReaderLang = None,
    limit: Annotated[int, typer.Option(min=1, help=N_("At most this many stories."))] = 30,
) -> None:
    _print_stories(lang, limit)


def _print_stories(lang: str | None, limit: int, matching: ArticleFilter | None = None) -> None:
    with opened(lang=lang) as veille:
        for story in veille.stories(limit=limit, matching=matching):
            typer.echo(_story_line(story, veille.settings.lang))
        _report_problems(veille)


@app.command("story", help=N_("A story: its headline, then its articles grouped by language."))
def show_story(
    number: Annotated[int, typer.Argument(help=N_("The story's number."))], lang: ReaderLang = None
) -> None:
    with opened(lang=lang) as veille:
        story = veille.story(number)
        also_on = _("Also on").lower()
        typer.echo(f"{story.headline}\n")
        for language, articles in story.by_language(veille.settings.lang).items():
            typer.echo(f"{language_flag(language)} {language_name(language, veille.settings.lang)}")
            for article in articles:
                also = f" ({also_on} {', '.join(article.also_on)})" if article.also_on else ""
                typer.echo(f"  {header_line(article, veille.settings.lang)}\n    {article.title}{also}")
        _report_problems(veille)


class ExportFormat(StrEnum):
    cards = "cards"
    jsonl = "jsonl"


@app.command(
    "export", help=N_("Every article matching the filters (reprints included), as cards or as JSON lines.")
)
def export_articles(
    form: Annotated[
        ExportFormat, typer.Option("--format", help=N_("cards (separated by ---) or jsonl."))
    ] = ExportFormat.jsonl,
    lang: ReaderLang = None,
    article_lang: FilterLang = None,
    source: FilterSource = None,
    since: FilterSince = None,
    until: FilterUntil = None,
    search: FilterSearch = None,
    limit: FilterLimit = None,
    sort: SortOption = SearchOrder.newest,
) -> None:
    wanted = _wanted(article_lang, source, since, until, search, limit, originals_only=False, sort=sort)
    with opened(lang=lang) as veille:
        _say_spellings(veille, search)
        articles = veille.each_article(wanted)
        lines = (
            export_jsonl(articles)
            if form is ExportFormat.jsonl
            else export_cards(articles, veille.settings.lang)
        )
        for line in lines:
            typer.echo(line)


@translate_app.command(
    "install", help=N_("Download and install an Argos Translate language pair (needs the internet once).")
)
def translate_install(
    source: Annotated[str, typer.Argument(help=N_("From this language (ISO 639-1)."))],
    target: Annotated[str, typer.Argument(help=N_("To this language."))],
) -> None:
    try:
        install_argos_pair(source, target)
    except TranslationError as error:
        raise fail(str(error)) from None
    out.print(
        _('installed {source}→{target}; set translate_engine = "argos" to use it').format(
            source=source, target=target
        ),
        markup=False,
    )

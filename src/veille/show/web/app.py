"""The web reader: server-rendered pages (Jinja2), a little plain JavaScript for keyboard,
marks and new articles, the API and the feeds, in one FastAPI application."""

from __future__ import annotations

import asyncio
import secrets
import threading
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.gzip import GZipMiddleware

from veille import __version__
from veille.addresses import web_address
from veille.config import Settings
from veille.core import ArticleFilter, UnknownStory, Veille
from veille.fetch.client import FetchError
from veille.messages import voice
from veille.reading import NoSourceFound
from veille.show.card import byline, header_line
from veille.show.dates import long_date, short_date
from veille.show.languages import language_flag, language_name
from veille.show.web.api import (
    CURSOR_PATTERN,
    Number,
    Sort,
    make_router,
    page_of_articles,
    paged,
)
from veille.show.web.caching import Conditional
from veille.show.web.feeds import Entry, article_entry, atom_feed, json_feed, story_entry
from veille.show.web.middleware import BodyLimit, HeadAsGet
from veille.show.web.sanitize import article_html
from veille.show.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    Guard,
    HostCheck,
    Verdict,
    load_secret,
)
from veille.show.web.timeline import by_story
from veille.show.web.watches import watch_pages
from veille.sources.feeds import NotAFeed
from veille.sources.opml import MAX_OPML_BYTES, NotOpml
from veille.store.articles import UnknownArticle
from veille.store.query import QuerySyntaxError, spelled_as_typed
from veille.store.schema import MAX_NUMBER
from veille.store.sources import SourceExists, UnknownSource
from veille.store.times import day_span
from veille.types import Article, Source

PAGE_SIZE = 50
STORIES_PAGE = 30
FilterLang = Annotated[str | None, Query(max_length=8)]
FilterSource = Annotated[str | None, Query(max_length=2048)]
Cursor = Annotated[str | None, Query(pattern=CURSOR_PATTERN)]
OPEN_PATHS = ("/login", "/static/")
HERE = Path(str(resources.files("veille.show.web")))


class Filters:
    """The timeline's filters, read from and written back to the query string."""

    def __init__(
        self,
        lang: FilterLang = None,
        source: FilterSource = None,
        since: date | None = None,
        until: date | None = None,
        unread: bool = False,
        starred: bool = False,
        q: Annotated[str | None, Query(max_length=200)] = None,
        sort: Sort = "newest",
    ) -> None:
        """Its parameters are the query string's, read by FastAPI (`Depends(Filters)`)."""
        self.lang, self.source, self.since, self.until = lang or None, source or None, since, until
        self.unread, self.starred, self.q = unread, starred, (q or "").strip() or None
        self.sort = sort

    def to_filter(self, limit: int = PAGE_SIZE) -> ArticleFilter:
        since, until = day_span(self.since, self.until)
        return ArticleFilter(
            lang=self.lang,
            source=self.source,
            unread=self.unread,
            starred=self.starred,
            query=self.q,
            since=since,
            until=until,
            limit=limit,
            relevance=self.sort == "relevance" and self.q is not None,
        )

    def query(self, **extra: str) -> str:
        values = {
            "lang": self.lang, "source": self.source, "since": self.since, "until": self.until,
            "unread": "1" if self.unread else None, "starred": "1" if self.starred else None, "q": self.q,
            "sort": self.sort if self.sort != "newest" else None,
        }  # fmt: skip
        return urlencode({k: v for k, v in {**values, **extra}.items() if v})


QueryFilters = Annotated[Filters, Depends()]


def create_app(settings: Settings, veille: Veille | None = None) -> FastAPI:
    """The application; `veille run` passes its own Veille, so that a pass started from the
    sources page and the main job's passes take turns."""
    veille = veille or Veille(settings)
    guard = Guard(load_secret(settings.home), settings, veille.engine)
    hosts = HostCheck(settings)
    secure_cookies = settings.web_base_url.startswith("https://")
    says = voice(settings.lang)
    app = FastAPI(
        title="veille",
        version=__version__,
        description="veille's JSON API: articles, stories and sources of a self-hosted press monitor.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.veille = veille
    app.state.guard = guard
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(make_router())

    class Protect(BaseHTTPMiddleware):
        async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
            path = request.url.path
            if not hosts.allowed(request.headers.get("host")):
                return JSONResponse({"detail": "unknown Host: add it to web_allowed_hosts"}, status_code=400)
            verdict = Verdict.ALLOWED
            if not path.startswith(OPEN_PATHS):
                verdict = await run_in_threadpool(
                    guard.check,
                    client_of(request),
                    request.cookies.get(SESSION_COOKIE),
                    request.headers.get("authorization"),
                )
            if verdict is Verdict.BLOCKED:
                return JSONResponse({"detail": "too many failed attempts: wait a minute"}, status_code=429)
            if verdict is Verdict.DENIED:
                if path.startswith(("/api/", "/feeds/")) or path.endswith((".atom", ".json")):
                    return JSONResponse({"detail": "authentication required"}, status_code=401)
                return RedirectResponse(f"/login?{urlencode({'next': path})}", status_code=303)
            response = await call_next(request)
            if CSRF_COOKIE not in request.cookies:
                response.set_cookie(CSRF_COOKIE, request.state.csrf_seed, httponly=True, samesite="strict")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'",
            )
            return response

    @app.exception_handler(QuerySyntaxError)
    async def unreadable_search(request: Request, error: QuerySyntaxError) -> JSONResponse:
        """A search that cannot be read, anywhere but a page (the API, the feeds): 422, its line,
        in the shape of FastAPI's own validation errors (as the OpenAPI description says)."""
        detail = [{"loc": ["query", "q"], "msg": str(error), "type": "value_error"}]
        return JSONResponse({"detail": detail}, status_code=422)

    app.add_middleware(Protect)
    app.add_middleware(Conditional)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyLimit, limit=MAX_OPML_BYTES + 65536)
    app.add_middleware(HeadAsGet)

    async def require_csrf(request: Request) -> None:
        """Actions carry the CSRF token: in the form (`csrf`) or the X-CSRF-Token header."""
        token = request.headers.get("x-csrf-token")
        if token is None:
            token = str((await request.form()).get("csrf") or "")
        if not guard.valid_csrf(request.cookies.get(CSRF_COOKIE), token):
            raise HTTPException(status_code=403, detail="invalid or missing CSRF token")

    protected = [Depends(require_csrf)]

    @app.middleware("http")
    async def csrf_seed(request: Request, call_next: RequestResponseEndpoint) -> Response:
        request.state.csrf_seed = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(16)
        return await call_next(request)

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = settings.lang
        base = {
            "_": says._, "n_": says.n_, "ngettext": says.translations.ngettext, "lang": lang, "guard": guard,
            "csrf": guard.csrf_token(request.state.csrf_seed), "flag": language_flag,
            "header": lambda a: header_line(a, lang), "short_date": lambda d: short_date(d, lang),
            "long_date": long_date, "byline": byline, "path": request.url.path, "version": __version__,
            "poll_ms": int(settings.web_poll_seconds * 1000),
            "language": lambda code: language_name(code, lang), "web_address": web_address,
        }  # fmt: skip
        return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    def languages() -> list[str]:
        return sorted({s for s in (settings.lang, "en", "fr", "de", "es", "it", "pt", "ru", "ar", "uk")})

    def timeline_page(request: Request, filters: Filters, cursor: str | None, title: str) -> HTMLResponse:
        also: list[str] = []
        try:
            articles, next_cursor = page_of_articles(veille, paged(filters.to_filter(), cursor))
            also = veille.searched_also(filters.q) if filters.q else []
        except QuerySyntaxError as error:
            articles, next_cursor, title = [], None, str(error)
        older = filters.query(cursor=next_cursor) if next_cursor else None
        return render(
            request,
            "timeline.html",
            items=by_story(articles, settings.lang),
            filters=filters,
            older=older,
            title=title,
            also=also,
            exact_query=filters.query(q=spelled_as_typed(filters.q)) if also and filters.q else "",
            sources=veille.sources(counted=False),
            languages=languages(),
            latest=max((a.id for a in articles), default=0),
            feed_query=filters.query(),
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request, filters: QueryFilters, cursor: Cursor = None) -> HTMLResponse:
        return timeline_page(request, filters, cursor, says._("Timeline"))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, filters: QueryFilters, cursor: Cursor = None) -> HTMLResponse:
        return timeline_page(
            request, filters, cursor, says._("Results for “{query}”").format(query=filters.q or "")
        )

    @app.get("/timeline/new", response_class=HTMLResponse, include_in_schema=False)
    def new_items(
        request: Request, filters: QueryFilters, after: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0
    ) -> HTMLResponse:
        fresh = veille.articles(replace(filters.to_filter(), after_id=after))
        return render(request, "_items.html", items=by_story(fresh, settings.lang))

    def feed_articles(filters: Filters, story: int | None = None) -> list[Article]:
        wanted = filters.to_filter(limit=PAGE_SIZE)
        if story is not None:
            wanted = ArticleFilter(story=story, limit=PAGE_SIZE)
        return veille.articles(wanted)

    def feed_response(request: Request, form: str, title: str, entries: list[Entry]) -> Response:
        if form not in ("atom", "json"):
            raise HTTPException(status_code=404, detail="feeds are Atom (.atom) and JSON Feed (.json)")
        home = str(request.base_url)
        if form == "json":
            return JSONResponse(json_feed(title, str(request.url), home, entries),
                                media_type="application/feed+json")  # fmt: skip
        return Response(atom_feed(title, str(request.url), home, entries), media_type="application/atom+xml")

    def article_entries(request: Request, found: list[Article]) -> list[Entry]:
        return [article_entry(article, f"{request.base_url}articles/{{id}}") for article in found]

    @app.get("/feeds/{form}", include_in_schema=False)
    def feed(request: Request, form: str, filters: QueryFilters) -> Response:
        title = f"veille — {filters.q}" if filters.q else "veille"
        return feed_response(request, form, title, article_entries(request, feed_articles(filters)))

    @app.get("/stories/feed.{form}", include_in_schema=False)
    def stories_feed(request: Request, form: str, filters: QueryFilters) -> Response:
        """The latest stories, or those of the articles the filters ask for (`?q=budapest`)."""
        matching = filters.to_filter() if filters.query() else None
        found = veille.stories(limit=STORIES_PAGE, lang=settings.lang, matching=matching)
        urls = (f"{request.base_url}stories/{{id}}", f"{request.base_url}articles/{{id}}")
        entries = [story_entry(story, settings.lang, *urls) for story in found]
        title = f"veille — {says._('Stories')}" + (f" — {filters.q}" if filters.q else "")
        return feed_response(request, form, title, entries)

    @app.get("/stories/{number}/feed.{form}", include_in_schema=False)
    def story_feed(request: Request, number: Number, form: str) -> Response:
        try:
            story = veille.story(number)
        except UnknownStory as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        found = feed_articles(Filters(), number)
        return feed_response(request, form, f"veille — {story.headline}", article_entries(request, found))

    @app.get("/articles/{number}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, number: Number) -> HTMLResponse:
        try:
            article = veille.article(number)
        except UnknownArticle as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        story = veille.story(article.story) if article.story is not None else None
        others = [a for a in story.articles if a.id != article.id] if story else []
        original = veille.article(article.reprint_of) if article.reprint_of else None
        body = article_html(article.paragraphs, article.image, settings.show_images)
        return render(request, "article.html", article=article, body=body, story=story, others=others,
                      original=original)  # fmt: skip

    @app.get("/stories/{number}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, number: Number) -> HTMLResponse:
        try:
            story = veille.story(number)
        except UnknownStory as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        return render(request, "story.html", story=story, groups=story.by_language(settings.lang))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, page: Annotated[int, Query(ge=0, le=100_000)] = 0) -> HTMLResponse:
        found = veille.stories(limit=STORIES_PAGE, offset=page * STORIES_PAGE)
        return render(request, "stories.html", stories=found, page=page, more=len(found) == STORIES_PAGE)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(
        request: Request, message: Annotated[str | None, Query(max_length=300)] = None
    ) -> HTMLResponse:
        return render(request, "sources.html", sources=veille.sources(), message=message,
                      fetching=veille.passing.locked())  # fmt: skip

    def back_to_sources(message: str) -> RedirectResponse:
        return RedirectResponse(f"/sources?{urlencode({'message': message})}", status_code=303)

    @app.post("/sources", dependencies=protected, include_in_schema=False)
    def add_source(url: Annotated[str, Form(max_length=2048)]) -> RedirectResponse:
        try:
            source = veille.add_source(url.strip())
        except (FetchError, NotAFeed, NoSourceFound, SourceExists) as error:
            return back_to_sources(str(error))
        return back_to_sources(says.about(says._("Source added"), source.name))

    @app.post("/sources/import", dependencies=protected, include_in_schema=False)
    async def import_sources(opml: UploadFile) -> RedirectResponse:
        try:
            result = veille.import_opml(await opml.read(MAX_OPML_BYTES + 1))
        except NotOpml as error:
            return back_to_sources(str(error))
        return back_to_sources(
            says.n_("{count} source imported", "{count} sources imported", len(result.added))
        )

    @app.post("/sources/{number}/remove", dependencies=protected, include_in_schema=False)
    def remove_source(number: Number) -> RedirectResponse:
        try:
            source = veille.remove_source(str(number))
        except UnknownSource as error:
            return back_to_sources(str(error))
        return back_to_sources(says.about(says._("Source removed"), source.name))

    @app.post("/sources/fetch", dependencies=protected, include_in_schema=False)
    def fetch_now() -> RedirectResponse:
        threading.Thread(target=_fetch_in_background, args=(veille,), daemon=True).start()
        return back_to_sources(says._("Fetching…"))

    @app.post("/articles/{number}/star", dependencies=protected, include_in_schema=False)
    def star(number: Number, on: Annotated[bool, Form()] = True) -> JSONResponse:
        return _mark(veille, number, starred=on)

    @app.post("/articles/{number}/read", dependencies=protected, include_in_schema=False)
    def read(number: Number, on: Annotated[bool, Form()] = True) -> JSONResponse:
        return _mark(veille, number, read=on)

    app.include_router(watch_pages(veille, render, protected, says, feed_response))

    @app.get("/api/latest", include_in_schema=False)
    def latest() -> dict[str, int]:
        return {"latest": veille.latest_id()}

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: Annotated[str, Query(max_length=300)] = "/") -> HTMLResponse:
        return render(request, "login.html", next=next if next.startswith("/") else "/", error=None)

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        password: Annotated[str, Form(max_length=500)],
        next: Annotated[str, Form(max_length=300)] = "/",
    ) -> Response:
        client = client_of(request)
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        if guard.throttle.blocked(client):
            return render(
                request,
                "login.html",
                status=429,
                next=target,
                error=says._("Too many attempts: try again in a few minutes."),
            )
        if not guard.check_password(client, password):
            return render(request, "login.html", status=401, next=target, error=says._("Wrong password."))
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            guard.new_session(),
            httponly=True,
            samesite="lax",
            max_age=int(SESSION_LIFETIME.total_seconds()),
            secure=secure_cookies or request.url.scheme == "https",
        )
        return response

    @app.post("/logout", dependencies=protected, include_in_schema=False)
    def logout(request: Request) -> RedirectResponse:
        guard.end_session(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return app


def client_of(request: Request) -> str:
    """The client's address, as the server saw it (or as a trusted proxy said it)."""
    return request.client.host if request.client else "?"


def _mark(veille: Veille, number: int, **marks: bool) -> JSONResponse:
    try:
        veille.mark(number, **marks)
    except UnknownArticle as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return JSONResponse({"id": number, **marks})


class _QuietReporter:
    def start(self, sources: int) -> None: ...

    def source_done(self, source: Source, outcome: str | None) -> None: ...

    def article_new(self, number: int, title: str) -> None: ...

    def problem(self, message: str) -> None: ...


def _fetch_in_background(veille: Veille) -> None:
    """A pass started from the sources page, unless one is running."""
    with veille.extraction_pool() as pool:
        asyncio.run(veille.fetch_unless_busy(_QuietReporter(), pool))

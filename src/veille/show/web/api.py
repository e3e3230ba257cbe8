"""The JSON API under /api: every field of the card and more, filters and cursor paging. Its
OpenAPI description is generated from these models, at /api/openapi.json."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, overload

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from veille.addresses import web_address
from veille.core import ArticleFilter, UnknownStory, Veille
from veille.show.card import byline
from veille.show.languages import language_flag
from veille.show.web.security import CSRF_COOKIE
from veille.store.articles import UnknownArticle
from veille.store.query import QuerySyntaxError
from veille.store.schema import MAX_NUMBER
from veille.store.watches import BadWatch, UnknownWatch, WatchExists
from veille.types import Article, Source, StoryView, Watch
from veille.watch.notify import NotifierError


class ArticleOut(BaseModel):
    id: int
    url: str
    site: str
    source: str | None
    headline: str
    title: str
    author: str | None
    original_publication: str | None
    byline: str | None
    published: str | None = Field(
        description="ISO 8601, with the page's own offset; without one when the page gave no time zone."
    )
    fetched_at: datetime
    lang: str | None
    flag: str
    reading_minutes: int
    word_count: int
    story: int | None
    reprint_of: int | None
    also_on: list[str]
    read: bool
    starred: bool
    description: str | None
    image: str | None
    text: str | None


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None


class SearchPage(ArticlePage):
    also: list[str] = Field(
        description="The other spellings of names searched too (Putin, Путин for Poutine)."
    )


class StoryOut(BaseModel):
    id: int
    headline: str
    first: datetime | None
    last: datetime | None
    article_count: int
    languages: dict[str, int]
    sites: list[str]
    articles: list[ArticleOut]


class SourceOut(BaseModel):
    id: int
    name: str
    url: str
    site_url: str | None
    articles: int
    last_fetched_at: datetime | None
    last_error: str | None
    error_count: int
    kind: str = Field(description="How veille reads it: feed, news sitemap, sitemap or home page.")


class WatchIn(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    query: str = Field(min_length=1, max_length=200, description="A search (docs/search.md).")
    notify: list[Annotated[str, Field(max_length=2048)]] = Field(
        default_factory=list, max_length=20, description="Apprise addresses told of new stories."
    )
    digest: Literal["", "daily", "weekly"] = ""
    rules: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=list, max_length=20, description="read, star, hide or tag:NAME"
    )
    alert_again: Literal["never", "language", "double"] = "language"


class WatchChange(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=128)
    query: str | None = Field(default=None, min_length=1, max_length=200)
    notify: list[Annotated[str, Field(max_length=2048)]] | None = Field(default=None, max_length=20)
    digest: Literal["", "daily", "weekly"] | None = None
    rules: list[Annotated[str, Field(max_length=80)]] | None = Field(default=None, max_length=20)
    alert_again: Literal["never", "language", "double"] | None = None


class WatchOut(WatchIn):
    id: int
    created_at: datetime | None


class WatchedStoryOut(BaseModel):
    story: StoryOut
    kind: str
    matched: int = Field(description="How many of its articles the watch matched.")
    lead: str = Field(
        description="Its leading article's first paragraph, in the reader's language when one is."
    )


def watch_out(watch: Watch) -> WatchOut:
    return WatchOut(
        id=watch.id, name=watch.name, query=watch.query, notify=list(watch.notify), digest=watch.digest,  # type: ignore[arg-type]
        rules=list(watch.rules), alert_again=watch.alert_again, created_at=utc(watch.created_at),  # type: ignore[arg-type]
    )  # fmt: skip


@overload
def utc(moment: datetime) -> datetime: ...


@overload
def utc(moment: None) -> None: ...


def utc(moment: datetime | None) -> datetime | None:
    """veille stores naive UTC; the API says so (RFC 3339 wants an offset)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def article_out(article: Article, with_text: bool) -> ArticleOut:
    return ArticleOut(
        id=article.id,
        url=article.url,
        site=article.site,
        source=article.source,
        headline=article.headline,
        title=article.title,
        author=article.author,
        original_publication=article.original,
        byline=byline(article),
        published=article.published.isoformat() if article.published else None,
        fetched_at=utc(article.fetched_at),
        lang=article.lang,
        flag=language_flag(article.lang),
        reading_minutes=article.reading_minutes,
        word_count=article.word_count,
        story=article.story,
        reprint_of=article.reprint_of,
        also_on=list(article.also_on),
        read=article.read,
        starred=article.starred,
        description=article.description,
        image=web_address(article.image),
        text=article.text if with_text else None,
    )


def story_out(story: StoryView, with_articles: bool = True) -> StoryOut:
    return StoryOut(
        id=story.id,
        headline=story.headline,
        first=utc(story.first),
        last=utc(story.last),
        article_count=len(story.articles),
        languages=story.languages,
        sites=story.sites,
        articles=[article_out(a, False) for a in story.articles] if with_articles else [],
    )


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.id,
        name=source.name,
        url=source.url,
        site_url=source.site_url,
        articles=source.article_count,
        last_fetched_at=utc(source.last_fetched_at),
        last_error=source.last_error,
        error_count=source.error_count,
        kind=source.kind,
    )


CURSOR_PATTERN = r"^(\d{1,16}\.\d{1,12}|\+\d{1,9})$"
"""A place in the timeline (sort time.number), or, for a search by relevance, how many came before (+N)."""
"""A page's cursor: where the last article sorts (microseconds since 1970, UTC) and its number."""
EPOCH = datetime(1970, 1, 1)


def encode_cursor(article: Article) -> str:
    moment = article.sort_at or article.fetched_at
    return f"{(moment - EPOCH) // timedelta(microseconds=1)}.{article.id}"


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor or cursor.startswith("+"):
        return None
    micros, number = cursor.split(".")
    return EPOCH + timedelta(microseconds=int(micros)), int(number)


def decode_offset(cursor: str | None) -> int:
    return int(cursor[1:]) if cursor and cursor.startswith("+") else 0


def paged(wanted: ArticleFilter, cursor: str | None) -> ArticleFilter:
    """`wanted` from the place `cursor` names."""
    if wanted.relevance:
        return replace(wanted, offset=decode_offset(cursor))
    return replace(wanted, before=decode_cursor(cursor))


Cursor = Annotated[str | None, Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page.")]
Number = Annotated[int, Path(ge=1, le=MAX_NUMBER)]
Lang = Annotated[str | None, Query(description="Only articles in this language (ISO 639-1).", max_length=8)]
SourceKey = Annotated[
    str | None, Query(description="Only this source (number, name or URL).", max_length=2048)
]
Limit = Annotated[int, Query(ge=1, le=200)]
Sort = Literal["newest", "relevance"]


def page_of_articles(
    veille: Veille, wanted: ArticleFilter, reader: str | None = None
) -> tuple[list[Article], str | None]:
    """A page of `wanted.limit` articles (default 50), and the cursor of the next page if any."""
    limit = wanted.limit or 50
    found = veille.articles(replace(wanted, limit=limit + 1), reader)
    items = found[:limit]
    if len(found) <= limit or not items:
        return items, None
    return items, f"+{wanted.offset + limit}" if wanted.relevance else encode_cursor(items[-1])


def page_of(veille: Veille, wanted: ArticleFilter, reader: str | None, with_text: bool) -> ArticlePage:
    items, cursor = page_of_articles(veille, wanted, reader)
    return ArticlePage(items=[article_out(a, with_text) for a in items], next_cursor=cursor)


CHANGES: dict[int | str, dict[str, Any]] = {
    403: {"description": "A change needs an Authorization header (a token) or the page's X-CSRF-Token"},
    409: {"description": "A watch of that name exists already"},
    422: {"description": "A search that cannot be read, an unknown rule or notifier"},
}


def writer(request: Request) -> None:
    """A change comes from a script (an Authorization header, checked before any route) or from
    a page of veille's (its CSRF token): never from a form another site posts."""
    if request.headers.get("authorization"):
        return
    guard = request.app.state.guard
    if not guard.valid_csrf(request.cookies.get(CSRF_COOKIE), request.headers.get("x-csrf-token") or ""):
        raise HTTPException(status_code=403, detail="a change needs a token or the X-CSRF-Token header")


def make_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])

    def veille_of(request: Request) -> Veille:
        veille: Veille = request.app.state.veille
        return veille

    @router.get("/articles", response_model=ArticlePage, summary="Articles, newest first")
    def list_articles(
        request: Request,
        lang: Lang = None,
        source: SourceKey = None,
        since: datetime | None = None,
        until: datetime | None = None,
        unread: bool = False,
        starred: bool = False,
        story: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
        reader: Annotated[str | None, Query(description="The reader's language.", max_length=8)] = None,
        text: bool = False,
    ) -> ArticlePage:
        wanted = ArticleFilter(
            lang=lang,
            source=source,
            since=since,
            until=until,
            unread=unread,
            starred=starred,
            story=story,
            query=q,
            limit=limit,
        )
        return page_of(veille_of(request), paged(wanted, cursor), reader, text)

    @router.get(
        "/search", response_model=SearchPage, summary="Search (docs/search.md), newest or best matches first"
    )
    def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        lang: Lang = None,
        source: SourceKey = None,
        cursor: Cursor = None,
        limit: Limit = 50,
        reader: Annotated[str | None, Query(max_length=8)] = None,
        sort: Annotated[Sort, Query(description="newest first, or the best matches first")] = "newest",
    ) -> SearchPage:
        wanted = ArticleFilter(lang=lang, source=source, query=q, limit=limit, relevance=sort == "relevance")
        veille = veille_of(request)
        found = page_of(veille, paged(wanted, cursor), reader, False)
        return SearchPage(items=found.items, next_cursor=found.next_cursor, also=veille.searched_also(q))

    @router.get(
        "/articles/{number}", response_model=ArticleOut, responses={404: {"description": "No such article"}}
    )
    def get_article(
        request: Request, number: Number, reader: Annotated[str | None, Query(max_length=8)] = None
    ) -> ArticleOut:
        try:
            return article_out(veille_of(request).article(number, reader), True)
        except UnknownArticle as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    @router.get("/stories", response_model=list[StoryOut], summary="Stories, latest first")
    def list_stories(
        request: Request,
        limit: Limit = 30,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        reader: Annotated[str | None, Query(max_length=8)] = None,
    ) -> list[StoryOut]:
        return [story_out(s, False) for s in veille_of(request).stories(limit, offset, reader)]

    @router.get(
        "/stories/{number}", response_model=StoryOut, responses={404: {"description": "No such story"}}
    )
    def get_story(
        request: Request, number: Number, reader: Annotated[str | None, Query(max_length=8)] = None
    ) -> StoryOut:
        try:
            return story_out(veille_of(request).story(number, reader))
        except UnknownStory as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    @router.get("/sources", response_model=list[SourceOut])
    def list_sources(request: Request) -> list[SourceOut]:
        return [source_out(s) for s in veille_of(request).sources()]

    def watch_of(request: Request, number: int) -> Watch:
        try:
            return veille_of(request).watches.get(str(number))
        except UnknownWatch as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    def kept(change: Callable[[], Watch]) -> WatchOut:
        """The watch `change` keeps; its errors as the API says them."""
        try:
            return watch_out(change())
        except WatchExists as error:
            raise HTTPException(status_code=409, detail=str(error)) from None
        except (BadWatch, NotifierError, QuerySyntaxError) as error:
            raise HTTPException(status_code=422, detail=str(error)) from None

    @router.get("/watches", response_model=list[WatchOut], summary="Watches (saved searches that alert)")
    def list_watches(request: Request) -> list[WatchOut]:
        return [watch_out(w) for w in veille_of(request).watches.all()]

    @router.post("/watches", response_model=WatchOut, status_code=201, dependencies=[Depends(writer)],
                 responses=CHANGES)  # fmt: skip
    def add_watch(request: Request, watch: WatchIn) -> WatchOut:
        desk = veille_of(request).watches
        return kept(lambda: desk.add(Watch(0, watch.name, watch.query, tuple(watch.notify), watch.digest,
                                           tuple(watch.rules), watch.alert_again)))  # fmt: skip

    @router.get(
        "/watches/{number}", response_model=WatchOut, responses={404: {"description": "No such watch"}}
    )
    def get_watch(request: Request, number: Number) -> WatchOut:
        return watch_out(watch_of(request, number))

    @router.patch("/watches/{number}", response_model=WatchOut, dependencies=[Depends(writer)],
                  responses={**CHANGES, 404: {"description": "No such watch"}})  # fmt: skip
    def change_watch(request: Request, number: Number, change: WatchChange) -> WatchOut:
        watch = watch_of(request, number)
        values = change.model_dump(exclude_none=True)
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return kept(lambda: veille_of(request).watches.edit(str(watch.id), **values))

    @router.delete("/watches/{number}", status_code=204, dependencies=[Depends(writer)],
                   responses={403: CHANGES[403], 404: {"description": "No such watch"}})  # fmt: skip
    def remove_watch(request: Request, number: Number) -> Response:
        veille_of(request).watches.remove(str(watch_of(request, number).id))
        return Response(status_code=204)

    @router.get("/watches/{number}/stories", response_model=list[WatchedStoryOut],
                responses={404: {"description": "No such watch"}}, summary="A watch's stories")  # fmt: skip
    def watch_stories(request: Request, number: Number, limit: Limit = 30) -> list[WatchedStoryOut]:
        watch = watch_of(request, number)
        return [
            WatchedStoryOut(
                story=story_out(told.story, False), kind=told.kind, matched=told.matched, lead=told.lead
            )
            for told in veille_of(request).watches.stories(watch, limit=limit)
        ]

    return router

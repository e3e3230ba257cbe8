"""The JSON API under /api: every field of the card and more, filters and cursor paging. Its
OpenAPI description is generated from these models, at /api/openapi.json."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal, overload

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from veille.addresses import web_address
from veille.core import ArticleFilter, UnknownStory, Veille
from veille.show.card import byline
from veille.show.languages import language_flag
from veille.store.articles import UnknownArticle
from veille.store.schema import MAX_NUMBER
from veille.types import Article, Source, StoryView


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

    return router

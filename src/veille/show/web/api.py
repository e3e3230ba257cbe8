"""The JSON API under /api: every field of the card and more, filters and cursor paging. Its
OpenAPI description is generated from these models, at /api/openapi.json."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from veille.core import ArticleFilter, UnknownStory, Veille
from veille.show.card import byline
from veille.show.flags import language_flag
from veille.store.articles import UnknownArticle
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
    published: datetime | None
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


def article_out(article: Article, with_text: bool) -> ArticleOut:
    return ArticleOut(
        id=article.id, url=article.url, site=article.site, source=article.source, headline=article.headline,
        title=article.title, author=article.author, original_publication=article.original,
        byline=byline(article), published=article.published, fetched_at=article.fetched_at, lang=article.lang,
        flag=language_flag(article.lang), reading_minutes=article.reading_minutes,
        word_count=article.word_count, story=article.story, reprint_of=article.reprint_of,
        also_on=list(article.also_on), read=article.read, starred=article.starred,
        description=article.description, image=article.image, text=article.text if with_text else None,
    )  # fmt: skip


def story_out(story: StoryView, with_articles: bool = True) -> StoryOut:
    return StoryOut(
        id=story.id, headline=story.headline, first=story.first, last=story.last,
        article_count=len(story.articles), languages=story.languages, sites=story.sites,
        articles=[article_out(a, False) for a in story.articles] if with_articles else [],
    )  # fmt: skip


def source_out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.id, name=source.name, url=source.url, site_url=source.site_url,
        articles=source.article_count, last_fetched_at=source.last_fetched_at, last_error=source.last_error,
        error_count=source.error_count,
    )  # fmt: skip


def encode_cursor(article: Article) -> str:
    moment = article.sort_at or article.fetched_at
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{article.id}".encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        moment, number = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.fromisoformat(moment), int(number)
    except ValueError:
        raise HTTPException(status_code=400, detail="invalid cursor") from None


Lang = Annotated[str | None, Query(description="Only articles in this language (ISO 639-1).", max_length=8)]
SourceKey = Annotated[
    str | None, Query(description="Only this source (number, name or URL).", max_length=2048)
]
Limit = Annotated[int, Query(ge=1, le=200)]


def page_of(veille: Veille, wanted: ArticleFilter, reader: str | None, with_text: bool) -> ArticlePage:
    limit = wanted.limit or 50
    found = veille.articles(replace(wanted, limit=limit + 1), reader)
    items = found[:limit]
    cursor = encode_cursor(items[-1]) if len(found) > limit and items else None
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
        story: int | None = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
        cursor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Limit = 50,
        reader: Annotated[str | None, Query(description="The reader's language.", max_length=8)] = None,
        text: bool = False,
    ) -> ArticlePage:
        wanted = ArticleFilter(
            lang=lang, source=source, since=since, until=until, unread=unread, starred=starred, story=story,
            query=q, before=decode_cursor(cursor), limit=limit,
        )  # fmt: skip
        return page_of(veille_of(request), wanted, reader, text)

    @router.get("/search", response_model=ArticlePage, summary="Full-text search, accents ignored")
    def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        lang: Lang = None,
        source: SourceKey = None,
        cursor: Annotated[str | None, Query(max_length=200)] = None,
        limit: Limit = 50,
        reader: Annotated[str | None, Query(max_length=8)] = None,
    ) -> ArticlePage:
        wanted = ArticleFilter(lang=lang, source=source, query=q, before=decode_cursor(cursor), limit=limit)
        return page_of(veille_of(request), wanted, reader, False)

    @router.get(
        "/articles/{number}", response_model=ArticleOut, responses={404: {"description": "No such article"}}
    )
    def get_article(
        request: Request, number: int, reader: Annotated[str | None, Query(max_length=8)] = None
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
        request: Request, number: int, reader: Annotated[str | None, Query(max_length=8)] = None
    ) -> StoryOut:
        try:
            return story_out(veille_of(request).story(number, reader))
        except UnknownStory as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    @router.get("/sources", response_model=list[SourceOut])
    def list_sources(request: Request) -> list[SourceOut]:
        return [source_out(s) for s in veille_of(request).sources()]

    return router

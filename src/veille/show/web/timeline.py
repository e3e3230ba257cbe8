"""The timeline's items: one per piece of news, not one per article.

Four sites telling one story in four languages are one piece of news: the timeline shows its
headline once, over its newest article on the page in the reader's language (else its newest),
with the story's other articles on that page listed under it (flag, own title, site), as Google
News shows a story's coverage. Each article
keeps its own line and its own read mark; paging stays by article, so a story whose articles span
two pages shows on both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from veille.types import Article


@dataclass(slots=True)
class TimelineItem:
    lead: Article
    """The story's newest article on the page in the reader's language, else its newest (or an
    article in no story)."""
    coverage: list[Article] = field(default_factory=list)
    """The story's other articles on the page, newest first."""


def by_story(articles: Iterable[Article], reader: str) -> list[TimelineItem]:
    """`articles`, newest first, grouped by story in the order of each story's newest one."""
    items: list[TimelineItem] = []
    of_story: dict[int, TimelineItem] = {}
    for article in articles:
        if article.story is None:
            items.append(TimelineItem(article))
        elif (item := of_story.get(article.story)) is None:
            item = of_story[article.story] = TimelineItem(article)
            items.append(item)
        elif article.lang == reader and item.lead.lang != reader:
            item.coverage.insert(0, item.lead)
            item.lead = article
        else:
            item.coverage.append(article)
    return items

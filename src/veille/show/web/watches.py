"""The watches in the web reader: the « Veille » page (each watch, its stories of the day and
in all), a watch's page (its stories, most covered first, and a form to change it), a watch
made from any search in one click, undo and remove, and each watch's Atom and JSON feed (one
entry a story, its headline in the reader's language)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.params import Depends
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from veille.core import Veille
from veille.messages import Voice
from veille.show.web.api import Number
from veille.show.web.feeds import Entry, story_entry
from veille.store.query import QuerySyntaxError
from veille.store.times import utcnow
from veille.store.watches import BadWatch, UnknownWatch, WatchExists
from veille.types import Watch
from veille.watch.notify import NotifierError

WATCH_ERRORS = (BadWatch, WatchExists, NotifierError, QuerySyntaxError)
Render = Callable[..., HTMLResponse]
FeedResponse = Callable[[Request, str, str, list[Entry]], Response]
Text = Annotated[str, Form(max_length=2000)]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def watch_pages(
    veille: Veille, render: Render, protected: list[Depends], says: Voice, feed_response: FeedResponse
) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    desk = veille.watches

    def found(number: int) -> Watch:
        try:
            return desk.get(str(number))
        except UnknownWatch as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    def back(path: str, message: str | None = None) -> RedirectResponse:
        return RedirectResponse(
            path + (f"?{urlencode({'message': message})}" if message else ""), status_code=303
        )

    @router.get("/watches", response_class=HTMLResponse)
    def watches_page(request: Request) -> HTMLResponse:
        day = utcnow() - timedelta(days=1)
        rows = [(watch, *desk.lately(watch, day, limit=5)) for watch in desk.all()]
        return render(request, "watches.html", rows=rows, message=request.query_params.get("message"))

    @router.post("/watches", dependencies=protected)
    def add_watch(q: Text, name: Text = "") -> RedirectResponse:
        try:
            watch = desk.add(Watch(0, name.strip() or q.strip(), q.strip()))
        except WATCH_ERRORS as error:
            return back("/watches", str(error))
        return back(f"/watches/{watch.id}")

    @router.get("/watches/{number}", response_class=HTMLResponse)
    def watch_page(request: Request, number: Number) -> HTMLResponse:
        watch = found(number)
        return render(request, "watch.html", watch=watch, stories=desk.stories(watch, limit=50),
                      pending=desk.pending(watch), message=request.query_params.get("message"))  # fmt: skip

    @router.post("/watches/{number}", dependencies=protected)
    def edit_watch(
        number: Number, name: Text, q: Text, notify: Text = "", rules: Text = "", digest: Text = "",
        alert_again: Text = "language",
    ) -> RedirectResponse:  # fmt: skip
        watch = found(number)
        try:
            desk.edit(str(watch.id), name=name, query=q, notify=_lines(notify), rules=tuple(rules.split()),
                      digest=digest, alert_again=alert_again)  # fmt: skip
        except WATCH_ERRORS as error:
            return back(f"/watches/{watch.id}", str(error))
        return back(f"/watches/{watch.id}", says._("Watch saved"))

    @router.post("/watches/{number}/undo", dependencies=protected)
    def undo_watch(number: Number) -> RedirectResponse:
        watch = found(number)
        undone = desk.undo(str(watch.id))
        return back(
            f"/watches/{watch.id}", says.n_("{count} action taken back", "{count} actions taken back", undone)
        )

    @router.post("/watches/{number}/remove", dependencies=protected)
    def remove_watch(number: Number) -> RedirectResponse:
        watch = desk.remove(str(found(number).id))
        return back("/watches", says.about(says._("Watch removed"), watch.name))

    @router.get("/watches/{number}/feed.{form}")
    def watch_feed(request: Request, number: Number, form: str) -> Response:
        watch = found(number)
        base = str(request.base_url)
        entries = [
            story_entry(told.story, veille.settings.lang, f"{base}stories/{{id}}", f"{base}articles/{{id}}")
            for told in desk.stories(watch, limit=50)
        ]
        return feed_response(request, form, f"veille — {watch.name}", entries)

    return router

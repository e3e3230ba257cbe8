"""`veille watch …` (saved searches that alert, write press reviews and apply rules) and
`veille digest` (the press review of a period), over `Veille.watches` (docs/watches.md)."""

from __future__ import annotations

import sys
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from veille.cli.app import _day, app, err, fail, opened, out
from veille.messages import N_, _, about, n_, os_reason
from veille.show.review import RendererMissing
from veille.store.times import day_span, utcnow
from veille.types import Watch

watch_app = typer.Typer(
    help=N_("Watches: saved searches that tell you of new stories, write press reviews, apply rules."),
    no_args_is_help=True,
)
app.add_typer(watch_app, name="watch")


class Digest(StrEnum):
    none = "none"
    daily = "daily"
    weekly = "weekly"


class Again(StrEnum):
    never = "never"
    language = "language"
    double = "double"


Name = Annotated[str, typer.Argument(help=N_("The watch's name (or number)."))]
Notify = Annotated[
    list[str] | None,
    typer.Option(
        "--notify",
        help=N_("Tell of new stories at this Apprise address (mailto://…, ntfy://…, json://…); repeatable."),
    ),
]
DigestOption = Annotated[
    Digest | None, typer.Option("--digest", help=N_("Send a daily or weekly press review by the notifiers."))
]
Rule = Annotated[
    list[str] | None,
    typer.Option("--rule", help=N_("Do to each matching article: read, star, hide or tag:NAME; repeatable.")),
]
AgainOption = Annotated[
    Again | None,
    typer.Option(
        "--alert-again",
        help=N_("Tell a story again when it reaches a new language (language), doubles (double), or never."),
    ),
]


def _digest(value: Digest | None) -> str | None:
    return None if value is None else ("" if value is Digest.none else value.value)


@watch_app.command("add", help=N_("Watch a search: told of its new stories as they arrive."))
def watch_add(
    name: Name,
    query: Annotated[
        str, typer.Argument(help=N_('The search (docs/search.md): words, "phrases", OR, -word, lang:…'))
    ],
    notify: Notify = None,
    digest: DigestOption = None,
    rule: Rule = None,
    alert_again: AgainOption = None,
) -> None:
    with opened() as veille:
        again = (alert_again or Again.language).value
        rules, notifiers = tuple(rule or ()), tuple(notify or ())
        watch = veille.watches.add(Watch(0, name, query, notifiers, _digest(digest) or "", rules, again))
    out.print(_("watching #{number} {name}: {query}").format(number=watch.id, name=watch.name,
              query=watch.query), markup=False)  # fmt: skip


@watch_app.command("edit", help=N_("Change a watch: its name, search, notifiers, press review or rules."))
def watch_edit(
    name: Name,
    query: Annotated[str | None, typer.Option("--query", help=N_("A new search."))] = None,
    rename: Annotated[str | None, typer.Option("--name", help=N_("A new name."))] = None,
    notify: Notify = None,
    digest: DigestOption = None,
    rule: Rule = None,
    alert_again: AgainOption = None,
) -> None:
    with opened() as veille:
        watch = veille.watches.edit(
            name, name=rename, query=query, notify=tuple(notify) if notify is not None else None,
            digest=_digest(digest), rules=tuple(rule) if rule is not None else None,
            alert_again=alert_again.value if alert_again else None,
        )  # fmt: skip
    _print_watch(watch)


@watch_app.command("list", help=N_("The watches: number, name, search, notifiers, press review, rules."))
def watch_list() -> None:
    with opened() as veille:
        watches = veille.watches.all()
    table = Table("#", _("Name"), _("Search"), _("Notifiers"), _("Review"), _("Rules"))
    for watch in watches:
        table.add_row(str(watch.id), watch.name, watch.query, str(len(watch.notify)), watch.digest,
                      " ".join(watch.rules))  # fmt: skip
    out.print(table)


def _print_watch(watch: Watch, pending: int = 0) -> None:
    out.print(f"#{watch.id} {watch.name}", markup=False)
    lines = [
        (_("search"), watch.query),
        *((_("notifier"), address) for address in watch.notify),
        (_("press review"), watch.digest or "—"),
        (_("rules"), " ".join(watch.rules) or "—"),
        (_("alert again"), watch.alert_again),
    ]
    if pending:
        lines.append((_("messages waiting"), str(pending)))
    for label, value in lines:
        out.print(f"  {label}: {value}", markup=False)


@watch_app.command("show", help=N_("A watch, and the stories it matched, the most covered first."))
def watch_show(
    name: Name,
    limit: Annotated[int, typer.Option(min=1, max=1000, help=N_("How many stories."))] = 20,
) -> None:
    with opened() as veille:
        watch = veille.watches.get(name)
        stories = veille.watches.stories(watch, limit=limit)
        pending = veille.watches.pending(watch)
    _print_watch(watch, pending)
    for told in stories:
        languages = " ".join(told.story.languages)
        out.print(f"  #{told.story.id} [{told.matched}] {languages}  {told.story.headline}", markup=False)


@watch_app.command(
    "undo", help=N_("Take back what a watch's rules did (marks, stars, hidden articles, tags).")
)
def watch_undo(name: Name) -> None:
    with opened() as veille:
        undone = veille.watches.undo(name)
    out.print(n_("{count} action taken back", "{count} actions taken back", undone), markup=False)


@watch_app.command(
    "remove", help=N_("Stop watching (what its rules did stays; `watch undo` first to take it back).")
)
def watch_remove(name: Name) -> None:
    with opened() as veille:
        watch = veille.watches.remove(name)
    out.print(_("removed #{number} {name}").format(number=watch.id, name=watch.name), markup=False)


class ReviewFormat(StrEnum):
    text = "text"
    md = "md"
    html = "html"
    pdf = "pdf"


@app.command(help=N_("The press review of a period: the watches' stories, the most covered first."))
def digest(
    names: Annotated[list[str] | None, typer.Argument(help=N_("Watches (all when none is named)."))] = None,
    since: Annotated[
        str | None, typer.Option(help=N_("From this day (YYYY-MM-DD); the last day by default."))
    ] = None,
    until: Annotated[str | None, typer.Option(help=N_("Up to this day included (YYYY-MM-DD)."))] = None,
    form: Annotated[
        ReviewFormat, typer.Option("--format", help=N_("text, md, html or pdf."))
    ] = ReviewFormat.text,
    output: Annotated[Path | None, typer.Option(help=N_("Write it to this file (a PDF needs one)."))] = None,
) -> None:
    start, end = day_span(_day("--since", since), _day("--until", until))
    end = end or utcnow()
    start = start or end - timedelta(days=1)
    if form is ReviewFormat.pdf and output is None and sys.stdout.isatty():
        raise fail(_("a PDF goes to a file: --output FILE"))
    with opened() as veille:
        watches = [veille.watches.get(name) for name in names] if names else veille.watches.all()
        if not watches:
            raise fail(_("no watch yet: veille watch add NAME SEARCH"))
        try:
            review = veille.watches.review(watches, start, end, form.value)
        except RendererMissing as error:
            raise fail(str(error)) from None
    if output is None:
        sys.stdout.buffer.write(review)
        return
    try:
        output.write_bytes(review)
    except OSError as error:
        raise fail(about(output, os_reason(error))) from None
    err.print(_("written: {path}").format(path=output), markup=False)

"""Showing a pass: a Rich progress bar on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veille.messages import _, about, decimal, n_
from veille.types import Source

if TYPE_CHECKING:
    from veille.update import PassSummary


class LineReporter:
    """One line per event on stderr: for logs, pipes and CI."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def start(self, sources: int) -> None:
        message = n_("fetching {count} source", "fetching {count} sources", sources)
        self.console.print(message, highlight=False, markup=False)

    def source_done(self, source: Source, outcome: str | None) -> None:
        if outcome is not None:  # a failure was told by its own error line
            self.console.print(about(source.name, outcome), highlight=False, markup=False)

    def article_new(self, number: int, title: str) -> None:
        self.console.print(f"#{number} {title}", highlight=False, markup=False)

    def problem(self, message: str) -> None:
        self.console.print(error_line(message), highlight=False, markup=False)


class BarReporter:
    """A live bar: sources done, new articles, errors; each error also printed above it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]" + escape(_("sources"))),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                escape(_("new articles: {articles} · errors: {errors}")).format(
                    articles="{task.fields[articles]}", errors="{task.fields[errors]}"
                )
            ),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("fetch", total=0, articles=0, errors=0)
        self.articles = 0
        self.errors = 0

    def __enter__(self) -> BarReporter:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def start(self, sources: int) -> None:
        self.articles = self.errors = 0
        self.progress.reset(self.task, total=sources, articles=0, errors=0)

    def source_done(self, source: Source, outcome: str | None) -> None:
        self.progress.advance(self.task)

    def article_new(self, number: int, title: str) -> None:
        self.articles += 1
        self.progress.update(self.task, articles=self.articles)

    def problem(self, message: str) -> None:
        self.errors += 1
        self.progress.update(self.task, errors=self.errors)
        self.progress.console.print(error_line(message), style="red", highlight=False, markup=False)


def error_line(message: object) -> str:
    return _("error: {message}").format(message=message)


def summary_line(summary: PassSummary) -> str:
    sources = n_("{count} source", "{count} sources", summary.sources)
    outcomes = ", ".join(
        (
            n_("{count} fetched", "{count} fetched", summary.fetched),
            n_("{count} not modified", "{count} not modified", summary.not_modified),
            n_("{count} failed", "{count} failed", summary.failed),
        )
    )
    articles = n_("{count} new article", "{count} new articles", summary.articles_new)
    if summary.article_errors:
        articles += ", " + n_("{count} without any text", "{count} without any text", summary.article_errors)
    return _("{sources}: {outcomes}; {articles}; {seconds} s").format(
        sources=sources, outcomes=outcomes, articles=articles, seconds=decimal(summary.seconds)
    )


def is_terminal() -> bool:
    return sys.stderr.isatty()

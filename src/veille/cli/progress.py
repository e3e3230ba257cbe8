"""Showing a pass: a Rich progress bar on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from veille.types import Source
from veille.update import PassSummary


class LineReporter:
    """One line per event on stderr: for logs, pipes and CI."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def start(self, sources: int) -> None:
        self.console.print(f"fetching {sources} source(s)", highlight=False, markup=False)

    def source_done(self, source: Source, outcome: str) -> None:
        if outcome != "failed":  # a failure was told by its own error line
            self.console.print(f"{source.name}: {outcome}", highlight=False, markup=False)

    def article_new(self, number: int, title: str) -> None:
        self.console.print(f"#{number} {title}", highlight=False, markup=False)

    def problem(self, message: str) -> None:
        self.console.print(f"error: {message}", highlight=False, markup=False)


class BarReporter:
    """A live bar: sources done, new articles, errors; each error also printed above it."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("[bold]sources"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[articles]} new · {task.fields[errors]} errors"),
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

    def source_done(self, source: Source, outcome: str) -> None:
        self.progress.advance(self.task)

    def article_new(self, number: int, title: str) -> None:
        self.articles += 1
        self.progress.update(self.task, articles=self.articles)

    def problem(self, message: str) -> None:
        self.errors += 1
        self.progress.update(self.task, errors=self.errors)
        self.progress.console.print(f"[red]error:[/] {escape(message)}", highlight=False)


def summary_line(summary: PassSummary) -> str:
    return (
        f"{summary.sources} source(s): {summary.fetched} fetched, {summary.not_modified} not modified, "
        f"{summary.failed} failed; {summary.articles_new} new article(s)"
        + (f", {summary.article_errors} without any text" if summary.article_errors else "")
        + f"; {summary.seconds:.1f} s"
    )


def is_terminal() -> bool:
    return sys.stderr.isatty()

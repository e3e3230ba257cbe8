"""Serving many readers: conditional answers (ETag, 304), compressed bodies, and `veille serve
--workers N`, against the real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from events import SUMMIT, SUMMIT_DATE
from veille.config import load_settings
from veille.core import ArticleFilter, Veille
from veille.enrich.grouping import Grouper
from web_fixtures import add_article, free_port, serving, wait_until_served


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Veille]]:
    settings = load_settings(tmp_path)
    with Veille(settings) as veille, serving(settings) as url:
        add_article(veille, Grouper(veille.engine), *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
        yield url, veille


@pytest.mark.parametrize("path", ["/", "/api/articles", "/feeds/atom", "/stories"])
def test_an_unchanged_answer_is_not_sent_again(served: tuple[str, Veille], path: str) -> None:
    """A reader (its cookies kept: a page holds its reader's form token) asks again."""
    url, veille = served
    with httpx.Client(base_url=url) as reader:
        reader.get("/")
        first = reader.get(path)
        assert first.status_code == 200 and first.content
        tag = first.headers["etag"]
        assert tag.startswith('W/"') and first.headers["cache-control"] == "private, no-cache"
        again = reader.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        other = reader.get(path, headers={"If-None-Match": 'W/"something-else"'})
        assert other.status_code == 200 and other.content == first.content
        add_article(veille, Grouper(veille.engine), *SUMMIT["fr"], SUMMIT_DATE, "fr.news.example")
        changed = reader.get(path, headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_bodies_are_compressed_for_clients_that_ask(served: tuple[str, Veille]) -> None:
    url, _ = served
    with httpx.Client(base_url=url) as reader:
        reader.get("/")
        plain = reader.get("/", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        with reader.stream("GET", "/", headers={"Accept-Encoding": "gzip"}) as streamed:
            assert streamed.headers["content-encoding"] == "gzip"
            body = b"".join(streamed.iter_raw())
    assert len(body) < len(plain.content) and gzip.decompress(body) == plain.content


def _servers(pid: int) -> set[int]:
    """The server processes `pid` started (not multiprocessing's resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    children = {int(number) for number in found.stdout.split()}
    return {child for child in children if b"resource_tracker" not in _command_line(child)}


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_serve_runs_several_processes_on_one_address(tmp_path: Path) -> None:
    """Each process answers on the one port; one killed is started again; SIGINT stops them all."""
    port = free_port()
    env = {**os.environ, "VEILLE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "veille", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: set[int] = set()
    try:
        assert wait_until_served(port), "the server did not answer"
        first = _servers(process.pid)
        assert len(first) == 2
        seen |= first
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as reader:
            assert {reader.get("/api/articles").status_code for _ in range(10)} == {200}
        victim = max(first)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if victim not in (now := _servers(process.pid)) and len(now) == 2:
                break
            time.sleep(0.2)
        now = _servers(process.pid)
        assert victim not in now and len(now) == 2
        seen |= now
        assert wait_until_served(port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as reader:
            assert {reader.get("/api/articles").status_code for _ in range(10)} == {200}
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    assert f"127.0.0.1:{port}" in errors
    for pid in seen:  # none left behind
        assert not _command_line(pid)


def test_each_article_reads_the_archive_a_batch_at_a_time(tmp_path: Path) -> None:
    """What `veille export` streams: every article, newest first, as one page would list them,
    whatever the batch; a limit is kept; by relevance, batches follow by offset."""
    with Veille(load_settings(tmp_path)) as veille:
        grouper = Grouper(veille.engine)
        for lang in SUMMIT:
            add_article(veille, grouper, *SUMMIT[lang], SUMMIT_DATE, f"{lang}.news.example")
        for day in range(1, 6):
            add_article(veille, grouper, f"Notes {day}", f"Short notes of day {day}. " * 30,
                        SUMMIT_DATE.replace(day=day), "notes.example")  # fmt: skip
        everything = ArticleFilter(originals_only=False, limit=1000)
        whole = [a.id for a in veille.articles(everything)]
        assert len(whole) == len(SUMMIT) + 5
        assert [a.id for a in veille.each_article(replace(everything, limit=None), batch=2)] == whole
        assert [a.id for a in veille.each_article(replace(everything, limit=3), batch=2)] == whole[:3]
        ranked = ArticleFilter(originals_only=False, query="notes", relevance=True, limit=1000)
        best = [a.id for a in veille.articles(ranked)]
        assert len(best) == 5
        assert [a.id for a in veille.each_article(replace(ranked, limit=None), batch=2)] == best

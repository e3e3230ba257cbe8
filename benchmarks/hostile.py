"""The hostile web, family by family, against servers on 127.0.0.1: cases tried, handled,
failed, and the peak memory of the bomb cases. The cases are the tests' (tests/hostile_cases.py and
the CLI cases of tests/test_hostile_cli.py); a held-out set built the same way is run by the
same code.

- sanitizer: each payload in every field of an article, through the page, Atom, JSON Feed and
  the API (handled: no script a browser would run, valid XML, only http(s) addresses out);
- faulty servers: each as an article's server (handled: one clear line, or a bounded page);
- bombs: each compression bomb (handled: refused as it inflates; peak = Python's allocations
  while fetching it, and the process's resident peak);
- crash safety: `veille fetch` killed (SIGKILL) at random moments mid-pass, then run to the end
  (handled: every article stored once);
- web: malformed requests to the reader (handled: no 5xx, and refused where they should be);
- CLI: bad inputs (handled: exit 1 and one line, no traceback).

    python benchmarks/hostile.py [--kills 5] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from xml.etree import ElementTree

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hostile_cases import PAYLOADS, bombs, executable_markup, serve_faulty
from localweb import LOCAL, LocalWeb
from pages import STORIES, article_page, rss
from scratch import scratch_database
from test_hostile_cli import CASES
from veille.cli import app as cli
from veille.config import Settings, load_settings
from veille.core import Veille
from veille.fetch.client import Fetcher, FetchError
from veille.show.web.app import create_app
from veille.store.articles import save_article
from veille.types import NewArticle


@dataclass
class Family:
    name: str
    tried: int = 0
    handled: int = 0
    failures: list[str] = field(default_factory=list)
    peak: str = ""

    def check(self, case: str, run: Callable[[], bool]) -> None:
        self.tried += 1
        try:
            ok = run()
        except Exception as error:
            ok = False
            case = f"{case}: {type(error).__name__}: {error}"[:200]
        if ok:
            self.handled += 1
        else:
            self.failures.append(case)


def sanitizer(home: Path) -> Family:
    family = Family("sanitizer")
    settings = load_settings(home / "sanitizer")
    with Veille(settings) as veille:
        numbers = {}
        for n, payload in enumerate(PAYLOADS):
            text = f"{payload}\n\nPlain words of an ordinary paragraph, to be read by anyone."
            article = NewArticle(
                url=f"https://hostile.example/{n}", site="hostile.example", title=payload, author=payload,
                published=datetime(2025, 10, 20), lang="en", reading_minutes=1, word_count=12, text=text,
                description=payload, image=payload, from_feed=False, original=payload[:200],
            )  # fmt: skip
            numbers[n] = save_article(veille.engine, article, None)[0]
    client = TestClient(create_app(settings), base_url=LOCAL)

    def page(number: int) -> bool:
        answer = client.get(f"/articles/{number}")
        return answer.status_code == 200 and not executable_markup(answer.text)

    def atom(query: str) -> bool:
        answer = client.get("/feeds/atom", params={"q": query})
        root = ElementTree.fromstring(answer.content)
        links = [link.get("href") or "" for link in root.iter("{http://www.w3.org/2005/Atom}link")]
        return answer.status_code == 200 and all(link.startswith("http") for link in links)

    def json_feed(query: str) -> bool:
        answer = client.get("/feeds/json", params={"q": query})
        return answer.status_code == 200 and all(i["url"].startswith("http") for i in answer.json()["items"])

    def api(number: int) -> bool:
        body = client.get(f"/api/articles/{number}").json()
        return body["image"] is None or body["image"].startswith("http")

    for n, payload in enumerate(PAYLOADS):
        words = " ".join(re.findall(r"\w+", payload)[:2])[:50] or "x"  # a readable search
        family.check(f"page {payload[:30]!r}", partial(page, numbers[n]))
        family.check(f"atom {payload[:30]!r}", partial(atom, words))
        family.check(f"json {payload[:30]!r}", partial(json_feed, words))
        family.check(f"api {payload[:30]!r}", partial(api, numbers[n]))
    return family


def fetch_one(settings: Settings, url: str) -> int:
    async def go() -> int:
        async with Fetcher(settings) as fetcher:
            return len((await fetcher.get(url)).content)

    return asyncio.run(go())


def faulty(home: Path) -> Family:
    family = Family("faulty servers")
    settings = load_settings(
        home, db="sqlite://", per_host_delay=0, total_timeout=1, connect_timeout=1, retries=1
    )
    with LocalWeb("127.0.0.2") as web:
        for name, url in serve_faulty(web, hang=3).items():

            def one(url: str = url) -> bool:
                try:
                    return fetch_one(settings, url) <= settings.max_bytes
                except FetchError as error:
                    return bool(str(error)) and "\n" not in str(error)

            family.check(name, one)
    return family


def bomb_family(home: Path) -> Family:
    family = Family("bombs")
    settings = load_settings(home, db="sqlite://", per_host_delay=0)
    peak = 0
    with LocalWeb() as web:
        for path, route in bombs().items():
            web.routes[path] = route

            def one(path: str = path) -> bool:
                nonlocal peak
                tracemalloc.start()
                try:
                    fetch_one(settings, web.url(path))
                    return False
                except FetchError as error:
                    return str(settings.max_bytes) in str(error)
                finally:
                    peak = max(peak, tracemalloc.get_traced_memory()[1])
                    tracemalloc.stop()

            family.check(path, one)
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    family.peak = f"{peak / 1e6:.1f} MB allocated, {resident:.0f} MB resident"
    return family


def crash_safety(home: Path, kills: int, db: str | None) -> Family:
    family = Family("crash safety")
    pages = 12
    with LocalWeb() as web, scratch_database(db) as url:
        database = url or f"sqlite:///{home / 'crash.db'}"
        items = []
        for n in range(pages):
            story = STORIES["en"]
            items.append((web.route(f"/news/{n}", article_page(story, f"Site {n}"), delay=0.3), story))
        web.route("/rss.xml", rss("Slow", web.url("/"), items), content_type="application/rss+xml")
        env = {
            **os.environ, "VEILLE_HOME": str(home / "crash"), "VEILLE_DB": database, "VEILLE_WORKERS": "1",
            "VEILLE_PER_HOST_DELAY": "0", "VEILLE_PER_HOST_CONCURRENCY": "1", "NO_PROXY": "127.0.0.1",
        }  # fmt: skip
        CliRunner().invoke(cli, ["source", "add", web.url("/rss.xml")], env=env)
        command = [sys.executable, "-m", "veille", "fetch"]
        rng = random.Random(7)
        for kill in range(kills):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(1.0, 3.0))
            process.send_signal(signal.SIGKILL)
            process.wait()

            def consistent() -> bool:
                urls = exported(env)
                return len(urls) == len(set(urls))

            family.check(f"kill {kill}", consistent)
        subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
        family.check("after the last pass", lambda: sorted(set(exported(env))) == sorted(exported(env))
                     and len(exported(env)) == pages)  # fmt: skip
    return family


def exported(env: dict[str, str]) -> list[str]:
    result = CliRunner().invoke(cli, ["export", "--format", "jsonl"], env=env)
    return [json.loads(line)["url"] for line in result.stdout.splitlines() if line.strip()]


FORM = "application/x-www-form-urlencoded"
MALFORMED: list[tuple[str, str, dict[str, str], bytes, set[int]]] = [
    ("GET", "/", {"Host": "attacker.example"}, b"", {400}),
    ("GET", "/api/articles", {"Host": "evil.example:8000"}, b"", {400}),
    ("GET", "/", {"Host": ""}, b"", {400}),
    ("GET", "/?until=9999-12-31", {}, b"", {200}),
    ("GET", "/?since=0000-00-00", {}, b"", {422}),
    ("GET", "/search?q=" + "a" * 5000, {}, b"", {422}),
    ("GET", "/search?q=%00%01", {}, b"", {200}),
    ("GET", '/search?q="unclosed', {}, b"", {200}),
    ("GET", "/?cursor=99999999999999999.1", {}, b"", {422}),
    ("GET", "/?cursor=abc", {}, b"", {422}),
    ("GET", "/timeline/new?after=-1", {}, b"", {422}),
    ("GET", "/timeline/new?after=99999999999999999999", {}, b"", {422}),
    ("GET", "/articles/0", {}, b"", {422}),
    ("GET", "/articles/99999999999999999999", {}, b"", {422}),
    ("GET", "/articles/1e3", {}, b"", {422}),
    ("GET", "/stories/-5", {}, b"", {422}),
    ("GET", "/stories?page=-1", {}, b"", {422}),
    ("GET", "/feeds/rss", {}, b"", {404}),
    ("GET", "/feeds/atom?until=9999-12-31", {}, b"", {200}),
    ("GET", "/stories/feed.atom?since=9999-12-31", {}, b"", {200}),
    ("GET", "/api/articles?limit=0", {}, b"", {422}),
    ("GET", "/api/articles?limit=999999", {}, b"", {422}),
    ("GET", "/api/articles?lang=" + "x" * 100, {}, b"", {422}),
    ("GET", "/static/../../etc/passwd", {}, b"", {404}),
    ("GET", "/static/%2e%2e/%2e%2e/etc/passwd", {}, b"", {404}),
    ("GET", "/login?next=//evil.example", {}, b"", {200}),
    ("HEAD", "/", {}, b"", {200}),
    ("OPTIONS", "/", {}, b"", {405}),
    ("DELETE", "/sources", {}, b"", {405}),
    ("POST", "/sources", {}, b"url=http://127.0.0.1:9/", {403}),
    ("POST", "/sources/fetch", {"X-CSRF-Token": "forged"}, b"", {403}),
    ("POST", "/articles/1/star", {"Content-Type": FORM}, b"on=maybe", {403}),
    (
        "POST",
        "/login",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"password=" + b"a" * 10_000,
        {422},
    ),
    ("POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, b"\xff\xfe", {422}),
    ("POST", "/login", {"Content-Type": "multipart/form-data; boundary=x"}, b"--x\r\nbroken", {400, 422}),
    ("POST", "/sources/import", {"Content-Length": str(50_000_000)}, b"", {413}),
    ("GET", "/api/articles", {"Authorization": "Bearer " + "x" * 5000}, b"", {200}),
    ("GET", "/api/articles", {"Cookie": "veille_session=" + "x" * 4000}, b"", {200}),
    ("GET", "/", {"Accept-Language": "xx;q=nan"}, b"", {200}),
    ("GET", "/api/search?q=", {}, b"", {200, 422}),
]


def web_family(home: Path) -> Family:
    family = Family("web")
    settings = load_settings(home / "web")
    with Veille(settings):
        pass
    client = TestClient(create_app(settings), base_url=LOCAL)
    for method, path, headers, body, expected in MALFORMED:

        def one(method: str = method, path: str = path, headers: dict[str, str] = headers,
                body: bytes = body, expected: set[int] = expected) -> bool:  # fmt: skip
            answer = client.request(method, path, headers=headers, content=body, follow_redirects=False)
            return answer.status_code < 500 and answer.status_code in expected

        family.check(f"{method} {path[:50]} {headers}"[:90], one)
    return family


def cli_family(home: Path) -> Family:
    family = Family("CLI")
    runner = CliRunner()
    for n, (args, said) in enumerate(CASES):

        def one(args: list[str] = args, said: str = said, n: int = n) -> bool:
            result = runner.invoke(
                cli, ["--home", str(home / f"cli-{n}"), *args], env={}, catch_exceptions=False
            )
            return result.exit_code == 1 and result.stderr.count("\n") == 1 and said in result.stderr

        family.check(" ".join(args)[:60], one)
    return family


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=5, help="SIGKILLs of a pass (crash safety)")
    parser.add_argument("--db", help="the database of the crash-safety family (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        families = [
            sanitizer(home), faulty(home), bomb_family(home), crash_safety(home, args.kills, args.db),
            web_family(home), cli_family(home),
        ]  # fmt: skip
    table = Table(title="The hostile web (benchmarks/hostile.py)")
    for column in ("family", "cases", "handled", "failed", "peak memory"):
        table.add_column(column, justify="left" if column in ("family", "peak memory") else "right")
    for family in families:
        table.add_row(
            family.name, str(family.tried), str(family.handled), str(len(family.failures)), family.peak
        )
    console = Console()
    console.print(table)
    for family in families:
        for failure in family.failures:
            console.print(f"failed, {family.name}: {failure}", markup=False, highlight=False)


if __name__ == "__main__":
    main()

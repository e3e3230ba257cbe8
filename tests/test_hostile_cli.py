"""The `veille` command against bad input: damaged databases, unreadable settings, impossible
homes, unknown engines, numbers past 2^63, dates at the calendar's edge, addresses that are not
addresses. Each gives one clear line in the reader's language, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hostile_cases import gzip_bomb_file
from localweb import LocalWeb
from pages import STORIES, article_page
from veille.cli import app
from veille.extract.page import extract_article
from web_fixtures import free_port, wait_until_served

runner = CliRunner()
HUGE = str(2**64)


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--home", str(home), *args], env=env or {}, catch_exceptions=False)
    return result.exit_code, result.stderr


def populated(home: Path) -> Path:
    """A home whose SQLite database holds a few articles' worth of pages."""
    code, err = run(home, "list")
    assert code == 0, err
    database = home / "veille.db"
    import sqlite3

    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.executemany(
            "INSERT INTO sources (url, name, error_count, created_at) VALUES (?, ?, 0, '2025-10-20')",
            [(f"https://example.org/{n}/feed", "x" * 400) for n in range(300)],
        )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1500])


def damaged_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def damaged_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = os.urandom(4096)
    data[4096 : 4096 + 512] = os.urandom(512)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [random_bytes, truncated, damaged_header, damaged_middle])
def test_a_damaged_database_is_one_line(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    database = populated(tmp_path)
    for leftover in (tmp_path / "veille.db-wal", tmp_path / "veille.db-shm"):
        leftover.unlink(missing_ok=True)
    damage(database)
    for command in (["list"], ["source", "list"], ["show", "1"]):
        code, err = run(tmp_path, *command)
        assert code != 0 or err == "", (command, err)
        assert "Traceback" not in err and err.count("\n") <= 1, (command, err)


def bad_toml(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "veille.toml").write_bytes(b"lang = '\xe9t\xe9'\n")


def toml_folder(home: Path) -> None:
    (home / "veille.toml").mkdir(parents=True)


def home_on_a_file(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file")


def home_under_a_file(home: Path) -> None:
    home_on_a_file(home.parent)


@pytest.mark.parametrize("prepare", [bad_toml, toml_folder, home_on_a_file, home_under_a_file])
def test_an_impossible_home_or_settings_file_is_one_line(
    tmp_path: Path, prepare: Callable[[Path], None]
) -> None:
    home = tmp_path / "place" / "home"
    prepare(home)
    code, err = run(home, "list")
    assert code == 1 and err.startswith("erreur : ") and err.count("\n") == 1, err


CASES = [
    (["--db", "mysql://user@127.0.0.1/veille", "list"], "SQLite"),
    (["--db", "nosuch://x", "list"], "SQLite"),
    (["--db", "not a url", "list"], "base de données"),
    (["show", HUGE], HUGE),
    (["mark", HUGE, "--read"], HUGE),
    (["story", HUGE], HUGE),
    (["source", "remove", HUGE], HUGE),
    (["source", "add", "http://[::1"], "http(s)"),
    (["source", "add", "http://127.0.0.1:99999/feed"], "http(s)"),
    (["source", "add", "http://a\tb/"], "http(s)"),
    (["source", "add", "javascript:alert(1)"], "http(s)"),
    (["extract", "http://[::1"], "http(s)"),
    (["extract", "http://127.0.0.1:99999/"], "http(s)"),
    (["serve", "--port", "99999"], "web_port"),
    (["serve", "--host", ""], "0.0.0.0"),
]


@pytest.mark.parametrize(("args", "said"), CASES, ids=[" ".join(args)[:40] for args, _ in CASES])
def test_bad_input_is_one_clear_line(tmp_path: Path, args: list[str], said: str) -> None:
    code, err = run(tmp_path, *args)
    assert code == 1, err
    assert err.startswith("erreur : ") and err.count("\n") == 1 and said in err, err


@pytest.mark.parametrize(
    "args",
    [["list", "--until", "9999-12-31"], ["export", "--until", "9999-12-31"], ["list", "--limit", HUGE]],
)
def test_numbers_and_dates_at_the_edges_simply_work(tmp_path: Path, args: list[str]) -> None:
    code, err = run(tmp_path, *args)
    assert code == 0 and "Traceback" not in err, err


def test_settings_are_checked_and_said_in_the_reader_language(tmp_path: Path) -> None:
    code, err = run(tmp_path, "fetch", env={"VEILLE_CONCURRENCY": "0"})
    assert code == 1 and "concurrency" in err and err.startswith("erreur : "), err
    code, err = run(tmp_path, "fetch", env={"VEILLE_CONCURRENCY": "0", "VEILLE_LANG": "en"})
    assert code == 1 and err.startswith("error: setting concurrency: 0 is not between 1 and 1000"), err
    code, err = run(tmp_path, "list", env={"VEILLE_LANG": "xx"})
    assert code == 1 and "'xx'" in err, err
    code, err = run(tmp_path, "list", env={"VEILLE_TOTAL_TIMEOUT": "nan"})
    assert code == 1 and "total_timeout" in err, err


def test_extract_refuses_a_gzip_bomb_as_it_inflates(tmp_path: Path) -> None:
    bomb = tmp_path / "page.html.gz"
    bomb.write_bytes(gzip_bomb_file())
    code, err = run(tmp_path, "extract", str(bomb))
    assert code == 1 and "limite de 5000000 octets" in err and err.count("\n") == 1, err


def test_a_short_chinese_article_is_an_article() -> None:
    """Words used to be counted by spaces, which Chinese does not put between them."""
    paragraphs = [
        "北京地铁新线路今天正式开通运营，全长二十八公里，共设十八座车站，连接城市东部和北部的多个居住区。",
        "市交通委员会表示，新线路开通后，沿线居民的通勤时间预计平均缩短二十分钟，早高峰的拥挤程度也将明显缓解。",
        "据介绍，这条线路采用全自动驾驶技术，列车最高时速可达一百公里，车站内还设有无障碍设施和母婴室。",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    headline = "北京地铁新线开通"
    page = (
        f"<html lang='zh'><head><title>{headline}</title></head>"
        f"<body><article><h1>{headline}</h1>{body}</article></body></html>"
    )
    assert sum(len(p) for p in paragraphs) < 240
    assert extract_article(page, "https://news.example.cn/2025/10/20/subway.html").text.count("地铁") >= 1


def test_run_started_with_sigint_ignored_still_stops_on_sigterm(tmp_path: Path) -> None:
    """A process started in the background by a script inherits SIGINT ignored: SIGTERM, raised
    again as SIGINT, stopped nothing and `veille run` ran on."""
    port = free_port()
    env = {**os.environ, "VEILLE_HOME": str(tmp_path / "home"), "HTTP_PROXY": "http://127.0.0.1:9",
           "NO_PROXY": "", "VEILLE_RETRIES": "0"}  # fmt: skip

    def ignore_sigint() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    process = subprocess.Popen(
        [sys.executable, "-m", "veille", "run", "--port", str(port)], env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ignore_sigint,
    )  # fmt: skip
    assert wait_until_served(port)
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0 and err.rstrip().endswith("arrêté"), err


def test_a_read_only_home_can_still_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, whom file modes do not stop: the home is taken as read-only where
    veille checks it (is_read_only), and SQLite itself then refuses any write (mode=ro)."""
    from veille.config import load_settings
    from veille.core import Veille
    from veille.enrich.grouping import Grouper
    from veille.store import database
    from web_fixtures import fill_demo

    with Veille(load_settings(tmp_path)) as veille:
        number = fill_demo(veille, Grouper(veille.engine))["bridge"]
    monkeypatch.setattr(database, "is_read_only", lambda path: path.exists())
    code, err = run(tmp_path, "list")
    assert code == 0, err
    result = runner.invoke(app, ["--home", str(tmp_path), "show", str(number)], catch_exceptions=False)
    assert result.exit_code == 0 and "lecture seule" in result.stderr, result.stderr
    assert "Harbour" in result.stdout or result.stdout.count("\n") > 5
    code, err = run(tmp_path, "mark", str(number), "--star")
    assert code == 1 and err.count("\n") == 1 and "readonly" in err, err


def test_fetch_prints_no_control_character_a_feed_sent(web: LocalWeb, tmp_path: Path) -> None:
    """A title with NUL and an escape sequence used to reach the terminal as it was."""
    page = article_page(STORIES["en"], "Daily Example").replace(
        f"<title>{STORIES['en'].title}", f"<title>\x1b[2J\x00{STORIES['en'].title}"
    )
    item = {"id": "1", "url": web.route("/news/bridge", page), "title": "Bridge\x00\x1b]0;owned\x07"}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Feed\x00\x1b[31m", "items": [item]}
    web.route("/feed.json", json.dumps(feed), content_type="application/feed+json")
    env = {"VEILLE_PER_HOST_DELAY": "0", "VEILLE_WORKERS": "1"}
    assert run(tmp_path, "source", "add", web.url("/feed.json"), env=env)[0] == 0
    code, err = run(tmp_path, "fetch", env=env)
    assert code == 0, err
    assert not any(ord(c) < 32 and c not in "\n\t" for c in err), repr(err)


@pytest.mark.parametrize(
    "args", [["show", "abc"], ["list", "--limit", "0"], ["nosuch"], ["mark", "1", "--read", "--nope"]]
)
def test_a_usage_error_is_one_line_too(tmp_path: Path, args: list[str]) -> None:
    """Click's usage errors (its own words, in English) come as one line like veille's."""
    env = {**os.environ, "VEILLE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "veille", *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stderr.startswith("erreur : ") and done.stderr.count("\n") == 1, (
        done.stderr
    )

"""What veille says of its own work, in the reader's language: the catalogues, and the processes
that speak them."""

from __future__ import annotations

import asyncio
import io
import string
from pathlib import Path

import pytest
import typer
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from rich.console import Console
from typer.testing import CliRunner

import veille
from localweb import LocalWeb
from test_end_to_end import Recorder
from veille.cli import app
from veille.cli.help import command
from veille.cli.progress import BarReporter, summary_line
from veille.core import Veille
from veille.messages import LOCALES, _, n_, speak
from veille.update import PassSummary

SOURCE = Path(veille.__file__).parent
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


def marked_messages() -> list[str | tuple[str, ...]]:
    """Every message the code and the web pages mark for translation, as Babel's extractors find it."""
    found = extract_from_dir(SOURCE, method_map=METHODS, keywords=KEYWORDS)
    return [message for _, _, message, _, _ in found]


@pytest.mark.parametrize("catalogue", sorted(LOCALES.glob("*.po")), ids=lambda path: path.stem)
def test_every_message_is_translated_with_the_same_placeholders(catalogue: Path) -> None:
    with catalogue.open("rb") as po:
        translations = read_po(po)
    marked = marked_messages()
    assert len(marked) > 50
    for message in marked:
        msgid = message if isinstance(message, str) else message[0]
        entry = translations.get(msgid)
        assert entry is not None and entry.string, f"{catalogue.name}: no translation of {msgid!r}"
        assert not entry.fuzzy, f"{catalogue.name}: {msgid!r} is marked fuzzy (Babel would not use it)"
        originals = [message] if isinstance(message, str) else list(message)
        translated = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for text in translated:
            assert placeholders(text) == placeholders(originals[-1]), f"{catalogue.name}: {msgid!r}"


@pytest.mark.parametrize("catalogue", sorted(LOCALES.glob("*.po")), ids=lambda path: path.stem)
def test_every_translation_is_of_a_message_still_marked(catalogue: Path) -> None:
    """A message the code no longer says leaves the catalogues too (`pybabel update` marks it
    obsolete; delete it)."""
    with catalogue.open("rb") as po:
        translations = read_po(po)
    marked = {message if isinstance(message, str) else message[0] for message in marked_messages()}
    msgids = [entry.id if isinstance(entry.id, str) else entry.id[0] for entry in translations if entry.id]
    stale = [msgid for msgid in msgids if msgid not in marked]
    assert stale == [], f"{catalogue.name}: translations of messages no longer marked"


def test_plural_forms_follow_the_language() -> None:
    speak("fr")
    assert [n_("{count} new article", "{count} new articles", n) for n in (0, 1, 2)] == [
        "0 nouvel article",
        "1 nouvel article",
        "2 nouveaux articles",
    ]
    speak("en")
    assert [n_("{count} new article", "{count} new articles", n) for n in (0, 1, 2)] == [
        "0 new articles",
        "1 new article",
        "2 new articles",
    ]


def test_a_pass_is_summed_up_in_the_readers_language() -> None:
    summary = PassSummary(sources=3, fetched=2, failed=1, articles_new=12, article_errors=1, seconds=4.25)
    speak("fr")
    assert summary_line(summary) == (
        "3 sources : 2 relevées, 0 inchangée, 1 en échec ; 12 nouveaux articles, 1 sans aucun texte ; 4,2 s"
    )
    speak("en")
    assert summary_line(summary) == (
        "3 sources: 2 fetched, 0 not modified, 1 failed; 12 new articles, 1 without any text; 4.2 s"
    )


def test_the_progress_bar_speaks_the_readers_language() -> None:
    speak("fr")
    screen = io.StringIO()
    with BarReporter(Console(file=screen, force_terminal=True, width=120)) as bar:
        bar.start(3)
        bar.article_new(1, "Titre")
        bar.progress.refresh()
    assert "nouveaux articles : 1 · erreurs : 0" in screen.getvalue()


def test_a_language_without_a_catalogue_reads_english() -> None:
    speak("sw")
    assert _("not a feed") == "not a feed"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "erreur : pas d'article n° 7\n"),
        ("de", "Fehler: kein Artikel Nr. 7\n"),
        ("en", "error: no article #7\n"),
        ("sw", "error: no article #7\n"),  # no catalogue: English
    ],
)
def test_the_cli_speaks_the_readers_language(database_url: str, lang: str, said: str) -> None:
    result = CliRunner().invoke(app, ["--db", database_url, "show", "7"], env={"VEILLE_LANG": lang})
    assert (result.exit_code, result.stderr) == (1, said)
    result = CliRunner().invoke(app, ["--db", database_url, "show", "7", "--lang", "en"])
    assert result.stderr == "error: no article #7\n"  # --lang is the reader's language for that command


def test_the_help_speaks_the_language_of_the_default_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def help_page() -> str:
        built = command(app)  # what `veille --help` shows
        return str(built.get_help(typer.Context(built)))

    monkeypatch.setenv("VEILLE_HOME", str(tmp_path))  # no settings file: French, the default
    shown = help_page()
    assert "Une veille de presse auto-hébergée" in shown
    assert "Relever une fois chaque source due" in shown  # a command's help, shortened
    assert "Afficher ce message et quitter." in shown  # Click's own --help
    monkeypatch.setenv("VEILLE_LANG", "en")
    assert "A self-hosted press monitor" in help_page()


def test_a_commands_help_speaks_the_language_of_the_home_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "veille.toml").write_text('lang = "de"\n', encoding="utf-8")
    shown = CliRunner().invoke(app, ["--home", str(tmp_path), "source", "add", "--help"]).stdout
    assert "Einem Feed oder einer Website folgen." in shown
    assert "Der Name der Quelle (Vorgabe: der Titel des Feeds)." in shown
    assert "Diese Nachricht anzeigen und beenden." in shown


def test_the_extraction_workers_speak_the_readers_language(web: LocalWeb, veille: Veille) -> None:
    """A page without text, listed by a feed without text: the worker that extracts it says so in
    the reader's language (French here), as the main process does."""
    page = web.route("/blank", "<html><body></body></html>")
    web.route(
        "/rss.xml",
        f'<rss version="2.0"><channel><title>Blank</title><item><title>Rien</title><link>{page}</link>'
        "</item></channel></rss>",
        content_type="application/rss+xml",
    )
    veille.add_source(web.url("/rss.xml"))
    recorder = Recorder()
    with veille.extraction_pool() as pool:
        summary = asyncio.run(veille.fetch(recorder, pool))
    assert summary.article_errors == 1
    assert recorder.problems == [
        f"{page} : aucun texte d'article trouvé sur la page, et le flux n'en donne pas le texte"
    ]

"""Translation engines against local servers speaking their documented APIs, and headlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from events import SUMMIT, SUMMIT_DATE
from localweb import LocalWeb, Route
from test_stories import store
from veille.cli import app
from veille.config import Settings, load_settings
from veille.core import Veille
from veille.enrich.grouping import Grouper
from veille.enrich.translation.cache import CachedTranslator
from veille.enrich.translation.engines import (
    DeepL,
    LibreTranslate,
    OpenAICompatible,
    TranslationError,
    make_translator,
)


def engine_settings(tmp_path: Path, **values: object) -> Settings:
    return load_settings(tmp_path, db="sqlite://", translate_timeout=1, **values)


def json_route(web: LocalWeb, path: str, answer: object, **options: object) -> None:
    web.route(path, json.dumps(answer), content_type="application/json", **options)


def last_body(web: LocalWeb) -> dict[str, object]:
    return dict(json.loads(web.bodies[-1][1]))


def test_libretranslate(web: LocalWeb, tmp_path: Path) -> None:
    json_route(web, "/translate", {"translatedText": "Le pont est approuvé"})
    settings = engine_settings(
        tmp_path, translate_engine="libretranslate", translate_url=web.base, translate_key="k"
    )
    translator = make_translator(settings)
    assert isinstance(translator, LibreTranslate)
    assert translator.translate("The bridge is approved", "en", "fr") == "Le pont est approuvé"
    assert last_body(web) == {
        "q": "The bridge is approved", "source": "en", "target": "fr", "format": "text", "api_key": "k"
    }  # fmt: skip


def test_deepl(web: LocalWeb, tmp_path: Path) -> None:
    json_route(
        web, "/v2/translate", {"translations": [{"detected_source_language": "EN", "text": "Bonjour"}]}
    )
    settings = engine_settings(
        tmp_path, translate_engine="deepl", translate_url=web.base, translate_key="secret"
    )
    translator = make_translator(settings)
    assert isinstance(translator, DeepL)
    assert translator.translate("Hello", "en", "fr") == "Bonjour"
    assert last_body(web) == {"text": ["Hello"], "target_lang": "FR", "source_lang": "EN"}
    assert web.request_headers["/v2/translate"]["authorization"] == "DeepL-Auth-Key secret"


def test_openai_compatible_translates_and_writes_headlines(web: LocalWeb, tmp_path: Path) -> None:
    answer = {"choices": [{"message": {"role": "assistant", "content": "« Merz et Montenegro signent »"}}]}
    json_route(web, "/v1/chat/completions", answer)
    settings = engine_settings(
        tmp_path, translate_engine="openai", translate_url=web.url("/v1"), translate_model="llama3"
    )
    translator = make_translator(settings)
    assert isinstance(translator, OpenAICompatible)
    assert translator.translate("Merz and Montenegro sign", "en", "fr") == "Merz et Montenegro signent"
    body = last_body(web)
    assert body["model"] == "llama3"
    messages = body["messages"]
    assert isinstance(messages, list) and "French" in messages[0]["content"]
    assert translator.write_headline(["A", "B"], "fr") == "Merz et Montenegro signent"
    assert "- A\n- B" in json.dumps(last_body(web)["messages"], ensure_ascii=False).replace("\\n", "\n")


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(status=429, body=b"slow down"), "rate limited"),
        (Route(status=403, body=b"no"), "key was refused"),
        (Route(status=500, body=b"boom"), "HTTP 500"),
        (Route(body=b"<html>not json</html>"), "not JSON"),
        (Route(body=b'{"unexpected": true}', content_type="application/json"), "unexpected answer"),
        (Route(body=b"{}", delay=2), "no answer"),
    ],
)
def test_engine_failures_are_one_clear_line(
    web: LocalWeb, tmp_path: Path, route: Route, message: str
) -> None:
    web.routes["/translate"] = route
    settings = engine_settings(tmp_path, translate_engine="libretranslate", translate_url=web.base)
    translator = make_translator(settings)
    assert translator is not None
    with pytest.raises(TranslationError, match=message):
        translator.translate("Hello", "en", "fr")


def test_misconfigured_engines(tmp_path: Path) -> None:
    with pytest.raises(TranslationError, match="unknown translation engine"):
        make_translator(engine_settings(tmp_path, translate_engine="babelfish"))
    with pytest.raises(TranslationError, match="translate_url"):
        make_translator(engine_settings(tmp_path, translate_engine="libretranslate"))
    with pytest.raises(TranslationError, match="translate_key"):
        make_translator(engine_settings(tmp_path, translate_engine="deepl"))
    assert make_translator(engine_settings(tmp_path)) is None


def test_translations_are_cached_in_the_database(web: LocalWeb, veille: Veille) -> None:
    json_route(web, "/translate", {"translatedText": "Bonjour"})
    settings = veille.settings.replace(translate_engine="libretranslate", translate_url=web.base)
    engine = make_translator(settings)
    assert engine is not None
    cached = CachedTranslator(engine, veille.engine)
    assert cached.translate("Hello", "en", "fr") == "Bonjour"
    assert CachedTranslator(engine, veille.engine).translate("Hello", "en", "fr") == "Bonjour"
    assert web.hits["/translate"] == 1


def test_headline_is_translated_when_no_article_is_in_the_reader_language(
    web: LocalWeb, settings: Settings
) -> None:
    json_route(web, "/translate", {"translatedText": "Merz et Montenegro signent un pacte"})
    with Veille(settings.replace(translate_engine="libretranslate", translate_url=web.base)) as veille:
        number = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
        story = Grouper(veille.engine).place(number).story
        assert story is not None
        assert veille.story(story, "fr").headline == "Merz et Montenegro signent un pacte"
        assert veille.story(story, "en").headline == SUMMIT["en"][0]


def test_engine_down_falls_back_to_the_title_and_says_so(settings: Settings) -> None:
    down = settings.replace(translate_engine="libretranslate", translate_url="http://127.0.0.1:9")
    with Veille(down) as veille:
        number = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
        Grouper(veille.engine).place(number)
        assert veille.article(number, "fr").headline == SUMMIT["en"][0]
        assert any("injoignable" in p for p in veille.problems)


def test_show_translate(web: LocalWeb, database_url: str, tmp_path: Path) -> None:
    json_route(web, "/translate", {"translatedText": "TRADUIT"})
    with Veille(load_settings(tmp_path / "home", db=database_url)) as veille:
        number = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    runner = CliRunner()
    base = ["--db", database_url, "show", str(number), "--translate"]
    result = runner.invoke(app, base)
    assert result.exit_code == 1 and "aucun moteur de traduction configuré" in result.stderr
    env = {"VEILLE_TRANSLATE_ENGINE": "libretranslate", "VEILLE_TRANSLATE_URL": web.base}
    result = runner.invoke(app, base, env=env)
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[2] == "TRADUIT" and blocks[-2] == "TRADUIT"


def test_translate_install_without_argos_says_how() -> None:
    result = CliRunner().invoke(app, ["translate", "install", "en", "fr"])
    assert result.exit_code == 1
    assert "argos : pas installé (pip install 'veille[argos]')" in result.stderr


RIVER_EN = (
    "Flooding closed the old mining road along the river on Tuesday; the regional council said repairs "
    "would take three weeks and that lorries must use the northern bypass meanwhile."
)
RIVER_DE = (
    "Hochwasser hat am Dienstag die alte Bergbaustraße entlang des Flusses gesperrt; der Regionalrat "
    "sagte, die Reparatur dauere drei Wochen, Lastwagen müssten so lange die nördliche Umgehung nehmen."
)


def test_a_configured_engine_brings_articles_together_across_languages(
    web: LocalWeb, settings: Settings
) -> None:
    """Two articles without a shared name or number: apart with no engine, together once the
    engine reads the German one in English."""
    json_route(web, "/translate", {"translatedText": f"Flooding closes mining road\n{RIVER_EN}"})
    with Veille(settings) as veille:
        english = store(veille, "en", "Flooding closes mining road", RIVER_EN, SUMMIT_DATE, "en.example")
        german = store(veille, "de", "Hochwasser sperrt Bergbaustraße", RIVER_DE, SUMMIT_DATE, "de.example")
        grouper = Grouper(veille.engine)
        assert grouper.place(english).story != grouper.place(german).story
    engine = make_translator(settings.replace(translate_engine="libretranslate", translate_url=web.base))
    assert engine is not None
    with Veille(settings) as veille:
        english = store(veille, "en", "Flooding closes mining road", RIVER_EN, SUMMIT_DATE, "en2.example")
        german = store(veille, "de", "Hochwasser sperrt Bergbaustraße", RIVER_DE, SUMMIT_DATE, "de2.example")
        grouper = Grouper(veille.engine, translator=CachedTranslator(engine, veille.engine))
        assert grouper.place(english).story == grouper.place(german).story
    assert web.hits["/translate"] == 1

"""The translation engines veille speaks to, each through its documented API:

- `libretranslate`: POST {url}/translate {q, source, target, format, api_key} → {translatedText}
- `deepl`: POST {url}/v2/translate (Authorization: DeepL-Auth-Key KEY) {text: [...], target_lang,
  source_lang} → {translations: [{detected_source_language, text}]}
- `openai`: any OpenAI-compatible server (OpenAI, Ollama, vLLM, llama.cpp): POST
  {url}/chat/completions {model, messages} → {choices: [{message: {content}}]}; it can also write
  a story's headline from its titles
- `argos`: Argos Translate's offline models (the `argos` extra), no network
- `none`: no translation (the default)

Every failure (unreachable, timeout, rate limit, bad answer) is a TranslationError with one line
for the user; callers fall back to the untranslated text and never fail a fetch for it."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import httpx

from veille.config import Settings
from veille.messages import _

LANGUAGE_NAMES = {
    "fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "nl": "Dutch", "pl": "Polish", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "tr": "Turkish", "el": "Greek", "sv": "Swedish", "ro": "Romanian",
}  # fmt: skip


class TranslationError(RuntimeError):
    """The engine could not translate; the message is one line for the user."""


class Translator(Protocol):
    @property
    def name(self) -> str: ...

    def translate(self, text: str, source: str | None, target: str) -> str: ...


@runtime_checkable
class HeadlineWriter(Protocol):
    def write_headline(self, titles: list[str], target: str) -> str: ...


def _post(url: str, settings: Settings, engine: str, **options: Any) -> Any:
    try:
        response = httpx.post(url, timeout=settings.translate_timeout, **options)
    except httpx.TimeoutException:
        raise TranslationError(
            _("{engine}: no answer from {url} in {seconds:g} s").format(
                engine=engine, url=url, seconds=settings.translate_timeout
            )
        ) from None
    except httpx.HTTPError as error:
        raise TranslationError(
            _("{engine}: cannot reach {url} ({error})").format(engine=engine, url=url, error=error)
        ) from None
    if response.status_code == 429:
        raise TranslationError(_("{engine}: rate limited (HTTP 429), try again later").format(engine=engine))
    if response.status_code in (401, 403):
        raise TranslationError(
            _("{engine}: the key was refused (HTTP {status})").format(
                engine=engine, status=response.status_code
            )
        )
    if response.status_code >= 400:
        raise TranslationError(f"{engine}: HTTP {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError:
        raise TranslationError(_("{engine}: the answer is not JSON").format(engine=engine)) from None


def _unexpected(engine: str, answer: object) -> TranslationError:
    return TranslationError(
        _("{engine}: unexpected answer {answer}").format(engine=engine, answer=str(answer)[:200])
    )


@dataclass(frozen=True)
class LibreTranslate:
    settings: Settings
    name: str = "libretranslate"

    def translate(self, text: str, source: str | None, target: str) -> str:
        body = {"q": text, "source": source or "auto", "target": target, "format": "text"}
        if self.settings.translate_key:
            body["api_key"] = self.settings.translate_key
        answer = _post(
            f"{self.settings.translate_url.rstrip('/')}/translate", self.settings, self.name, json=body
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("translatedText"), str):
            raise _unexpected(self.name, answer)
        return str(answer["translatedText"])


@dataclass(frozen=True)
class DeepL:
    settings: Settings
    name: str = "deepl"

    def translate(self, text: str, source: str | None, target: str) -> str:
        base = self.settings.translate_url or "https://api-free.deepl.com"
        body: dict[str, Any] = {"text": [text], "target_lang": target.upper()}
        if source:
            body["source_lang"] = source.upper()
        headers = {"Authorization": f"DeepL-Auth-Key {self.settings.translate_key}"}
        answer = _post(
            f"{base.rstrip('/')}/v2/translate", self.settings, self.name, json=body, headers=headers
        )
        try:
            return str(answer["translations"][0]["text"])
        except (KeyError, IndexError, TypeError):
            raise _unexpected(self.name, answer) from None


@dataclass(frozen=True)
class OpenAICompatible:
    settings: Settings
    name: str = "openai"

    def _complete(self, system: str, user: str) -> str:
        base = self.settings.translate_url or "https://api.openai.com/v1"
        headers = (
            {"Authorization": f"Bearer {self.settings.translate_key}"} if self.settings.translate_key else {}
        )
        body = {
            "model": self.settings.translate_model,
            "temperature": 0,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        }
        answer = _post(
            f"{base.rstrip('/')}/chat/completions", self.settings, self.name, json=body, headers=headers
        )
        try:
            content = str(answer["choices"][0]["message"]["content"]).strip()
        except (KeyError, IndexError, TypeError):
            raise _unexpected(self.name, answer) from None
        if not content:
            raise TranslationError(_("{engine}: empty answer").format(engine=self.name))
        return content.strip('"«» ')

    def translate(self, text: str, source: str | None, target: str) -> str:
        language = LANGUAGE_NAMES.get(target, target)
        system = f"Translate the user's text into {language}. Answer with the translation only."
        return self._complete(system, text)

    def write_headline(self, titles: list[str], target: str) -> str:
        language = LANGUAGE_NAMES.get(target, target)
        system = (
            f"These are headlines of news articles, in several languages, about one event. Write one "
            f"short, factual news headline in {language} for the event. Answer with the headline only."
        )
        return self._complete(system, "\n".join(f"- {t}" for t in titles[:12]))


def _argos(module: str) -> Any:
    """Argos Translate's `module`, an optional extra."""
    try:
        return importlib.import_module(f"argostranslate.{module}")
    except ImportError:
        raise TranslationError(_("argos: not installed (pip install 'veille[argos]')")) from None


@dataclass(frozen=True)
class Argos:
    settings: Settings
    name: str = "argos"

    def translate(self, text: str, source: str | None, target: str) -> str:
        translate = _argos("translate")
        if not source:
            raise TranslationError(_("argos: the source language is unknown"))
        try:
            return str(translate.translate(text, source, target))
        except Exception as error:  # argos raises bare exceptions for missing language pairs
            install = f"veille translate install {source} {target}"
            raise TranslationError(
                _("argos: {source}→{target} not installed ({install}): {error}").format(
                    source=source, target=target, install=install, error=error
                )
            ) from None


def install_argos_pair(source: str, target: str) -> None:
    """Installs the Argos model for `source`→`target` from Argos's package index."""
    package = _argos("package")
    try:
        package.update_package_index()
        available = package.get_available_packages()
    except Exception as error:  # network errors arrive as anything from urllib
        raise TranslationError(
            _("argos: cannot read the package index ({error})").format(error=error)
        ) from None
    wanted = [p for p in available if p.from_code == source and p.to_code == target]
    if not wanted:
        raise TranslationError(
            _("argos: no model for {source}→{target}").format(source=source, target=target)
        )
    try:
        package.install_from_path(wanted[0].download())
    except Exception as error:
        raise TranslationError(
            _("argos: cannot download the {source}→{target} model ({error})").format(
                source=source, target=target, error=error
            )
        ) from None


ENGINES = ("libretranslate", "deepl", "openai", "argos")


def make_translator(settings: Settings) -> Translator | None:
    """The configured engine, or None for `none`."""
    if settings.translate_engine in ("", "none"):
        return None
    match settings.translate_engine:
        case "libretranslate" if not settings.translate_url:
            raise TranslationError(
                _("libretranslate: set translate_url (and translate_key if the server needs one)")
            )
        case "libretranslate":
            return LibreTranslate(settings)
        case "deepl" if not settings.translate_key:
            raise TranslationError(_("deepl: set translate_key"))
        case "deepl":
            return DeepL(settings)
        case "openai":
            return OpenAICompatible(settings)
        case "argos":
            return Argos(settings)
    choices = ", ".join(["none", *ENGINES])
    raise TranslationError(
        _("unknown translation engine {engine!r} ({choices})").format(
            engine=settings.translate_engine, choices=choices
        )
    )

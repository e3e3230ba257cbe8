"""How a language is shown: its flag, the country most associated with it for a reader (🇬🇧 for
English, 🇵🇹 for Portuguese, 🇸🇦 for Arabic…, documented in docs/card.md; languages without a
country of their own, Esperanto, Latin…, or unknown get a white flag), and its name in the
reader's language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

LANGUAGE_COUNTRY: dict[str, str] = {
    "af": "ZA", "am": "ET", "ar": "SA", "az": "AZ", "be": "BY", "bg": "BG", "bn": "BD",
    "bs": "BA", "ca": "AD", "cs": "CZ", "cy": "GB", "da": "DK", "de": "DE", "el": "GR",
    "en": "GB", "es": "ES", "et": "EE", "eu": "ES", "fa": "IR", "fi": "FI", "fr": "FR",
    "ga": "IE", "gu": "IN", "he": "IL", "hi": "IN", "hr": "HR", "hu": "HU", "hy": "AM",
    "id": "ID", "is": "IS", "it": "IT", "ja": "JP", "ka": "GE", "kk": "KZ", "ko": "KR",
    "lt": "LT", "lv": "LV", "mk": "MK", "mn": "MN", "mr": "IN", "ms": "MY", "nb": "NO",
    "nl": "NL", "nn": "NO", "no": "NO", "pa": "IN", "pl": "PL", "pt": "PT", "ro": "RO",
    "ru": "RU", "sk": "SK", "sl": "SI", "so": "SO", "sq": "AL", "sr": "RS", "sv": "SE",
    "sw": "KE", "ta": "IN", "te": "IN", "th": "TH", "tl": "PH", "tr": "TR", "uk": "UA",
    "ur": "PK", "vi": "VN", "yo": "NG", "zh": "CN", "zu": "ZA",
}  # fmt: skip

UNKNOWN_FLAG = "🏳️"


def country_flag(country: str) -> str:
    """The emoji flag of an ISO 3166-1 alpha-2 country code."""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in country.upper())


def language_flag(lang: str | None) -> str:
    country = LANGUAGE_COUNTRY.get((lang or "").lower())
    return country_flag(country) if country else UNKNOWN_FLAG


def language_name(code: str, reader: str) -> str:
    """The language `code` named in the reader's language, capitalised as a label (Espagnol);
    the code itself when CLDR does not know it."""
    try:
        name = Locale.parse(reader).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else code

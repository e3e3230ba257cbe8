from datetime import UTC, datetime, timedelta, timezone

from veille.show.card import header_line, render_card
from veille.show.dates import long_date, short_date
from veille.show.languages import language_flag
from veille.types import Article


def article(**changes: object) -> Article:
    values: dict[str, object] = {
        "id": 293898,
        "url": "https://www.lewrockwell.com/2025/10/no_author/a-preemptive-putin-trump-call/",
        "site": "lewrockwell.com",
        "source": "LewRockwell",
        "title": "A Preemptive Putin-Trump Call and the Prospects of a New Summit",
        "headline": "Donald Trump annonce une rencontre avec Vladimir Poutine à Budapest",
        "author": "Moon of Alabama",
        "published": datetime(2025, 10, 20, 8, 0, tzinfo=timezone(timedelta(hours=-4))),
        "lang": "en",
        "reading_minutes": 5,
        "word_count": 971,
        "text": "Today the former president will be in Washington.\n\nA call yesterday was initiated.",
        "description": None,
        "image": None,
        "from_feed": False,
        "fetched_at": datetime(2025, 10, 20, 12, 0),
    }
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def test_card_has_the_reference_shape() -> None:
    expected = (
        "20/10/2025 lewrockwell.com \u202f5min 🇬🇧 #293898\n\n"
        "Donald Trump annonce une rencontre avec Vladimir Poutine à Budapest\n\n"
        "A Preemptive Putin-Trump Call and the Prospects of a New Summit\n\n"
        "Moon of Alabama\n\n"
        "October 20, 2025\n\n"
        "Today the former president will be in Washington.\n\n"
        "A call yesterday was initiated.\n\n"
        "lewrockwell.com\n"
    )
    assert render_card(article(), "fr") == expected


def test_card_without_author_or_date_skips_those_lines() -> None:
    card = render_card(article(author=None, published=None), "fr")
    assert "Moon of Alabama" not in card.split("\n\n")[3]
    assert card.startswith("20/10/2025 lewrockwell.com")  # the fetch date stands in
    assert "October" not in card


def test_reader_language_changes_header_date_not_article_date() -> None:
    header = header_line(article(), "en")
    assert header.startswith("10/20/2025 ")
    assert "October 20, 2025" in render_card(article(), "de")
    assert header_line(article(), "de").startswith("20.10.2025 ")


def test_date_is_the_article_own_local_day() -> None:
    late = datetime(2025, 10, 20, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert short_date(late, "fr") == "20/10/2025"
    assert long_date(late.astimezone(UTC), "fr") == "21 octobre 2025"


def test_long_date_follows_article_language() -> None:
    moment = datetime(2025, 10, 20)
    assert long_date(moment, "fr") == "20 octobre 2025"
    assert long_date(moment, "es") == "20 de octubre de 2025"
    assert long_date(moment, None) == "October 20, 2025"


def test_flags() -> None:
    assert [language_flag(x) for x in ("en", "fr", "de", "es", "it", "pt", "ru", "uk")] == [
        "🇬🇧", "🇫🇷", "🇩🇪", "🇪🇸", "🇮🇹", "🇵🇹", "🇷🇺", "🇺🇦",
    ]  # fmt: skip
    assert language_flag("ar") == "🇸🇦"
    assert language_flag(None) == language_flag("xx") == "🏳️"

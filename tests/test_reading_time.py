from veille.enrich.reading_time import FALLBACK_WORDS_PER_MINUTE, WORDS_PER_MINUTE, reading_minutes
from veille.extract.text import count_words


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_reference_card_971_english_words_is_5_minutes() -> None:
    assert reading_minutes(words(971), "en") == 5


def test_rounds_up_per_language_speed() -> None:
    assert reading_minutes(words(228), "en") == 1
    assert reading_minutes(words(229), "en") == 2
    assert reading_minutes(words(195), "fr") == 1
    assert reading_minutes(words(196), "fr") == 2
    assert reading_minutes(words(139), "ar") == 2


def test_at_least_one_minute() -> None:
    assert reading_minutes("", "en") == 1


def test_study_table_values() -> None:
    expected = {"en": 228, "es": 218, "nl": 202, "fr": 195, "it": 188, "he": 187, "de": 179}
    expected |= {"pl": 166, "fi": 161, "ar": 138}
    assert {k: WORDS_PER_MINUTE[k] for k in expected} == expected


def test_unknown_language_uses_documented_fallback() -> None:
    assert FALLBACK_WORDS_PER_MINUTE == 185
    assert reading_minutes(words(186), "sw") == 2
    assert reading_minutes(words(185), None) == 1


def test_chinese_and_japanese_count_characters() -> None:
    assert reading_minutes("中" * 255, "zh") == 1
    assert reading_minutes("中" * 256, "zh") == 2
    assert reading_minutes("日本" * 179, "ja") == 2


def test_word_count_keeps_contractions_and_hyphens_whole() -> None:
    assert count_words("Putin-Trump call: it's a well-known fact.") == 6


def test_word_count_keeps_vowel_signs_inside_words() -> None:
    assert count_words("स्पेन ने फ्रांस को हराया") == 5  # "Spain beat France": vowel signs are marks

"""Stories across languages, reprints, and headlines in the reader's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from events import (
    EARTHQUAKE,
    EARTHQUAKE_DATE,
    ERUPTION,
    RATE_RISE,
    SECOND_MEETING,
    SECOND_MEETING_DATE,
    SUMMIT,
    SUMMIT_DATE,
)
from pages import STORIES
from veille.core import ArticleFilter, Veille
from veille.enrich.grouping import Grouped, Grouper
from veille.enrich.language import detect_language
from veille.enrich.stories.clustering import (
    FINDING_STORIES,
    DocumentFrequencies,
    Story,
    StoryIndex,
    StoryParameters,
    names_unmarked,
)
from veille.enrich.stories.embedding import Vector
from veille.enrich.stories.features import Keys, article_keys, skeleton
from veille.enrich.traits import Traits
from veille.extract.credits import original_publication
from veille.extract.text import count_words
from veille.store import stories as story_store
from veille.store.articles import save_article
from veille.store.schema import stories
from veille.types import NewArticle


def test_names_meet_across_spellings_and_scripts() -> None:
    assert skeleton("Putin") == skeleton("Poutine") == skeleton("Путин")
    assert skeleton("Zelensky") == skeleton("Zelenski") == skeleton("Selenskyj") == skeleton("Зеленский")
    assert skeleton("cyclone") == skeleton("Zyklon") == skeleton("ciclón")
    assert skeleton("Boris") == skeleton("بوريس") and skeleton("Macron") == skeleton("ماكرون")
    assert skeleton("Netanyahu") == skeleton("נתניהו")  # abjads write long vowels as w and y
    assert skeleton("Trump") != skeleton("Putin")


def test_dates_meet_across_languages() -> None:
    texts = {
        "en": "It happened on 14 December in Seoul.",
        "fr": "C'est arrivé le 14 décembre à Séoul.",
        "de": "Es geschah am 14. Dezember in Seoul.",
        "es": "Ocurrió el 14 de diciembre en Seúl.",
        "ru": "Это произошло 14 декабря в Сеуле.",
    }
    for lang, text in texts.items():
        assert "d:14/12" in article_keys(None, text, lang), lang


def test_numbers_meet_whatever_their_separators() -> None:
    texts = {
        "en": "The storm left 260,000 homes without power; 1,562 people fled and 49.3 mm fell.",
        "fr": "La tempête a privé 260 000 foyers de courant ; 1 562 personnes ont fui, 49,3 mm sont tombés.",
        "de": "Der Sturm ließ 260.000 Haushalte ohne Strom; 1.562 Menschen flohen, 49,3 mm fielen.",
    }
    for lang, text in texts.items():
        numbers = {key for key in article_keys(None, text, lang) if key.startswith("#")}
        assert numbers == {"#260000", "#1562", "#49.3"}, lang
    apart = {key for key in article_keys(None, "En 2024 300 personnes sont venues.", "fr") if key[0] == "#"}
    assert apart == {"#2024", "#300"}  # a year is not a group of three


def store(veille: Veille, lang: str, title: str, text: str, when: datetime | None, site: str) -> int:
    article = NewArticle(
        url=f"https://{site}/{lang}/{abs(hash(title))}", site=site, title=title, author=None, published=when,
        lang=detect_language(title, text), reading_minutes=1, word_count=count_words(text), text=text,
        description=None, image=None, from_feed=False, original=original_publication(text.split("\n\n")),
    )  # fmt: skip
    number, _ = save_article(veille.engine, article, None)
    return number


def test_one_event_in_four_languages_is_one_story_and_another_event_is_not(veille: Veille) -> None:
    grouper = Grouper(veille.engine)
    summit = [store(veille, lang, *SUMMIT[lang], SUMMIT_DATE, f"{lang}.news.example") for lang in SUMMIT]
    quake = [
        store(veille, lang, *EARTHQUAKE[lang], EARTHQUAKE_DATE, f"{lang}.press.example")
        for lang in EARTHQUAKE
    ]
    later = store(veille, "en", *SECOND_MEETING["en"], SECOND_MEETING_DATE, "en.news.example")
    placed: dict[int, int] = {}
    for number in (*summit, *quake, later):
        found = grouper.place(number).story
        assert found is not None
        placed[number] = found
    assert len({placed[n] for n in summit}) == 1
    assert len({placed[n] for n in quake}) == 1
    assert placed[quake[0]] != placed[summit[0]]
    assert placed[later] != placed[summit[0]]  # the same leaders two months later: another story

    story = veille.story(placed[summit[0]], "fr")
    assert story.headline == SUMMIT["fr"][0]  # the French article's own title
    assert sorted(story.languages) == ["de", "en", "es", "fr"]
    assert veille.story(placed[summit[0]], "de").headline == SUMMIT["de"][0]
    assert veille.story(placed[later], "fr").headline == SECOND_MEETING["en"][0]  # no engine: as it is
    assert veille.article(summit[0], "fr").headline == SUMMIT["fr"][0]


def test_an_undated_article_waits_for_the_dated_ones_of_its_pass(veille: Veille) -> None:
    grouper = Grouper(veille.engine)
    undated = store(veille, "fr", *SUMMIT["fr"], None, "fr.news.example")
    dated = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    grouper.arrive(undated, None)
    assert veille.article(undated).story is None  # not yet: it waits for the end of the pass
    grouper.arrive(dated, SUMMIT_DATE)
    story = veille.article(dated).story
    assert story is not None  # a dated article is placed at once
    grouper.settle()
    assert veille.article(undated).story == story
    grouper.settle()  # nothing waits any more
    assert grouper.place(undated).story == story  # placing it again changes nothing
    assert grouper.index.stories[story].size == 2 and len(veille.story(story, "fr").articles) == 2


def test_the_undated_articles_of_a_pass_are_placed_surest_first(
    veille: Veille, monkeypatch: pytest.MonkeyPatch
) -> None:
    grouper = Grouper(veille.engine)
    grouper.arrive(store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example"), SUMMIT_DATE)
    unrelated = store(veille, "en", *EARTHQUAKE["en"], None, "en.press.example")
    related = store(veille, "de", *SUMMIT["de"], None, "de.news.example")
    for number in (unrelated, related):
        grouper.arrive(number, None)
    placed: list[int] = []
    place = grouper._place

    def recorded(row: Any, found: Traits, vector: Vector | None) -> Grouped:
        placed.append(row.id)
        return place(row, found, vector)

    monkeypatch.setattr(grouper, "_place", recorded)
    grouper.settle()
    assert placed == [related, unrelated]  # the one that fits a story best goes first


def test_margin_says_how_sure_a_placement_would_be() -> None:
    index = StoryIndex(StoryParameters(threshold=0.3), DocumentFrequencies())
    index.place({"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}, None, lambda: 1)
    close = index.margin({"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}, None)
    loose = index.margin({"e:a": 1.0, "e:x": 1.0, "e:y": 1.0}, None)
    assert close > 0 > loose  # one would join, the other start a story
    assert index.margin({"e:z": 1.0}, None) == float("-inf")  # no story shares a key
    assert index.stories[1].size == 1  # measuring placed nothing


def test_grouper_reloads_open_stories_from_the_database(veille: Veille) -> None:
    first = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    story = Grouper(veille.engine).place(first).story
    second = store(veille, "fr", *SUMMIT["fr"], SUMMIT_DATE, "fr.news.example")
    assert Grouper(veille.engine).place(second).story == story  # a new process, the same story


def test_reprint_is_shown_once_with_also_on(veille: Veille) -> None:
    text = "\n\n".join(STORIES["en"].paragraphs)
    grouper = Grouper(veille.engine)
    original = store(veille, "en", STORIES["en"].title, text, SUMMIT_DATE, "moonofalabama.org")
    credited = text + "\n\nReprinted with permission from Moon of Alabama."
    reprint = store(veille, "en", STORIES["en"].title, credited, SUMMIT_DATE, "lewrockwell.com")
    grouper.place(original)
    result = grouper.place(reprint)
    assert result.reprint_of == original
    shown = veille.articles(ArticleFilter())
    assert [a.id for a in shown] == [original]
    assert shown[0].also_on == ("lewrockwell.com",)
    everything = {a.id: a for a in veille.articles(ArticleFilter(originals_only=False))}
    assert everything[reprint].reprint_of == original
    assert everything[reprint].story == everything[original].story


def test_the_credited_site_is_the_original_even_when_seen_later(veille: Veille) -> None:
    text = "\n\n".join(STORIES["en"].paragraphs)
    grouper = Grouper(veille.engine)
    early = datetime(2026, 3, 1, tzinfo=SUMMIT_DATE.tzinfo)
    later = datetime(2026, 3, 2, tzinfo=SUMMIT_DATE.tzinfo)
    reprint = store(
        veille, "en", "Bridge", text + "\n\nSource: harbourtimes.example", early, "aggregator.example"
    )
    grouper.place(reprint)
    original = store(veille, "en", "Bridge", text, later, "harbourtimes.example")
    assert grouper.place(original).reprint_of is None
    stored = {a.id: a for a in veille.articles(ArticleFilter(originals_only=False))}
    assert stored[reprint].reprint_of == original


def test_different_articles_on_the_same_event_are_not_reprints(veille: Veille) -> None:
    grouper = Grouper(veille.engine)
    a = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "a.example")
    other = (
        "Portugal will send green hydrogen to Germany from 2029 under a pact sealed on Thursday by its "
        "prime minister, Luís Montenegro, and the German chancellor, Friedrich Merz. Officials in Berlin "
        "put the cost of the new pipeline at 3.5 billion euros, shared by both governments and the EU. "
        "Industry groups welcomed the plan, while environmental groups asked how much of the hydrogen "
        "would really be produced from solar power around Sines."
    )
    b = store(veille, "en", "Energy pact", other, SUMMIT_DATE, "b.example")
    grouper.place(a)
    assert grouper.place(b).reprint_of is None


def test_a_capitalised_german_noun_is_a_name_only_once_seen_in_another_language() -> None:
    frequencies = DocumentFrequencies()
    frequencies.add({"e:mrs": 1.0}, "en")
    keys = {"e:mrs": 1.0, "e:rgrng": 1.0}
    adjusted = frequencies.as_names(keys, "de")
    assert adjusted["e:mrs"] == 1.0  # Merz, seen in English too: a name
    assert adjusted["e:rgrng"] < 1.0  # Regierung, only ever German: a noun
    assert frequencies.as_names(keys, "fr") == keys


def test_in_a_script_without_capitals_a_word_is_a_name_once_another_language_writes_it() -> None:
    frequencies = DocumentFrequencies()
    english = article_keys("Spain beat France in the semi-final", "Spain won 2-1 in Munich.", "en")
    frequencies.add(english, "en")
    hindi = article_keys("यूरो कप के सेमीफाइनल में स्पेन ने फ्रांस को हराया", "स्पेन जीता।", "hi")
    spain = "e:" + skeleton("Spain")
    assert spain in hindi  # स्पेन: no capital letter says it is a name
    adjusted = frequencies.as_names(hindi, "hi")
    assert adjusted[spain] == hindi[spain]  # written as a name in English: a name
    assert all(adjusted[k] < hindi[k] for k in hindi if k.startswith("e:") and k not in english)
    assert not names_unmarked("fr") and not names_unmarked("ru") and not names_unmarked(None)
    assert names_unmarked("de") and names_unmarked("ar") and names_unmarked("zh")


def test_an_article_alone_moves_into_the_story_it_turns_out_to_belong_to() -> None:
    index = StoryIndex(StoryParameters(threshold=0.5, merge_threshold=0.99), DocumentFrequencies())
    numbers = iter(range(1, 10))
    first = index.place({"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}, None, lambda: next(numbers))
    stray = index.place({"e:c": 1.0, "e:d": 1.0, "e:x": 1.0}, None, lambda: next(numbers))
    assert stray.created and stray.story != first.story
    third = index.place(
        {"e:a": 1.0, "e:b": 1.0, "e:c": 1.0, "e:d": 1.0, "e:x": 1.0}, None, lambda: next(numbers)
    )
    assert third.story == first.story
    assert third.merged == (stray.story,)
    assert index.stories[first.story].size == 3


@pytest.mark.parametrize(("second_day", "merged"), [(0, True), (2, False)])
def test_two_stories_of_the_same_days_that_match_become_one(second_day: int, merged: bool) -> None:
    """Neither story matched the third article well enough to merge through it; once it has grown
    the first, the stories match each other, and merge only if dated on the same days."""
    index = StoryIndex(
        StoryParameters(threshold=0.5, merge_threshold=0.99, twin_threshold=0.25), DocumentFrequencies()
    )
    allocate = iter(range(1, 10)).__next__
    day = datetime(2026, 3, 1)
    first = index.place({"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}, day, allocate).story
    second_keys = {"e:d": 1.0, "e:e": 1.0, "e:f": 1.0}
    second = index.place(second_keys, day + timedelta(days=second_day), allocate).story
    assert index.place(second_keys, day + timedelta(days=second_day), allocate).story == second != first
    third = index.place({"e:a": 1.0, "e:b": 1.0, "e:d": 1.0, "e:e": 1.0}, day, allocate)
    assert third.story == first
    assert third.merged == ((second,) if merged else ())
    assert (second in index.stories) is not merged


def test_closed_stories_leave_memory() -> None:
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    numbers = iter(range(1, 10))
    old = index.place({"e:a": 1.0}, datetime(2026, 1, 1), lambda: next(numbers))
    recent = index.place({"e:b": 1.0}, datetime(2026, 3, 1), lambda: next(numbers))
    index.forget_older_than(timedelta(days=30), undated_kept=10)
    assert set(index.stories) == {recent.story}
    assert old.story not in index.postings.get("e:a", set())


def test_only_the_newest_undated_stories_stay_open() -> None:
    """Undated stories have no window: memory holds the newest few, not every one ever made."""
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    numbers = iter(range(1, 10))
    undated = [index.place({f"e:{name}": 1.0}, None, lambda: next(numbers)).story for name in "xyz"]
    dated = index.place({"e:d": 1.0}, datetime(2026, 3, 1), lambda: next(numbers)).story
    index.forget_older_than(timedelta(days=30), undated_kept=2)
    assert set(index.stories) == {undated[1], undated[2], dated}
    assert index.candidates(index.weighed({"e:x": 1.0}), None) == []


def test_a_new_process_opens_only_the_newest_undated_stories(veille: Veille) -> None:
    grouper = Grouper(veille.engine)
    placed: list[int | None] = []
    for title, text in (SUMMIT["en"], EARTHQUAKE["en"], ERUPTION):
        placed.append(grouper.place(store(veille, "en", title, text, None, f"{len(placed)}.example")).story)
    assert len(set(placed)) == 3  # three events, three undated stories
    opened = story_store.load_open_stories(veille.engine, timedelta(days=30), undated_kept=2)
    assert {story.id for story in opened} == set(placed[1:])


def test_an_article_needs_less_to_join_a_story_when_the_time_window_applies() -> None:
    """Both dated: the window has kept other events out, so the bar is lower; undated, the same
    similarity is not enough."""
    first = {"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}
    second = {"e:a": 1.0, "e:x": 1.0, "e:y": 1.0}  # a cosine of about 0.2 with the first
    joined = {}
    for label, when in (("dated", datetime(2026, 3, 1)), ("undated", None)):
        index = StoryIndex(StoryParameters(threshold=0.3, dated_ratio=0.5), DocumentFrequencies())
        allocate = iter(range(1, 10)).__next__
        story = index.place(first, when, allocate).story
        joined[label] = index.place(second, when, allocate).story == story
    assert joined == {"dated": True, "undated": False}


@pytest.mark.parametrize(
    ("published", "ratio"),
    [
        (datetime(2026, 3, 2, 12), 0.5),  # on the story's days
        (datetime(2026, 3, 4, 12), 0.5 + 0.5 * 1.5 / 3),  # a day and a half after its last
        (datetime(2026, 2, 28), 0.5 + 0.5 * 1 / 3),  # a day before its first
        (datetime(2026, 3, 6), 1.0),  # at the window's edge
        (None, 1.0),  # undated: no window
    ],
)
def test_the_time_window_lowers_the_bar_less_the_further_the_article_lies(
    published: datetime | None, ratio: float
) -> None:
    index = StoryIndex(
        StoryParameters(threshold=0.3, dated_ratio=0.5, gap=timedelta(days=3)), DocumentFrequencies()
    )
    allocate = iter(range(1, 10)).__next__
    story = index.place({"e:a": 1.0}, datetime(2026, 3, 1), allocate).story
    index.place({"e:a": 1.0}, datetime(2026, 3, 3), allocate)  # the story spans 1–3 March
    assert index.time_ratio(published, index.stories[story]) == pytest.approx(ratio)


def test_an_article_told_by_the_same_names_days_after_a_story_starts_another() -> None:
    """The same similarity joins the story on its day, and not three days later, at the window's
    edge: the further apart, the likelier another event of the same actors (a semi-final and the
    final five days later)."""
    first = {"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}
    second = {"e:a": 1.0, "e:x": 1.0, "e:y": 1.0}  # a cosine of about 0.2 with the first
    joined = {}
    for days in (0, 3):
        index = StoryIndex(StoryParameters(threshold=0.3, dated_ratio=0.5), DocumentFrequencies())
        allocate = iter(range(1, 10)).__next__
        day = datetime(2026, 3, 1)
        story = index.place(first, day, allocate).story
        joined[days] = index.place(second, day + timedelta(days=days), allocate).story == story
    assert joined == {0: True, 3: False}


def test_an_article_needs_less_to_join_a_story_told_in_other_languages_only() -> None:
    """The same similarity joins a story told in English for a French article (articles of one
    event share fewer keys across languages), and not one told in French."""
    first = {"e:a": 1.0, "e:b": 1.0, "e:c": 1.0}
    second = {"e:a": 1.0, "e:x": 1.0, "e:y": 1.0}  # a cosine of about 0.2 with the first
    joined = {}
    for story_lang in ("en", "fr"):
        index = StoryIndex(StoryParameters(threshold=0.3, cross_ratio=0.5), DocumentFrequencies())
        allocate = iter(range(1, 10)).__next__
        story = index.place(first, None, allocate, story_lang).story
        joined[story_lang] = index.place(second, None, allocate, "fr").story == story
        assert index.stories[story].languages == ({"en", "fr"} if joined[story_lang] else {story_lang})
    assert joined == {"en": True, "fr": False}


def test_a_reloaded_story_knows_its_languages(veille: Veille) -> None:
    first = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    second = store(veille, "de", *SUMMIT["de"], SUMMIT_DATE, "de.news.example")
    grouper = Grouper(veille.engine)
    story = grouper.place(first).story
    assert story is not None and grouper.place(second).story == story
    assert Grouper(veille.engine).index.stories[story].languages == {"en", "de"}


def test_stories_come_newest_first_an_undated_one_by_when_it_was_fetched(veille: Veille) -> None:
    """On both engines: a story of undated articles has no publication date (`last_at` NULL), and
    sorted by it came first on PostgreSQL and last on SQLite."""
    grouper = Grouper(veille.engine)

    def placed(lang: str, title: str, text: str, when: datetime | None, site: str) -> int | None:
        return grouper.place(store(veille, lang, title, text, when, site)).story

    summit = placed("en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    eruption = placed("en", *ERUPTION, SUMMIT_DATE + timedelta(days=1), "is.news.example")
    quake = placed("en", *EARTHQUAKE["en"], EARTHQUAKE_DATE, "en.press.example")
    undated = placed("en", *RATE_RISE, None, "money.example")
    assert [story.id for story in veille.stories()] == [undated, quake, eruption, summit]  # fetched now
    assert placed("fr", *SUMMIT["fr"], SUMMIT_DATE + timedelta(days=2), "fr.news.example") == summit
    assert [story.id for story in veille.stories()] == [undated, quake, summit, eruption]  # summit grew


def test_stories_are_compared_at_once_as_one_by_one() -> None:
    """The batched cosine is the cosine of the weighed keys, story by story, and a story's kept
    weights are weighed again once it grows."""
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    numbers = iter(range(1, 10))
    for keys in ({"e:a": 1.0, "w:b": 2.0}, {"e:c": 1.0}, {"w:b": 1.0, "e:d": 3.0}):
        index.frequencies.add(keys)
        index.add_story(Story(next(numbers), dict(keys), size=1))
    article = {"e:a": 1.0, "w:b": 1.0, "e:d": 1.0}
    weighed = index.weighed(article)
    stories = list(index.stories.values())

    def cosine(first: Keys, second: Keys) -> float:
        one, two = index.frequencies.weigh(first), index.frequencies.weigh(second)
        dot = sum(weight * two.get(key, 0.0) for key, weight in one.items())
        return float(
            dot / (sum(w * w for w in one.values()) ** 0.5 * sum(w * w for w in two.values()) ** 0.5)
        )

    expected = [cosine(article, story.keys) for story in stories]
    assert index.similarities(weighed, stories) == pytest.approx(expected)
    assert expected[1] == 0.0 and expected[0] > 0.0 and expected[2] > 0.0
    grown = stories[1]
    index.centroid(grown)
    grown.add({"e:a": 5.0}, None)
    assert grown.weighed is None
    assert cosine(article, grown.keys) > 0.0
    assert index.similarity(weighed, grown) == pytest.approx(cosine(article, grown.keys))


def test_a_key_that_too_many_stories_share_finds_none() -> None:
    """A common word of the window does not make every story a candidate; a rarer key still finds."""
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    for number in range(1, FINDING_STORIES + 2):
        index.add_story(Story(number, {"w:common": 1.0, f"e:own{number}": 1.0}, size=1))
    assert index.candidates(index.weighed({"w:common": 1.0}), None) == []
    found = index.candidates(index.weighed({"w:common": 1.0, "e:own7": 1.0}), None)
    assert [story.id for story in found] == [7]


def test_a_story_whose_keys_were_not_written_has_them_worked_out_again(veille: Veille) -> None:
    """Keys are written in batches: a process stopped before its batch was written (no `flush`)
    leaves the story's stored keys behind its articles; the next process works them out again
    from the articles, and the next article still finds its story."""
    grouper = Grouper(veille.engine)
    first = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE, "en.news.example")
    story = grouper.place(first).story
    assert story is not None
    (stored,) = story_store.load_open_stories(veille.engine, timedelta(days=30), undated_kept=10)
    assert stored.stale and stored.keys == {}  # nothing written yet: the process "dies" here
    reloaded = Grouper(veille.engine)
    assert reloaded.index.stories[story].keys == pytest.approx(grouper.index.stories[story].keys)
    (written,) = story_store.load_open_stories(veille.engine, timedelta(days=30), undated_kept=10)
    assert not written.stale and written.keys == pytest.approx(grouper.index.stories[story].keys, abs=1e-4)
    second = store(veille, "de", *SUMMIT["de"], SUMMIT_DATE, "de.news.example")
    assert reloaded.place(second).story == story


def test_keys_are_counted_in_batches_and_closed_stories_keep_no_keys(veille: Veille) -> None:
    grouper = Grouper(veille.engine)
    old = store(veille, "en", *EARTHQUAKE["en"], EARTHQUAKE_DATE, "en.press.example")
    new = store(veille, "en", *SUMMIT["en"], SUMMIT_DATE + timedelta(days=400), "en.news.example")
    placed = [grouper.place(number).story for number in (old, new)]
    assert story_store.load_frequencies(veille.engine).total == 0  # not written yet
    grouper.flush()
    counted = story_store.load_frequencies(veille.engine)
    assert counted.total == 2
    assert counted.counts == grouper.index.frequencies.counts
    grouper.forget_closed_stories()
    assert set(grouper.index.stories) == {placed[1]}
    with veille.engine.connect() as connection:
        keys = dict(connection.execute(select(stories.c.id, stories.c["keys"])).all())
    assert keys[placed[0]] == "{}" and len(keys[placed[1]]) > 100


def test_a_window_that_moves_on_forgets_its_keys_numbers_and_postings() -> None:
    """A process that runs for months numbers only the keys of the stories it holds: once the
    numbers far outgrow them, closed stories' keys are let go and the open ones weighed again."""
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    numbers = iter(range(1, 10_000))
    start = datetime(2026, 1, 1)
    for day in range(60):
        for story in range(3):
            own = {f"e:day{day}story{story}key{k}": 1.0 for k in range(40)}
            index.place(own, start + timedelta(days=day), lambda: next(numbers))
    assert len(index._numbers) == 60 * 3 * 40
    index.forget_older_than(timedelta(days=5), undated_kept=10)
    assert {key for key in index.postings} == {key for s in index.stories.values() for key in s.keys}
    assert index._numbers == {} and all(s.weighed is None for s in index.stories.values())
    late = {f"e:day59story0key{k}": 1.0 for k in range(40)}
    placed = index.place(late, start + timedelta(days=59), lambda: next(numbers))
    assert not placed.created and len(index._numbers) < 1000

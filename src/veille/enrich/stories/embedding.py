"""An optional multilingual sentence-embedding model, for stories.

Keys (names, numbers, dates) carry an event across languages without any model; what they miss
is what happened, which each language says in its own words ("loi martiale", "Kriegsrecht",
"martial law"). A multilingual sentence-transformers model installed by the user
(`pip install 'veille[embeddings]'`, setting `story_model`, e.g.
`paraphrase-multilingual-MiniLM-L12-v2` or the directory of a downloaded model) reads each
article's title and lead into a vector that says it the same way in every language; stories
compare those vectors as well as their keys (see clustering.py)."""

from __future__ import annotations

import importlib
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from veille.messages import _

Vector = npt.NDArray[np.float32]
LEAD_CHARS = 600
"""What the model reads of an article after its title: the lead says what happened."""


class EmbeddingError(RuntimeError):
    """The model cannot be loaded or run; the message is one line for the user."""


class Embedder(Protocol):
    def embed(self, title: str, text: str) -> Vector: ...


class SentenceEmbedder:
    """A sentence-transformers model, loaded once, on the CPU unless torch finds better."""

    def __init__(self, model: str) -> None:
        try:
            library: Any = importlib.import_module("sentence_transformers")
        except ImportError as error:
            raise EmbeddingError(
                _(
                    "story_model is set to {model!r} but sentence-transformers is not installed "
                    "(pip install 'veille[embeddings]')"
                ).format(model=model)
            ) from error
        try:
            self.model = library.SentenceTransformer(model)
        except (OSError, ValueError) as error:
            raise EmbeddingError(
                _("story model {model!r} could not be loaded: {error}").format(
                    model=model, error=_first_line(error)
                )
            ) from error

    def embed(self, title: str, text: str) -> Vector:
        lead = f"{title}\n{text[:LEAD_CHARS]}"
        try:
            vector = self.model.encode([lead], normalize_embeddings=True, show_progress_bar=False)[0]
        except RuntimeError as error:
            raise EmbeddingError(
                _("story model failed on an article: {error}").format(error=_first_line(error))
            ) from error
        return np.asarray(vector, dtype=np.float32)


def _first_line(error: Exception) -> str:
    """Libraries explain at length; the user gets one line."""
    message = str(error).strip()
    return message.splitlines()[0] if message else type(error).__name__


def load_embedder(model: str) -> Embedder | None:
    """The model named by the `story_model` setting; None when it is empty."""
    return SentenceEmbedder(model) if model else None
